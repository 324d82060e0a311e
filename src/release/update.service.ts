// The update service the contract binds to: one state machine for every transport. It checks the
// feed on start and daily, verifies a USB folder, and installs only when an admin chooses "Restart
// and install" (never on quit, never on its own, so never in the middle of an assessment). The part
// that downloads and installs is an UpdateEngine: electron-updater in the desktop app (main/), none
// in browser mode and the CLI, where updates are shown and folders verified but nothing installs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, type ApiError } from '../api/errors.ts';
import { FeedUrlSchema, type UpdateOffer, type UpdateStatus } from '../api/schemas/update.ts';
import { z } from '../api/zod.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { Logger } from '../host/log.ts';
import { serveFolderFeed } from './folder-feed.ts';
import { installerFile, type ReleasePlatform, type UpdateInfo } from './metadata.ts';
import { verifyReleaseFolder } from './release-folder.ts';
import { SIGNATURE_SUFFIX, type TrustedKey } from './signature.ts';

export interface UpdateProgress {
  percent: number;
  transferred: number;
  total: number;
  bytesPerSecond: number;
}

/** What downloads and installs; in the desktop app, electron-updater behind Carnet's signed feed. */
export interface UpdateEngine {
  /** This copy can install an update (an installed desktop app, from a package type it can replace). */
  readonly canInstall: boolean;
  /**
   * Fetch the feed's metadata, verify its signature, refuse a downgrade. Returns the verified
   * metadata and whether it is newer than the running version. Throws AppError.
   */
  check(feedUrl: string): Promise<{ info: UpdateInfo; available: boolean }>;
  /** Download the installer of the last check, verifying its sha512. Throws AppError. */
  download(onProgress: (progress: UpdateProgress) => void): Promise<void>;
  /** Quit Carnet, install the downloaded update and start the new version. */
  quitAndInstall(): void;
}

export interface UpdateService {
  status(): Promise<UpdateStatus>;
  check(): Promise<UpdateStatus>;
  download(): Promise<UpdateStatus>;
  installOnRestart(): Promise<Record<string, never>>;
  pickFolder(): Promise<{ folder: string | null }>;
  fromFolder(input: { folder: string }): Promise<UpdateStatus>;
  setFeedUrl(input: { url: string | null }): Promise<UpdateStatus>;
}

export interface UpdateController extends UpdateService {
  /** Check now (after `firstDelayMs`) and then every `intervalMs`. */
  start(options?: { firstDelayMs?: number; intervalMs?: number }): void;
  close(): Promise<void>;
}

export interface UpdateServiceDeps {
  dataDir: string;
  currentVersion: string;
  platform: ReleasePlatform;
  arch: string;
  trustedKeys: readonly TrustedKey[];
  /** The feed the installer shipped with (app-update.yml), used until an admin sets one. */
  defaultFeedUrl: string | null;
  engine: UpdateEngine | null;
  /** The system's folder dialog (desktop app only). */
  pickFolder?: () => Promise<string | null>;
  onChange: (status: UpdateStatus) => void;
  logger: Logger;
  now?: () => Date;
}

export const UPDATE_SETTINGS_FILE = 'updates.json';
export const DAY_MS = 24 * 60 * 60_000;
const PROGRESS_EVERY_MS = 250;

const UpdateSettingsSchema = z.object({ feedUrl: FeedUrlSchema.nullable() }).strict();

function toOffer(info: UpdateInfo, platform: ReleasePlatform, arch: string): UpdateOffer {
  return {
    version: info.version,
    releaseDate: info.releaseDate,
    releaseNotes: info.releaseNotes ?? null,
    size: installerFile(info, platform, arch)?.size ?? null,
  };
}

function toStatusError(error: unknown): ApiError {
  if (error instanceof AppError) return error.toApiError();
  return new AppError('UPDATE_FAILED').toApiError();
}

