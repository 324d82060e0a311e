// Stable error codes. A code, once shipped, keeps its meaning forever: the renderer, the CLI and
// saved logs match on it. Each has an i18n key in the `errors` namespace (English default inline in
// locales/en/errors.json).
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'CONFLICT',
  'SETTINGS_UNREADABLE',
  'STORAGE_FAILED',
  'TRANSPORT_FAILED',
  'STORE_ABSENT',
  'STORE_EXISTS',
  'STORE_LOCKED',
  'LOGIN_FAILED',
  'RATE_LIMITED',
  'USER_DISABLED',
  'USERNAME_TAKEN',
  'LAST_ADMIN',
  'RECOVERY_KEY_WRONG',
  'DB_WRONG_KEY',
  'DB_CORRUPT',
  'DB_LOCKED',
  'DB_DISK_FULL',
  'DB_FROM_FUTURE',
  'DB_PLAINTEXT',
  'DB_UNENCRYPTED_MODULE',
  'KEYRING_DAMAGED',
  'KEYRING_MISMATCH',
  'KEYRING_FROM_FUTURE',
  'BACKUP_FAILED',
  'BACKUP_INVALID',
  'UPDATE_NO_FEED',
  'UPDATE_FEED_UNREACHABLE',
  'UPDATE_UNSIGNED',
  'UPDATE_SIGNATURE_INVALID',
  'UPDATE_DOWNGRADE',
  'UPDATE_CHECKSUM_MISMATCH',
  'UPDATE_FOLDER_INVALID',
  'UPDATE_UNSUPPORTED',
  'UPDATE_NOT_READY',
  'UPDATE_FAILED',
  'TRANSFER_NOT_CARNET_FILE',
  'TRANSFER_UNSUPPORTED_VERSION',
  'TRANSFER_TRUNCATED',
  'TRANSFER_TAMPERED',
  'TRANSFER_WRONG_RECIPIENT',
  'TRANSFER_PASSPHRASE_REQUIRED',
  'TRANSFER_BAD_PASSPHRASE',
  'TRANSFER_UNKNOWN_SENDER',
  'TRANSFER_REVOKED',
  'TRANSFER_EXPIRED',
  'TRANSFER_NOT_YET_VALID',
  'TRANSFER_INVALID_PART',
  'TRANSFER_TOO_LARGE',
  'TRANSFER_CANCELLED',
  'TRANSFER_IO_FAILED',
  'TRUST_KEY_INVALID',
  'TRUST_CERTIFICATE_INVALID',
  'TRUST_CARD_INVALID',
  'TRUST_LIST_INVALID',
  'TRUST_LIST_OLDER',
  'TRUST_FINGERPRINT_MISMATCH',
  'OCR_UNREADABLE',
  'OCR_TOO_LARGE',
  'OCR_PASSWORD_PROTECTED',
  'OCR_ENGINE_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_MESSAGE_KEYS: Record<ErrorCode, string> = {
  VALIDATION: 'errors:validation',
  UNKNOWN_METHOD: 'errors:unknownMethod',
  FORBIDDEN: 'errors:forbidden',
  UNAUTHENTICATED: 'errors:unauthenticated',
  NOT_FOUND: 'errors:notFound',
  CONFLICT: 'errors:conflict',
  SETTINGS_UNREADABLE: 'errors:settingsUnreadable',
  STORAGE_FAILED: 'errors:storageFailed',
  TRANSPORT_FAILED: 'errors:transportFailed',
  STORE_ABSENT: 'errors:storeAbsent',
  STORE_EXISTS: 'errors:storeExists',
  STORE_LOCKED: 'errors:storeLocked',
  LOGIN_FAILED: 'errors:loginFailed',
  RATE_LIMITED: 'errors:rateLimited',
  USER_DISABLED: 'errors:userDisabled',
  USERNAME_TAKEN: 'errors:usernameTaken',
  LAST_ADMIN: 'errors:lastAdmin',
  RECOVERY_KEY_WRONG: 'errors:recoveryKeyWrong',
  DB_WRONG_KEY: 'errors:dbWrongKey',
  DB_CORRUPT: 'errors:dbCorrupt',
  DB_LOCKED: 'errors:dbLocked',
  DB_DISK_FULL: 'errors:dbDiskFull',
  DB_FROM_FUTURE: 'errors:dbFromFuture',
  DB_PLAINTEXT: 'errors:dbPlaintext',
  DB_UNENCRYPTED_MODULE: 'errors:dbUnencryptedModule',
  KEYRING_DAMAGED: 'errors:keyringDamaged',
  KEYRING_MISMATCH: 'errors:keyringMismatch',
  KEYRING_FROM_FUTURE: 'errors:keyringFromFuture',
  BACKUP_FAILED: 'errors:backupFailed',
  BACKUP_INVALID: 'errors:backupInvalid',
  UPDATE_NO_FEED: 'errors:updateNoFeed',
  UPDATE_FEED_UNREACHABLE: 'errors:updateFeedUnreachable',
  UPDATE_UNSIGNED: 'errors:updateUnsigned',
  UPDATE_SIGNATURE_INVALID: 'errors:updateSignatureInvalid',
  UPDATE_DOWNGRADE: 'errors:updateDowngrade',
  UPDATE_CHECKSUM_MISMATCH: 'errors:updateChecksumMismatch',
  UPDATE_FOLDER_INVALID: 'errors:updateFolderInvalid',
  UPDATE_UNSUPPORTED: 'errors:updateUnsupported',
  UPDATE_NOT_READY: 'errors:updateNotReady',
  UPDATE_FAILED: 'errors:updateFailed',
  TRANSFER_NOT_CARNET_FILE: 'errors:transferNotCarnetFile',
  TRANSFER_UNSUPPORTED_VERSION: 'errors:transferUnsupportedVersion',
  TRANSFER_TRUNCATED: 'errors:transferTruncated',
  TRANSFER_TAMPERED: 'errors:transferTampered',
  TRANSFER_WRONG_RECIPIENT: 'errors:transferWrongRecipient',
  TRANSFER_PASSPHRASE_REQUIRED: 'errors:transferPassphraseRequired',
  TRANSFER_BAD_PASSPHRASE: 'errors:transferBadPassphrase',
  TRANSFER_UNKNOWN_SENDER: 'errors:transferUnknownSender',
  TRANSFER_REVOKED: 'errors:transferRevoked',
  TRANSFER_EXPIRED: 'errors:transferExpired',
  TRANSFER_NOT_YET_VALID: 'errors:transferNotYetValid',
  TRANSFER_INVALID_PART: 'errors:transferInvalidPart',
  TRANSFER_TOO_LARGE: 'errors:transferTooLarge',
  TRANSFER_CANCELLED: 'errors:transferCancelled',
  TRANSFER_IO_FAILED: 'errors:transferIoFailed',
  TRUST_KEY_INVALID: 'errors:trustKeyInvalid',
  TRUST_CERTIFICATE_INVALID: 'errors:trustCertificateInvalid',
  TRUST_CARD_INVALID: 'errors:trustCardInvalid',
  TRUST_LIST_INVALID: 'errors:trustListInvalid',
  TRUST_LIST_OLDER: 'errors:trustListOlder',
  TRUST_FINGERPRINT_MISMATCH: 'errors:trustFingerprintMismatch',
  OCR_UNREADABLE: 'errors:ocrUnreadable',
  OCR_TOO_LARGE: 'errors:ocrTooLarge',
  OCR_PASSWORD_PROTECTED: 'errors:ocrPasswordProtected',
  OCR_ENGINE_FAILED: 'errors:ocrEngineFailed',
  INTERNAL: 'errors:internal',
};

/** Details carry ids, field paths and counts only: never names or clinical values. */
export type ErrorDetails = Record<string, unknown>;

export interface ApiError {
  code: ErrorCode;
  messageKey: string;
  details?: ErrorDetails;
}

/**
 * The one error type services throw. It crosses process boundaries as an ApiError (data), so code on
 * the other side matches on `code`, never on `instanceof` or the message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, details?: ErrorDetails, messageKey?: string) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey ?? ERROR_MESSAGE_KEYS[code];
    this.details = details;
  }

  toApiError(): ApiError {
    return this.details === undefined
      ? { code: this.code, messageKey: this.messageKey }
      : { code: this.code, messageKey: this.messageKey, details: this.details };
  }
}

export function apiError(code: ErrorCode, details?: ErrorDetails): ApiError {
  return new AppError(code, details).toApiError();
}
