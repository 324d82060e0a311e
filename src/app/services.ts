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
import { createSetupService } from '../access/setup.service.ts';
import { createStoreContext, type StoreContext } from '../access/store-context.ts';
import { createUsersService } from '../access/users.service.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createBackupService } from '../backup/backup.service.ts';
import { createAppService } from './app.service.ts';
import { nameSearchKeys, nameSimilarity } from '../domain/names/index.ts';
import { createRecordService } from '../record/record.service.ts';
import { createDocumentsService } from '../record/documents.service.ts';

export interface CoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  logger?: Logger;
  /** Where migrations/ lives (the packaged app's resources folder); default: the project's. */
  migrationsDir?: string;
}

export interface Core {
  services: Services;
  handlers: Handlers;
  events: EventBus;
  store: StoreContext;
  /** Lock the store and stop timers (app quit, tests). */
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? createConsoleLogger('core');
  const events = createEventBus();
  const store = createStoreContext({ dataDir: options.dataDir, migrationsDir: options.migrationsDir, events, logger });
  const backup = createBackupService(store);
  const services: Services = {
    app: createAppService({ dataDir: options.dataDir, mode: options.mode }),
    settings: createSettingsService({ dataDir: options.dataDir, events, logger }),
    session: createSessionService(store, createLoginThrottle()),
    setup: createSetupService(store),
    users: createUsersService(store),
    centre: createCentreService(store),
    audit: createAuditService(store),
    backup,
    record: createRecordService(store, { keys: nameSearchKeys, similarity: nameSimilarity }),
    documents: createDocumentsService(store),
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
    handlers: createHandlers(services, { events, logger, access }),
    close() {
      clearInterval(timer);
      unsubscribe();
      store.lock();
    },
  };
}
