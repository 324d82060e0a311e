// The update flow end to end without Electron's binary: Carnet's update service driving the real
// electron-updater (DebUpdater, its download and sha512 check, its install-on-quit logic) through
// Carnet's signed feed provider, against a generic feed on loopback and against USB folders.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../src/api/schemas/update.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { channelFileName } from '../../src/release/metadata.ts';
import { generateReleaseKey, serializeSignature, signMetadata } from '../../src/release/signature.ts';
import { createUpdateService, type UpdateController, type UpdateEngine } from '../../src/release/update.service.ts';
import { createUpdaterEngine } from '../../main/update-engine.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { RecordingDebUpdater } from '../helpers/recording-updater.ts';
import { makeRelease, standInForElectronRequire, startFeed, TestAppAdapter, writeAppUpdateYaml } from '../helpers/update-feed.ts';

const CURRENT = '0.1.0';
const CHANNEL = channelFileName('linux', process.arch);
const release = generateReleaseKey('test release key');
const stranger = generateReleaseKey('someone else');

const temp = makeTempDir('carnet-updates-');
let feed: Awaited<ReturnType<typeof startFeed>>;
const feedDir = join(temp.dir, 'feed');
const electronRequire = standInForElectronRequire();

beforeAll(async () => {
  feed = await startFeed(feedDir);
});
afterAll(async () => {
  await feed.close();
  electronRequire.restore();
  temp.cleanup();
});

/** Put a release folder's files on the feed (replacing what was there). */
function publish(dir: string): void {
  rmSync(feedDir, { recursive: true, force: true });
  mkdirSync(feedDir, { recursive: true });
  for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(feedDir, file));
}

interface Harness {
  service: UpdateController;
  updater: RecordingDebUpdater;
  adapter: TestAppAdapter;
  statuses: UpdateStatus[];
  cacheDir: string;
}

let counter = 0;
const services: UpdateController[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  feed.requests.length = 0;
});

function harness(options: { engine?: 'real' | 'none'; feedUrl?: string | null } = {}): Harness {
  const dir = join(temp.dir, `app-${(counter += 1)}`);
  mkdirSync(dir, { recursive: true });
  const adapter = new TestAppAdapter({
    version: CURRENT,
    appUpdateConfigPath: writeAppUpdateYaml(dir, null),
    userDataPath: join(dir, 'user'),
    baseCachePath: join(dir, 'cache'),
  });
  const updater = new RecordingDebUpdater(adapter);
  const engine: UpdateEngine | null =
    options.engine === 'none' ? null : createUpdaterEngine({ createUpdater: () => updater, canInstall: true, trustedKeys: [release.trusted], currentVersion: CURRENT });
  const statuses: UpdateStatus[] = [];
  const service = createUpdateService({
    dataDir: join(dir, 'data'),
    currentVersion: CURRENT,
    platform: 'linux',
    arch: process.arch,
    trustedKeys: [release.trusted],
    defaultFeedUrl: options.feedUrl === undefined ? feed.url : options.feedUrl,
    engine,
    onChange: (status) => statuses.push(status),
    logger: SILENT_LOGGER,
  });
  services.push(service);
  return { service, updater, adapter, statuses, cacheDir: join(dir, 'cache', 'carnet-updater') };
}

function sha512(path: string): string {
  return createHash('sha512').update(readFileSync(path)).digest('base64');
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as { code: string; details?: Record<string, unknown> },
  );
  expect(error, 'expected a refusal').not.toBeNull();
  return { code: error?.code, details: error?.details };
}

