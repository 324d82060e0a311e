import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import type { InstallOptions } from 'electron-updater/out/BaseUpdater.js';
import { NodeHttpExecutor } from './update-feed.ts';

/** The real DebUpdater; only the final `dpkg -i` (which needs root) is recorded instead of run. */
export class RecordingDebUpdater extends DebUpdater {
  readonly installs: { file: string | null; options: InstallOptions }[] = [];
  constructor(adapter: AppAdapter) {
    super(null, adapter);
    (this as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  }
  protected override doInstall(options: InstallOptions): boolean {
    this.installs.push({ file: this.installerPath, options });
    return true;
  }
}
