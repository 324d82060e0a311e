import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/api/client.ts';
import { ClientProvider } from '../../renderer/api/client-context.tsx';
import { App } from '../../renderer/app.component.tsx';
import { applyLanguage, i18n, initI18n } from '../../renderer/i18n.ts';
import type { CarnetBridge } from '../../src/api/bridge.ts';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

beforeAll(async () => {
  await initI18n();
});

let temp: { dir: string; cleanup: () => void } | undefined;
afterEach(async () => {
  cleanup();
  temp?.cleanup();
  await applyLanguage('en');
});

/** The real core behind an in-memory bridge: what the preload does, minus the wire. */
function coreBridge(): CarnetBridge {
  temp = makeTempDir();
  const core = createCore({ dataDir: temp.dir, mode: 'browser', logger: SILENT_LOGGER });
  return {
    invoke: (method, input) => core.handlers.invoke(method, input, { transport: 'test' }),
    on: (event, listener) => core.events.subscribe((name, payload) => name === event && listener(payload)),
  };
}

function renderApp(bridge: CarnetBridge | undefined) {
  const client = createClient(bridge);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={client}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ClientProvider>
    </I18nextProvider>,
  );
  return client;
}

describe('the app shell', () => {
  it('opens on the set-up wizard when no store exists, with no navigation to anything else', async () => {
    renderApp(coreBridge());
    expect(await screen.findByRole('heading', { name: 'Set up this centre' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main navigation' })).toBeNull();
  });

  it('follows a language change made anywhere: Arabic mirrors the document', async () => {
    const client = renderApp(coreBridge());
    await screen.findByRole('heading', { name: 'Set up this centre' });
    await act(() => client.call('settings.set', { uiLanguage: 'ar' }));
    expect(await screen.findByRole('heading', { name: i18n.t('setup.title', { lng: 'ar' }) })).toBeTruthy();
    expect(i18n.t('setup.title', { lng: 'ar' })).not.toBe('Set up this centre');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
  });

  it('says clearly when it cannot reach the core', async () => {
    renderApp(undefined);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The connection to Carnet');
    expect(alert.dataset.code).toBe('TRANSPORT_FAILED');
  });
});
