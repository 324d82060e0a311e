// Backups are VACUUM INTO copies: still encrypted with the same key, written to a temporary name,
// verified by reopening and integrity_check, then renamed. Decrypted bytes never touch the disk.
import { copyFileSync, existsSync, mkdirSync, openSync, fsyncSync, closeSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../api/errors.ts';
import type { Session } from '../api/schemas/store.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import type { StoreContext } from '../access/store-context.ts';
import { classifySqliteError } from '../db/errors.ts';
import { migrate, schemaVersion } from '../db/migrate.ts';
import { openEncrypted } from '../db/open.ts';
import { getCentre, getCentreSettings, getMarker, putMarker } from '../db/repositories/centre.repository.ts';

export const BACKUP_EXTENSION = '.carnetdb';
const BACKUP_PATTERN = /^carnet-[A-Z0-9-]+-\d{8}T\d{6}Z\.carnetdb$/;
const DAY_MS = 24 * 60 * 60_000;

export interface BackupInfo {
  file: string;
  bytes: number;
  createdAt: string;
  verified: boolean;
}

export interface BackupService {
  create(input: { folder?: string | undefined }): Promise<BackupInfo>;
  list(input: { folder?: string | undefined }): Promise<BackupInfo[]>;
  restore(input: { file: string; confirm: true }): Promise<Session>;
  /** Run the daily backup if it is due (called on login and every hour). */
  runIfDue(): Promise<BackupInfo | undefined>;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function createBackupService(context: StoreContext): BackupService {
  function folderFor(input: string | undefined): string {
    const folder = input ?? getCentreSettings(context.requireOpen().db).backupFolder;
    if (!folder) throw new AppError('VALIDATION', { issues: [{ path: ['folder'], code: 'required' }] });
    return resolve(folder);
  }

  /** Open a backup with the current key, check it fully, and close it. Throws BACKUP_INVALID. */
  function verify(file: string, key: Buffer): void {
    const open = context.requireOpen();
    let db;
    try {
      db = openEncrypted(file, key, { readonly: true });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'unknown';
      throw new AppError('BACKUP_INVALID', { reason: code === 'DB_WRONG_KEY' ? 'other-key' : code });
    }
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new AppError('BACKUP_INVALID', { reason: 'integrity' });
      if (getCentre(db)?.storeId !== getCentre(open.db)?.storeId) throw new AppError('BACKUP_INVALID', { reason: 'other-centre' });
      if (schemaVersion(db) > (context.migrations().at(-1)?.version ?? 0)) throw new AppError('BACKUP_INVALID', { reason: 'newer-version' });
    } catch (error) {
      throw error instanceof AppError ? error : new AppError('BACKUP_INVALID', { reason: classifySqliteError(error).code });
    } finally {
      db.close();
    }
  }

  function listIn(folder: string): BackupInfo[] {
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((f) => BACKUP_PATTERN.test(f))
      .sort()
      .reverse()
      .map((f) => {
        const info = statSync(join(folder, f));
        return { file: join(folder, f), bytes: info.size, createdAt: info.mtime.toISOString(), verified: false };
      });
  }

  async function create(input: { folder?: string | undefined }): Promise<BackupInfo> {
    const open = context.requireOpen();
    const folder = folderFor(input.folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new AppError('BACKUP_FAILED', { reason: 'folder-missing' });
    const code = getCentre(open.db)?.code ?? 'CENTRE';
    const now = context.now();
    const file = join(folder, `carnet-${code}-${stamp(now)}${BACKUP_EXTENSION}`);
    const partial = `${file}.partial`;
    try {
      rmSync(partial, { force: true });
      open.db.prepare('VACUUM INTO ?').run(partial);
      verify(partial, open.key);
      renameSync(partial, file);
    } catch (error) {
      rmSync(partial, { force: true });
      if (error instanceof AppError && error.code === 'BACKUP_INVALID') throw new AppError('BACKUP_FAILED', { reason: 'verify' });
      throw error instanceof AppError ? error : new AppError('BACKUP_FAILED', { reason: classifySqliteError(error).code });
    }
    // The keyring beside it, so the copy stays openable with the passwords or recovery key of its day.
    copyFileSync(context.keyringFile, `${file}.keyring`);
    open.db.transaction(() => {
      putMarker(open.db, 'lastBackupAt', now.toISOString());
      appendAudit(open.db, actionBy(open.user, 'backup.create', { changes: { file: basename(file) } }));
    })();
    return { file, bytes: statSync(file).size, createdAt: now.toISOString(), verified: true };
  }

  return {
    create,

    async list(input) {
      return listIn(folderFor(input.folder));
    },

    async restore({ file }) {
      const open = context.requireOpen();
      const source = resolve(file);
      if (!existsSync(source)) throw new AppError('BACKUP_INVALID', { reason: 'missing' });
      verify(source, open.key);
      const key = Buffer.from(open.key);
      const user = open.user;
      context.lock();
      const aside = `${context.dbFile}.before-restore-${stamp(context.now())}`;
      const incoming = `${context.dbFile}.restoring`;
      try {
        copyFileSync(source, incoming);
        const fd = openSync(incoming, 'r+');
        fsyncSync(fd);
        closeSync(fd);
        // The current database is kept beside, not deleted: nothing is lost if the backup was the wrong one.
        renameSync(context.dbFile, aside);
        for (const suffix of ['-wal', '-shm']) rmSync(`${context.dbFile}${suffix}`, { force: true });
        renameSync(incoming, context.dbFile);
      } catch (error) {
        rmSync(incoming, { force: true });
        if (!existsSync(context.dbFile) && existsSync(aside)) renameSync(aside, context.dbFile);
        key.fill(0);
        throw new AppError('BACKUP_FAILED', { reason: (error as NodeJS.ErrnoException).code ?? 'io' });
      }
      const db = openEncrypted(context.dbFile, key);
      try {
        migrate(db, context.migrations());
        appendAudit(db, { userId: user.id, username: user.username, role: user.role, method: 'backup.restore', outcome: 'ok', changes: { file: basename(source) } });
      } finally {
        db.close();
        key.fill(0);
      }
      context.emitSession();
      return context.session();
    },

    async runIfDue() {
      const open = context.current();
      if (!open) return undefined;
      const settings = getCentreSettings(open.db);
      if (!settings.backupDaily || !settings.backupFolder) return undefined;
      const last = getMarker(open.db, 'lastBackupAt');
      if (last && context.now().getTime() - new Date(last).getTime() < DAY_MS) return undefined;
      mkdirSync(settings.backupFolder, { recursive: true });
      const made = await create({ folder: settings.backupFolder });
      // Rotation: keep the newest N.
      for (const old of listIn(settings.backupFolder).slice(settings.backupKeep)) {
        rmSync(old.file, { force: true });
        rmSync(`${old.file}.keyring`, { force: true });
      }
      return made;
    },
  };
}
