// What the encrypted store costs: set-up and login (Argon2id unwrap + open) through the real core,
// then the same library with and without the key, side by side in one run: 200k rows inserted in
// one transaction, 1000 indexed lookups with a cold page cache (a fresh connection: every page read
// is decrypted) and warm. "plain" is better-sqlite3-multiple-ciphers without a key, with the same
// pragmas as src/db/open.ts otherwise.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { createCore } from '../src/app/services.ts';
import { readKeyring, unlockWithPassword } from '../src/db/keyring.ts';
import { openEncrypted, type Db } from '../src/db/open.ts';
import { SILENT_LOGGER } from '../src/host/log.ts';

const ROWS = 200_000;
const LOOKUPS = 1_000;
const REPEATS = 3;
const ADMIN = { username: 'admin', displayName: 'Site Admin', password: 'correct horse battery' };
const CENTRE = { name: 'Bench Centre', country: 'RS', code: 'RS-BEN' };
const ctx = { transport: 'test' as const };

function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(48)} ${value}`);
}

async function storeTimings(root: string): Promise<void> {
  console.log('store set-up and login (real core, Argon2id as configured)');
  const setups: number[] = [];
  let dir = '';
  for (let i = 0; i < REPEATS; i++) {
    dir = mkdtempSync(join(root, 'store-'));
    const core = createCore({ dataDir: dir, mode: 'cli', logger: SILENT_LOGGER });
    const start = process.hrtime.bigint();
    const result = await core.handlers.invoke('setup.createCentre', { centre: CENTRE, admin: ADMIN }, ctx);
    setups.push(since(start));
    if (!result.ok) throw new Error(`set-up failed: ${result.error.code}`);
    core.close();
  }
  line(`set-up (createCentre), median of ${REPEATS}`, fmt(median(setups)));

  const core = createCore({ dataDir: dir, mode: 'cli', logger: SILENT_LOGGER });
  const logins: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const result = await core.handlers.invoke('session.login', { username: ADMIN.username, password: ADMIN.password }, ctx);
    logins.push(since(start));
    if (!result.ok) throw new Error(`login failed: ${result.error.code}`);
    await core.handlers.invoke('session.lock', {}, ctx);
  }
  core.close();
  line('login (unwrap + open + checks), median of 5', fmt(median(logins)));

  const keyring = await readKeyring(join(dir, 'carnet.keyring'));
  const unwraps: number[] = [];
  let key: Buffer | undefined;
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    key = (await unlockWithPassword(keyring, ADMIN.username, ADMIN.password))?.keys[0]?.key;
    unwraps.push(since(start));
  }
  if (!key) throw new Error('unwrap failed');
  line('  of which Argon2id unwrap, median of 5', fmt(median(unwraps)));
  const opens: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = process.hrtime.bigint();
    const db = openEncrypted(join(dir, 'carnet.db'), key);
    opens.push(since(start));
    db.close();
  }
  line('  of which openEncrypted (raw key), median of 20', fmt(median(opens)));
}

function openPlain(path: string): Db {
  const db = new Database(path);
  db.pragma('temp_store = MEMORY');
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

interface Person {
  uuid: string;
  family: string;
  given: string;
  birth: string;
  country: string;
  note: string;
}

/** The same rows for both databases: random ids (so the index fills in random order), names, notes. */
function people(n: number): Person[] {
  const syllables = ['ka', 'ri', 'mo', 'sa', 'le', 'na', 'vi', 'to', 'ha', 'du', 'ze', 'po'];
  const word = (seed: number, len: number) => Array.from({ length: len }, (_, i) => syllables[(seed >>> (i * 3)) % syllables.length]).join('');
  return Array.from({ length: n }, (_, i) => ({
    uuid: randomBytes(16).toString('hex'),
    family: word(i * 7919, 3),
    given: word(i * 104_729, 2),
    birth: `19${String(50 + (i % 50)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    country: ['SY', 'AF', 'IQ', 'ER', 'SO'][i % 5] as string,
    note: `arrived ${i % 365} days ago; ${'follow-up '.repeat(1 + (i % 8))}`,
  }));
}

