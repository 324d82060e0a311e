// Open the database with keys unlocked from the keyring, and finish a key rotation that a crash
// interrupted. Keys come only from the keyring (authenticated by AES-GCM): never guessed.
import { ensureReportProjection } from '../reports/projection.ts';
import { AppError } from '../api/errors.ts';
import { keepOnlyKeyVersion, type Keyring } from '../db/keyring.ts';
import { migrate } from '../db/migrate.ts';
import { openEncrypted, type Db } from '../db/open.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import type { StoreContext } from './store-context.ts';

export interface Opened {
  db: Db;
  key: Buffer;
  keyVersion: number;
}

export async function openWithKeys(context: StoreContext, keyring: Keyring, keys: { version: number; key: Buffer }[]): Promise<Opened> {
  for (const { version, key } of keys) {
    let db: Db;
    try {
      db = openEncrypted(context.dbFile, key);
    } catch (error) {
      if (error instanceof AppError && error.code === 'DB_WRONG_KEY') continue;
      throw error;
    }
    try {
      migrate(db, context.migrations());
      if (getCentre(db)?.storeId !== keyring.storeId) throw new AppError('KEYRING_MISMATCH');
    } catch (error) {
      db.close();
      throw error;
    }
    // The reports' projection, built once after the migration that adds it or a change of its definitions.
    try {
      ensureReportProjection(db);
    } catch {
      // Reports then say their projection is stale; the record itself is unaffected.
    }
    for (const other of keys) if (other.key !== key) other.key.fill(0);
    // A rotation was under way: whichever key the database answered to is the one to keep.
    if (keyring.pendingKeyVersion !== undefined) {
      await context.updateKeyring(async (current) => ({ keyring: keepOnlyKeyVersion(current, version), result: undefined }));
    }
    return { db, key, keyVersion: version };
  }
  // The keyring opened, but the database refuses every key in it: they do not belong together.
  throw new AppError('KEYRING_MISMATCH');
}
