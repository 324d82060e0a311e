// Updates in the Electron main process, with `electron` mocked: the packaged app (deb-installed) looks
// for an update shortly after start and then daily at the feed its app-update.yml names, tells the
// window, and does what an admin asks over IPC: download, "Restart and install", the folder dialog,
// a USB folder. electron-updater is the real DebUpdater with a test app adapter in place of
// Electron's (the one thing that needs the binary) and its `quitAndInstall` recorded.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type * as ElectronUpdater from 'electron-updater';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL } from '../../src/api/methods.ts';
import { generateReleaseKey } from '../../src/release/signature.ts';
import { createElectronMock } from '../helpers/electron-mock.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { makeRelease, startFeed, writeAppUpdateYaml } from '../helpers/update-feed.ts';

const electron = createElectronMock();
const release = generateReleaseKey('main test');
const temp = makeTempDir('carnet-main-updates-');
const installs: unknown[][] = [];

vi.mock('electron', () => electron.module);
vi.mock('electron-squirrel-startup', () => ({ default: false }));
vi.mock('../../src/release/trusted-keys.ts', () => ({ RELEASE_KEYS: [release.trusted] }));
vi.mock('electron-updater', async (importOriginal) => {
  const real = await importOriginal<typeof ElectronUpdater>();
  const { NodeHttpExecutor, TestAppAdapter } = await import('../helpers/update-feed.ts');
  class DebUpdater extends real.DebUpdater {
    constructor() {
      super(
        null,
        new TestAppAdapter({
          version: '0.1.0',
          appUpdateConfigPath: join(temp.dir, 'resources', 'app-update.yml'),
          userDataPath: join(temp.dir, 'userData'),
          baseCachePath: join(temp.dir, 'cache'),
        }),
      );
      (this as unknown as { httpExecutor: unknown }).httpExecutor = new NodeHttpExecutor();
    }
    override quitAndInstall(...args: unknown[]) {
      installs.push(args);
    }
  }
  // Named, not spread: reading electron-updater's `autoUpdater` getter would load Electron.
  return { BaseUpdater: real.BaseUpdater, Provider: real.Provider, MacUpdater: real.MacUpdater, DebUpdater };
});

const root = join(import.meta.dirname, '..', '..');
const resources = join(temp.dir, 'resources');
let feed: Awaited<ReturnType<typeof startFeed>>;
let usb: Awaited<ReturnType<typeof makeRelease>>;
const savedExecPath = process.execPath;
const savedResourcesPath = process.resourcesPath;
const trusted = { senderFrame: { url: 'carnet://app/index.html', parent: null } };

function invoke(method: string, input: unknown = {}) {
  const handler = electron.ipcHandlers.get(`carnet:${method}`);
  if (!handler) throw new Error(`no IPC handler for ${method}`);
  return handler(trusted, input) as Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string } }>;
}

function updateEvents(): Record<string, unknown>[] {
  const send = electron.windows[0]?.webContents.send;
  return (send?.mock.calls ?? []).filter(([channel, name]) => channel === EVENT_CHANNEL && name === 'update:changed').map(([, , payload]) => payload as Record<string, unknown>);
}

beforeAll(async () => {
  const made = await makeRelease(join(temp.dir, 'made'), '0.2.0', release.privateKeyPem);
  feed = await startFeed(made.dir);
  usb = await makeRelease(join(temp.dir, 'usb'), '0.3.0', release.privateKeyPem, 'Brought on a USB stick.');
  mkdirSync(resources);
  mkdirSync(join(temp.dir, 'userData'));
  writeAppUpdateYaml(resources, feed.url);
  symlinkSync(join(root, 'migrations'), join(resources, 'migrations'));

  // A packaged app installed from the .deb.
  electron.reset();
  electron.module.app.isPackaged = true;
  electron.module.app.getPath.mockReturnValue(join(temp.dir, 'userData'));
  process.execPath = '/usr/lib/carnet/carnet';
  (process as { resourcesPath: string }).resourcesPath = resources;
  vi.stubGlobal('MAIN_WINDOW_VITE_DEV_SERVER_URL', undefined);
  vi.stubGlobal('MAIN_WINDOW_VITE_NAME', 'main_window');
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
  await import('../../main/main.ts');
  electron.makeReady();
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  const created = await invoke('setup.createCentre', {
    centre: { name: 'Lesvos', country: 'GR', code: 'GR-LES' },
    admin: { username: 'admin', displayName: 'Admin', password: 'a long admin password' },
  });
  expect(created.ok, JSON.stringify(created)).toBe(true);
});

