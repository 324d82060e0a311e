// Settings > Updates against the real core in browser mode (no installer there): a USB folder typed in
// by path is verified, refused with a translated reason or shown with its release notes, and the header
// says an update is available.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { I18nextProvider } from 'react-i18next';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../renderer/api/client.ts';
import { ClientProvider } from '../../renderer/api/client-context.tsx';
import { App } from '../../renderer/app.component.tsx';
import { applyLanguage, i18n, initI18n } from '../../renderer/i18n.ts';
import { channelFileName } from '../../src/release/metadata.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { makeRelease } from '../helpers/update-feed.ts';

// The store helper builds the core (and so reads the trusted keys) as the file's imports load.
const release = await vi.hoisted(async () => (await import('../../src/release/signature.ts')).generateReleaseKey('dom test'));
vi.mock('../../src/release/trusted-keys.ts', () => ({ RELEASE_KEYS: [release.trusted] }));

const temp = makeTempDir('carnet-update-ui-');
let store: TestStore;

beforeAll(async () => {
  await initI18n();
  store = await setUpStore();
});
afterEach(async () => {
  cleanup();
  await applyLanguage('en');
});
afterAll(() => {
  store.cleanup();
  temp.cleanup();
});

function renderApp() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const core = store.core;
  render(
    <I18nextProvider i18n={i18n}>
      <ClientProvider
        client={createClient({
          invoke: (method, input) => core.handlers.invoke(method, input, { transport: 'test' }),
          on: (event, listener) => core.events.subscribe((name, payload) => name === event && listener(payload)),
        })}
      >
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ClientProvider>
    </I18nextProvider>,
  );
  return userEvent.setup();
}

async function checkFolder(user: ReturnType<typeof userEvent.setup>, panel: HTMLElement, folder: string) {
  const field = within(panel).getByLabelText('Path of the folder');
  await user.clear(field);
  await user.type(field, folder);
  await user.click(within(panel).getByRole('button', { name: 'Check this folder' }));
}

describe('Settings > Updates', () => {
  it('verifies a USB folder typed in by path, refuses an unsigned one, and shows what a signed one offers', async () => {
    const unsigned = await makeRelease(join(temp.dir, 'unsigned'), '0.3.0', release.privateKeyPem);
    rmSync(join(unsigned.dir, `${channelFileName('linux', process.arch)}.sig`));
    const signed = await makeRelease(join(temp.dir, 'signed'), '0.3.0', release.privateKeyPem, 'The vitals chart shows units.\nFaster search.');
    const user = renderApp();

    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const panel = await screen.findByTestId('update-panel');
    expect(within(panel).getByText('This is Carnet 0.1.0.')).toBeTruthy();
    expect(within(panel).getByText('Not looked for an update yet.')).toBeTruthy();
    // Browser mode: no folder dialog, and it cannot look on the update server itself.
    expect(within(panel).queryByRole('button', { name: 'Choose the folder…' })).toBeNull();
    await user.click(within(panel).getByRole('button', { name: 'Look for an update' }));
    expect((await within(panel).findAllByRole('alert')).map((a) => a.textContent)).toContain(
      'This copy of Carnet cannot install updates itself (browser mode, or not installed from an installer). Install the new version by hand.',
    );

    await checkFolder(user, panel, unsigned.dir);
    expect(await within(panel).findByText('The update has no release signature. Carnet refuses it; nothing was installed.')).toBeTruthy();
    expect(screen.queryByTestId('update-badge')).toBeNull();

    await checkFolder(user, panel, signed.dir);
    expect(await within(panel).findByText('Carnet 0.3.0 is available.')).toBeTruthy();
    expect(within(panel).getByText('Found in the chosen folder; its signature and its installer were checked.')).toBeTruthy();
    expect(within(panel).getByText(/The vitals chart shows units\.\s+Faster search\./)).toBeTruthy();
    expect(within(panel).getByText(/cannot install it itself/)).toBeTruthy();
    expect(within(panel).queryByRole('button', { name: 'Restart and install' })).toBeNull();
    expect((await screen.findByTestId('update-badge')).textContent).toBe('Update 0.3.0 available');
  });

  it('says in Arabic and Greek why a folder is refused', async () => {
    const empty = join(temp.dir, 'empty');
    const user = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    const panel = await screen.findByTestId('update-panel');
    await checkFolder(user, panel, empty);
    await within(panel).findByText(/does not hold a Carnet release for this computer/);
    // The interface language is a setting; the core tells the window when it changes.
    await store.value('settings.set', { uiLanguage: 'el' });
    expect(await within(panel).findByText(/δεν περιέχει έκδοση του Carnet/)).toBeTruthy();
    await store.value('settings.set', { uiLanguage: 'ar' });
    expect(await within(panel).findByText(/لا يحتوي على إصدار من Carnet/)).toBeTruthy();
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    await store.value('settings.set', { uiLanguage: null });
  });
});
