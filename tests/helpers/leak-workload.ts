// Child process of the plaintext-leak test (node runs this file directly):
//   node leak-workload.ts <mode> <dataDir> <backupDir>
// with TMPDIR and SQLITE_TMPDIR set by the parent. It writes one JSON object per line on stdout:
// {"phase": name} as it goes (the parent's file watcher tags what it finds with the phase), then
// {"done": ...}. Modes:
//   guarded    the real core, as the app runs it
//   unguarded  the same, with temp_store put back to SQLite's compiled default on the core's
//              connection: what the app would do without the line in src/db/open.ts (a control)
//   plain      no core: a plaintext UTF-16 database with the same rows and queries (a control)
// Every mode shrinks the page cache to 256 KiB so that a few MB of sorting, temp tables and VACUUM
// spill the way 16 MB+ would with the default cache: the test provokes the spills, it does not wait
// for a big enough centre.
import { randomUUID } from 'node:crypto';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3-multiple-ciphers';
import { createCore } from '../../src/app/services.ts';
import { appendAudit } from '../../src/audit/audit.repository.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/open.ts';
import { insertCentre } from '../../src/db/repositories/centre.repository.ts';
import { insertUser } from '../../src/db/repositories/users.repository.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { LEAK_MARKERS } from './leak-scan.ts';

const LEAK_WORKLOAD = { bulkAuditRows: 8_000, auditedCalls: 100, cacheKiB: 256, pauseMs: 250 } as const;

const PASSWORD = 'leak test password';
const ctx = { transport: 'test' as const };

function say(message: Record<string, unknown>): void {
  writeSync(1, `${JSON.stringify(message)}\n`);
}

function phase(name: string): void {
  say({ phase: name });
}

/** The big queries of a busy centre: a sort, a temp table with an index, a DISTINCT. */
async function heavyQueries(db: Db, tag: string): Promise<number> {
  const from = 'FROM audit_log a JOIN users u ON u.id = a.user_id CROSS JOIN centre c';
  let rows = 0;
  phase(`sort:${tag}`);
  for (const _row of db.prepare(`SELECT u.display_name, c.name AS centre_name, a.* ${from} ORDER BY a.hash`).iterate()) {
    // The sort is done when the first row comes: its spill files are open now.
    if (rows++ === 0) await sleep(LEAK_WORKLOAD.pauseMs);
  }
  phase(`temp-table:${tag}`);
  db.exec(`CREATE TEMP TABLE scratch AS SELECT u.display_name, c.name AS centre_name, a.* ${from}`);
  db.exec('CREATE INDEX temp.scratch_by_name ON scratch (display_name, centre_name, hash)');
  await sleep(LEAK_WORKLOAD.pauseMs);
  const { n } = db.prepare("SELECT count(*) AS n FROM temp.scratch WHERE display_name LIKE '%Marker%'").get() as { n: number };
  if (n < LEAK_WORKLOAD.bulkAuditRows) throw new Error(`temp table has ${n} rows`);
  db.exec('DROP TABLE temp.scratch');
  phase(`distinct:${tag}`);
  // The DISTINCT's ephemeral index has its own cache (16 MB, no pragma reaches it): long keys make
  // it spill by the last rows.
  let distinct = 0;
  for (const _row of db.prepare(`SELECT DISTINCT printf('%s %s %s %02300d', u.display_name, c.name, a.hash, a.seq) AS k ${from}`).iterate()) {
    if (++distinct === LEAK_WORKLOAD.bulkAuditRows) await sleep(LEAK_WORKLOAD.pauseMs);
  }
  phase(`after:${tag}`);
  return rows;
}

/** The main and the temp schema each have their own page cache. */
function shrinkCache(db: Db): void {
  db.pragma(`main.cache_size = -${LEAK_WORKLOAD.cacheKiB}`);
  db.pragma(`temp.cache_size = -${LEAK_WORKLOAD.cacheKiB}`);
}

function bulkAudit(db: Db, user: { id: string; username: string }): void {
  db.transaction(() => {
    for (let i = 0; i < LEAK_WORKLOAD.bulkAuditRows; i++) {
      appendAudit(db, { userId: user.id, username: user.username, role: 'admin', method: 'records.read', personId: randomUUID(), outcome: 'ok', changes: { fields: ['name', 'birthDate'] } });
    }
  })();
}

