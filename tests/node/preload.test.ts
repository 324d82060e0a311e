import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CarnetBridge } from '../../src/api/bridge.ts';
import { createElectronMock } from '../helpers/electron-mock.ts';

const electron = createElectronMock();
vi.mock('electron', () => electron.module);

let bridge: CarnetBridge;

beforeEach(async () => {
  vi.resetModules();
  electron.module.contextBridge.exposeInMainWorld.mockClear();
  electron.module.ipcRenderer.invoke.mockReset();
  await import('../../main/preload.ts');
  bridge = electron.module.contextBridge.exposeInMainWorld.mock.calls[0]?.[1] as CarnetBridge;
});

describe('the preload', () => {
  it('exposes exactly invoke and on as window.carnet', () => {
    expect(electron.module.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('carnet', expect.anything());
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it.each(['store.dropEverything', 'carnet:app.info', '__proto__', 'app.info ', ''])(
    'refuses the method %j without touching IPC',
    async (method) => {
      expect(await bridge.invoke(method, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      expect(electron.module.ipcRenderer.invoke).not.toHaveBeenCalled();
    },
  );

  it('sends an allowed method on its own channel', async () => {
    electron.module.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { uiLanguage: null } });
    expect(await bridge.invoke('settings.get', {})).toEqual({ ok: true, value: { uiLanguage: null } });
    expect(electron.module.ipcRenderer.invoke).toHaveBeenCalledWith('carnet:settings.get', {});
  });

  it('turns a failed IPC call into TRANSPORT_FAILED', async () => {
    electron.module.ipcRenderer.invoke.mockRejectedValueOnce(new Error('gone'));
    expect(await bridge.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'TRANSPORT_FAILED' } });
  });

  it('refuses to listen to an event outside the allow-list', () => {
    expect(() => bridge.on('ipc:anything', () => undefined)).toThrow();
    expect(electron.module.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('delivers only the event that was asked for, and stops on unsubscribe', () => {
    const listener = vi.fn();
    const off = bridge.on('settings:changed', listener);
    const wrapped = electron.module.ipcRenderer.on.mock.calls[0]?.[1] as (...args: unknown[]) => void;
    wrapped({}, 'other:event', 1);
    wrapped({}, 'settings:changed', { uiLanguage: 'ar' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ uiLanguage: 'ar' });
    off();
    expect(electron.module.ipcRenderer.removeListener).toHaveBeenCalledWith('carnet:event', wrapped);
  });
});
