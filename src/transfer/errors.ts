// The errors of the transfer core: AppErrors whose codes (TRANSFER_*, TRUST_*) are in the contract's
// list (src/api/errors.ts) with their messages in locales/<lang>/errors.json. Details name what failed
// (which part, which chunk, which key id) and never carry patient data.
import { AppError, ERROR_CODES, type ErrorCode, type ErrorDetails } from '../api/errors.ts';

export type TransferErrorCode = Extract<ErrorCode, `TRANSFER_${string}` | `TRUST_${string}`>;

export const TRANSFER_ERROR_CODES = ERROR_CODES.filter((c): c is TransferErrorCode => c.startsWith('TRANSFER_') || c.startsWith('TRUST_'));

export class TransferError extends AppError {
  declare readonly code: TransferErrorCode;

  constructor(code: TransferErrorCode, details?: ErrorDetails) {
    super(code, details);
    this.name = 'TransferError';
  }
}

export function isTransferError(error: unknown, code?: TransferErrorCode): error is TransferError {
  return error instanceof TransferError && (code === undefined || error.code === code);
}

/** A caller's mistake (not the file's): the existing VALIDATION code. */
export function invalidRequest(reason: string, details: ErrorDetails = {}): AppError {
  return new AppError('VALIDATION', { reason, ...details });
}

/** Stop promptly when the caller cancels; the one code for it, whatever the signal's reason. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TransferError('TRANSFER_CANCELLED');
}
