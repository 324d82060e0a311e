import type { Centre, CentreSettings } from '../../api/schemas/store.ts';
import type { Db } from '../open.ts';

interface CentreRow {
  store_id: string;
  site_id: string;
  name: string;
  country: string;
  code: string;
  created_at: string;
  recovery_confirmed_at: string | null;
}

export interface CentreRecord extends Centre {
  storeId: string;
  siteId: string;
  createdAt: string;
  recoveryConfirmed: boolean;
}

function rowToCentre(row: CentreRow): CentreRecord {
  return {
    storeId: row.store_id,
    siteId: row.site_id,
    name: row.name,
    country: row.country,
    code: row.code,
    createdAt: row.created_at,
    recoveryConfirmed: row.recovery_confirmed_at !== null,
  };
}

export function insertCentre(db: Db, centre: Centre & { storeId: string; siteId: string; createdAt: string }): void {
  db.prepare(
    'INSERT INTO centre (id, store_id, site_id, name, country, code, created_at) VALUES (1, @storeId, @siteId, @name, @country, @code, @createdAt)',
  ).run(centre);
}

export function getCentre(db: Db): CentreRecord | undefined {
  const row = db.prepare('SELECT * FROM centre WHERE id = 1').get() as CentreRow | undefined;
  return row && rowToCentre(row);
}

export function markRecoveryConfirmed(db: Db, at: string): void {
  db.prepare('UPDATE centre SET recovery_confirmed_at = ? WHERE id = 1').run(at);
}

export const DEFAULT_CENTRE_SETTINGS: CentreSettings = { idleLockMinutes: 10, backupFolder: null, backupDaily: false, backupKeep: 14, reportThreshold: 5 };

export function getCentreSettings(db: Db): CentreSettings {
  const rows = db.prepare('SELECT key, value FROM centre_settings').all() as { key: string; value: string }[];
  const known = new Set(Object.keys(DEFAULT_CENTRE_SETTINGS));
  const stored = Object.fromEntries(rows.filter((r) => known.has(r.key)).map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_CENTRE_SETTINGS, ...stored } as CentreSettings;
}

/** Internal bookkeeping values that are not user settings (e.g. when the last backup ran). */
export function getMarker(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM centre_settings WHERE key = ?').get(`marker:${key}`) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as string) : undefined;
}

export function putMarker(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO centre_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`marker:${key}`, JSON.stringify(value));
}

export function putCentreSettings(db: Db, patch: Partial<CentreSettings>): void {
  const statement = db.prepare('INSERT INTO centre_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) statement.run(key, JSON.stringify(value));
  }
}
