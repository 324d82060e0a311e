// A release folder: what `npm run release:sign` writes, what an update server serves, and what a
// coordinator copies to a USB stick. Checking one reads the metadata for this platform and its
// signature, verifies both, then hashes the installer the metadata names.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../api/errors.ts';
import { sha512OfFile } from './digest.ts';
import { channelFileName, installerFile, type ReleasePlatform, type UpdateFile, type UpdateInfo } from './metadata.ts';
import { SIGNATURE_SUFFIX, type TrustedKey } from './signature.ts';
import { MAX_METADATA_BYTES, verifyUpdateMetadata } from './verify.ts';

export interface VerifiedRelease {
  folder: string;
  info: UpdateInfo;
  /** The metadata file for this platform, and its signature beside it. */
  channelFile: string;
  installer: UpdateFile;
}

export interface ReleaseFolderCheck {
  platform: ReleasePlatform;
  arch: string;
  trustedKeys: readonly TrustedKey[];
  currentVersion: string;
}

async function readOptional(path: string, limit: number): Promise<Buffer | null> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    if (info.size > limit) throw new AppError('UPDATE_SIGNATURE_INVALID', { reason: 'too-large' });
    return await readFile(path);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new AppError('UPDATE_FOLDER_INVALID', { reason: code ?? 'io' });
  }
}

export async function verifyReleaseFolder(folder: string, check: ReleaseFolderCheck): Promise<VerifiedRelease> {
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo?.isDirectory()) throw new AppError('UPDATE_FOLDER_INVALID', { reason: 'not-a-folder' });
  const channelFile = channelFileName(check.platform, check.arch);
  const content = await readOptional(join(folder, channelFile), MAX_METADATA_BYTES);
  if (!content) throw new AppError('UPDATE_FOLDER_INVALID', { reason: 'no-metadata', file: channelFile });
  const signature = await readOptional(join(folder, `${channelFile}${SIGNATURE_SUFFIX}`), 4096);
  const info = verifyUpdateMetadata({
    file: channelFile,
    content,
    signature: signature?.toString('utf8') ?? null,
    trustedKeys: check.trustedKeys,
    currentVersion: check.currentVersion,
  });
  const installer = installerFile(info, check.platform, check.arch);
  if (!installer) throw new AppError('UPDATE_FOLDER_INVALID', { reason: 'no-installer' });
  const path = join(folder, installer.url);
  const found = await stat(path).catch(() => null);
  if (!found?.isFile()) throw new AppError('UPDATE_FOLDER_INVALID', { reason: 'installer-missing', file: installer.url });
  if (found.size !== installer.size) throw new AppError('UPDATE_CHECKSUM_MISMATCH', { reason: 'size' });
  const { sha512 } = await sha512OfFile(path);
  if (sha512 !== installer.sha512) throw new AppError('UPDATE_CHECKSUM_MISMATCH', { reason: 'sha512' });
  return { folder, info, channelFile, installer };
}
