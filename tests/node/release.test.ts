// The release tooling: metadata generated from made artifacts exactly as electron-updater's generic
// provider reads it, the Ed25519 signature envelope, `npm run release:sign` and `release:keygen`,
// and the app-update.yml the packaged app carries.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { load } from 'js-yaml';
import { GenericProvider } from 'electron-updater/out/providers/GenericProvider.js';
import { parseUpdateInfo as electronParseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider.js';
import { afterAll, describe, expect, it } from 'vitest';
import { appUpdateYaml, channelFileName, feedUrlFromAppUpdateYaml, UPDATER_CACHE_DIR_NAME } from '../../src/release/metadata.ts';
import { findMadeArtifacts, writeRelease } from '../../src/release/release-builder.ts';
import { verifyReleaseFolder } from '../../src/release/release-folder.ts';
import { generateReleaseKey, keyIdOf, serializeSignature, signMetadata, verifyMetadataSignature } from '../../src/release/signature.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const node = join(root, 'node_modules', '.bin', 'node');
const temp = makeTempDir('carnet-release-');
afterAll(() => temp.cleanup());
const key = generateReleaseKey('test');

/** A real zip archive (stored entries), as the zip maker writes one, built here byte by byte. */
function makeZip(path: string, entries: Record<string, string>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, ...centrals, end]));
}

/** Forge's out/make for 0.2.0: a macOS zip, a deb and a Squirrel Setup.exe, plus an old leftover. */
function makeForgeOutput(dir: string): void {
  const zipDir = join(dir, 'zip', 'darwin', 'arm64');
  mkdirSync(zipDir, { recursive: true });
  makeZip(join(zipDir, 'Carnet-darwin-arm64-0.2.0.zip'), { 'Carnet.app/Contents/Info.plist': '<plist><dict/></plist>', 'Carnet.app/Contents/MacOS/Carnet': 'binary' });
  makeZip(join(zipDir, 'Carnet-darwin-arm64-0.1.0.zip'), { old: 'old' });
  mkdirSync(join(dir, 'deb', 'x64'), { recursive: true });
  writeFileSync(join(dir, 'deb', 'x64', 'carnet_0.2.0_amd64.deb'), 'deb bytes');
  mkdirSync(join(dir, 'squirrel.windows', 'x64'), { recursive: true });
  writeFileSync(join(dir, 'squirrel.windows', 'x64', 'Carnet-0.2.0 Setup.exe'), 'exe bytes');
  writeFileSync(join(dir, 'squirrel.windows', 'x64', 'RELEASES'), 'x');
  mkdirSync(join(dir, 'zip', 'linux', 'x64'), { recursive: true });
  makeZip(join(dir, 'zip', 'linux', 'x64', 'Carnet-linux-x64-0.2.0.zip'), { carnet: 'x' });
}