interface Side {
  file: string;
  open: (create: boolean) => Db;
}

/** A fresh file with the table and index, 200k rows inserted in one transaction; milliseconds. */
function fill({ file, open }: Side, rows: Person[]): number {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  const db = open(true);
  try {
    db.exec('CREATE TABLE person (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, family TEXT NOT NULL, given TEXT NOT NULL, birth TEXT, country TEXT, note TEXT) STRICT');
    db.exec('CREATE UNIQUE INDEX person_uuid ON person (uuid)');
    const insert = db.prepare('INSERT INTO person (uuid, family, given, birth, country, note) VALUES (@uuid, @family, @given, @birth, @country, @note)');
    const start = process.hrtime.bigint();
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    const ms = since(start);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return ms;
  } finally {
    db.close();
  }
}

/** 1000 lookups on a fresh connection (SQLite's page cache empty; the OS cache is not), then 5× more. */
function lookups({ open }: Side, probes: string[]): { cold: number; warm: number } {
  const db = open(false);
  try {
    const statement = db.prepare('SELECT * FROM person WHERE uuid = ?');
    const time = () => {
      const start = process.hrtime.bigint();
      for (const uuid of probes) if (!statement.get(uuid)) throw new Error('row missing');
      return since(start);
    };
    const cold = time();
    return { cold, warm: median(Array.from({ length: 5 }, time)) };
  } finally {
    db.close();
  }
}

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'carnet-bench-store-'));
  try {
    await storeTimings(root);

    const rows = people(ROWS);
    const probes = Array.from({ length: LOOKUPS }, (_, i) => (rows[(i * 7_919) % ROWS] as Person).uuid);
    const key = randomBytes(32);
    const plain: Side = { file: join(root, 'plain.db'), open: () => openPlain(join(root, 'plain.db')) };
    const encrypted: Side = { file: join(root, 'encrypted.db'), open: (create) => openEncrypted(join(root, 'encrypted.db'), key, { create }) };
    // Warm the JIT and the library once before either side is timed; then alternate the sides.
    fill({ file: join(root, 'warmup.db'), open: (create) => openEncrypted(join(root, 'warmup.db'), key, { create }) }, rows.slice(0, 20_000));
    const times = { plain: { insert: [] as number[], cold: [] as number[], warm: [] as number[] }, encrypted: { insert: [] as number[], cold: [] as number[], warm: [] as number[] } };
    for (let i = 0; i < REPEATS; i++) {
      for (const [name, side] of [['plain', plain], ['encrypted', encrypted]] as const) {
        times[name].insert.push(fill(side, rows));
        const { cold, warm } = lookups(side, probes);
        times[name].cold.push(cold);
        times[name].warm.push(warm);
      }
    }

    console.log(`encrypted vs plain (same library; ${ROWS / 1000}k rows, ${LOOKUPS} lookups on a unique index; median of ${REPEATS}, sides alternated)`);
    console.log(`  ${''.padEnd(48)} ${'plain'.padStart(10)} ${'encrypted'.padStart(10)} ${'ratio'.padStart(6)}`);
    const row = (label: string, p: number, e: number, unit = fmt) => console.log(`  ${label.padEnd(48)} ${unit(p).padStart(10)} ${unit(e).padStart(10)} ${(e / p).toFixed(2).padStart(6)}`);
    row(`insert ${ROWS / 1000}k rows, one transaction`, median(times.plain.insert), median(times.encrypted.insert));
    row(`${LOOKUPS} indexed lookups, cold page cache`, median(times.plain.cold), median(times.encrypted.cold));
    row(`${LOOKUPS} indexed lookups, warm page cache`, median(times.plain.warm), median(times.encrypted.warm));
    row('file size', statSync(plain.file).size, statSync(encrypted.file).size, (b) => `${(b / 1_048_576).toFixed(1)} MB`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
