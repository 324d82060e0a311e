// A real SQLCipher 4 build (Zetetic's amalgamation with OpenSSL, the npm package @journeyapps/sqlcipher),
// independent of the SQLite3MultipleCiphers library the app uses: the compatibility tests open the
// app's files with it. Its API is asynchronous with callbacks; this wraps the little the tests need.
import type Sqlcipher from '@journeyapps/sqlcipher';

// Loaded on first use: without its native build (npm ci compiles it, ~90 s, needs g++ and
// libssl-dev) only the tests that use it fail, with the loader's own message.
let loaded: typeof Sqlcipher | undefined;
async function load(): Promise<typeof Sqlcipher> {
  loaded ??= (await import('@journeyapps/sqlcipher')).default;
  return loaded;
}

export type Row = Record<string, unknown>;

export interface CipherDb {
  /** Every row of one statement, in order with everything queued before it. */
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Open a file in SQLCipher and run `pragmas` before anything else (the key among them). The pragmas
 * only configure the connection: a wrong key shows at the first read, as SQLITE_NOTADB.
 */
export async function openSqlcipher(file: string, pragmas: string[], options: { create?: boolean } = {}): Promise<CipherDb> {
  const sqlcipher = await load();
  const mode = sqlcipher.OPEN_READWRITE | (options.create ? sqlcipher.OPEN_CREATE : 0);
  const db = await new Promise<Sqlcipher.Database>((resolve, reject) => {
    const opened: Sqlcipher.Database = new sqlcipher.Database(file, mode, (error) => (error ? reject(error) : resolve(opened)));
  });
  const handle: CipherDb = {
    all: (sql, params = []) => new Promise((resolve, reject) => db.all(sql, params, (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows)))),
    run: (sql, params = []) => new Promise((resolve, reject) => db.run(sql, params, (error: Error | null) => (error ? reject(error) : resolve()))),
    close: () => new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve()))),
  };
  try {
    // SQLCipher logs every failed page HMAC to stderr; the wrong-key tests expect those failures.
    await handle.all('PRAGMA cipher_log_level = NONE');
    for (const pragma of pragmas) await handle.all(pragma);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** The key pragma for a raw 256-bit key, exactly as src/db/open.ts writes it. */
export function rawKeyPragma(key: Uint8Array): string {
  return `PRAGMA key = "x'${Buffer.from(key).toString('hex')}'"`;
}

/** What this build of SQLCipher is, for the test's report. */
export async function sqlcipherVersion(): Promise<{ cipher: string; sqlite: string; provider: string }> {
  const db = await openSqlcipher(':memory:', [rawKeyPragma(Buffer.alloc(32, 1))], { create: true });
  try {
    const [cipher] = await db.all('PRAGMA cipher_version');
    const [provider] = await db.all('PRAGMA cipher_provider');
    const [sqlite] = await db.all('SELECT sqlite_version() AS v');
    return { cipher: String(cipher?.cipher_version), sqlite: String(sqlite?.v), provider: String(provider?.cipher_provider) };
  } finally {
    await db.close();
  }
}
