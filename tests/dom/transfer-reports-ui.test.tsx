// The Transfers and Reports screens against real cores: a clinician at one centre sends a person to a
// paired centre through the screen, the other centre's clinician opens the file, sees the preview and
// imports it; the health report shows tables with hidden small cells and answers a filter.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { userEvent } from '@testing-library/user-event';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyLanguage, initI18n } from '../../renderer/i18n.ts';
import { renderApp } from '../helpers/render-app.tsx';
import { setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

beforeAll(async () => {
  await initI18n();
  // Saving a CSV makes an object URL; happy-dom has none.
  URL.createObjectURL = vi.fn(() => 'blob:test');
  URL.revokeObjectURL = vi.fn();
});

const stores: TestStore[] = [];
const temps: { cleanup: () => void }[] = [];
afterEach(async () => {
  cleanup();
  for (const s of stores.splice(0)) s.cleanup();
  for (const t of temps.splice(0)) t.cleanup();
  await applyLanguage('en');
});


async function centre(): Promise<TestStore> {
  const s = await setUpStore();
  await s.value('setup.confirmRecovery', { recoveryKey: s.recoveryKey });
  stores.push(s);
  return s;
}

async function go(user: ReturnType<typeof userEvent.setup>, section: string) {
  await user.click(await within(await screen.findByRole('navigation')).findByRole('button', { name: section }));
}

describe('transfers', { timeout: 60_000 }, () => {
  it('sends a person to a paired centre and the other centre imports it after the preview', async () => {
    const a = await centre();
    const b = await centre();
    // The admins paired the two centres on the phone (the Centre page does this; here through the API).
    const cardOf = (s: TestStore) => s.value<{ card: string; fingerprint: string; siteId: string }>('site.identity');
    const [ia, ib] = [await cardOf(a), await cardOf(b)];
    await a.value('site.pair', { card: ib.card, fingerprint: ib.fingerprint });
    await b.value('site.pair', { card: ia.card, fingerprint: ia.fingerprint });
    await a.value('person.register', {
      person: { names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female' },
    });
    const folder = makeTempDir();
    temps.push(folder);
    const file = join(folder.dir, 'to-b.carnet');

    let user = renderApp(a.core);
    await go(user, 'Transfers');
    const form = await screen.findByTestId('export-form');
    await user.type(within(form).getByRole('searchbox'), 'Amina');
    await user.click(await within(form).findByRole('button', { name: /Amina Yusuf/ }));
    expect(within(screen.getByTestId('chosen-persons')).getByText(/Amina Yusuf/)).toBeTruthy();
    await user.click(within(form).getByRole('checkbox', { name: /Krnjača/ }));
    await user.type(within(form).getByRole('textbox', { name: 'Save the file as' }), file);
    await user.click(within(form).getByRole('button', { name: 'Write the transfer file' }));
    await waitFor(() => expect(screen.getByTestId('export-result').textContent).toMatch(/1 persons/), { timeout: 20_000 });
    expect(existsSync(file)).toBe(true);
    cleanup();

    user = renderApp(b.core);
    await go(user, 'Transfers');
    await user.click(screen.getByRole('tab', { name: 'Receive from a centre' }));
    const importForm = await screen.findByTestId('import-form');
    await user.type(within(importForm).getByRole('textbox', { name: 'Transfer file (.carnet)' }), join(folder.dir, 'missing.carnet'));
    await user.click(within(importForm).getByRole('button', { name: 'Open and check' }));
    expect(await within(importForm).findByRole('alert')).toBeTruthy();
    await user.clear(within(importForm).getByRole('textbox', { name: 'Transfer file (.carnet)' }));
    await user.type(within(importForm).getByRole('textbox', { name: 'Transfer file (.carnet)' }), file);
    await user.click(within(importForm).getByRole('button', { name: 'Open and check' }));
    const preview = await screen.findByTestId('import-preview', {}, { timeout: 20_000 });
    expect(within(preview).getByTestId('import-totals').textContent).toMatch(/^1 new persons/);
    expect(within(preview).getByTestId('import-person').textContent).toMatch(/Amina Yusuf.*New here/);
    await user.click(within(preview).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.getByTestId('import-result').textContent).toMatch(/Imported: 1 new persons/));
    const found = await b.value<{ total: number }>('person.search', { text: 'Amina Yusuf' });
    expect(found.total).toBe(1);
  });
});

describe('reports', { timeout: 60_000 }, () => {
  it('shows the health report with hidden small cells, saves a CSV, and answers a filter', async () => {
    const s = await centre();
    await s.value('demo.fill', { from: 0, count: 40, seed: 9 });
    const user = renderApp(s.core);
    await go(user, 'Reports');
    await screen.findByRole('heading', { name: 'Reports' });
    // The default period is last month: choose this year instead.
    const filters = screen.getByRole('form', { name: 'Filters' });
    const year = new Date().getUTCFullYear();
    fireEvent.change(within(filters).getByLabelText('From'), { target: { value: `${year - 3}-01-01` } });
    fireEvent.change(within(filters).getByLabelText('To'), { target: { value: new Date().toISOString().slice(0, 10) } });
    await user.click(within(filters).getByRole('button', { name: 'Show' }));
    const table = await screen.findByTestId('report-conditionsByAgeBand', {}, { timeout: 20_000 });
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(3);
    const all = screen.getByTestId('report-health').textContent ?? '';
    expect(all).toContain('[c]');
    await user.click(within(table).getByRole('button', { name: 'CSV' }));
    expect(URL.createObjectURL).toHaveBeenCalled();

    // Filtered to women, the table by sex has nothing left in the men's column.
    const menColumn = () => {
      const t = screen.getByTestId('report-conditionsBySex');
      const index = within(t).getAllByRole('columnheader').findIndex((h) => h.textContent === 'Male');
      return within(t)
        .getAllByRole('row')
        .slice(1, -1)
        .map((r) => r.children[index]?.textContent);
    };
    expect(menColumn().some((v) => v !== '0')).toBe(true);
    await user.selectOptions(within(filters).getByRole('combobox', { name: 'Sex' }), 'female');
    await user.click(within(filters).getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(menColumn().every((v) => v === '0')).toBe(true));
  });
});