describe('the release metadata', () => {
  it('describes a made zip exactly as electron-updater reads it', async () => {
    const make = join(temp.dir, 'make');
    makeForgeOutput(make);
    const artifacts = await findMadeArtifacts(make, '0.2.0');
    expect(artifacts.map((a) => [a.platform, a.arch, a.name])).toEqual([
      ['win32', 'x64', 'Carnet-Setup-0.2.0-x64.exe'],
      ['darwin', 'arm64', 'Carnet-darwin-arm64-0.2.0.zip'],
      ['linux', 'x64', 'carnet_0.2.0_amd64.deb'],
    ]);
    const out = join(temp.dir, 'release');
    const written = await writeRelease({ artifacts, outDir: out, version: '0.2.0', releaseDate: new Date('2026-03-01T09:00:00Z'), releaseNotes: 'Line one.\nLine two: café, ελληνικά, العربية.', privateKeyPem: key.privateKeyPem });
    expect(written.map((w) => w.file)).toEqual(['latest-linux.yml', 'latest-mac.yml', 'latest.yml']);

    const zip = join(make, 'zip', 'darwin', 'arm64', 'Carnet-darwin-arm64-0.2.0.zip');
    const text = readFileSync(join(out, 'latest-mac.yml'), 'utf8');
    // electron-updater's own parser and file resolution, as its generic provider uses them.
    const info = electronParseUpdateInfo(text, 'latest-mac.yml', new URL('https://updates.example.org/carnet/latest-mac.yml'));
    expect(info).toEqual({
      version: '0.2.0',
      files: [{ url: 'Carnet-darwin-arm64-0.2.0.zip', sha512: createHash('sha512').update(readFileSync(zip)).digest('base64'), size: statSync(zip).size }],
      path: 'Carnet-darwin-arm64-0.2.0.zip',
      sha512: createHash('sha512').update(readFileSync(zip)).digest('base64'),
      releaseDate: '2026-03-01T09:00:00.000Z',
      releaseNotes: 'Line one.\nLine two: café, ελληνικά, العربية.',
    });
    const [resolved] = resolveFiles(info, new URL('https://updates.example.org/carnet/'));
    expect(resolved?.url.href).toBe('https://updates.example.org/carnet/Carnet-darwin-arm64-0.2.0.zip');
    // The copy in the release folder is the made zip, byte for byte.
    expect(readFileSync(join(out, 'Carnet-darwin-arm64-0.2.0.zip')).equals(readFileSync(zip))).toBe(true);
    expect(readFileSync(join(out, 'latest.yml'), 'utf8')).toContain('url: Carnet-Setup-0.2.0-x64.exe');

    for (const [platform, arch] of [['darwin', 'arm64'], ['linux', 'x64'], ['win32', 'x64']] as const) {
      const verified = await verifyReleaseFolder(out, { platform, arch, trustedKeys: [key.trusted], currentVersion: '0.1.0' });
      expect(verified.info.version).toBe('0.2.0');
    }
  });

  it('names the metadata files as electron-updater asks for them', () => {
    const updater = { channel: null, isAddNoCacheQuery: false };
    for (const [platform, arch] of [['linux', 'x64'], ['linux', 'arm64'], ['win32', 'x64'], ['win32', 'arm64'], ['darwin', 'arm64']] as const) {
      const previous = process.env.TEST_UPDATER_ARCH;
      process.env.TEST_UPDATER_ARCH = arch;
      try {
        const provider = new GenericProvider({ provider: 'generic', url: 'https://x.org/' }, updater as never, { platform, isUseMultipleRangeRequest: false, executor: null as never });
        expect(`${(provider as unknown as { channel: string }).channel}.yml`, `${platform}-${arch}`).toBe(channelFileName(platform, arch));
      } finally {
        if (previous === undefined) delete process.env.TEST_UPDATER_ARCH;
        else process.env.TEST_UPDATER_ARCH = previous;
      }
    }
  });

  it('writes the app-update.yml electron-updater reads from the packaged app', () => {
    const text = appUpdateYaml({ url: 'https://updates.example.org/carnet/' });
    expect(load(text)).toEqual({ provider: 'generic', url: 'https://updates.example.org/carnet/', updaterCacheDirName: UPDATER_CACHE_DIR_NAME });
    expect(feedUrlFromAppUpdateYaml(text)).toBe('https://updates.example.org/carnet/');
    expect(load(appUpdateYaml({ url: null }))).toEqual({ provider: 'generic', updaterCacheDirName: UPDATER_CACHE_DIR_NAME });
    expect(feedUrlFromAppUpdateYaml(appUpdateYaml({ url: null }))).toBeNull();
  });
});

