// Person search at the scale of a large centre: 1,000,000 demo persons (3 names each: the document's
// Latin spelling, the original script, another transliteration) in an encrypted store, then
// search by exact name, by a name as it is being typed, with a typo, and across scripts, and the
// duplicate check at registration; the same queries on a plain (unencrypted) SQLite copy of the same
// file in the same run, sides alternated. Targets: search p95 <= 20 ms, encrypted/plain p95 <= 1.3,
// duplicate check p95 <= 50 ms. The set-up loads persons straight through the repository functions
// and the name index in large transactions (a worker thread generates them); its time is printed
// but is not a target. The query plans of the hot statements are printed with a check that none
// scans a table.
//
//   npm run bench -- record                      (CARNET_BENCH_PERSONS=100000 for a quick run)
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import type { SearchInputSchema } from '../src/api/schemas/record.ts';
import type { z } from '../src/api/zod.ts';
import { birthRange } from '../src/domain/age.ts';
import { newGlobalId } from '../src/domain/envelope.ts';
import { nameSearchKeys, nameSimilarity } from '../src/domain/names/index.ts';
import type { Person } from '../src/domain/person.ts';
import { demoRecord, demoRecords, TRADITIONS } from '../src/demo/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { openEncrypted, type Db } from '../src/db/open.ts';
import * as repo from '../src/db/repositories/record.repository.ts';
import { fullName, identifierKeys, nameKeys, phoneDigits, type NameMatcher } from '../src/record/matching.ts';
import { findDuplicates, indexPerson, searchPersons } from '../src/record/search.ts';

const PERSONS = Number(process.env.CARNET_BENCH_PERSONS ?? 1_000_000);
/** A folder to keep the two stores in and reuse them on the next run (for work on the queries). */
const KEEP_DIR = process.env.CARNET_BENCH_DIR;
const QUERIES = Number(process.env.CARNET_BENCH_QUERIES ?? 200);
const DUPLICATE_CHECKS = 100;
const BATCH = 10_000;
const TODAY = '2026-11-15';
const SEED = 2026;
const DEMO = { seed: SEED, today: TODAY, hostCountry: 'RS', namesPerPerson: 3, episodes: false, duplicateRate: 0 } as const;
const TARGET = { searchP95: 20, ratio: 1.3, duplicateP95: 50 };

type SearchInput = z.output<typeof SearchInputSchema>;

// ---------------------------------------------------------------------------------------------
// Generation (worker thread): persons and their name keys, as JSON, in batches.

interface Batch {
  from: number;
  rows: string[];
}

/** The matcher's keys of each name part, remembered: names repeat (Mohammed, Fatima...). */
function cachedKeys(): (text: string) => string[] {
  const cache = new Map<string, string[]>();
  return (text) => {
    let k = cache.get(text);
    if (!k) {
      if (cache.size > 200_000) cache.clear();
      cache.set(text, (k = nameSearchKeys(text)));
    }
    return k;
  };
}

function generate(from: number, to: number, post: (b: Batch) => void): void {
  const keys = cachedKeys();
  const matcher: NameMatcher = { keys, similarity: nameSimilarity };
  let rows: string[] = [];
  let start = from;
  for (const r of demoRecords(to - from, DEMO, from)) {
    rows.push(JSON.stringify({ p: r.person, k: [...nameKeys(r.person, matcher)] }));
    if (rows.length === BATCH) {
      post({ from: start, rows });
      start += rows.length;
      rows = [];
    }
  }
  if (rows.length > 0) post({ from: start, rows });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'carnet-record-bench') {
  const { from, to } = workerData as { from: number; to: number };
  generate(from, to, (b) => parentPort?.postMessage(b));
  parentPort?.postMessage(null);
}

