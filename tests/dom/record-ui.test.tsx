// The record's screens against the real core: register (with a duplicate warning), assess, chart,
// void, search by another spelling, and a draft that survives leaving the form.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../renderer/api/client.ts';
import { ClientProvider } from '../../renderer/api/client-context.tsx';
import { App } from '../../renderer/app.component.tsx';
import { applyLanguage, i18n, initI18n } from '../../renderer/i18n.ts';
import type { CarnetBridge } from '../../src/api/bridge.ts';
import type { Core } from '../../src/app/services.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';

beforeAll(async () => {
  await initI18n();
});

let store: TestStore | undefined;
afterEach(async () => {
  cleanup();
  store?.cleanup();
  await applyLanguage('en');
});

function renderApp(core: Core) {
  const bridge: CarnetBridge = {
    invoke: (method, input) => core.handlers.invoke(method, input, { transport: 'test' }),
    on: (event, listener) => core.events.subscribe((name, payload) => name === event && listener(payload)),
  };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  render(
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={createClient(bridge)}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ClientProvider>
    </I18nextProvider>,
  );
  return userEvent.setup();
}

async function start() {
  store = await setUpStore();
  await store.value('setup.confirmRecovery', { recoveryKey: store.recoveryKey });
  const user = renderApp(store.core);
  await user.click(await within(await screen.findByRole('navigation')).findByRole('button', { name: 'Persons' }));
  await screen.findByRole('heading', { name: 'Persons' });
  return { s: store, user };
}

type User = ReturnType<typeof userEvent.setup>;

async function registerAmina(user: User) {
  await user.click(screen.getByRole('button', { name: 'Register a person' }));
  await screen.findByRole('heading', { name: 'Register a person' });
  await user.type(screen.getByLabelText('Given name'), 'Amina');
  await user.type(screen.getByLabelText('Family name'), 'Yusuf');
  await user.click(screen.getByRole('button', { name: 'Add another spelling' }));
  const second = screen.getByRole('group', { name: 'Name 2' });
  await user.type(within(second).getByLabelText('Given name'), 'أمينة');
  await user.type(within(second).getByLabelText('Family name'), 'يوسف');
  await user.click(screen.getByRole('radio', { name: 'Female' }));
  await user.click(screen.getByRole('radio', { name: 'Age estimated' }));
  await user.type(screen.getByRole('textbox', { name: 'Estimated age in years' }), '28');
  await user.click(screen.getByRole('button', { name: 'Register' }));
}

