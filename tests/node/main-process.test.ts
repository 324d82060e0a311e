import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, methodChannel } from '../../src/api/methods.ts';
import { createElectronMock, fakeWebContents } from '../helpers/electron-mock.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const electron = createElectronMock();
vi.mock('electron', () => electron.module);
vi.mock('electron-squirrel-startup', () => ({ default: false }));

const temp = makeTempDir();
afterEach(() => vi.resetModules());
afterAll(() => temp.cleanup());

async function startMain(appPath?: string) {
  electron.module.app.getPath.mockReturnValue(join(temp.dir, 'userData'));
  if (appPath) electron.module.app.getAppPath.mockReturnValue(appPath);
  await import('../../main/main.ts');
  electron.makeReady();
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
  return electron;
}

const trustedFrame = { url: 'carnet://app/index.html', parent: null };

describe('the Electron main process', () => {
  beforeEach(() => {
    electron.reset();
    vi.stubGlobal('MAIN_WINDOW_VITE_DEV_SERVER_URL', undefined);
    vi.stubGlobal('MAIN_WINDOW_VITE_NAME', 'main_window');
  });

  it('opens one window that is sandboxed, context-isolated and without Node', async () => {
    const { windows } = await startMain();
    const prefs = windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(windows[0]?.url).toBe('carnet://app/index.html');
    expect(electron.module.app.enableSandbox).toHaveBeenCalled();
  });

  it('registers an IPC handler for every contract method and nothing else', async () => {
    const { ipcHandlers } = await startMain();
    expect([...ipcHandlers.keys()].sort()).toEqual(METHOD_NAMES.map(methodChannel).sort());
  });

  it('answers IPC from the app page through the host', async () => {
    const { ipcHandlers } = await startMain();
    const result = await ipcHandlers.get('carnet:app.info')?.({ senderFrame: trustedFrame }, {});
    expect(result).toMatchObject({ ok: true, value: { mode: 'electron' } });
    const invalid = await ipcHandlers.get('carnet:settings.set')?.({ senderFrame: trustedFrame }, { uiLanguage: 3 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it.each([
    ['a frame from another origin', { url: 'https://evil.example/', parent: null }],
    ['a sub-frame of the app', { url: 'carnet://app/index.html', parent: {} }],
    ['a file:// page', { url: 'file:///etc/passwd', parent: null }],
    ['a destroyed frame', null],
    ['a frame with no URL', { url: '', parent: null }],
  ])('refuses IPC from %s before the host sees it', async (_label, frame) => {
    const { ipcHandlers } = await startMain();
    const result = await ipcHandlers.get('carnet:settings.set')?.({ senderFrame: frame }, { uiLanguage: 'ar' });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const settings = await ipcHandlers.get('carnet:settings.get')?.({ senderFrame: trustedFrame }, {});
    expect(settings).toMatchObject({ ok: true, value: { uiLanguage: null } });
  });

  it('denies new windows and navigation for every web contents', async () => {
    const { windows, appHandlers } = await startMain();
    const contents = windows[0]?.webContents;
    expect(contents?.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      contents?.handlers[event]?.({ preventDefault });
      expect(preventDefault, event).toHaveBeenCalled();
    }
    const other = fakeWebContents();
    appHandlers['web-contents-created']?.({}, other);
    expect(other.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check but the camera for the app’s own page', async () => {
    const { session } = await startMain();
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback, { mediaTypes: ['video', 'audio'], requestingUrl: 'carnet://app/index.html' });
    session.permissionRequestHandler?.({}, 'media', callback, { mediaTypes: ['video'], requestingUrl: 'https://example.org/' });
    session.permissionRequestHandler?.({}, 'notifications', callback, { requestingUrl: 'carnet://app/index.html' });
    session.permissionRequestHandler?.({}, 'media', callback, { mediaTypes: ['video'], requestingUrl: 'carnet://app/index.html' });
    expect(callback.mock.calls.map((c) => c[0])).toEqual([false, false, false, true]);
    expect(session.permissionCheckHandler?.({}, 'geolocation')).toBe(false);
  });

  it("adds a CSP starting from default-src 'none' to every response", async () => {
    const { session } = await startMain();
    const callback = vi.fn();
    session.headersHandler?.({ responseHeaders: { 'X-Other': ['1'] } }, callback);
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/^default-src 'none'; script-src 'self'/);
  });

  it('serves the renderer from its own scheme with the CSP, and nothing outside it', async () => {
    const renderer = join(temp.dir, 'app', '.vite', 'renderer', 'main_window');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<html></html>');
    writeFileSync(join(temp.dir, 'app', 'package.json'), '{}');
    const { protocolHandlers } = await startMain(join(temp.dir, 'app'));
    const handler = protocolHandlers.get('carnet');
    const page = (await handler?.({ url: 'carnet://app/index.html', method: 'GET' })) as Response;
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toMatch(/^default-src 'none'/);
    const escape = (await handler?.({ url: 'carnet://app/..%2f..%2fpackage.json', method: 'GET' })) as Response;
    expect(escape.status).toBe(404);
    const otherHost = (await handler?.({ url: 'carnet://evil/index.html', method: 'GET' })) as Response;
    expect(otherHost.status).toBe(404);
  });

  it('quits when another instance already holds the lock', async () => {
    electron.module.app.singleInstance = false;
    await import('../../main/main.ts');
    expect(electron.module.app.quit).toHaveBeenCalled();
    expect(electron.module.app.whenReady).not.toHaveBeenCalled();
  });
});