// ---------------------------------------------------------------------------------------------
// Set-up

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Persons straight into the tables, as the record service writes them, in transactions of BATCH. */
async function load(db: Db): Promise<void> {
  const stamp: repo.Stamp = { at: `${TODAY}T10:00:00.000Z`, by: 'bench', siteId: 'bench-site' };
  // The repository prepares its statements on every call; the set-up reuses them (not timed).
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = prepare(sql)));
    return s;
  }) as Db['prepare'];
  const insertBatch = db.transaction((batch: Batch) => {
    batch.rows.forEach((json, i) => {
      const { p: person, k } = JSON.parse(json) as { p: Person; k: string[] };
      const recordNumber = `RS-BEN-2026-${String(batch.from + i + 1).padStart(7, '0')}`;
      const id = newGlobalId();
      const range = birthRange(person.birth);
      repo.insertPerson(db, id, recordNumber, person, {
        sex: person.sex,
        birthFrom: range.from,
        birthTo: range.to,
        nationality: person.nationality ?? null,
        legalStatus: person.legalStatus,
        arrivalDate: person.arrivalDate ?? null,
        phoneDigits: phoneDigits(person.phone),
      }, stamp);
      repo.setPersonKeys(db, id, identifierKeys(person, recordNumber));
      indexPerson(db, id, { record: { id, recordNumber, siteId: stamp.siteId, person }, names: person.names.map(fullName), keys: k });
    });
  });
  // One worker generates (the CPU-heavy part: names, transliteration, keys) while this thread writes.
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'carnet-record-bench', from: 0, to: PERSONS } });
  const start = process.hrtime.bigint();
  let done = 0;
  let lastReport = 0;
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (b: Batch | null) => {
      if (b === null) return resolve();
      insertBatch(b);
      done += b.rows.length;
      if (done - lastReport >= PERSONS / 10 || done === PERSONS) {
        lastReport = done;
        process.stdout.write(`    ${String(done).padStart(9)} persons  ${fmt(since(start))}\n`);
      }
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  db.prepare = prepare as Db['prepare'];
}

