// First run: create the centre, its encrypted database, the keyring and the first admin. Built in a
// temporary file and moved into place last, so an interrupted set-up leaves no half-made store.
import { ensureReportProjection } from '../reports/projection.ts';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from '../api/zod.ts';
import { AppError } from '../api/errors.ts';
import type { RecoveryKeySchema, Session, SetupInputSchema } from '../api/schemas/store.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { makeUserEntry, newKeyring, recoveryEntry, unlockWithRecoveryKey, withUser, writeKeyring } from '../db/keyring.ts';
import { migrate } from '../db/migrate.ts';
import { DATA_KEY_BYTES, openEncrypted } from '../db/open.ts';
import { formatRecoveryKey, generateRecoveryKey, parseRecoveryKey } from '../db/recovery-key.ts';
import { insertCentre, markRecoveryConfirmed } from '../db/repositories/centre.repository.ts';
import { getUser, insertUser } from '../db/repositories/users.repository.ts';
import { classifySqliteError } from '../db/errors.ts';
import type { StoreContext } from './store-context.ts';

export interface SetupService {
  createCentre(input: z.output<typeof SetupInputSchema>): Promise<{ session: Session; recoveryKey: string }>;
  confirmRecovery(input: { recoveryKey: z.output<typeof RecoveryKeySchema> }): Promise<Session>;
}

export function createSetupService(context: StoreContext): SetupService {
  return {
    async createCentre({ centre, admin }) {
      if (context.exists()) throw new AppError('STORE_EXISTS');
      const storeId = randomUUID();
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const recovery = generateRecoveryKey();
      const adminId = randomUUID();
      const at = context.now().toISOString();

      const entry = await makeUserEntry(storeId, adminId, admin.password, { 1: dataKey });
      const keyring = withUser(newKeyring(storeId, recoveryEntry(storeId, recovery, { 1: dataKey })), admin.username, entry);

      const partial = join(context.dataDir, `.carnet.db.setup-${randomBytes(4).toString('hex')}`);
      try {
        const db = openEncrypted(partial, dataKey, { create: true });
        try {
          migrate(db, context.migrations());
          db.transaction(() => {
            insertCentre(db, { ...centre, storeId, siteId: randomUUID(), createdAt: at });
            insertUser(db, { id: adminId, username: admin.username, displayName: admin.displayName, role: 'admin', createdAt: at, createdBy: null });
            appendAudit(db, { userId: adminId, username: admin.username, role: 'admin', method: 'setup.createCentre', outcome: 'ok', changes: { userId: adminId } });
          })();
          ensureReportProjection(db);
          // Fold the WAL back so the single file moved into place is complete.
          db.pragma('journal_mode = DELETE');
        } finally {
          db.close();
        }
        if (existsSync(context.keyringFile)) renameSync(context.keyringFile, `${context.keyringFile}.orphan-${Date.now()}`);
        await writeKeyring(context.keyringFile, keyring);
        if (context.exists()) throw new AppError('STORE_EXISTS');
        renameSync(partial, context.dbFile);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error instanceof AppError ? error : classifySqliteError(error);
      }

      const db = openEncrypted(context.dbFile, dataKey);
      const user = getUser(db, adminId);
      if (!user) throw new AppError('INTERNAL', { reason: 'admin-missing' });
      context.lock();
      context.setOpen({ db, key: dataKey, keyVersion: 1, user });
      return { session: context.session(), recoveryKey: formatRecoveryKey(recovery) };
    },

    async confirmRecovery({ recoveryKey }) {
      const open = context.requireOpen();
      const bytes = parseRecoveryKey(recoveryKey);
      const keys = bytes && unlockWithRecoveryKey(await context.readKeyring(), bytes);
      if (!keys) throw new AppError('RECOVERY_KEY_WRONG');
      for (const k of keys) k.key.fill(0);
      open.db.transaction(() => {
        markRecoveryConfirmed(open.db, context.now().toISOString());
        appendAudit(open.db, actionBy(open.user, 'setup.confirmRecovery'));
      })();
      context.emitSession();
      return context.session();
    },
  };
}
