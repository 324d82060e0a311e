// Windows: Forge's Squirrel maker makes `Setup.exe`, which electron-updater does not know (its
// Windows updater expects NSIS). This updater keeps electron-updater's whole download path (signed
// feed, sha512 check, cache) and only replaces the install: run the verified Setup.exe, which
// installs the new version beside the current one and starts it.
import { spawn } from 'node:child_process';
import type { AllPublishOptions } from 'builder-util-runtime';
import { BaseUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { DownloadUpdateOptions } from 'electron-updater/out/AppUpdater.js';
import type { InstallOptions } from 'electron-updater/out/BaseUpdater.js';
import { findFile } from 'electron-updater/out/providers/Provider.js';

interface Downloader {
  download(url: URL, destination: string, options: unknown): Promise<string>;
}

export class SquirrelSetupUpdater extends BaseUpdater {
  constructor(options?: AllPublishOptions | null, app?: AppAdapter) {
    super(options, app);
  }

  protected doDownloadUpdate(options: DownloadUpdateOptions) {
    const provider = options.updateInfoAndProvider.provider;
    const fileInfo = findFile(provider.resolveFiles(options.updateInfoAndProvider.info), 'exe');
    if (!fileInfo) throw new Error('no Setup.exe in the release');
    // The executor is internal to electron-updater (not in its typings) but set on every updater.
    const executor = (this as unknown as { httpExecutor: Downloader }).httpExecutor;
    return this.executeDownload({
      fileExtension: 'exe',
      fileInfo,
      downloadUpdateOptions: options,
      task: async (destination, downloadOptions) => {
        await executor.download(fileInfo.url, destination, downloadOptions);
      },
    });
  }

  protected doInstall(_options: InstallOptions): boolean {
    const setup = this.installerPath;
    if (!setup) return false;
    // Squirrel's Setup.exe takes --silent (no splash); it launches the installed version itself.
    spawn(setup, ['--silent'], { detached: true, stdio: 'ignore' }).unref();
    return true;
  }
}