describe('updates from the signed feed', () => {
  it('finds a signed update, downloads it with its sha512 checked, and installs it only on "Restart and install"', async () => {
    const made = await makeRelease(join(temp.dir, 'found'), '0.2.0', release.privateKeyPem);
    publish(made.dir);
    const { service, updater, adapter, statuses, cacheDir } = harness();

    const found = await service.check();
    expect(found).toMatchObject({
      state: 'available',
      source: 'feed',
      currentVersion: CURRENT,
      canInstall: true,
      update: { version: '0.2.0', releaseNotes: 'Vitals chart shows the units.', size: 300_000, releaseDate: '2026-03-01T09:00:00.000Z' },
      error: null,
    });
    // The metadata and its signature were fetched; the installer not yet.
    expect(feed.requests.map((r) => r.path).sort()).toEqual([CHANNEL, `${CHANNEL}.sig`]);
    // No per-installation id goes to the update server.
    expect(feed.requests.every((r) => r.headers['x-user-staging-id'] === undefined)).toBe(true);

    const downloaded = await service.download();
    expect(downloaded).toMatchObject({ state: 'downloaded', progress: null, update: { version: '0.2.0' } });
    expect(statuses.some((s) => s.state === 'downloading' && s.progress !== null)).toBe(true);
    const cached = join(cacheDir, 'pending', made.artifact.name);
    expect(sha512(cached)).toBe(made.written[0]?.info.files[0]?.sha512);

    // Closing Carnet in the middle of the day does not install anything.
    adapter.emitQuit(0);
    expect(updater.installs).toEqual([]);

    await service.installOnRestart();
    expect(updater.installs).toHaveLength(1);
    expect(updater.installs[0]?.file).toBe(cached);
    expect(updater.installs[0]?.options).toMatchObject({ isSilent: true, isForceRunAfter: true });
    await vi.waitFor(() => expect(adapter.quits).toBe(1));
  });

  it('reports that the running version is current when the feed offers it', async () => {
    publish((await makeRelease(join(temp.dir, 'same'), CURRENT, release.privateKeyPem)).dir);
    const { service } = harness();
    expect(await service.check()).toMatchObject({ state: 'up-to-date', update: null, error: null, lastCheckedAt: expect.any(String) });
    await expect(service.download()).rejects.toMatchObject({ code: 'UPDATE_NOT_READY' });
  });

  it('refuses an installer whose bytes differ from the signed metadata (sha512)', async () => {
    const made = await makeRelease(join(temp.dir, 'tampered'), '0.2.0', release.privateKeyPem);
    publish(made.dir);
    const served = join(feedDir, made.artifact.name);
    const bytes = readFileSync(served);
    bytes[1000] = (bytes[1000] ?? 0) ^ 0xff;
    writeFileSync(served, bytes);
    const { service, updater, cacheDir } = harness();

    expect(await service.check()).toMatchObject({ state: 'available' });
    expect(await failure(service.download())).toMatchObject({ code: 'UPDATE_CHECKSUM_MISMATCH' });
    expect(await service.status()).toMatchObject({ state: 'error', error: { code: 'UPDATE_CHECKSUM_MISMATCH', messageKey: 'errors:updateChecksumMismatch' } });
    expect(existsSync(join(cacheDir, 'pending', made.artifact.name))).toBe(false);
    expect(await failure(service.installOnRestart())).toMatchObject({ code: 'UPDATE_NOT_READY' });
    expect(updater.installs).toEqual([]);
  });

  it('refuses metadata that has no signature, before electron-updater sees it', async () => {
    const made = await makeRelease(join(temp.dir, 'unsigned'), '0.2.0', release.privateKeyPem);
    publish(made.dir);
    rmSync(join(feedDir, `${CHANNEL}.sig`));
    const { service } = harness();
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_UNSIGNED' });
    expect(await service.status()).toMatchObject({ state: 'error', update: null, error: { code: 'UPDATE_UNSIGNED' } });
    expect(feed.requests.map((r) => r.path)).not.toContain(made.artifact.name);
  });

  it('refuses metadata signed with a key Carnet does not trust', async () => {
    publish((await makeRelease(join(temp.dir, 'stranger'), '0.2.0', stranger.privateKeyPem)).dir);
    const { service } = harness();
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_SIGNATURE_INVALID', details: { reason: 'untrusted-key' } });
  });

  it('refuses metadata changed after it was signed', async () => {
    const made = await makeRelease(join(temp.dir, 'edited'), '0.2.0', release.privateKeyPem);
    publish(made.dir);
    // An attacker points the signed description at their own file.
    const evil = Buffer.from('not carnet');
    const yml = readFileSync(join(feedDir, CHANNEL), 'utf8').replaceAll(made.written[0]?.info.sha512 ?? '', createHash('sha512').update(evil).digest('base64'));
    writeFileSync(join(feedDir, CHANNEL), yml);
    const { service } = harness();
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_SIGNATURE_INVALID', details: { reason: 'bad-signature' } });
  });

  it("refuses another platform's signed metadata served under this platform's name", async () => {
    const made = await makeRelease(join(temp.dir, 'swapped'), '0.2.0', release.privateKeyPem);
    publish(made.dir);
    const content = readFileSync(join(feedDir, CHANNEL));
    writeFileSync(join(feedDir, `${CHANNEL}.sig`), serializeSignature(signMetadata('latest.yml', content, release.privateKeyPem)));
    const { service } = harness();
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_SIGNATURE_INVALID', details: { reason: 'wrong-file' } });
  });

  it('refuses a downgrade even when it is properly signed', async () => {
    publish((await makeRelease(join(temp.dir, 'older'), '0.0.9', release.privateKeyPem)).dir);
    const { service } = harness();
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_DOWNGRADE', details: { offered: '0.0.9', current: CURRENT } });
  });

  it('says when the update server cannot be reached, and when no feed is set', async () => {
    const closed = await startFeed(feedDir);
    await closed.close();
    expect(await failure(harness({ feedUrl: closed.url }).service.check())).toMatchObject({ code: 'UPDATE_FEED_UNREACHABLE' });
    expect(await failure(harness({ feedUrl: null }).service.check())).toMatchObject({ code: 'UPDATE_NO_FEED' });
  });
});

