// One test per migration: migrate a database that holds data at the previous version, then check
// both the new schema and that the data is still there. A new migration without an entry here fails.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../src/db/migrate.ts';
import { openEncrypted, type Db } from '../../src/db/open.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

interface Check {
  /** Put data in at the previous version. */
  before(db: Db): void;
  /** After this migration: the schema it adds, and the data from before. */
  after(db: Db): void;
}

const CHECKS: Record<number, Check> = {
  10: {
    before(db) {
      // Version 0 is an empty database; data a future tool might have left must survive.
      db.exec("CREATE TABLE scratch (x TEXT) STRICT; INSERT INTO scratch VALUES ('kept')");
    },
    after(db) {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['centre', 'users', 'centre_settings', 'audit_log', 'audit_head']));
      expect(db.prepare('SELECT x FROM scratch').get()).toEqual({ x: 'kept' });
      expect(() => db.exec("INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES ('u', 'a', 'A', 'nurse', 't', 't')")).toThrow(/CHECK/);
    },
  },
  20: {
    before(db) {
      db.exec("INSERT INTO users (id, username, display_name, role, created_at, updated_at) VALUES ('u1', 'nurse', 'Nurse', 'clinician', 't', 't')");
    },
    after(db) {
      expect(db.prepare('SELECT username FROM users').get()).toEqual({ username: 'nurse' });
      const person = {
        id: 'p1', record_number: 'RS-KRN-2026-00001', site_id: 's', version: 1, status: 'active', created_at: 't', created_by: 'u1',
        updated_at: 't', updated_by: 'u1', data: '{}', sex: 'female', birth_from: '1990-01-01', birth_to: '1990-12-31', legal_status: 'unknown',
      };
      db.prepare(
        `INSERT INTO person (id, record_number, site_id, version, status, created_at, created_by, updated_at, updated_by, data, sex, birth_from, birth_to, legal_status)
         VALUES (@id, @record_number, @site_id, @version, @status, @created_at, @created_by, @updated_at, @updated_by, @data, @sex, @birth_from, @birth_to, @legal_status)`,
      ).run(person);
      // Nothing clinical can be deleted, even in SQL; versions cannot be rewritten.
      expect(() => db.exec("DELETE FROM person WHERE id = 'p1'")).toThrow(/never deleted/);
      db.exec("INSERT INTO person_version (person_id, version, status, data, at, by) VALUES ('p1', 1, 'active', '{}', 't', 'u1')");
      expect(() => db.exec("UPDATE person_version SET data = '{\"x\":1}'")).toThrow(/history/);
      expect(() => db.exec("INSERT INTO person (id, record_number, site_id, version, status, created_at, created_by, updated_at, updated_by, data, sex, birth_from, birth_to, legal_status) VALUES ('p2', 'x', 's', 1, 'active', 't', 'u', 't', 'u', 'not json', 'male', 'a', 'b', 'unknown')")).toThrow(/CHECK/);
    },
  },
};

let cleanup = () => undefined as void;
afterEach(() => cleanup());

function freshDb(): Db {
  const temp = makeTempDir();
  const db = openEncrypted(join(temp.dir, 'm.db'), randomBytes(32), { create: true });
  cleanup = () => {
    db.close();
    temp.cleanup();
  };
  return db;
}

const migrations = loadMigrations();

describe('migrations', () => {
  it('are numbered in steps of 10 and each has a check here', () => {
    for (const m of migrations) {
      expect(m.version % 10, m.name).toBe(0);
      expect(CHECKS[m.version], `add a check for migration ${m.version}`).toBeDefined();
    }
  });

  it.each(migrations.map((m) => [m.version, m.name] as const))('%i-%s migrates a database holding data', (version) => {
    const db = freshDb();
    const previous = migrations.filter((m) => m.version < version).at(-1)?.version ?? 0;
    migrate(db, migrations, previous);
    CHECKS[version]?.before(db);
    migrate(db, migrations, version);
    expect(schemaVersion(db)).toBe(version);
    CHECKS[version]?.after(db);
  });

  it('applies nothing twice', () => {
    const db = freshDb();
    const latest = migrate(db, migrations);
    expect(migrate(db, migrations)).toBe(latest);
  });

  it('refuses a database from a newer version of Carnet', () => {
    const db = freshDb();
    migrate(db, migrations);
    db.pragma(`user_version = ${(migrations.at(-1)?.version ?? 0) + 10}`);
    expect(() => migrate(db, migrations)).toThrow(expect.objectContaining({ code: 'DB_FROM_FUTURE' }));
  });

  it('rolls a failing migration back whole', () => {
    const db = freshDb();
    const broken = [...migrations, { version: 9990, name: 'broken', sql: 'CREATE TABLE half (x); SELECT no_such_function();' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.at(-1)?.version);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });
});
