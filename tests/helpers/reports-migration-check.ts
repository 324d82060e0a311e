// The check of migration 0040 (the reports' projection), used by tests/node/migrations.test.ts: on a
// database holding records at version 30 the data stays, the projection starts empty and unbuilt,
// and the first build projects what was there.
import { expect } from 'vitest';
import type { Db } from '../../src/db/open.ts';
import { ensureReportProjection, reportProjectionReady } from '../../src/reports/projection.ts';

export function before(db: Db): void {
  db.exec("INSERT INTO centre (id, store_id, site_id, name, country, code, created_at) VALUES (1, 's', 'site-a', 'Centre A', 'RS', 'RS-A', '2026-01-01T00:00:00.000Z')");
  const insert = db.prepare(
    `INSERT INTO person (id, record_number, site_id, version, status, created_at, created_by, updated_at, updated_by, data, sex, birth_from, birth_to, legal_status)
     VALUES (@id, @rn, 'site-a', 1, @status, '2026-02-03T10:00:00.000Z', 'u', 't', 'u', @data, 'female', '1990-01-01', '1990-12-31', 'refugee')`,
  );
  const data = JSON.stringify({ names: [{ given: 'A', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female', nationality: 'SY', legalStatus: 'refugee' });
  insert.run({ id: 'p1', rn: 'RS-A-2026-00001', status: 'active', data });
  insert.run({ id: 'p2', rn: 'RS-A-2026-00002', status: 'voided', data });
  db.exec(`INSERT INTO episode (id, person_id, site_id, type, date, version, status, created_at, created_by, updated_at, updated_by, data)
           VALUES ('e1', 'p1', 'site-a', 'initial-assessment', '2026-02-03', 1, 'active', 't', 'u', 't', 'u', '{"type":"initial-assessment","date":"2026-02-03"}')`);
  db.exec(`INSERT INTO entry (id, person_id, episode_id, site_id, kind, code, version, status, created_at, created_by, updated_at, updated_by, data)
           VALUES ('n1', 'p1', 'e1', 'site-a', 'condition', 'B86', 1, 'active', 't', 'u', 't', 'u', '{"kind":"condition","icd10":"B86","novelty":"new","certainty":"confirmed"}')`);
}

export function after(db: Db): void {
  expect(db.prepare('SELECT count(*) AS n FROM person').get()).toEqual({ n: 2 });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND (name LIKE 'report_%' OR name = 'audit_log_method_at') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  expect(tables).toEqual([
    'audit_log_method_at',
    'report_episode',
    'report_episode_assessed',
    'report_episode_month',
    'report_episode_person',
    'report_episode_sum',
    'report_event',
    'report_event_month',
    'report_event_person',
    'report_event_sum',
    'report_person',
    'report_person_month',
    'report_person_owner',
    'report_person_sum',
    'report_site',
    'report_state',
  ]);
  // Not built yet: the app builds it at the next start.
  expect(reportProjectionReady(db)).toBe(false);
  expect(db.prepare('SELECT count(*) AS n FROM report_event').get()).toEqual({ n: 0 });
  expect(ensureReportProjection(db)).toBe(true);
  expect(db.prepare('SELECT person_id, counted, day, month, nat FROM report_person ORDER BY person_id').all()).toEqual([
    { person_id: 'p1', counted: 1, day: 20260203, month: 202602, nat: 'SY' },
    { person_id: 'p2', counted: 0, day: 20260203, month: 202602, nat: 'SY' },
  ]);
  expect(db.prepare('SELECT measure, day, prev FROM report_event').all()).toEqual([{ measure: 2, day: 20260203, prev: 0 }]);
  expect(db.prepare('SELECT type, day, next FROM report_episode').all()).toEqual([{ type: 0, day: 20260203, next: 99_999_999 }]);
  // The monthly sums, kept by the triggers: one record created, one assessment, one person with scabies.
  expect(db.prepare('SELECT month, n FROM report_person_sum').all()).toEqual([{ month: 202602, n: 1 }]);
  expect(db.prepare('SELECT month, type, n, docs FROM report_episode_sum').all()).toEqual([{ month: 202602, type: 0, n: 1, docs: 0 }]);
  expect(db.prepare('SELECT month, measure, prev_month, n FROM report_event_sum').all()).toEqual([{ month: 202602, measure: 2, prev_month: 0, n: 1 }]);
  expect(() => db.exec("INSERT INTO report_state (id, definitions) VALUES (2, '')")).toThrow(/CHECK/);
}
