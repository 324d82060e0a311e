// Release metadata in the form electron-updater's generic provider reads: one `latest*.yml` per
// platform (version, files with url + sha512 + size, path, sha512, releaseDate), and the
// `app-update.yml` the packaged app carries. Electron Forge writes neither, so Carnet does.
import { dump, load } from 'js-yaml';
import { valid } from 'semver';
import { z } from '../api/zod.ts';

export type ReleasePlatform = 'linux' | 'win32' | 'darwin';

/** The directory in the user's cache where electron-updater keeps a downloaded update. */
export const UPDATER_CACHE_DIR_NAME = 'carnet-updater';

/**
 * The metadata file electron-updater asks for on this platform and architecture (its
 * Provider.getChannelFilePrefix): Windows has no suffix for historical reasons, Linux names
 * architectures other than x64.
 */
export function channelFileName(platform: ReleasePlatform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
}

/** The installer electron-updater installs on each platform, from what Forge's makers produce. */
export const INSTALLER_EXTENSION: Record<ReleasePlatform, string> = { linux: 'deb', win32: 'exe', darwin: 'zip' };

const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
/** A file name in the feed's folder: no path, nothing that could climb out of it. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

export const UpdateFileSchema = z.object({
  url: z.string().regex(FILE_NAME),
  sha512: z.string().regex(SHA512_BASE64),
  size: z.number().int().positive(),
});
export type UpdateFile = z.infer<typeof UpdateFileSchema>;

export const UpdateInfoSchema = z.object({
  version: z.string().refine((v) => valid(v) === v, 'not a semantic version'),
  files: z.array(UpdateFileSchema).min(1),
  path: z.string().regex(FILE_NAME),
  sha512: z.string().regex(SHA512_BASE64),
  releaseDate: z.iso.datetime(),
  releaseNotes: z.string().max(20_000).optional(),
});
export type UpdateInfo = z.infer<typeof UpdateInfoSchema>;

export function buildUpdateInfo(input: { version: string; files: UpdateFile[]; releaseDate: Date; releaseNotes?: string }): UpdateInfo {
  const [first] = input.files;
  if (!first) throw new Error('a release needs at least one file');
  // The legacy top-level path/sha512 name the first file, as electron-builder writes them.
  return UpdateInfoSchema.parse({
    version: input.version,
    files: input.files.map(({ url, sha512, size }) => ({ url, sha512, size })),
    path: first.url,
    sha512: first.sha512,
    releaseDate: input.releaseDate.toISOString(),
    ...(input.releaseNotes ? { releaseNotes: input.releaseNotes } : {}),
  });
}

export function updateInfoToYaml(info: UpdateInfo): string {
  return dump(info, { lineWidth: 8000, noRefs: true });
}

/** Parse metadata text that has already passed its signature check; anything malformed is refused. */
export function parseUpdateInfo(text: string): UpdateInfo | null {
  let value: unknown;
  try {
    value = load(text);
  } catch {
    return null;
  }
  const parsed = UpdateInfoSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * The file of a release this computer installs, as electron-updater's updaters pick it (findFile):
 * the platform's installer type, preferring the one whose name has this architecture.
 */
export function installerFile(info: UpdateInfo, platform: ReleasePlatform, arch: string): UpdateFile | null {
  const extension = `.${INSTALLER_EXTENSION[platform]}`;
  const candidates = info.files.filter((f) => f.url.toLowerCase().endsWith(extension));
  return candidates.find((f) => f.url.includes(arch)) ?? candidates[0] ?? null;
}

/**
 * `app-update.yml`, read by electron-updater from the packaged app's resources folder: the provider
 * it would use by default, and the cache directory for downloads. Carnet always sets its own signed
 * provider at run time; `url` is the feed it starts with until an admin sets another.
 */
export function appUpdateYaml(options: { url: string | null }): string {
  return dump(
    { provider: 'generic', ...(options.url ? { url: options.url } : {}), updaterCacheDirName: UPDATER_CACHE_DIR_NAME },
    { lineWidth: 8000 },
  );
}

/** The default feed from a packaged app's `app-update.yml`, or null. */
export function feedUrlFromAppUpdateYaml(text: string): string | null {
  try {
    const value = load(text) as { url?: unknown } | null;
    return typeof value?.url === 'string' && /^https?:\/\//.test(value.url) ? value.url : null;
  } catch {
    return null;
  }
}
