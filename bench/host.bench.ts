// What the host adds to every call (zod input and output parsing, binding, Result): a direct
// service call against the same call through createHandlers, side by side in one run.
import { createEventBus } from '../src/host/events.ts';
import { createHandlers } from '../src/host/handlers.ts';

// Only the two groups this bench calls; the rest of Services is not reached.
const services = {
  app: {
    info: async () => ({
      name: 'Carnet',
      version: '0.0.0',
      mode: 'cli',
      languages: [{ code: 'en', nativeName: 'English', dir: 'ltr', ui: true }],
      storeReady: false,
    }),
  },
  settings: {
    get: async () => ({ uiLanguage: null }),
    set: async (patch: { uiLanguage?: 'en' | 'el' | 'ar' | null }) => ({ uiLanguage: patch.uiLanguage ?? null }),
  },
} as const;

async function time(label: string, n: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  const perCallUs = Number(process.hrtime.bigint() - start) / n / 1_000;
  console.log(`  ${label.padEnd(34)} ${perCallUs.toFixed(2)} µs/call`);
  return perCallUs;
}

export async function run(): Promise<void> {
  const handlers = createHandlers(services as unknown as Parameters<typeof createHandlers>[0], { events: createEventBus() });
  const ctx = { transport: 'test' as const };
  const n = 50_000;
  console.log('host dispatch (settings.set, app.info)');
  const direct = await time('direct service call', n, () => services.settings.set({ uiLanguage: 'el' }));
  const viaHost = await time('through the host', n, () => handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx));
  const directInfo = await time('direct app.info', n, () => services.app.info());
  const hostInfo = await time('app.info through the host', n, () => handlers.invoke('app.info', {}, ctx));
  console.log(`  ratio host/direct: settings.set ${(viaHost / direct).toFixed(2)}, app.info ${(hostInfo / directInfo).toFixed(2)}`);
}
