// Electron's main process: lifecycle, the one window, the security policy, and the IPC transport.
// All the work is done by the core (src/), built here exactly as browser mode builds it.
import { join } from 'node:path';
import { app, ipcMain, protocol, session, type BrowserWindow } from 'electron';
import squirrelStartup from 'electron-squirrel-startup';
import { EVENT_CHANNEL } from '../src/api/methods.ts';
import { createCore } from '../src/app/services.ts';
import { contentSecurityPolicy } from '../src/host/csp.ts';
import { createConsoleLogger } from '../src/host/log.ts';
import { APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.ts';
import { registerIpc } from './ipc.ts';
import { hardenWebContents, installSessionPolicy, isTrustedSender } from './security.ts';
import { createPrintWindow } from './print-window.ts';
import { createFileDialog } from './file-dialog.ts';
import { createDesktopUpdates } from './updates.ts';
import { createMainWindow } from './window.ts';

const logger = createConsoleLogger('main');
const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  const csp = contentSecurityPolicy();
  installSessionPolicy(session.defaultSession, csp);
  registerAppProtocol(protocol, join(app.getAppPath(), '.vite', 'renderer', MAIN_WINDOW_VITE_NAME), csp);

  // Packaged, migrations ship as an extra resource; in development they are in the project.
  const migrationsDir = join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'migrations');
  const core = createCore({
    dataDir: process.env.CARNET_DATA_DIR ?? app.getPath('userData'),
    mode: 'electron',
    logger,
    migrationsDir,
    fontsDir: join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'resources', 'fonts'),
    localesDir: join(app.isPackaged ? process.resourcesPath : app.getAppPath(), 'locales'),
    updates: (deps) => createDesktopUpdates({ ...deps, window: () => mainWindow }),
    pickFile: createFileDialog(() => mainWindow),
    printWindow: createPrintWindow(() => mainWindow),
    // Built beside main.cjs by Forge's Vite plugin (forge.config.ts).
    bookletWorker: join(__dirname, 'booklet-worker.cjs'),
    // OCR: the language models ship in resources/ocr/lang; the worker script is unpacked from the archive.
    ...(app.isPackaged && {
      ocrLangPath: join(process.resourcesPath, 'resources', 'ocr', 'lang'),
      ocrWorker: join(app.getAppPath().replace(/app\.asar$/, 'app.asar.unpacked'), 'ocr', 'tesseract-worker.mjs'),
    }),
  });
  // The key leaves memory and the database closes cleanly before the process ends.
  app.on('will-quit', () => core.close());
  registerIpc(ipcMain, core.handlers, (frame) => isTrustedSender(frame, devServerUrl));

  mainWindow = createMainWindow({
    preload: join(__dirname, 'preload.cjs'),
    url: devServerUrl ?? `${APP_ORIGIN}/index.html`,
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  core.events.subscribe((name, payload) => {
    mainWindow?.webContents.send(EVENT_CHANNEL, name, payload);
  });
  // Look for an update shortly after start and then daily; installing waits for an admin's choice.
  core.updates.start();
}

if (squirrelStartup) {
  // Windows installer events (shortcuts); Squirrel starts the app just for these.
  app.quit();
} else if (!app.requestSingleInstanceLock()) {
  // A second instance would open the same encrypted store twice.
  app.quit();
} else {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    logger.error('start-up failed', { error: error instanceof Error ? error.name : 'unknown' });
    app.exit(1);
  });
}
