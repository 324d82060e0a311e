// Everything an update must pass before Carnet acts on it, online or from a folder: the metadata's
// signature by a trusted release key (checked on the raw bytes, before parsing), its shape, and a
// version that is not older than the one installed.
import { lt } from 'semver';
import { AppError } from '../api/errors.ts';
import { parseUpdateInfo, type UpdateInfo } from './metadata.ts';
import { verifyMetadataSignature, type TrustedKey } from './signature.ts';

/** Metadata files are a few hundred bytes; anything much larger is not ours. */
export const MAX_METADATA_BYTES = 256 * 1024;

export interface MetadataCheck {
  /** The metadata file's name (latest-linux.yml ...), which the signature binds. */
  file: string;
  content: Uint8Array;
  signature: string | null;
  trustedKeys: readonly TrustedKey[];
  currentVersion: string;
}

export function verifyUpdateMetadata(check: MetadataCheck): UpdateInfo {
  if (check.content.byteLength > MAX_METADATA_BYTES) throw new AppError('UPDATE_SIGNATURE_INVALID', { reason: 'too-large' });
  verifyMetadataSignature(check.file, check.content, check.signature, check.trustedKeys);
  const info = parseUpdateInfo(Buffer.from(check.content).toString('utf8'));
  // Signed but malformed: a fault of the release tooling, not an attack; still nothing is used.
  if (!info) throw new AppError('UPDATE_FAILED', { reason: 'malformed-metadata' });
  if (lt(info.version, check.currentVersion)) {
    throw new AppError('UPDATE_DOWNGRADE', { offered: info.version, current: check.currentVersion });
  }
  return info;
}
