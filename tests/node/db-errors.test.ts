import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/api/errors.ts';
import { classifySqliteError } from '../../src/db/errors.ts';

describe('SQLite errors, classified once', () => {
  it.each([
    ['SQLITE_NOTADB', 'file is not a database', 'DB_WRONG_KEY'],
    ['SQLITE_CORRUPT', 'database disk image is malformed', 'DB_CORRUPT'],
    ['SQLITE_CORRUPT_INDEX', 'index corrupt', 'DB_CORRUPT'],
    ['SQLITE_BUSY', 'database is locked', 'DB_LOCKED'],
    ['SQLITE_BUSY_SNAPSHOT', 'snapshot', 'DB_LOCKED'],
    ['SQLITE_FULL', 'database or disk is full', 'DB_DISK_FULL'],
    ['SQLITE_IOERR_WRITE', 'ENOSPC: disk is full', 'DB_DISK_FULL'],
    ['SQLITE_IOERR_FSYNC', 'disk I/O error', 'STORAGE_FAILED'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'STORAGE_FAILED'],
    ['SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed', 'INTERNAL'],
  ])('maps %s to %s', (code, message, expected) => {
    const error = Object.assign(new Error(message), { code });
    expect(classifySqliteError(error).code).toBe(expected);
  });

  it('keeps an AppError as it is', () => {
    const error = new AppError('DB_FROM_FUTURE');
    expect(classifySqliteError(error)).toBe(error);
  });
});

describe('the cipher check', () => {
  it('refuses to run on a SQLite build without encryption', async () => {
    vi.resetModules();
    vi.doMock('better-sqlite3-multiple-ciphers', () => ({
      default: class {
        prepare() {
          throw Object.assign(new Error('no such function: sqlite3mc_version'), { code: 'SQLITE_ERROR' });
        }
        close() {}
      },
    }));
    const { assertCipherModule } = await import('../../src/db/open.ts');
    expect(() => assertCipherModule()).toThrow(expect.objectContaining({ code: 'DB_UNENCRYPTED_MODULE' }));
    vi.doUnmock('better-sqlite3-multiple-ciphers');
    vi.resetModules();
  });
});