export function createUpdateService(deps: UpdateServiceDeps): UpdateController {
  const now = deps.now ?? (() => new Date());
  const settingsFile = join(deps.dataDir, UPDATE_SETTINGS_FILE);
  let feedSetting: string | null | undefined;
  let status: UpdateStatus = {
    currentVersion: deps.currentVersion,
    canInstall: deps.engine?.canInstall ?? false,
    canPickFolder: deps.pickFolder !== undefined,
    feedUrl: deps.defaultFeedUrl,
    feedUrlIsSetting: false,
    state: 'idle',
    source: null,
    folder: null,
    update: null,
    progress: null,
    error: null,
    lastCheckedAt: null,
  };
  // One operation at a time: a check, a download or a folder; status reads never wait.
  let queue: Promise<unknown> = Promise.resolve();
  let timers: ReturnType<typeof setTimeout>[] = [];
  let lastProgressAt = 0;

  function set(patch: Partial<UpdateStatus>): UpdateStatus {
    status = { ...status, ...patch };
    deps.onChange(status);
    return status;
  }

  function serial<T>(task: () => Promise<T>): Promise<T> {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  }

  async function loadFeedSetting(): Promise<string | null> {
    if (feedSetting !== undefined) return feedSetting;
    try {
      const parsed = UpdateSettingsSchema.safeParse(JSON.parse(await readFile(settingsFile, 'utf8')));
      feedSetting = parsed.success ? parsed.data.feedUrl : null;
    } catch {
      feedSetting = null;
    }
    status = { ...status, feedUrl: feedSetting ?? deps.defaultFeedUrl, feedUrlIsSetting: feedSetting !== null };
    return feedSetting;
  }

  function fail(error: unknown, keep: Partial<UpdateStatus> = {}): never {
    const apiError = toStatusError(error);
    if (!(error instanceof AppError)) deps.logger.warn('update failed', { error: error instanceof Error ? error.name : typeof error });
    set({ state: 'error', progress: null, error: apiError, ...keep });
    throw error instanceof AppError ? error : new AppError('UPDATE_FAILED');
  }

  function requireEngine(): UpdateEngine {
    if (!deps.engine) throw new AppError('UPDATE_UNSUPPORTED');
    return deps.engine;
  }

  /** Whether a check may replace what the status holds: not while an update is on its way in. */
  function checkWouldDisturb(): boolean {
    return status.state === 'downloading' || status.state === 'downloaded' || (status.source === 'folder' && status.state === 'available');
  }

  async function doCheck(): Promise<UpdateStatus> {
    await loadFeedSetting();
    const engine = requireEngine();
    if (checkWouldDisturb()) return status;
    const feed = status.feedUrl;
    if (!feed) fail(new AppError('UPDATE_NO_FEED'));
    set({ state: 'checking', error: null });
    try {
      const { info, available } = await engine.check(feed);
      return set({
        state: available ? 'available' : 'up-to-date',
        source: available ? 'feed' : null,
        folder: null,
        update: available ? toOffer(info, deps.platform, deps.arch) : null,
        lastCheckedAt: now().toISOString(),
      });
    } catch (error) {
      return fail(error, { source: null, update: null, lastCheckedAt: now().toISOString() });
    }
  }

  async function doDownload(engine: UpdateEngine): Promise<UpdateStatus> {
    set({ state: 'downloading', progress: { percent: 0, transferred: 0, total: status.update?.size ?? 0, bytesPerSecond: 0 }, error: null });
    try {
      await engine.download((progress) => {
        const at = Date.now();
        if (at - lastProgressAt < PROGRESS_EVERY_MS && progress.percent < 100) return;
        lastProgressAt = at;
        set({ progress: { ...progress, percent: Math.min(100, Math.max(0, progress.percent)) } });
      });
    } catch (error) {
      return fail(error);
    }
    return set({ state: 'downloaded', progress: null, error: null });
  }

  async function doFromFolder(folder: string): Promise<UpdateStatus> {
    await loadFeedSetting();
    if (status.state === 'downloading') throw new AppError('UPDATE_NOT_READY');
    set({ state: 'checking', error: null, source: 'folder', folder, update: null });
    let release;
    try {
      release = await verifyReleaseFolder(folder, {
        platform: deps.platform,
        arch: deps.arch,
        trustedKeys: deps.trustedKeys,
        currentVersion: deps.currentVersion,
      });
    } catch (error) {
      return fail(error);
    }
    const offer = toOffer(release.info, deps.platform, deps.arch);
    if (release.info.version === deps.currentVersion) return set({ state: 'up-to-date', update: null, lastCheckedAt: now().toISOString() });
    const engine = deps.engine;
    // Without an engine (browser mode, CLI) the folder is verified and shown; the desktop app installs.
    if (!engine?.canInstall) return set({ state: 'available', update: offer });
    // The verified folder becomes the feed, on loopback, so the updater's own checks run again on the
    // same bytes: the metadata signature, then the installer's sha512 as it copies it.
    const feed = await serveFolderFeed(folder, [release.channelFile, `${release.channelFile}${SIGNATURE_SUFFIX}`, release.installer.url]);
    try {
      try {
        const { available } = await engine.check(feed.url);
        if (!available) throw new AppError('UPDATE_FOLDER_INVALID', { reason: 'not-newer' });
      } catch (error) {
        return fail(error, { update: null });
      }
      set({ state: 'available', update: offer });
      return await doDownload(engine);
    } finally {
      await feed.close();
    }
  }

  const service: UpdateController = {
    async status() {
      await loadFeedSetting();
      return status;
    },
    check: () => serial(doCheck),
    download: () =>
      serial(async () => {
        const engine = requireEngine();
        if (!engine.canInstall) throw new AppError('UPDATE_UNSUPPORTED');
        if (status.state === 'downloaded') return status;
        if (status.state !== 'available' || status.source !== 'feed') throw new AppError('UPDATE_NOT_READY');
        return doDownload(engine);
      }),
    async installOnRestart() {
      const engine = requireEngine();
      if (status.state !== 'downloaded') throw new AppError('UPDATE_NOT_READY');
      deps.logger.info('installing update on restart', { version: status.update?.version ?? 'unknown' });
      engine.quitAndInstall();
      return {};
    },
    async pickFolder() {
      if (!deps.pickFolder) throw new AppError('UPDATE_UNSUPPORTED');
      return { folder: await deps.pickFolder() };
    },
    fromFolder: ({ folder }) => serial(() => doFromFolder(folder)),
    setFeedUrl: ({ url }) =>
      serial(async () => {
        try {
          await writeFileAtomic(settingsFile, `${JSON.stringify({ feedUrl: url }, null, 2)}\n`);
        } catch (error) {
          throw new AppError('STORAGE_FAILED', { reason: (error as NodeJS.ErrnoException).code ?? 'io' });
        }
        feedSetting = url;
        return set({ feedUrl: url ?? deps.defaultFeedUrl, feedUrlIsSetting: url !== null });
      }),
    start(options = {}) {
      if (!deps.engine) return;
      const background = () =>
        void service.check().catch((error: unknown) => {
          // Kept in the status for the notice; offline for weeks is normal, so only a line in the log.
          deps.logger.info('background update check failed', { code: error instanceof AppError ? error.code : 'unknown' });
        });
      const first = setTimeout(background, options.firstDelayMs ?? 30_000);
      const daily = setInterval(background, options.intervalMs ?? DAY_MS);
      first.unref?.();
      daily.unref?.();
      timers = [first, daily];
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
      await queue;
    },
  };
  return service;
}