function openPlain(path: string): Db {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

function readWhole(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** A decrypted copy of the encrypted file: the same pages, without the cipher. */
function plainCopy(encrypted: string, plain: string, key: Buffer): void {
  copyFileSync(encrypted, plain);
  const db = new Database(plain, { fileMustExist: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey = ''`);
  db.close();
}

// ---------------------------------------------------------------------------------------------
// Queries

type Kind = 'exact' | 'prefix' | 'typo' | 'cross-script';

interface Query {
  kind: Kind;
  text: string;
  /** The person looked for, by record number, and their names. */
  recordNumber: string;
  names: string[];
}

/** A slip of the keyboard in the longest word: two inner letters swapped. */
function withTypo(text: string, n: number): string {
  const ws = text.split(' ');
  let at = 0;
  ws.forEach((w, i) => {
    if (w.length > (ws[at] as string).length) at = i;
  });
  const w = ws[at] as string;
  if (w.length >= 5) {
    const i = 1 + (n % (w.length - 3));
    ws[at] = w.slice(0, i) + (w[i + 1] as string) + (w[i] as string) + w.slice(i + 2);
  }
  return ws.join(' ');
}

/** The name as it is being typed: the last word cut after 2 to 4 letters. */
function typed(text: string, n: number): string {
  const ws = text.split(' ');
  const last = ws.at(-1) as string;
  ws[ws.length - 1] = last.slice(0, Math.min(last.length, 2 + (n % 3)));
  return ws.join(' ');
}

/** The persons' names in a Latin spelling none of their records has, when the tradition has one. */
function unregisteredLatin(person: Person): string | undefined {
  const registered = new Set(person.names.map(fullName));
  const doc = person.names[0];
  if (!doc) return undefined;
  const spellings = new Map<string, string[]>();
  for (const t of Object.values(TRADITIONS)) {
    for (const e of [...t.male, ...t.female, ...t.family]) for (const l of e.latin) spellings.set(l, e.latin as string[]);
  }
  const respell = (part: string | undefined, shift: number) =>
    (part ?? '')
      .split(' ')
      .map((w) => {
        const alts = spellings.get(w);
        return alts ? (alts[(alts.indexOf(w) + shift) % alts.length] as string) : w;
      })
      .join(' ');
  for (let shift = 1; shift <= 3; shift++) {
    const text = [respell(doc.given, shift), respell(doc.family, shift)].filter(Boolean).join(' ');
    if (!registered.has(text)) return text;
  }
  return undefined;
}

function queries(count: number, offset = 0): Query[] {
  const out: Query[] = [];
  for (let q = 0; q < count; q++) {
    const index = (Math.floor(((q + 0.5) / count) * PERSONS) + offset) % PERSONS;
    const person = demoRecord(index, DEMO).person;
    const recordNumber = `RS-BEN-2026-${String(index + 1).padStart(7, '0')}`;
    const doc = fullName(person.names[0] as Person['names'][number]);
    const names = person.names.map(fullName);
    out.push({ kind: 'exact', text: doc, recordNumber, names });
    out.push({ kind: 'prefix', text: typed(doc, q), recordNumber, names });
    out.push({ kind: 'typo', text: withTypo(doc, q), recordNumber, names });
    // Across scripts: a Latin spelling for a person whose other records are in their own script, or
    // the original script typed for a person; the Latin spelling is one their records do not have.
    const native = person.names.find((n) => n.script !== 'Latn');
    const latin = unregisteredLatin(person);
    if (native && q % 2 === 0) out.push({ kind: 'cross-script', text: fullName(native), recordNumber, names });
    else if (latin && native) out.push({ kind: 'cross-script', text: latin, recordNumber, names });
  }
  return out;
}

const matcher: NameMatcher = { keys: nameSearchKeys, similarity: nameSimilarity };

function search(db: Db, text: string): ReturnType<typeof searchPersons> {
  const input: SearchInput = { text, limit: 25, offset: 0 };
  return searchPersons(db, matcher, input, TODAY);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

interface Timing {
  enc: number[];
  plain: number[];
  /** The person looked for is in the first 10. */
  found: number;
  /** Not, but the first 10 all match the query at least as well as the person's own names do. */
  tied: number;
}

function timeQueries(enc: Db, plain: Db, qs: Query[], warmUp: Query[]): Map<Kind, Timing> {
  const out = new Map<Kind, Timing>();
  // Warm-up on other persons' names: the JIT and the matcher's first use of each script, and each
  // side's page cache, before anything is timed.
  for (const q of warmUp) {
    search(enc, q.text);
    search(plain, q.text);
  }
  qs.forEach((q, i) => {
    let t = out.get(q.kind);
    if (!t) out.set(q.kind, (t = { enc: [], plain: [], found: 0, tied: 0 }));
    // Sides alternated, so that neither always finds the other's work in the caches.
    const order: [Db, number[]][] = i % 2 === 0 ? [[enc, t.enc], [plain, t.plain]] : [[plain, t.plain], [enc, t.enc]];
    for (const [db, times] of order) {
      const start = process.hrtime.bigint();
      const r = search(db, q.text);
      times.push(since(start));
      if (db !== enc) continue;
      const top = r.results.slice(0, 10);
      if (top.some((p) => p.recordNumber === q.recordNumber)) t.found++;
      else if (top.length === 10 && (top[9]?.score ?? 0) >= Math.round(Math.max(...q.names.map((n) => nameSimilarity(q.text, n))) * 1000) / 1000) t.tied++;
    }
  });
  return out;
}

/** A second registration of a person: another spelling, the birth as an estimate, no identifiers. */
function reRegistration(index: number): Person {
  const p = demoRecord(index, DEMO).person;
  const other = p.names[2] ?? p.names[1] ?? p.names[0];
  const age = Number(TODAY.slice(0, 4)) - Number(birthRange(p.birth).to.slice(0, 4));
  return {
    ...p,
    names: [{ ...(other as Person['names'][number]), preferred: true }],
    identifiers: [],
    birth: index % 2 === 0 ? p.birth : { kind: 'estimated', years: Math.max(0, age), estimatedOn: TODAY },
  };
}

/** Every statement a call prepares, with its parameters, for EXPLAIN QUERY PLAN. */
function recordStatements(db: Db, call: () => void): { sql: string; params: unknown[] }[] {
  const seen: { sql: string; params: unknown[] }[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    const wrap = (method: 'all' | 'get' | 'run') => (...params: unknown[]) => {
      if (!seen.some((s) => s.sql === sql)) seen.push({ sql, params });
      return (statement[method] as (...a: unknown[]) => unknown)(...params);
    };
    return { all: wrap('all'), get: wrap('get'), run: wrap('run') } as unknown as ReturnType<Db['prepare']>;
  }) as Db['prepare'];
  try {
    call();
  } finally {
    db.prepare = prepare as Db['prepare'];
  }
  return seen;
}

function printPlans(db: Db, label: string, call: () => void): boolean {
  // A plan step that reads a whole stored table or index (the FTS index, a bound JSON array or a
  // bounded subquery are not).
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')").all() as { name: string }[]).map((r) => r.name));
  const scans = (detail: string) => {
    const m = /^SCAN (\w+)/.exec(detail);
    return m !== null && tables.has(m[1] as string) && !detail.includes('VIRTUAL TABLE');
  };
  let clean = true;
  console.log(`  ${label}`);
  for (const { sql, params } of recordStatements(db, call)) {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    console.log(`    ${sql.replace(/\s+/g, ' ').slice(0, 150)}`);
    for (const step of plan) {
      const scan = scans(step.detail);
      if (scan) clean = false;
      console.log(`        ${scan ? '!! ' : ''}${step.detail}`);
    }
  }
  return clean;
}

export async function run(): Promise<void> {
  const root = KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'carnet-bench-record-'));
  try {
    const encPath = join(root, 'encrypted.db');
    const plainPath = join(root, 'plain.db');
    const marker = join(root, 'bench.json');
    console.log(`person search: ${PERSONS.toLocaleString('en')} persons, 3 names each`);
    let key: Buffer;
    const kept = KEEP_DIR && existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { persons: number; seed: number; key: string }) : undefined;
    if (kept && kept.persons === PERSONS && kept.seed === SEED) {
      key = Buffer.from(kept.key, 'hex');
      console.log(`  set-up: the stores kept in ${root}`);
    } else {
      key = randomBytes(32);
      if (KEEP_DIR) mkdirSync(root, { recursive: true });
      for (const f of [encPath, plainPath]) for (const suffix of ['', '-wal', '-shm']) rmSync(f + suffix, { force: true });
      console.log('  set-up (not a target)');
      let start = process.hrtime.bigint();
      const setup = openEncrypted(encPath, key, { create: true });
      migrate(setup);
      // A large page cache for the load only; the stores are timed with the defaults of src/db/open.ts.
      setup.pragma('cache_size = -1000000');
      setup.pragma('wal_autocheckpoint = 0');
      await load(setup);
      const loaded = since(start);
      setup.pragma('wal_checkpoint(TRUNCATE)');
      setup.close();
      start = process.hrtime.bigint();
      plainCopy(encPath, plainPath, key);
      const copied = since(start);
      console.log(`    loaded in ${fmt(loaded)}; plain copy in ${fmt(copied)}; file ${(statSync(encPath).size / 1_048_576).toFixed(0)} MB`);
      if (KEEP_DIR) writeFileSync(marker, JSON.stringify({ persons: PERSONS, seed: SEED, key: key.toString('hex') }));
    }

    // The files as the OS keeps a database in use: read once, so that no timing waits for the disk.
    for (const f of [encPath, plainPath]) readWhole(f);
    const enc = openEncrypted(encPath, key);
    const plain = openPlain(plainPath);
    try {
      const qs = queries(QUERIES);
      const timings = timeQueries(enc, plain, qs, queries(50, 7));
      console.log(`\n  search, ${QUERIES} persons looked for per kind (limit 25; ms; sides alternated)`);
      console.log('  (in top 10: the person looked for is among the first 10; + tied: not, but all first 10 match the query');
      console.log('   at least as well as that person\'s own names do: namesakes of a common name, equally good answers)');
      console.log(`  ${'query'.padEnd(14)} ${'enc p50'.padStart(8)} ${'enc p95'.padStart(8)} ${'plain p50'.padStart(10)} ${'plain p95'.padStart(10)} ${'p95 ratio'.padStart(10)} ${'in top 10'.padStart(10)} ${'+ tied'.padStart(8)}`);
      const allEnc: number[] = [];
      const allPlain: number[] = [];
      let worstRatio = 0;
      for (const [kind, t] of timings) {
        const ratio = percentile(t.enc, 0.95) / percentile(t.plain, 0.95);
        worstRatio = Math.max(worstRatio, ratio);
        allEnc.push(...t.enc);
        allPlain.push(...t.plain);
        console.log(
          `  ${kind.padEnd(14)} ${percentile(t.enc, 0.5).toFixed(2).padStart(8)} ${percentile(t.enc, 0.95).toFixed(2).padStart(8)} ${percentile(t.plain, 0.5).toFixed(2).padStart(10)} ${percentile(t.plain, 0.95).toFixed(2).padStart(10)} ${ratio.toFixed(2).padStart(10)} ${`${t.found}/${t.enc.length}`.padStart(10)} ${`+${t.tied}`.padStart(8)}`,
        );
      }
      const p95 = percentile(allEnc, 0.95);
      const ratio = p95 / percentile(allPlain, 0.95);
      console.log(`  ${'all'.padEnd(14)} ${percentile(allEnc, 0.5).toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)} ${percentile(allPlain, 0.5).toFixed(2).padStart(10)} ${percentile(allPlain, 0.95).toFixed(2).padStart(10)} ${ratio.toFixed(2).padStart(10)}`);

      const dupTimes: number[] = [];
      let dupFound = 0;
      for (let i = 0; i < DUPLICATE_CHECKS; i++) {
        const index = Math.floor(((i + 0.25) / DUPLICATE_CHECKS) * PERSONS);
        const person = reRegistration(index);
        const begin = process.hrtime.bigint();
        const found = findDuplicates(enc, matcher, person);
        dupTimes.push(since(begin));
        if (found.some((c) => c.person.recordNumber === `RS-BEN-2026-${String(index + 1).padStart(7, '0')}`)) dupFound++;
      }
      const dupP95 = percentile(dupTimes, 0.95);
      console.log(`\n  duplicate check at registration (encrypted; another spelling, birth as an estimate for half, no identifiers)`);
      console.log(`    p50 ${percentile(dupTimes, 0.5).toFixed(2)} ms, p95 ${dupP95.toFixed(2)} ms; the first registration found for ${dupFound}/${DUPLICATE_CHECKS}`);

      console.log('\n  query plans (encrypted store)');
      const sample = qs.find((q) => q.kind === 'prefix') as Query;
      let clean = printPlans(enc, `search "${sample.text}"`, () => search(enc, sample.text));
      clean = printPlans(enc, 'search with filters (text, sex, age)', () => searchPersons(enc, matcher, { text: sample.text, sex: 'female', ageFrom: 18, ageTo: 40, limit: 25, offset: 0 }, TODAY)) && clean;
      clean = printPlans(enc, 'search by identifier', () => search(enc, 'RS-BEN-2026-00012')) && clean;
      clean = printPlans(enc, 'duplicate check', () => findDuplicates(enc, matcher, reRegistration(4242 % PERSONS))) && clean;
      console.log(`    ${clean ? 'no statement scans a table' : 'SOME STATEMENT SCANS A TABLE (!!)'}`);

      const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
      console.log('\n  targets');
      console.log(`    search p95 ${p95.toFixed(2)} ms <= ${TARGET.searchP95} ms: ${verdict(p95 <= TARGET.searchP95)}`);
      console.log(`    encrypted/plain p95 ${ratio.toFixed(2)} (worst kind ${worstRatio.toFixed(2)}) <= ${TARGET.ratio}: ${verdict(ratio <= TARGET.ratio)}`);
      console.log(`    duplicate check p95 ${dupP95.toFixed(2)} ms <= ${TARGET.duplicateP95} ms: ${verdict(dupP95 <= TARGET.duplicateP95)}`);
    } finally {
      enc.close();
      plain.close();
    }
  } finally {
    if (!KEEP_DIR) rmSync(root, { recursive: true, force: true });
  }
}
