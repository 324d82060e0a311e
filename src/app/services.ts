// The composition root of the core: every transport (Electron main, browser mode, CLI) builds its
// services here, so they all run the same code against the same data folder.
import type { AppInfo } from '../api/contract.ts';
import { createEventBus, type EventBus } from '../host/events.ts';
import { createHandlers, type Handlers } from '../host/handlers.ts';
import { createConsoleLogger, type Logger } from '../host/log.ts';
import type { Services } from '../host/services.ts';
import { createSettingsService } from '../settings/settings.service.ts';
import { createCentreService } from '../access/centre.service.ts';
import { createLoginThrottle } from '../access/login-throttle.ts';
import { createSessionService } from '../access/session.service.ts';
import { createSetupService, type SetupService } from '../access/setup.service.ts';
import { createStoreContext, type StoreContext } from '../access/store-context.ts';
import { createUsersService } from '../access/users.service.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createBackupService } from '../backup/backup.service.ts';
import { createAppService } from './app.service.ts';
import { nameSearchKeys, nameSimilarity } from '../domain/names/index.ts';
import { createRecordService } from '../record/record.service.ts';
import { createDocumentsService } from '../record/documents.service.ts';
import { createDemoService } from '../demo/demo.service.ts';
import { createReportService } from '../reports/report.service.ts';
import { createBookletService, type PrintWindow } from '../booklet/booklet.service.ts';
import { createOcrService } from '../ocr/ocr.service.ts';
import { setLocalesDir } from './translations.ts';
import { createExchangeService } from '../transfer/exchange.service.ts';
import { createSiteService, type SiteService } from '../transfer/site.service.ts';
import { createTransferService, type PickFile } from '../transfer/transfer.service.ts';
import { RELEASE_KEYS } from '../release/trusted-keys.ts';
import { createUpdateService, type UpdateController, type UpdateService } from '../release/update.service.ts';
import type { ReleasePlatform } from '../release/metadata.ts';
import type { UpdateStatus } from '../api/schemas/update.ts';
import { APP_VERSION } from './version.ts';

export interface CoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  logger?: Logger;
  /** Where migrations/ lives (the packaged app's resources folder); default: the project's. */
  migrationsDir?: string;
  /**
   * The update service. The desktop app passes one that installs (electron-updater, main/); the
   * default, for browser mode and the CLI, shows updates and verifies folders but installs nothing.
   */
  /** The desktop's file dialog for transfer files (main/); browser mode and the CLI type paths. */
  pickFile?: PickFile;
  /** OCR's language data and tesseract.js worker when packaged (resources/ocr/lang; the unpacked worker); defaults: the project's. */
  ocrLangPath?: string;
  ocrWorker?: string;
  /** The booklet worker's file when packaged (main/ passes the bundled booklet-worker.cjs); default: the project's. */
  bookletWorker?: string;
  /** The desktop's print dialog for the window, with a booklet's page size and duplex (main/). */
  printWindow?: PrintWindow;
  /** Fonts and translations for what the core prints (packaged: under the resources folder); default: the project's. */
  fontsDir?: string;
  localesDir?: string;
  updates?: (deps: { dataDir: string; onChange: (status: UpdateStatus) => void; logger: Logger }) => UpdateController;
}

