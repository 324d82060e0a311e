// One test per migration: migrate a database that holds data at the previous version, then check
// both the new schema and that the data is still there. A new migration without an entry here fails.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, schemaVersion } from '../../src/db/migrate.ts';
import { openEncrypted, type Db } from '../../src/db/open.ts';
import * as reportsMigrationCheck from '../helpers/reports-migration-check.ts';
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
  30: {
    before(db) {
      // An active person, one merged into them, one voided; name keys and identifier keys as 0020 kept them.
      const insert = db.prepare(
        `INSERT INTO person (id, record_number, site_id, version, status, merged_into, created_at, created_by, updated_at, updated_by, data, sex, birth_from, birth_to, legal_status)
         VALUES (@id, @rn, 's', 1, @status, @into, 't', 'u', 't', 'u', @data, @sex, @from, @to, 'unknown')`,
      );
      const data = (names: { given?: string; family?: string }[]) => JSON.stringify({ names: names.map((n) => ({ ...n, script: 'Latn', source: 'document' })) });
      insert.run({ id: 'p1', rn: 'RS-KRN-2026-00001', status: 'active', into: null, data: data([{ given: 'Mohammed', family: 'Al-Hassan' }, { given: 'محمد', family: 'الحسن' }]), sex: 'male', from: '1990-10-02', to: '1991-10-02' });
      insert.run({ id: 'p2', rn: 'RS-KRN-2026-00002', status: 'merged', into: 'p1', data: data([{ given: 'Muhammad', family: 'Alhasan' }]), sex: 'male', from: '1991-01-01', to: '1991-12-31' });
      insert.run({ id: 'p3', rn: 'RS-KRN-2026-00003', status: 'voided', into: null, data: data([{ family: 'Karimi' }]), sex: 'female', from: '2000-05-05', to: '2000-05-05' });
      const key = db.prepare('INSERT INTO person_key (key, person_id) VALUES (?, ?)');
      for (const k of ['n:mohammed', 'n:MHMT', 'n:hassan', 'n:HSN', 'n:mhmd', 'n:hsn', 'n:muhammad', 'n:alhasan', 'i:RSKRN202600001', 'i:RSKRN202600002', 'i:P1234567']) key.run(k, 'p1');
    },
    after(db) {
      expect(db.prepare('SELECT person_id, record_number, names FROM person_search ORDER BY seq').all()).toEqual([
        { person_id: 'p1', record_number: 'RS-KRN-2026-00001', names: JSON.stringify(['Mohammed Al-Hassan', 'محمد الحسن', 'Muhammad Alhasan']) },
      ]);
      // What a result list shows, from the person's own record (not the merged one's).
      const shown = JSON.parse((db.prepare('SELECT summary FROM person_search').get() as { summary: string }).summary) as Record<string, unknown>;
      expect(shown).toEqual({
        id: 'p1', recordNumber: 'RS-KRN-2026-00001', sex: 'male', birth: null, nationality: null, arrivalDate: null, legalStatus: 'unknown', siteId: 's',
        names: [{ given: 'Mohammed', family: 'Al-Hassan', script: 'Latn', source: 'document' }, { given: 'محمد', family: 'الحسن', script: 'Latn', source: 'document' }],
      });
      const find = (query: string) => (db.prepare('SELECT s.person_id FROM person_name_fts f JOIN person_search s ON s.seq = f.rowid WHERE person_name_fts MATCH ?').all(query) as { person_id: string }[]).map((r) => r.person_id);
      // Latin forms, skeletons (0-marked), prefixes as typed, birth years and sex.
      expect(find('"alhasan" AND "0mhmt" AND "9b1990" AND "9b1991" AND "9sm"')).toEqual(['p1']);
      expect(find('"moh"* AND "0hs"*')).toEqual(['p1']);
      expect(find('"karimi" OR "9sf"')).toEqual([]);
      // Name keys left person_key; identifier keys stayed.
      expect(db.prepare('SELECT key FROM person_key ORDER BY key').all()).toEqual([{ key: 'i:P1234567' }, { key: 'i:RSKRN202600001' }, { key: 'i:RSKRN202600002' }]);
      expect(db.prepare("SELECT term, doc FROM person_name_vocab WHERE term = 'hassan'").get()).toEqual({ term: 'hassan', doc: 1 });
      // Persons merged into one are found by index, not by reading every person.
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM person WHERE merged_into = 'p1' AND status = 'merged'").all() as { detail: string }[];
      expect(plan.map((s) => s.detail).join('\n')).toContain('USING INDEX person_merged_into');
    },
  },
  40: reportsMigrationCheck,
  50: {
    before(db) {
      db.exec(`INSERT INTO person (id, record_number, site_id, version, status, created_at, created_by, updated_at, updated_by, data, sex, birth_from, birth_to, legal_status)
               VALUES ('p1', 'RS-A-2026-00001', 'site-a', 1, 'active', 't', 'u', '2026-01-01T00:00:00.000Z', 'u', '{}', 'female', '1990-01-01', '1990-12-31', 'refugee')`);
      db.exec(`INSERT INTO episode (id, person_id, site_id, type, date, version, status, created_at, created_by, updated_at, updated_by, data)
               VALUES ('e1', 'p1', 'site-a', 'follow-up', '2026-02-03', 1, 'active', 't', 'u', '2026-02-03T00:00:00.000Z', 'u', '{}')`);
    },
    after(db) {
      expect(db.prepare('SELECT id FROM person').all()).toEqual([{ id: 'p1' }]);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('site_identity', 'trust_authority', 'trust_list', 'paired_site', 'transfer_log', 'sync_base') ORDER BY name").all() as { name: string }[]
      ).map((r) => r.name);
      expect(tables).toEqual(['paired_site', 'site_identity', 'sync_base', 'transfer_log', 'trust_authority', 'trust_list']);
      for (const t of tables) expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
      // One identity, one authority, one list.
      const identity =
        "INSERT INTO site_identity (id, site_id, signing_pkcs8, encryption_pkcs8, signing_key_id, encryption_key_id, card, created_at, created_by) VALUES (1, 's', x'00', x'00', 'k', 'e', 'c', 't', 'u')";
      db.exec(identity);
      expect(() => db.exec(identity.replace('(1,', '(2,'))).toThrow(/CHECK/);
      // A transfer id is applied once; a sync base names a kind of record and a direction.
      const log = "INSERT INTO transfer_log (transfer_id, direction, peer_site_id, at, user_id, persons, file_sha256) VALUES ('t1', 'import', 's', 't', 'u', 1, 'h')";
      db.exec(log);
      expect(() => db.exec(log)).toThrow(/UNIQUE/);
      expect(() =>
        db.exec("INSERT INTO sync_base (record_type, record_id, version, status, data, direction, transfer_id, at) VALUES ('document', 'x', 1, 'active', '{}', 'import', 't1', 't')"),
      ).toThrow(/CHECK/);
      // "Changed since" reads the indexes added on episodes and entries.
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT person_id FROM episode WHERE updated_at >= '2026-01-01'").all() as { detail: string }[];
      expect(plan.map((r) => r.detail).join(' ')).toMatch(/episode_updated/);
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
