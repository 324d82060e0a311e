// SQLite errors classified once, into the app's codes. Everything else in the core matches on codes.
import { AppError } from '../api/errors.ts';

interface SqliteLikeError {
  code?: string;
  message?: string;
}

export function classifySqliteError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code = '', message = '' } = (error ?? {}) as SqliteLikeError;
  if (code === 'SQLITE_NOTADB') return new AppError('DB_WRONG_KEY');
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_IOERR_SHORT_READ') {
    return new AppError('DB_CORRUPT', { sqlite: code });
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') return new AppError('DB_LOCKED');
  if (code === 'SQLITE_FULL' || /ENOSPC|disk is full/i.test(message)) return new AppError('DB_DISK_FULL');
  if (code === 'SQLITE_CANTOPEN') return new AppError('STORAGE_FAILED', { sqlite: code });
  if (code.startsWith('SQLITE_IOERR')) return new AppError('STORAGE_FAILED', { sqlite: code });
  return new AppError('INTERNAL', { sqlite: code || 'unknown' });
}

/** Run `fn`, turning any SQLite error into its AppError. */
export function withSqliteErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw classifySqliteError(error);
  }
}