interface Folders {
  dataDir: string;
  backupDir: string;
}

async function throughCore({ dataDir, backupDir }: Folders, unguarded: boolean): Promise<Record<string, unknown>> {
  const core = createCore({ dataDir, mode: 'cli', logger: SILENT_LOGGER });
  const call = async <T = Record<string, unknown>>(method: string, input: unknown = {}): Promise<T> => {
    const result = await core.handlers.invoke(method, input, ctx);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code}`);
    return result.value as T;
  };
  const tune = (): Db => {
    const db = core.store.current()?.db;
    if (!db) throw new Error('store not open');
    if (unguarded) db.pragma('temp_store = DEFAULT');
    shrinkCache(db);
    return db;
  };

  phase('setup');
  await call('setup.createCentre', { centre: { name: LEAK_MARKERS.centreName, country: 'RS', code: 'RS-MRK' }, admin: { username: 'admin', displayName: 'Site Admin', password: PASSWORD } });
  const marker = await call<{ id: string; username: string }>('users.add', { username: LEAK_MARKERS.username, displayName: LEAK_MARKERS.displayName, role: 'admin', password: PASSWORD });
  await call('session.lock');
  await call('session.login', { username: LEAK_MARKERS.username, password: PASSWORD });
  let db = tune();

  phase('audit');
  for (let i = 0; i < LEAK_WORKLOAD.auditedCalls; i++) await call('centre.setSettings', { idleLockMinutes: 5 + (i % 10) });
  phase('bulk');
  bulkAudit(db, marker);
  const sorted = await heavyQueries(db, 'before-backup');

  phase('backup');
  const backup = await call<{ file: string }>('backup.create', { folder: backupDir });
  await call('users.add', { username: 'later.user', displayName: 'Added after the backup', role: 'viewer', password: PASSWORD });
  phase('restore');
  await call('backup.restore', { file: backup.file, confirm: true });
  await call('session.login', { username: LEAK_MARKERS.username, password: PASSWORD });
  db = tune();
  phase('vacuum');
  db.exec('VACUUM');
  await heavyQueries(db, 'after-restore');
  const verdict = await call('audit.verify');
  phase('close');
  await call('session.lock');
  core.close();
  return { sorted, verdict, backup: backup.file };
}

async function plaintext({ dataDir, backupDir }: Folders): Promise<Record<string, unknown>> {
  phase('setup');
  const db = new Database(join(dataDir, 'carnet.db'));
  db.pragma("encoding = 'UTF-16le'");
  db.pragma('journal_mode = WAL');
  shrinkCache(db);
  migrate(db, loadMigrations());
  const at = new Date().toISOString();
  const marker = { id: randomUUID(), username: LEAK_MARKERS.username };
  insertCentre(db, { name: LEAK_MARKERS.centreName, country: 'RS', code: 'RS-MRK', storeId: randomUUID(), siteId: randomUUID(), createdAt: at });
  insertUser(db, { id: marker.id, username: marker.username, displayName: LEAK_MARKERS.displayName, role: 'admin', createdAt: at, createdBy: null });
  phase('bulk');
  bulkAudit(db, marker);
  const sorted = await heavyQueries(db, 'before-backup');
  phase('backup');
  db.prepare('VACUUM INTO ?').run(join(backupDir, 'carnet-RS-MRK-plain.carnetdb'));
  phase('vacuum');
  db.exec('VACUUM');
  await heavyQueries(db, 'after-vacuum');
  phase('close');
  db.close();
  return { sorted };
}

const [mode, dataDir, backupDir] = process.argv.slice(2);
if (!dataDir || !backupDir || !['guarded', 'unguarded', 'plain'].includes(mode ?? '')) {
  throw new Error('usage: leak-workload.ts guarded|unguarded|plain <dataDir> <backupDir>');
}
const folders = { dataDir, backupDir };
const summary = mode === 'plain' ? await plaintext(folders) : await throughCore(folders, mode === 'unguarded');
say({ done: true, ...summary });