afterAll(async () => {
  vi.useRealTimers();
  electron.appHandlers['will-quit']?.();
  process.execPath = savedExecPath;
  (process as { resourcesPath: string }).resourcesPath = savedResourcesPath;
  await feed.close();
  temp.cleanup();
});

describe('updates in the desktop app', () => {
  it('checks the shipped feed shortly after start and then daily, and tells the window', async () => {
    expect(await invoke('update.status')).toMatchObject({
      ok: true,
      value: { state: 'idle', canInstall: true, canPickFolder: true, currentVersion: '0.1.0', feedUrl: feed.url, feedUrlIsSetting: false },
    });
    expect(feed.requests).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.waitFor(async () => expect(await invoke('update.status')).toMatchObject({ value: { state: 'available', update: { version: '0.2.0' } } }));
    expect(feed.requests.map((r) => r.path).sort()).toEqual(['latest-linux.yml', 'latest-linux.yml.sig']);
    expect(updateEvents().map((e) => e.state)).toEqual(['checking', 'available']);

    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    await vi.waitFor(() => expect(feed.requests).toHaveLength(4));
    // A day passed: the idle lock closed the store meanwhile. The update found is still there.
    expect(await invoke('session.login', { username: 'admin', password: 'a long admin password' })).toMatchObject({ ok: true });
    expect(await invoke('update.status')).toMatchObject({ value: { state: 'available' } });
  });

  it('downloads when an admin asks, and installs only on "Restart and install"', async () => {
    expect(await invoke('update.installOnRestart', { confirm: true })).toMatchObject({ ok: false, error: { code: 'UPDATE_NOT_READY' } });
    expect(await invoke('update.download')).toMatchObject({ ok: true, value: { state: 'downloaded', update: { version: '0.2.0' } } });
    expect(updateEvents().some((e) => e.state === 'downloading')).toBe(true);
    expect(installs).toEqual([]);
    // The window must ask first: the input carries the user's confirmation.
    expect(await invoke('update.installOnRestart', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke('update.installOnRestart', { confirm: true })).toEqual({ ok: true, value: {} });
    expect(installs).toEqual([[true, true]]);
  });

  it('opens the system folder dialog for a USB update, and prepares the update the folder holds', async () => {
    electron.module.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [usb.dir] });
    expect(await invoke('update.pickFolder')).toEqual({ ok: true, value: { folder: usb.dir } });
    expect(electron.module.dialog.showOpenDialog).toHaveBeenCalledWith(expect.anything(), { properties: ['openDirectory'] });
    expect(await invoke('update.pickFolder')).toEqual({ ok: true, value: { folder: null } });
    const requestsBefore = feed.requests.length;
    expect(await invoke('update.fromFolder', { folder: usb.dir })).toMatchObject({
      ok: true,
      value: { state: 'downloaded', source: 'folder', update: { version: '0.3.0', releaseNotes: 'Brought on a USB stick.' } },
    });
    expect(feed.requests).toHaveLength(requestsBefore);
  });

  it('keeps the feed an admin sets and writes the change to the access log', async () => {
    expect(await invoke('update.setFeedUrl', { url: 'javascript:alert(1)' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke('update.setFeedUrl', { url: 'https://updates.example.org/carnet/' })).toMatchObject({
      ok: true,
      value: { feedUrl: 'https://updates.example.org/carnet/', feedUrlIsSetting: true },
    });
    const log = await invoke('audit.list', { method: 'update.setFeedUrl' });
    expect(JSON.stringify(log)).toContain('update.setFeedUrl');
  });
});
