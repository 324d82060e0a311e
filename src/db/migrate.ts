// Numbered migrations from migrations/, each applied in one transaction and recorded in
// PRAGMA user_version. A database newer than this build is refused, never "repaired".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../api/errors.ts';
import type { Db } from './open.ts';
import { classifySqliteError } from './errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The project's migrations/ (running from source). The packaged app passes its resources folder. */
export function defaultMigrationsDir(): string {
  return join(import.meta.dirname, '..', '..', 'migrations');
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([file, version, name]) => ({ version: Number(version), name: name as string, sql: readFileSync(join(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]?.version === migrations[i - 1]?.version) throw new Error(`duplicate migration ${migrations[i]?.version}`);
  }
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply every migration above the database's version, up to `target` (default: all). */
export function migrate(db: Db, migrations = loadMigrations(), target?: number): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) throw new AppError('DB_FROM_FUTURE', { version: current, supported: latest });
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    if (target !== undefined && migration.version > target) break;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (error) {
      throw classifySqliteError(error);
    }
  }
  return schemaVersion(db);
}
