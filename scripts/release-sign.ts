// `npm run release:sign -- --key <release-key.pem> [--notes notes.txt]`: turn what `npm run make`
// made (out/make) into a release folder (out/release): the installers under plain names, one
// latest*.yml per platform, each signed with the release key. It then checks the folder the way the
// app will, with the release keys this tree ships, and fails if the app would refuse it.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../package.json' with { type: 'json' };
import { findMadeArtifacts, writeRelease } from '../src/release/release-builder.ts';
import { verifyReleaseFolder } from '../src/release/release-folder.ts';
import { RELEASE_KEYS, TrustedKeysFileSchema } from '../src/release/trusted-keys.ts';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    key: { type: 'string' },
    'make-dir': { type: 'string', default: join(root, 'out', 'make') },
    out: { type: 'string', default: join(root, 'out', 'release') },
    version: { type: 'string', default: pkg.version },
    notes: { type: 'string' },
    date: { type: 'string' },
    'trusted-keys': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`release:sign: ${message}\n`);
  process.exit(1);
}

const keyFile = values.key ?? process.env.CARNET_RELEASE_KEY_FILE;
if (!keyFile) fail('no release key: pass --key <file.pem> or set CARNET_RELEASE_KEY_FILE');
const privateKeyPem = await readFile(keyFile, 'utf8').catch(() => fail(`cannot read the release key ${keyFile}`));
const version = values.version;
const artifacts = await findMadeArtifacts(resolve(values['make-dir']), version);
if (artifacts.length === 0) fail(`no installers for version ${version} in ${values['make-dir']} (run npm run make first)`);
const releaseNotes = values.notes ? (await readFile(values.notes, 'utf8')).trim() : undefined;
const releaseDate = values.date ? new Date(values.date) : new Date();
if (Number.isNaN(releaseDate.getTime())) fail(`not a date: ${values.date}`);

const outDir = resolve(values.out);
const written = await writeRelease({ artifacts, outDir, version, releaseDate, releaseNotes, privateKeyPem });

const trustedKeys = values['trusted-keys']
  ? TrustedKeysFileSchema.parse(JSON.parse(await readFile(values['trusted-keys'], 'utf8'))).keys
  : RELEASE_KEYS;
for (const artifact of artifacts) {
  try {
    await verifyReleaseFolder(outDir, { platform: artifact.platform, arch: artifact.arch, trustedKeys, currentVersion: '0.0.0' });
  } catch (error) {
    const { code, details } = error as { code?: string; details?: unknown };
    fail(`the app would refuse this release for ${artifact.platform}-${artifact.arch}: ${code ?? String(error)} ${JSON.stringify(details ?? {})}`);
  }
}
for (const { file, info } of written) {
  process.stdout.write(`${file}: ${info.version}, ${info.files.map((f) => `${f.url} (${f.size} bytes)`).join(', ')}\n`);
}
process.stdout.write(`Release ${version} written and verified in ${outDir}\n`);