export interface Core {
  services: Services;
  handlers: Handlers;
  events: EventBus;
  store: StoreContext;
  /** Updates: started by the transport that wants background checks (the desktop app). */
  updates: UpdateController;
  /** Lock the store and stop timers (app quit, tests). */
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? createConsoleLogger('core');
  const events = createEventBus();
  const store = createStoreContext({ dataDir: options.dataDir, migrationsDir: options.migrationsDir, events, logger });
  const backup = createBackupService(store);
  const updateDeps = { dataDir: options.dataDir, onChange: (status: UpdateStatus) => events.emit('update:changed', status), logger };
  setLocalesDir(options.localesDir);
  const site = createSiteService(store);
  const settings = createSettingsService({ dataDir: options.dataDir, events, logger });
  const record = createRecordService(store, { keys: nameSearchKeys, similarity: nameSimilarity });
  const updates = options.updates ? options.updates(updateDeps) : createCoreUpdates(updateDeps);
  const services: Services = {
    app: createAppService({ dataDir: options.dataDir, mode: options.mode }),
    settings,
    session: createSessionService(store, createLoginThrottle()),
    setup: withSiteKeys(createSetupService(store), site),
    users: createUsersService(store),
    centre: createCentreService(store),
    audit: createAuditService(store),
    backup,
    record,
    documents: createDocumentsService(store),
    demo: createDemoService(record, store),
    site,
    reports: createReportService(store, { fontsDir: options.fontsDir, localesDir: options.localesDir }),
    ocr: createOcrService(store, record, { onProgress: (p) => events.emit('ocr:progress', p), fontsDir: options.fontsDir, langPath: options.ocrLangPath, workerPath: options.ocrWorker }),
    booklet: createBookletService(store, record, { fontsDir: options.fontsDir, onProgress: (p) => events.emit('booklet:progress', p), printWindow: options.printWindow, workerFile: options.bookletWorker }),
    transfer: createTransferService(createExchangeService(store, record), { onProgress: (p) => events.emit('transfer:progress', p), pickFile: options.pickFile }),
    updates: auditedUpdates(updates, store),
  };
  const access = {
    currentUser: () => store.current()?.user ?? null,
    activity: () => store.touch(),
    denied: (method: string, user: { id: string; username: string } | null, role: string | null) =>
      store.audit({ userId: user?.id ?? null, username: user?.username ?? null, role, method, outcome: 'denied' }),
  };
  // Daily backups: checked on every login and then hourly while the store is open.
  const runBackup = () =>
    void backup.runIfDue().catch((error: unknown) => logger.warn('scheduled backup failed', { code: (error as { code?: string }).code ?? 'unknown' }));
  const unsubscribe = events.subscribe((name, payload) => {
    if (name === 'session:changed' && (payload as { state: string }).state === 'open') runBackup();
  });
  const timer = setInterval(runBackup, 60 * 60_000);
  timer.unref();
  return {
    services,
    events,
    store,
    updates,
    handlers: createHandlers(services, { events, logger, access }),
    close() {
      clearInterval(timer);
      unsubscribe();
      void updates.close();
      void services.ocr.close();
      store.lock();
    },
  };
}

function createCoreUpdates(deps: { dataDir: string; onChange: (status: UpdateStatus) => void; logger: Logger }): UpdateController {
  const platform: ReleasePlatform = process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
  return createUpdateService({
    ...deps,
    currentVersion: APP_VERSION,
    platform,
    arch: process.arch,
    trustedKeys: RELEASE_KEYS,
    defaultFeedUrl: null,
    engine: null,
  });
}

/** A new centre gets its site keys (transfer signing and encryption) as it is created. */
/** A new centre gets its site keys at once. */
function withSiteKeys(setup: SetupService, site: SiteService): SetupService {
  return {
    ...setup,
    async createCentre(input) {
      const created = await setup.createCentre(input);
      await site.ensureIdentity();
      return created;
    },
  };
}

/** The update methods that change this computer's software or its source go to the access log. */
function auditedUpdates(updates: UpdateService, store: StoreContext): UpdateService {
  async function logged<T>(method: string, run: () => Promise<T>, changes: (value: T) => Record<string, unknown>): Promise<T> {
    const user = store.current()?.user ?? null;
    const record = { userId: user?.id ?? null, username: user?.username ?? null, role: user?.role ?? null, method };
    try {
      const value = await run();
      store.audit({ ...record, outcome: 'ok', changes: changes(value) });
      return value;
    } catch (error) {
      store.audit({ ...record, outcome: 'failed', changes: { code: (error as { code?: string }).code ?? 'unknown' } });
      throw error;
    }
  }
  const version = (status: UpdateStatus) => ({ version: status.update?.version ?? null, state: status.state });
  return {
    status: () => updates.status(),
    check: () => updates.check(),
    pickFolder: () => updates.pickFolder(),
    download: () => logged('update.download', () => updates.download(), version),
    installOnRestart: () => logged('update.installOnRestart', () => updates.installOnRestart(), () => ({})),
    // The folder's path is the coordinator's USB stick, not patient data, but it is not needed in the log.
    fromFolder: (input) => logged('update.fromFolder', () => updates.fromFolder(input), version),
    setFeedUrl: (input) => logged('update.setFeedUrl', () => updates.setFeedUrl(input), () => ({ feedUrlSet: input.url !== null })),
  };
}