describe('the release signature', () => {
  const content = Buffer.from('version: 0.2.0\n');
  const envelope = signMetadata('latest-linux.yml', content, key.privateKeyPem);

  it('verifies with the trusted key, and names the key by the hash of its public half', () => {
    expect(envelope).toMatchObject({ format: 'carnet-release-signature', version: 1, algorithm: 'ed25519', keyId: key.trusted.keyId, file: 'latest-linux.yml' });
    expect(key.trusted.keyId).toBe(keyIdOf(key.trusted.publicKey));
    expect(verifyMetadataSignature('latest-linux.yml', content, serializeSignature(envelope), [key.trusted])).toEqual(key.trusted);
  });

  it.each([
    ['no signature file', null, 'UPDATE_UNSIGNED', undefined],
    ['an empty signature file', '  ', 'UPDATE_UNSIGNED', undefined],
    ['not JSON', 'garbage', 'UPDATE_SIGNATURE_INVALID', 'unreadable'],
    ['another format', JSON.stringify({ ...envelope, format: 'minisign' }), 'UPDATE_SIGNATURE_INVALID', 'unreadable'],
    ['a future envelope version', JSON.stringify({ ...envelope, version: 2 }), 'UPDATE_SIGNATURE_INVALID', 'unknown-version'],
    ['another algorithm id', JSON.stringify({ ...envelope, algorithm: 'rsa' }), 'UPDATE_SIGNATURE_INVALID', 'unknown-version'],
    ['a signature of another file', JSON.stringify({ ...envelope, file: 'latest.yml' }), 'UPDATE_SIGNATURE_INVALID', 'wrong-file'],
    ['an unknown key id', JSON.stringify({ ...envelope, keyId: '0000000000000000' }), 'UPDATE_SIGNATURE_INVALID', 'untrusted-key'],
    ['a damaged signature', JSON.stringify({ ...envelope, signature: Buffer.alloc(64).toString('base64') }), 'UPDATE_SIGNATURE_INVALID', 'bad-signature'],
    ['a truncated signature', JSON.stringify({ ...envelope, signature: 'AAAA' }), 'UPDATE_SIGNATURE_INVALID', 'bad-signature'],
  ])('refuses %s', (_label, text, code, reason) => {
    expect(() => verifyMetadataSignature('latest-linux.yml', content, text, [key.trusted])).toThrow(
      expect.objectContaining({ code, ...(reason ? { details: { reason } } : {}) }),
    );
  });

  it('refuses a trusted-list entry whose key id does not match its key', () => {
    const forged = { keyId: key.trusted.keyId, publicKey: generateReleaseKey().trusted.publicKey };
    expect(() => verifyMetadataSignature('latest-linux.yml', content, serializeSignature(envelope), [forged])).toThrow(expect.objectContaining({ details: { reason: 'untrusted-key' } }));
  });
});

describe('the release commands', () => {
  function run(script: string, args: string[]) {
    return spawnSync(node, [join(root, 'scripts', script), ...args], { encoding: 'utf8', cwd: root });
  }

  it('release:keygen writes a private key only its owner reads, never over an existing one, and trusts it on request', () => {
    const dir = join(temp.dir, 'keygen');
    mkdirSync(dir);
    const keys = join(dir, 'trusted-keys.json');
    writeFileSync(keys, '{"keys":[]}\n');
    const made = run('release-keygen.ts', ['--out', join(dir, 'release.pem'), '--trust', '--trusted-keys', keys, '--comment', 'Carnet releases 2026']);
    expect(made.status, made.stderr).toBe(0);
    expect(statSync(join(dir, 'release.pem')).mode & 0o777).toBe(0o600);
    const trusted = JSON.parse(readFileSync(keys, 'utf8')) as { keys: { keyId: string; comment: string }[] };
    expect(trusted.keys).toEqual([expect.objectContaining({ comment: 'Carnet releases 2026' })]);
    const again = run('release-keygen.ts', ['--out', join(dir, 'release.pem')]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('never overwritten');
  });

  it('release:sign turns out/make into a signed, verified release folder', () => {
    const dir = join(temp.dir, 'sign');
    mkdirSync(dir);
    makeForgeOutput(join(dir, 'make'));
    writeFileSync(join(dir, 'key.pem'), key.privateKeyPem);
    writeFileSync(join(dir, 'trusted.json'), JSON.stringify({ keys: [key.trusted] }));
    writeFileSync(join(dir, 'notes.txt'), 'Fixes the vitals chart.\n');
    const args = ['--key', join(dir, 'key.pem'), '--make-dir', join(dir, 'make'), '--out', join(dir, 'out'), '--version', '0.2.0', '--notes', join(dir, 'notes.txt')];
    const signed = run('release-sign.ts', [...args, '--trusted-keys', join(dir, 'trusted.json')]);
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('Release 0.2.0 written and verified');
    expect(load(readFileSync(join(dir, 'out', 'latest-linux.yml'), 'utf8'))).toMatchObject({ version: '0.2.0', releaseNotes: 'Fixes the vitals chart.' });

    // Signed with a key this tree does not ship: the app would refuse it, so the command fails.
    const untrusted = run('release-sign.ts', [...args, '--out', join(dir, 'out-untrusted')]);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toContain('untrusted-key');
    expect(run('release-sign.ts', ['--make-dir', join(dir, 'make')]).stderr).toContain('no release key');
  });
});
