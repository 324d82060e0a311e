import { randomBytes } from 'node:crypto';
import { AppError } from '../api/errors.ts';
import type { CentreSettings } from '../api/schemas/store.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { addKeyVersion, keepOnlyKeyVersion } from '../db/keyring.ts';
import { DATA_KEY_BYTES, rekey } from '../db/open.ts';
import { getCentreSettings, putCentreSettings } from '../db/repositories/centre.repository.ts';
import type { StoreContext } from './store-context.ts';

export interface CentreService {
  getSettings(): Promise<CentreSettings>;
  setSettings(patch: Partial<CentreSettings>): Promise<CentreSettings>;
  rotateKey(): Promise<{ keyVersion: number }>;
}

export function createCentreService(context: StoreContext): CentreService {
  return {
    async getSettings() {
      return getCentreSettings(context.requireOpen().db);
    },

    async setSettings(patch) {
      const open = context.requireOpen();
      open.db.transaction(() => {
        putCentreSettings(open.db, patch);
        appendAudit(open.db, actionBy(open.user, 'centre.setSettings', { changes: { fields: Object.keys(patch) } }));
      })();
      context.touch();
      return getCentreSettings(open.db);
    },

    /**
     * A new random data key. Three steps, each safe to interrupt: (1) the keyring gains the new key
     * beside the old, (2) the database is rekeyed, (3) the old key leaves the keyring. On the next
     * login whichever key the database answers to is kept.
     */
    async rotateKey() {
      const open = context.requireOpen();
      const version = open.keyVersion + 1;
      const newKey = randomBytes(DATA_KEY_BYTES);
      await context.updateKeyring(async (keyring) => {
        if (keyring.keyVersion !== open.keyVersion) throw new AppError('CONFLICT', { reason: 'keyring-changed' });
        return { keyring: addKeyVersion(keyring, version, newKey), result: undefined };
      });
      rekey(open.db, newKey);
      open.key.fill(0);
      open.key = newKey;
      open.keyVersion = version;
      await context.updateKeyring(async (keyring) => ({ keyring: keepOnlyKeyVersion(keyring, version), result: undefined }));
      appendAudit(open.db, actionBy(open.user, 'store.rotateKey', { changes: { keyVersion: version } }));
      return { keyVersion: version };
    },
  };
}
