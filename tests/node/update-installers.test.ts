// Which installer a copy of Carnet updates with, the Windows (Squirrel) updater's download path on the
// real electron-updater, and how the library's failures become Carnet's error codes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/api/errors.ts';
import { writeRelease } from '../../src/release/release-builder.ts';
import { generateReleaseKey } from '../../src/release/signature.ts';
import { SquirrelSetupUpdater } from '../../main/squirrel-updater.ts';
import { createUpdaterEngine, updaterErrorToAppError } from '../../main/update-engine.ts';
import { installKind } from '../../main/updates.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { NodeHttpExecutor, startFeed, TestAppAdapter, writeAppUpdateYaml } from '../helpers/update-feed.ts';

// main/updates.ts imports Electron for its dialog; installKind itself needs none of it.
vi.mock('electron', () => ({ app: {}, dialog: {} }));

const temp = makeTempDir('carnet-installers-');
afterAll(() => temp.cleanup());

describe('the installer a copy updates with', () => {
  it.each([
    ['linux', '/usr/lib/carnet/carnet', true, 'deb'],
    ['linux', '/home/ana/Carnet-linux-x64/carnet', true, null],
    ['linux', '/usr/lib/carnet/carnet', false, null],
    ['win32', 'C:\\Users\\ana\\AppData\\Local\\carnet\\app-0.1.0\\carnet.exe', true, 'squirrel'],
    ['win32', 'C:\\Carnet-win32-x64\\carnet.exe', true, null],
    ['darwin', '/Applications/Carnet.app/Contents/MacOS/Carnet', true, 'mac'],
    ['freebsd', '/usr/local/bin/carnet', true, null],
  ] as const)('%s %s (packaged: %s) -> %s', (platform, execPath, packaged, kind) => {
    expect(installKind(platform, execPath, packaged)).toBe(kind);
  });
});

describe('the Squirrel.Windows updater', () => {
  const release = generateReleaseKey('windows');
  let feed: Awaited<ReturnType<typeof startFeed>>;
  const setup = randomBytes(50_000);
  beforeAll(async () => {
    const made = join(temp.dir, 'made');
    mkdirSync(made);
    writeFileSync(join(made, 'Carnet-0.2.0 Setup.exe'), setup);
    const out = join(temp.dir, 'release');
    await writeRelease({
      artifacts: [
        { source: join(made, 'Carnet-0.2.0 Setup.exe'), platform: 'win32', arch: 'x64', name: 'Carnet-Setup-0.2.0-x64.exe' },
        { source: join(made, 'Carnet-0.2.0 Setup.exe'), platform: 'win32', arch: 'arm64', name: 'Carnet-Setup-0.2.0-arm64.exe' },
      ],
      outDir: out,
      version: '0.2.0',
      releaseDate: new Date('2026-03-01T09:00:00Z'),
      privateKeyPem: release.privateKeyPem,
    });
    feed = await startFeed(out);
  });
  afterAll(() => feed.close());

  it("downloads the Setup.exe from latest.yml through electron-updater's checked download", async () => {
    const adapter = new TestAppAdapter({
      version: '0.1.0',
      appUpdateConfigPath: writeAppUpdateYaml(temp.dir, null),
      userDataPath: join(temp.dir, 'user'),
      baseCachePath: join(temp.dir, 'cache'),
    });
    const updater = new SquirrelSetupUpdater(null, adapter);
    const internals = updater as unknown as { httpExecutor: unknown; _testOnlyOptions: unknown };
    internals.httpExecutor = new NodeHttpExecutor();
    // The provider asks for the Windows metadata file, as on Windows.
    internals._testOnlyOptions = { platform: 'win32' };
    const engine = createUpdaterEngine({ createUpdater: () => updater, canInstall: true, trustedKeys: [release.trusted], currentVersion: '0.1.0' });
    expect(await engine.check(feed.url)).toMatchObject({ available: true, info: { version: '0.2.0' } });
    await engine.download(() => undefined);
    const wanted = process.arch === 'arm64' ? 'Carnet-Setup-0.2.0-arm64.exe' : 'Carnet-Setup-0.2.0-x64.exe';
    expect(feed.requests.map((r) => r.path)).toEqual(['latest.yml', 'latest.yml.sig', wanted]);
    const cached = readFileSync(join(temp.dir, 'cache', 'carnet-updater', 'pending', wanted));
    expect(createHash('sha512').update(cached).digest('hex')).toBe(createHash('sha512').update(setup).digest('hex'));
  });
});

describe("electron-updater's failures", () => {
  it.each([
    [new AppError('UPDATE_UNSIGNED'), 'UPDATE_UNSIGNED'],
    [Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }), 'UPDATE_CHECKSUM_MISMATCH'],
    [Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), 'UPDATE_FEED_UNREACHABLE'],
    [Object.assign(new Error('503'), { code: 'HTTP_ERROR_503' }), 'UPDATE_FEED_UNREACHABLE'],
    [new Error('net::ERR_INTERNET_DISCONNECTED'), 'UPDATE_FEED_UNREACHABLE'],
    [Object.assign(new Error('disk'), { code: 'ENOSPC' }), 'UPDATE_FAILED'],
    ['a string', 'UPDATE_FAILED'],
  ])('%s -> %s, with no message text', (error, code) => {
    const mapped = updaterErrorToAppError(error);
    expect(mapped.code).toBe(code);
    expect(JSON.stringify(mapped.toApiError())).not.toMatch(/mismatch|connect|disk/);
  });
});
