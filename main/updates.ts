// Updates in the desktop app: which of electron-updater's installers fits how this copy was
// installed, the feed the installer shipped with, and the system's folder dialog for USB updates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { DebUpdater, MacUpdater, type AppUpdater } from 'electron-updater';
import { APP_VERSION } from '../src/app/version.ts';
import type { UpdateStatus } from '../src/api/schemas/update.ts';
import type { Logger } from '../src/host/log.ts';
import { feedUrlFromAppUpdateYaml, type ReleasePlatform } from '../src/release/metadata.ts';
import { RELEASE_KEYS } from '../src/release/trusted-keys.ts';
import { createUpdateService, type UpdateController } from '../src/release/update.service.ts';
import { SquirrelSetupUpdater } from './squirrel-updater.ts';
import { createUpdaterEngine } from './update-engine.ts';

/** How this copy was installed, as far as updating goes; null where it cannot replace itself. */
export type InstallKind = 'deb' | 'squirrel' | 'mac' | null;

export function installKind(platform: NodeJS.Platform, execPath: string, isPackaged: boolean): InstallKind {
  if (!isPackaged) return null;
  // Forge's deb maker installs to /usr/lib/<name>/; the zip can be unpacked anywhere and is replaced by hand.
  if (platform === 'linux') return execPath.startsWith('/usr/lib/carnet/') ? 'deb' : null;
  // Squirrel.Windows runs each version from %LOCALAPPDATA%\carnet\app-<version>\.
  if (platform === 'win32') return /[\\/]app-\d+\.\d+\.\d+[^\\/]*[\\/]carnet\.exe$/i.test(execPath) ? 'squirrel' : null;
  // Squirrel.Mac (electron-updater's MacUpdater) needs a code-signed app.
  if (platform === 'darwin') return 'mac';
  return null;
}

function createUpdater(platform: NodeJS.Platform): AppUpdater {
  if (platform === 'win32') return new SquirrelSetupUpdater();
  if (platform === 'darwin') return new MacUpdater();
  return new DebUpdater();
}

function shippedFeedUrl(): string | null {
  if (!app.isPackaged) return process.env.CARNET_UPDATE_URL ?? null;
  try {
    return feedUrlFromAppUpdateYaml(readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8'));
  } catch {
    return null;
  }
}

export function createDesktopUpdates(deps: {
  dataDir: string;
  onChange: (status: UpdateStatus) => void;
  logger: Logger;
  window: () => BrowserWindow | null;
}): UpdateController {
  const platform: ReleasePlatform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  const kind = installKind(process.platform, process.execPath, app.isPackaged);
  const engine = createUpdaterEngine({
    createUpdater: () => createUpdater(process.platform),
    canInstall: kind !== null,
    trustedKeys: RELEASE_KEYS,
    currentVersion: APP_VERSION,
  });
  return createUpdateService({
    dataDir: deps.dataDir,
    currentVersion: APP_VERSION,
    platform,
    arch: process.arch,
    trustedKeys: RELEASE_KEYS,
    defaultFeedUrl: shippedFeedUrl(),
    engine,
    async pickFolder() {
      const window = deps.window();
      const options = { properties: ['openDirectory' as const] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    onChange: deps.onChange,
    logger: deps.logger,
  });
}
