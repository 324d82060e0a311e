// The desktop app's UpdateEngine: electron-updater, pointed at Carnet's signed feed. It downloads only
// when asked, never installs on quit (an update waits for "Restart and install"), never downgrades,
// and turns the library's failures into Carnet's error codes. No `electron` import here: the
// updater arrives built (with Electron's app adapter in the app, a test adapter in tests).
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import { AppError } from '../src/api/errors.ts';
import type { UpdateInfo } from '../src/release/metadata.ts';
import type { TrustedKey } from '../src/release/signature.ts';
import type { UpdateEngine } from '../src/release/update.service.ts';
import { SignedFeedProvider, type SignedFeedOptions } from './signed-feed-provider.ts';

export interface UpdaterEngineOptions {
  /** Called on first use, so nothing of electron-updater runs until an update is looked for. */
  createUpdater: () => AppUpdater;
  canInstall: boolean;
  trustedKeys: readonly TrustedKey[];
  currentVersion: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** electron-updater's failures as Carnet's codes; the library's message text never crosses. */
export function updaterErrorToAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code === 'ERR_CHECKSUM_MISMATCH') return new AppError('UPDATE_CHECKSUM_MISMATCH', { reason: 'sha512' });
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('HTTP_ERROR_'))) {
    return new AppError('UPDATE_FEED_UNREACHABLE', { reason: code });
  }
  // Electron's net module reports network failures as "net::ERR_..." messages.
  if (typeof message === 'string' && /^net::ERR_/.test(message)) return new AppError('UPDATE_FEED_UNREACHABLE', { reason: message.slice(0, 60) });
  return new AppError('UPDATE_FAILED', { reason: typeof code === 'string' ? code : 'unknown' });
}

function configure(updater: AppUpdater): AppUpdater {
  updater.autoDownload = false;
  // Never install on quit: closing Carnet in the middle of a day must not replace it unannounced.
  updater.autoInstallOnAppQuit = false;
  updater.allowDowngrade = false;
  updater.disableWebInstaller = true;
  updater.disableDifferentialDownload = true;
  // electron-updater logs URLs and paths; Carnet logs its own codes instead.
  updater.logger = null;
  return updater;
}

export function createUpdaterEngine(options: UpdaterEngineOptions): UpdateEngine {
  let created: AppUpdater | null = null;
  const updaterOf = () => (created ??= configure(options.createUpdater()));

  return {
    canInstall: options.canInstall,
    async check(feedUrl) {
      let verified: UpdateInfo | null = null;
      const feed: SignedFeedOptions = {
        provider: 'custom',
        updateProvider: SignedFeedProvider,
        url: feedUrl,
        trustedKeys: options.trustedKeys,
        currentVersion: options.currentVersion,
        onVerified: (info) => {
          verified = info;
        },
      };
      const updater = updaterOf();
      updater.setFeedURL(feed);
      let result;
      try {
        result = await updater.checkForUpdates();
      } catch (error) {
        throw updaterErrorToAppError(error);
      }
      // null: the updater is inactive (an unpackaged development run).
      if (!result || !verified) throw new AppError('UPDATE_UNSUPPORTED');
      return { info: verified, available: result.isUpdateAvailable };
    },
    async download(onProgress) {
      const updater = updaterOf();
      const listener = (p: ProgressInfo) => onProgress({ percent: p.percent, transferred: p.transferred, total: p.total, bytesPerSecond: p.bytesPerSecond });
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate();
      } catch (error) {
        throw updaterErrorToAppError(error);
      } finally {
        updater.off('download-progress', listener);
      }
    },
    quitAndInstall() {
      // Silent where the installer has a UI (Windows), and start the new version afterwards.
      updaterOf().quitAndInstall(true, true);
    },
  };
}
