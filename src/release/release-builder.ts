// From what `npm run make` made (out/make) to a release folder: the installers each platform updates
// from, copied under plain names, one latest*.yml per platform and architecture describing them
// (version, sha512, size, date, notes), and each yml's signature. The folder is served as the update
// feed as it is, or copied to a USB stick.
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { sha512OfFile } from './digest.ts';
import { buildUpdateInfo, channelFileName, updateInfoToYaml, type ReleasePlatform, type UpdateFile, type UpdateInfo } from './metadata.ts';
import { serializeSignature, signMetadata, SIGNATURE_SUFFIX } from './signature.ts';

export interface MadeArtifact {
  /** Where the maker wrote it. */
  source: string;
  platform: ReleasePlatform;
  arch: string;
  /** Its name in the release folder: no spaces, the version and architecture in it. */
  name: string;
}

/** The same order on every machine, whatever its locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * The installers in Forge's output folder for `version`, by the makers' own layout:
 * deb/<arch>/carnet_<version>_<debArch>.deb, squirrel.windows/<arch>/Carnet-<version> Setup.exe,
 * zip/darwin/<arch>/Carnet-darwin-<arch>-<version>.zip. Linux and Windows zips are for installing by
 * hand and are not update sources (the updaters install a .deb or Setup.exe).
 */
export async function findMadeArtifacts(makeDir: string, version: string): Promise<MadeArtifact[]> {
  const found: MadeArtifact[] = [];
  for (const source of await walk(makeDir)) {
    const parts = relative(makeDir, source).split(sep);
    const file = basename(source);
    if (!file.includes(version)) continue;
    const arch = basename(dirname(source));
    if (parts[0] === 'deb' && file.endsWith('.deb')) {
      found.push({ source, platform: 'linux', arch, name: file.replace(/\s+/g, '-') });
    } else if (parts[0] === 'squirrel.windows' && file.endsWith('Setup.exe')) {
      found.push({ source, platform: 'win32', arch, name: `Carnet-Setup-${version}-${arch}.exe` });
    } else if (parts[0] === 'zip' && parts[1] === 'darwin' && file.endsWith('.zip')) {
      found.push({ source, platform: 'darwin', arch, name: file.replace(/\s+/g, '-') });
    }
  }
  return found.sort((a, b) => byCodePoint(a.name, b.name));
}

export interface ReleaseOptions {
  artifacts: readonly MadeArtifact[];
  outDir: string;
  version: string;
  releaseDate: Date;
  releaseNotes?: string;
  privateKeyPem: string;
}

export interface WrittenChannel {
  file: string;
  info: UpdateInfo;
}

/** Copy the installers, write and sign one metadata file per platform and architecture. */
export async function writeRelease(options: ReleaseOptions): Promise<WrittenChannel[]> {
  await mkdir(options.outDir, { recursive: true });
  const channels = new Map<string, UpdateFile[]>();
  for (const artifact of options.artifacts) {
    const target = join(options.outDir, artifact.name);
    await copyFile(artifact.source, target);
    const { sha512, size } = await sha512OfFile(target);
    // Windows and macOS have one metadata file for every architecture; the updater picks its own.
    const channel = channelFileName(artifact.platform, artifact.arch);
    channels.set(channel, [...(channels.get(channel) ?? []), { url: artifact.name, sha512, size }]);
  }
  const written: WrittenChannel[] = [];
  for (const [file, files] of [...channels].sort(([a], [b]) => byCodePoint(a, b))) {
    const info = buildUpdateInfo({ version: options.version, files, releaseDate: options.releaseDate, releaseNotes: options.releaseNotes });
    const content = Buffer.from(updateInfoToYaml(info), 'utf8');
    await writeFile(join(options.outDir, file), content);
    await writeFile(join(options.outDir, `${file}${SIGNATURE_SUFFIX}`), serializeSignature(signMetadata(file, content, options.privateKeyPem)));
    written.push({ file, info });
  }
  return written;
}
