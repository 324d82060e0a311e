// Opening the encrypted store. The order of the pragmas matters (see ../shared/notes/database.md):
// cipher and legacy before the key, the key before any read, and temp_store=MEMORY before anything
// that could sort or build a temporary table, or patient data reaches the disk unencrypted.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors.ts';
import { classifySqliteError } from './errors.ts';

export type Db = Database.Database;

export const DATA_KEY_BYTES = 32;
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts like an unencrypted SQLite database. */
export function isPlaintextSqlite(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(PLAINTEXT_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.equals(PLAINTEXT_HEADER);
  } finally {
    closeSync(fd);
  }
}

let cipherChecked = false;

/**
 * Refuse to run on a build of SQLite without the cipher: it would ignore the key and write clear
 * text. Checked on a memory database, since any statement on an encrypted file needs the key first.
 */
export function assertCipherModule(): void {
  if (cipherChecked) return;
  const probe = new Database(':memory:');
  try {
    const row = probe.prepare('SELECT sqlite3mc_version() AS v').get() as { v?: string } | undefined;
    if (!row?.v) throw new Error('no cipher');
    cipherChecked = true;
  } catch {
    throw new AppError('DB_UNENCRYPTED_MODULE');
  } finally {
    probe.close();
  }
}

function applyKey(db: Db, key: Uint8Array): void {
  if (key.length !== DATA_KEY_BYTES) throw new AppError('INTERNAL', { reason: 'key-length' });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  // A raw key: no per-open PBKDF2. The hex never leaves this statement.
  db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`);
}

export interface OpenOptions {
  /** Create the file if it does not exist (set-up only). */
  create?: boolean;
  readonly?: boolean;
}

export function openEncrypted(path: string, key: Uint8Array, options: OpenOptions = {}): Db {
  if (!options.create && !existsSync(path)) throw new AppError('STORE_ABSENT');
  if (isPlaintextSqlite(path)) throw new AppError('DB_PLAINTEXT');
  assertCipherModule();
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: !options.create, readonly: options.readonly ?? false });
    applyKey(db, key);
    // A wrong key only shows here, as SQLITE_NOTADB.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('temp_store = MEMORY');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db?.close();
    throw classifySqliteError(error);
  }
}

/**
 * Change the data key in place. PRAGMA rekey does not work in WAL mode: switch to a rollback
 * journal, rekey, switch back.
 */
export function rekey(db: Db, newKey: Uint8Array): void {
  if (newKey.length !== DATA_KEY_BYTES) throw new AppError('INTERNAL', { reason: 'key-length' });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.pragma(`rekey = "x'${Buffer.from(newKey).toString('hex')}'"`);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw classifySqliteError(error);
  }
}
