// A stand-in for the parts of `electron` that main/ uses, recording what main asked of them.
// Electron's binary is not on these machines; main's behaviour is tested against this record.
import { vi } from 'vitest';

type Handler = (...args: unknown[]) => unknown;

export interface FakeWebContents {
  handlers: Record<string, Handler>;
  windowOpenHandler?: Handler;
  on: (event: string, handler: Handler) => FakeWebContents;
  setWindowOpenHandler: (handler: Handler) => void;
  send: ReturnType<typeof vi.fn>;
}

export function fakeWebContents(): FakeWebContents {
  const contents: FakeWebContents = {
    handlers: {},
    on(event, handler) {
      contents.handlers[event] = handler;
      return contents;
    },
    setWindowOpenHandler(handler) {
      contents.windowOpenHandler = handler;
    },
    send: vi.fn(),
  };
  return contents;
}

export function createElectronMock() {
  const windows: { options: Record<string, unknown>; url?: string; webContents: FakeWebContents }[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const appHandlers: Record<string, Handler> = {};
  const session = {
    permissionRequestHandler: undefined as Handler | undefined,
    permissionCheckHandler: undefined as Handler | undefined,
    headersHandler: undefined as Handler | undefined,
    setPermissionRequestHandler: vi.fn((h: Handler) => (session.permissionRequestHandler = h)),
    setPermissionCheckHandler: vi.fn((h: Handler) => (session.permissionCheckHandler = h)),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn((h: Handler) => (session.headersHandler = h)) },
  };
  const protocolHandlers = new Map<string, Handler>();
  let readyResolve: () => void = () => undefined;
  let ready = new Promise<void>((r) => (readyResolve = r));

  class BrowserWindow {
    webContents = fakeWebContents();
    constructor(options: Record<string, unknown>) {
      windows.push({ options, webContents: this.webContents });
    }
    once() {}
    on() {}
    loadURL(url: string) {
      const record = windows.find((w) => w.webContents === this.webContents);
      if (record) record.url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }

  const app = {
    isPackaged: false,
    singleInstance: true,
    requestSingleInstanceLock: vi.fn(() => app.singleInstance),
    quit: vi.fn(),
    exit: vi.fn(),
    enableSandbox: vi.fn(),
    on: vi.fn((event: string, handler: Handler) => {
      appHandlers[event] = handler;
    }),
    whenReady: vi.fn(() => ready),
    getPath: vi.fn(() => '/tmp/carnet-electron-mock'),
    getAppPath: vi.fn(() => '/opt/carnet'),
    getVersion: vi.fn(() => '0.0.0'),
  };

  const module = {
    app,
    BrowserWindow,
    ipcMain: { handle: vi.fn((channel: string, handler: Handler) => ipcHandlers.set(channel, handler)) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler)),
    },
    session: { defaultSession: session },
    contextBridge: { exposeInMainWorld: vi.fn() },
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })) },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  const mock = {
    module,
    windows,
    ipcHandlers,
    appHandlers,
    session,
    protocolHandlers,
    makeReady: () => readyResolve(),
    /** Forget everything recorded, so main can be imported afresh against the same module object. */
    reset() {
      windows.length = 0;
      ipcHandlers.clear();
      protocolHandlers.clear();
      for (const key of Object.keys(appHandlers)) delete appHandlers[key];
      session.permissionRequestHandler = undefined;
      session.permissionCheckHandler = undefined;
      session.headersHandler = undefined;
      ready = new Promise<void>((r) => (readyResolve = r));
      app.singleInstance = true;
      app.isPackaged = false;
      vi.clearAllMocks();
      app.getPath.mockReturnValue('/tmp/carnet-electron-mock');
      app.getAppPath.mockReturnValue('/opt/carnet');
    },
  };
  return mock;
}
