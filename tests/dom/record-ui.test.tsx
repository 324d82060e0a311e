// The record's screens against the real core: register (with a duplicate warning), assess, chart,
// void, search by another spelling, and a draft that survives leaving the form.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import type { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyLanguage, initI18n } from '../../renderer/i18n.ts';
import { renderApp } from '../helpers/render-app.tsx';
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
  it('corrects an entry as a new version: a decimal comma, a code, and a value the schema refuses', async () => {
    const { s, user } = await start();
    const person = await s.value<{ id: string }>('person.register', {
      person: { names: [{ given: 'Omar', family: 'Haddad', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'male' },
    });
    await s.value('episode.create', {
      personId: person.id,
      episode: { type: 'follow-up', date: '2026-11-01' },
      entries: [
        { kind: 'observation', category: 'vital-signs', code: '8310-5', value: { type: 'quantity', value: 39.2, unit: 'Cel' }, effectiveAt: '2026-11-01T09:00:00.000Z' },
        { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'provisional' },
      ],
    });
    const search = screen.getByRole('searchbox', { name: 'Search' });
    await user.type(search, 'Omar Haddad');
    await user.click(await within(await screen.findByTestId('person-results')).findByText('Omar Haddad'));
    await screen.findByRole('heading', { name: 'Omar Haddad' });

    const rowOf = (pattern: RegExp) => screen.getAllByTestId('entry-row').find((r) => pattern.test(r.textContent ?? '')) as HTMLElement;
    await user.click(within(rowOf(/Temperature/)).getByRole('button', { name: /^Correct/ }));
    let dialog = await screen.findByRole('dialog', { name: 'Correct an entry' });
    const value = within(dialog).getByRole('textbox', { name: 'Value' }) as HTMLInputElement;
    expect(value.value).toBe('39.2');
    await user.clear(value);
    await user.type(value, 'warm');
    await user.click(within(dialog).getByRole('button', { name: 'Save the correction' }));
    await waitFor(() => expect(dialog.textContent).toContain('Write a number, with a decimal comma or point.'));
    await user.clear(value);
    await user.type(value, '37,9');
    await user.click(within(dialog).getByRole('button', { name: 'Save the correction' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(rowOf(/Temperature/).textContent).toMatch(/37\.9/));
    expect(rowOf(/Temperature/).textContent).toMatch(/edited/);

    await user.click(within(rowOf(/B86/)).getByRole('button', { name: /^Correct/ }));
    dialog = await screen.findByRole('dialog', { name: 'Correct an entry' });
    const code = within(dialog).getByRole('textbox', { name: 'Diagnosis (ICD-10)' });
    await user.clear(code);
    await user.type(code, 'b86');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Certainty' }), 'confirmed');
    await user.click(within(dialog).getByRole('button', { name: 'Save the correction' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const chart = await s.value<{ entries: { body: Record<string, unknown>; version: number }[] }>('person.chart', { personId: person.id });
    const temperature = chart.entries.find((e) => e.body['code'] === '8310-5');
    expect(temperature?.body['value']).toEqual({ type: 'quantity', value: 37.9, unit: 'Cel' });
    expect(temperature?.version).toBe(2);
    const condition = chart.entries.find((e) => e.body['kind'] === 'condition');
    expect(condition?.body).toMatchObject({ icd10: 'B86', certainty: 'confirmed' });
    expect(condition?.version).toBe(2);
  });

  it('links a family member from the chart, shows the tie on both records, and removes it', async () => {
    const { s, user } = await start();
    const mother = await s.value<{ id: string }>('person.register', {
      person: { names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female' },
    });
    await s.value('person.register', {
      person: { names: [{ given: 'Omar', family: 'Yusuf', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '2018-01-01' }, sex: 'male' },
    });
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'Omar Yusuf');
    await user.click(await within(await screen.findByTestId('person-results')).findByText('Omar Yusuf'));
    await screen.findByRole('heading', { name: 'Omar Yusuf' });
    const family = screen.getByTestId('family');
    expect(family.textContent).toContain('No family member or companion is linked to this record.');
    await user.click(within(family).getByRole('button', { name: 'Link a family member or companion' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link a family member or companion' });
    await user.type(within(dialog).getByRole('searchbox'), 'Amina');
    await user.click(await within(dialog).findByRole('button', { name: /Amina Yusuf/ }));
    await user.selectOptions(within(dialog).getByRole('combobox', { name: /is this person’s/ }), 'parent');
    await user.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(screen.getAllByTestId('family-link')).toHaveLength(1));
    expect(screen.getByTestId('family-link').textContent).toMatch(/Parent:.*Amina Yusuf/);

    // The mother's record shows the child, and opens it from there.
    await user.click(within(screen.getByTestId('family-link')).getByRole('button', { name: /^Amina Yusuf/ }));
    await screen.findByRole('heading', { name: 'Amina Yusuf' });
    await waitFor(() => expect(screen.getByTestId('family-link').textContent).toMatch(/Child:.*Omar Yusuf/));
    await user.click(within(screen.getByTestId('family-link')).getByRole('button', { name: /^Remove the link/ }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Remove this link?' })).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryAllByTestId('family-link')).toHaveLength(0));
    const chart = await s.value<{ person: { person: { family: unknown[] } } }>('person.chart', { personId: mother.id });
    expect(chart.person.person.family).toEqual([]);
  });

  it('offers demo data to the admin of an empty centre, fills it in batches with progress, then stops offering', async () => {
    const { s, user } = await start();
    await user.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Home' }));
    const offer = await screen.findByTestId('demo-fill');
    await user.click(within(offer).getByRole('radio', { name: '50' }));
    await user.click(within(offer).getByRole('button', { name: 'Add demo persons' }));
    await waitFor(() => expect(within(offer).getByRole('progressbar').textContent).toMatch(/50 of 50 persons/), { timeout: 25_000 });
    await waitFor(() => expect(screen.queryByTestId('demo-fill')).toBeNull());
    expect(screen.getByTestId('record-stats').textContent).toMatch(/^50 persons/);
    expect((await s.value<{ persons: number }>('record.stats', {})).persons).toBe(50);
  });
});
