// The composition root of the core: every transport (Electron main, browser mode, CLI) builds its
// services here, so they all run the same code against the same data folder.
import type { AppInfo } from '../api/contract.ts';
import { createEventBus, type EventBus } from '../host/events.ts';
import { createHandlers, type Handlers } from '../host/handlers.ts';
import { createConsoleLogger, type Logger } from '../host/log.ts';
import type { Services } from '../host/services.ts';
import { createSettingsService } from '../settings/settings.service.ts';
import { createAppService } from './app.service.ts';

export interface CoreOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  logger?: Logger;
}

export interface Core {
  services: Services;
  handlers: Handlers;
  events: EventBus;
}

export function createCore(options: CoreOptions): Core {
  const logger = options.logger ?? createConsoleLogger('core');
  const events = createEventBus();
  const services: Services = {
    app: createAppService({ dataDir: options.dataDir, mode: options.mode }),
    settings: createSettingsService({ dataDir: options.dataDir, events, logger }),
  };
  return { services, events, handlers: createHandlers(services, { events, logger }) };
}