describe('the record screens', { timeout: 30_000 }, () => {
  it('registers a person, warns of a likely duplicate, and opens the chart', async () => {
    const { s, user } = await start();
    await registerAmina(user);
    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    const year = new Date().getUTCFullYear();
    expect(screen.getByText(new RegExp(`RS-KRN-${year}-00001`))).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /Back to search/ }));
    await user.click(await screen.findByRole('button', { name: 'Register a person' }));
    await user.type(screen.getByLabelText('Given name'), 'Aminah');
    await user.type(screen.getByLabelText('Family name'), 'Yousef');
    await user.click(screen.getByRole('radio', { name: 'Female' }));
    await user.click(screen.getByRole('radio', { name: 'Age estimated' }));
    await user.type(screen.getByRole('textbox', { name: 'Estimated age in years' }), '29');
    // A number field takes its value when the user moves on.
    await user.tab();
    const warning = await screen.findByTestId('duplicate-warning', {}, { timeout: 3000 });
    expect(within(warning).getByText('Amina Yusuf')).toBeTruthy();
    const register = screen.getByRole('button', { name: 'Register' });
    expect(register.hasAttribute('disabled') || register.getAttribute('aria-disabled') === 'true' || register.dataset.disabled !== undefined).toBe(true);
    await user.click(within(warning).getByRole('checkbox', { name: /different person/ }));
    await user.click(screen.getByRole('button', { name: 'Register' }));
    await screen.findByRole('heading', { name: 'Aminah Yousef' });
    const persons = await s.value<{ total: number }>('person.search', {});
    expect(persons.total).toBe(2);
  });

  it('records an assessment with warnings as vitals are typed, shows it in the chart, and voids an entry', async () => {
    const { user } = await start();
    await registerAmina(user);
    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    await user.click(screen.getByRole('button', { name: 'Health assessment' }));
    await screen.findByRole('heading', { name: 'Health assessment' });
    await user.type(screen.getByLabelText('Complaints'), 'Itching at night');
    const vitals = document.querySelector('[data-section="vitals"]') as HTMLDetailsElement;
    await user.click(within(vitals).getByText('6. Vital signs and measurements'));
    await user.type(within(vitals).getByRole('textbox', { name: /Temperature/ }), '39.2');
    await user.type(within(vitals).getByRole('textbox', { name: /Oxygen saturation/ }), '88');
    await user.tab();
    const warnings = await within(vitals).findByTestId('vital-warnings');
    expect(warnings.textContent).toMatch(/fever/i);
    expect(warnings.textContent).toMatch(/oxygen/i);

    const diagnoses = document.querySelector('[data-section="diagnoses"]') as HTMLDetailsElement;
    await user.click(within(diagnoses).getByText('11. Diagnoses'));
    await user.click(within(diagnoses).getByRole('button', { name: /Add a diagnosis/ }));
    await user.type(within(diagnoses).getByRole('combobox', { name: 'Diagnosis (ICD-10)' }), 'scabi');
    await user.click(await screen.findByRole('option', { name: /B86 — Scabies/ }));
    expect((within(diagnoses).getByRole('combobox', { name: 'Diagnosis (ICD-10)' }) as HTMLInputElement).value).toBe('B86');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    const timeline = await screen.findByTestId('timeline');
    expect(within(timeline).getAllByTestId('episode')).toHaveLength(1);
    const rows = within(timeline).getAllByTestId('entry-row');
    expect(rows.map((r) => r.textContent).join('\n')).toMatch(/B86/);
    expect(within(screen.getByTestId('alerts')).getByText(/B86/)).toBeTruthy();
    expect(screen.getByTestId('vitals-table')).toBeTruthy();

    const temperatureRow = rows.find((r) => /Temperature/.test(r.textContent ?? '')) as HTMLElement;
    await user.click(within(temperatureRow).getByRole('button', { name: /^Void/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Void with a reason' });
    await user.type(within(dialog).getByLabelText('Reason'), 'Measured on the wrong person');
    await user.click(within(dialog).getByRole('button', { name: 'Void' }));
    await waitFor(() => expect(screen.getByTestId('timeline').textContent).toMatch(/Measured on the wrong person/));

    // The voided entry keeps its history: version 1 as entered, version 2 the void.
    const voidedRow = screen.getAllByTestId('entry-row').find((r) => /Measured on the wrong person/.test(r.textContent ?? '')) as HTMLElement;
    await user.click(within(voidedRow).getByRole('button', { name: /^History of/ }));
    const history = await screen.findByTestId('history');
    expect(history.textContent).toContain('Version 2');
    expect(history.textContent).toContain('Content unchanged (status only).');
    await user.keyboard('{Escape}');

    // The admin sees who opened and changed this record.
    await user.click(screen.getByRole('button', { name: 'Who has seen this record' }));
    const access = await screen.findByTestId('person-access');
    for (const action of ['Person registered', 'Record opened', 'Episode recorded', 'Entry voided']) expect(access.textContent).toContain(action);
  });

  it('keeps an unfinished assessment as a draft when the user leaves it', async () => {
    const { user } = await start();
    await registerAmina(user);
    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    await user.click(screen.getByRole('button', { name: 'Health assessment' }));
    await user.type(await screen.findByLabelText('Complaints'), 'Headache since the journey');
    // The draft is written a second after typing stops.
    await new Promise((r) => setTimeout(r, 1300));
    await user.click(screen.getByRole('button', { name: /Close \(the draft is kept\)/ }));
    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    await user.click(screen.getByRole('button', { name: 'Health assessment' }));
    expect(await screen.findByText(/Your unfinished entry from/)).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText('Complaints') as HTMLInputElement).value).toBe('Headache since the journey'));
  });

  it('finds a person by another spelling and by the Arabic name', async () => {
    const { s, user } = await start();
    await s.value('person.register', {
      person: {
        names: [
          { given: 'Mohammed', family: 'Al-Hassan', script: 'Latn', source: 'document', preferred: true },
          { given: 'محمد', family: 'الحسن', script: 'Arab', source: 'spoken' },
        ],
        birth: { kind: 'date', date: '1991-03-14' },
        sex: 'male',
      },
    });
    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.type(search, 'Muhamad Hasan');
    const results = await screen.findByTestId('person-results');
    await within(results).findByText('Mohammed Al-Hassan');
    await user.clear(search);
    await user.type(search, 'الحسن');
    await within(screen.getByTestId('person-results')).findByText('Mohammed Al-Hassan');
  });
});