describe('updates from a USB folder', () => {
  it('verifies the signature and the sha512, then prepares the install through the same updater', async () => {
    const made = await makeRelease(join(temp.dir, 'usb-good'), '0.3.0', release.privateKeyPem);
    const { service, updater, adapter, cacheDir } = harness({ feedUrl: null });
    const status = await service.fromFolder({ folder: made.dir });
    expect(status).toMatchObject({ state: 'downloaded', source: 'folder', folder: made.dir, update: { version: '0.3.0', size: 300_000 }, error: null });
    expect(sha512(join(cacheDir, 'pending', made.artifact.name))).toBe(sha512(made.artifact.source));
    // Nothing went to the network feed.
    expect(feed.requests).toEqual([]);
    await service.installOnRestart();
    expect(updater.installs[0]?.file).toBe(join(cacheDir, 'pending', made.artifact.name));
    await vi.waitFor(() => expect(adapter.quits).toBe(1));
  });

  it('refuses a folder whose installer was changed, before anything is copied', async () => {
    const made = await makeRelease(join(temp.dir, 'usb-tampered'), '0.3.0', release.privateKeyPem);
    const installer = join(made.dir, made.artifact.name);
    const bytes = readFileSync(installer);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    writeFileSync(installer, bytes);
    const { service, cacheDir } = harness({ feedUrl: null });
    expect(await failure(service.fromFolder({ folder: made.dir }))).toMatchObject({ code: 'UPDATE_CHECKSUM_MISMATCH', details: { reason: 'sha512' } });
    expect(await service.status()).toMatchObject({ state: 'error', source: 'folder', error: { code: 'UPDATE_CHECKSUM_MISMATCH' } });
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('refuses an unsigned folder, a wrongly signed one and an older version', async () => {
    const unsigned = await makeRelease(join(temp.dir, 'usb-unsigned'), '0.3.0', release.privateKeyPem);
    rmSync(join(unsigned.dir, `${CHANNEL}.sig`));
    const foreign = await makeRelease(join(temp.dir, 'usb-foreign'), '0.3.0', stranger.privateKeyPem);
    const older = await makeRelease(join(temp.dir, 'usb-older'), '0.0.5', release.privateKeyPem);
    const { service, cacheDir } = harness({ feedUrl: null });
    expect(await failure(service.fromFolder({ folder: unsigned.dir }))).toMatchObject({ code: 'UPDATE_UNSIGNED' });
    expect(await failure(service.fromFolder({ folder: foreign.dir }))).toMatchObject({ code: 'UPDATE_SIGNATURE_INVALID', details: { reason: 'untrusted-key' } });
    expect(await failure(service.fromFolder({ folder: older.dir }))).toMatchObject({ code: 'UPDATE_DOWNGRADE', details: { offered: '0.0.5' } });
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('says when a folder holds no release for this computer', async () => {
    const empty = join(temp.dir, 'usb-empty');
    mkdirSync(empty, { recursive: true });
    const { service } = harness({ feedUrl: null });
    expect(await failure(service.fromFolder({ folder: empty }))).toMatchObject({ code: 'UPDATE_FOLDER_INVALID', details: { reason: 'no-metadata' } });
    expect(await failure(service.fromFolder({ folder: join(temp.dir, 'no-such-folder') }))).toMatchObject({ code: 'UPDATE_FOLDER_INVALID', details: { reason: 'not-a-folder' } });
    const noInstaller = await makeRelease(join(temp.dir, 'usb-no-installer'), '0.3.0', release.privateKeyPem);
    rmSync(join(noInstaller.dir, noInstaller.artifact.name));
    expect(await failure(service.fromFolder({ folder: noInstaller.dir }))).toMatchObject({ code: 'UPDATE_FOLDER_INVALID', details: { reason: 'installer-missing' } });
  });

  it('in browser mode verifies a folder and shows the update, but installs nothing', async () => {
    const made = await makeRelease(join(temp.dir, 'usb-browser'), '0.3.0', release.privateKeyPem);
    const { service } = harness({ engine: 'none', feedUrl: null });
    expect(await service.status()).toMatchObject({ canInstall: false, canPickFolder: false, state: 'idle' });
    expect(await service.fromFolder({ folder: made.dir })).toMatchObject({ state: 'available', source: 'folder', update: { version: '0.3.0' } });
    expect(await failure(service.download())).toMatchObject({ code: 'UPDATE_UNSUPPORTED' });
    expect(await failure(service.installOnRestart())).toMatchObject({ code: 'UPDATE_UNSUPPORTED' });
    expect(await failure(service.check())).toMatchObject({ code: 'UPDATE_UNSUPPORTED' });
    expect(await failure(service.pickFolder())).toMatchObject({ code: 'UPDATE_UNSUPPORTED' });
  });
});

describe('the update service', () => {
  it('keeps the feed address an admin sets, and goes back to the shipped one when it is cleared', async () => {
    const dataDir = join(temp.dir, 'feed-setting');
    const make = () =>
      createUpdateService({
        dataDir,
        currentVersion: CURRENT,
        platform: 'linux',
        arch: process.arch,
        trustedKeys: [],
        defaultFeedUrl: 'https://updates.example.org/carnet/',
        engine: null,
        onChange: () => undefined,
        logger: SILENT_LOGGER,
      });
    expect(await make().status()).toMatchObject({ feedUrl: 'https://updates.example.org/carnet/', feedUrlIsSetting: false });
    await make().setFeedUrl({ url: 'http://192.168.1.10/carnet/' });
    expect(await make().status()).toMatchObject({ feedUrl: 'http://192.168.1.10/carnet/', feedUrlIsSetting: true });
    await make().setFeedUrl({ url: null });
    expect(await make().status()).toMatchObject({ feedUrl: 'https://updates.example.org/carnet/', feedUrlIsSetting: false });
  });

  describe('in the background', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    function withEngine(engine: UpdateEngine) {
      const service = createUpdateService({
        dataDir: join(temp.dir, `background-${(counter += 1)}`),
        currentVersion: CURRENT,
        platform: 'linux',
        arch: process.arch,
        trustedKeys: [],
        defaultFeedUrl: 'https://updates.example.org/carnet/',
        engine,
        onChange: () => undefined,
        logger: SILENT_LOGGER,
      });
      services.push(service);
      return service;
    }

    const info = { version: '0.2.0', files: [], path: 'x.deb', sha512: '', releaseDate: '2026-03-01T09:00:00.000Z' };

    it('checks shortly after start and then once a day', async () => {
      const check = vi.fn(async () => ({ info, available: true }));
      const service = withEngine({ canInstall: true, check, download: vi.fn(), quitAndInstall: vi.fn() });
      service.start({ firstDelayMs: 30_000 });
      await vi.advanceTimersByTimeAsync(29_000);
      expect(check).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1_000);
      // The check reads the feed setting from disk first: real I/O, not a timer.
      await vi.waitFor(() => expect(check).toHaveBeenCalledTimes(1));
      expect(check).toHaveBeenCalledWith('https://updates.example.org/carnet/');
      await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
      await vi.waitFor(() => expect(check).toHaveBeenCalledTimes(2));
      expect(await service.status()).toMatchObject({ state: 'available', update: { version: '0.2.0' } });
    });

    it('never downloads or installs on its own, and does not disturb a downloaded update', async () => {
      const check = vi.fn(async () => ({ info, available: true }));
      const download = vi.fn(async () => undefined);
      const quitAndInstall = vi.fn();
      const service = withEngine({ canInstall: true, check, download, quitAndInstall });
      service.start({ firstDelayMs: 0, intervalMs: 1_000 });
      await vi.advanceTimersByTimeAsync(5_000);
      await vi.waitFor(() => expect(check).toHaveBeenCalled());
      await vi.waitFor(async () => expect(await service.status()).toMatchObject({ state: 'available' }));
      expect(download).not.toHaveBeenCalled();
      expect(quitAndInstall).not.toHaveBeenCalled();
      await service.download();
      const checks = check.mock.calls.length;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(check).toHaveBeenCalledTimes(checks);
      expect(await service.status()).toMatchObject({ state: 'downloaded' });
      expect(quitAndInstall).not.toHaveBeenCalled();
    });
  });
});
