// The store's state, shared by the services that use it: absent (no centre yet), locked (the data
// key is not in memory), or open (one user logged in, the database open with the key in memory).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Session, User } from '../api/schemas/store.ts';
import { AppError } from '../api/errors.ts';
import { appendAudit, type AuditRecord } from '../audit/audit.repository.ts';
import { loadMigrations, type Migration } from '../db/migrate.ts';
import type { Db } from '../db/open.ts';
import { readKeyring, writeKeyring, type Keyring } from '../db/keyring.ts';
import { getCentre, getCentreSettings } from '../db/repositories/centre.repository.ts';
import type { EventBus } from '../host/events.ts';
import type { Logger } from '../host/log.ts';

export const DB_FILE = 'carnet.db';
export const KEYRING_FILE = 'carnet.keyring';

export interface OpenStore {
  db: Db;
  key: Buffer;
  keyVersion: number;
  user: User;
}

export interface StoreContextOptions {
  dataDir: string;
  migrationsDir?: string;
  events: EventBus;
  logger: Logger;
  now?: () => Date;
}

export type StoreContext = ReturnType<typeof createStoreContext>;

export function createStoreContext(options: StoreContextOptions) {
  const dbFile = join(options.dataDir, DB_FILE);
  const keyringFile = join(options.dataDir, KEYRING_FILE);
  const now = options.now ?? (() => new Date());
  let migrations: Migration[] | undefined;
  let open: OpenStore | null = null;
  let idleTimer: NodeJS.Timeout | undefined;
  // Keyring changes are read-modify-write on one file: one at a time.
  let keyringQueue: Promise<unknown> = Promise.resolve();
  // Failed logins happen while the database is locked; they are written once it opens.
  const pendingAudit: (AuditRecord & { at: Date })[] = [];

  const context = {
    dataDir: options.dataDir,
    dbFile,
    keyringFile,
    events: options.events,
    logger: options.logger,
    now,
    migrations(): Migration[] {
      migrations ??= loadMigrations(options.migrationsDir);
      return migrations;
    },
    exists(): boolean {
      return existsSync(dbFile);
    },
    current(): OpenStore | null {
      return open;
    },
    requireOpen(): OpenStore {
      if (open) return open;
      throw new AppError(context.exists() ? 'STORE_LOCKED' : 'STORE_ABSENT');
    },
    setOpen(store: OpenStore): void {
      open = store;
      for (const record of pendingAudit.splice(0)) appendAudit(store.db, record, record.at);
      context.touch();
      context.emitSession();
    },
    /** Drop the key and close the database. Safe to call when already locked. */
    lock(): void {
      clearTimeout(idleTimer);
      if (!open) return;
      const { db, key } = open;
      open = null;
      try {
        db.close();
      } finally {
        key.fill(0);
      }
      context.emitSession();
    },
    /** Restart the idle countdown; called for every call the logged-in user makes. */
    touch(): void {
      clearTimeout(idleTimer);
      if (!open) return;
      const minutes = getCentreSettings(open.db).idleLockMinutes;
      idleTimer = setTimeout(() => context.lock(), minutes * 60_000);
      idleTimer.unref();
    },
    audit(record: AuditRecord): void {
      if (open) appendAudit(open.db, record, now());
      else pendingAudit.push({ ...record, at: now() });
    },
    session(): Session {
      if (!open) return { state: context.exists() ? 'locked' : 'absent' };
      const centre = getCentre(open.db);
      return {
        state: 'open',
        user: open.user,
        centre: centre && { name: centre.name, country: centre.country, code: centre.code, recoveryConfirmed: centre.recoveryConfirmed },
        idleLockMinutes: getCentreSettings(open.db).idleLockMinutes,
      };
    },
    emitSession(): void {
      options.events.emit('session:changed', context.session());
    },
    readKeyring(): Promise<Keyring> {
      return readKeyring(keyringFile);
    },
    /** Read, change and write the keyring, one change at a time. */
    updateKeyring<T>(change: (keyring: Keyring) => Promise<{ keyring: Keyring; result: T }>): Promise<T> {
      const run = keyringQueue.then(async () => {
        const { keyring, result } = await change(await readKeyring(keyringFile));
        await writeKeyring(keyringFile, keyring);
        return result;
      });
      keyringQueue = run.catch(() => undefined);
      return run;
    },
  };
  return context;
}
