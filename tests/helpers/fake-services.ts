import { vi } from 'vitest';
import type { Services } from '../../src/host/services.ts';

/** Services whose every method is a spy returning valid contract output. */
export function fakeServices() {
  const services = {
    app: {
      info: vi.fn(async () => ({
        name: 'Carnet',
        version: '0.0.0-test',
        mode: 'cli' as const,
        languages: [{ code: 'en' as const, nativeName: 'English', dir: 'ltr' as const, ui: true }],
        storeReady: false,
      })),
    },
    settings: {
      get: vi.fn(async () => ({ uiLanguage: null })),
      set: vi.fn(async () => ({ uiLanguage: 'el' as const })),
    },
  } satisfies Services;
  const allSpies = [services.app.info, services.settings.get, services.settings.set];
  return { services, allSpies };
}
