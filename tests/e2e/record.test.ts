// A clinician's day in browser mode (Chromium): register a person, do the health assessment, add a
// follow-up with a lab result, and find the person again by another spelling.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/services.ts';
import { serve } from '../../src/cli/serve.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'test-results');
const NURSE = { username: 'nurse', password: 'nurse password 1' };

let server: BrowserServer;
let browser: Browser;
let page: Page;
let temp: { dir: string; cleanup: () => void };
const problems: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(screenshots, { recursive: true });
  // The centre exists already (set up by its admin), with a clinician.
  const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
  const ctx = { transport: 'test' as const };
  const setup = await core.handlers.invoke(
    'setup.createCentre',
    { centre: { name: 'Centre Lesvos', country: 'GR', code: 'GR-LES' }, admin: { username: 'admin', displayName: 'Admin', password: 'admin password 1' } },
    ctx,
  );
  if (!setup.ok) throw new Error(setup.error.code);
  const added = await core.handlers.invoke('users.add', { username: NURSE.username, displayName: 'Eleni Papadopoulou', role: 'clinician', password: NURSE.password }, ctx);
  if (!added.ok) throw new Error(added.error.code);
  core.close();
  server = await serve({ root, dataDir: temp.dir });
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  page = await browser.newPage({ locale: 'en-GB' });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  temp?.cleanup();
});

async function go(section: string) {
  await page.getByRole('navigation').getByRole('button', { name: section, exact: true }).click();
}

describe('the record in Chromium', { timeout: 60_000 }, () => {
  it('registers a person with names in two scripts', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(NURSE.username);
    await page.getByLabel('Password', { exact: true }).fill(NURSE.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await go('Persons');
    await page.getByRole('button', { name: 'Register a person' }).click();
    await page.getByLabel('Given name').fill('Mohammad');
    await page.getByLabel('Family name').fill('Rahimi');
    await page.getByRole('button', { name: 'Add another spelling' }).click();
    const second = page.getByRole('group', { name: 'Name 2' });
    await second.getByLabel('Given name').fill('محمد');
    await second.getByLabel('Family name').fill('رحیمی');
    await page.getByRole('radio', { name: 'Male', exact: true }).check({ force: true });
    await page.getByLabel('Date of birth', { exact: true }).fill('1994-02-11');
    await page.getByRole('combobox', { name: 'Nationality' }).fill('Afghan');
    await page.getByRole('option', { name: /^Afghanistan/ }).click();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Mohammad Rahimi' }).waitFor();
  });

  it('records the health assessment with vitals, a diagnosis and a treatment', async () => {
    await page.getByRole('button', { name: 'Health assessment' }).click();
    await page.getByLabel('Complaints').fill('Cough for a month, night sweats');
    const vitals = page.locator('[data-section="vitals"]');
    await vitals.locator('summary').click();
    await vitals.getByRole('textbox', { name: /Temperature/ }).fill('38.1');
    await vitals.getByRole('textbox', { name: /Weight/ }).fill('58');
    await vitals.getByRole('textbox', { name: /Height/ }).fill('176');
    await vitals.getByRole('textbox', { name: /Height/ }).blur();
    await vitals.getByTestId('bmi').waitFor();
    const tb = page.locator('[data-section="tb"]');
    await tb.locator('summary').click();
    await tb.getByRole('radiogroup', { name: 'Cough for more than 2 weeks' }).getByRole('radio', { name: 'Yes' }).check({ force: true });
    await tb.getByRole('radiogroup', { name: 'Night sweats' }).getByRole('radio', { name: 'Yes' }).check({ force: true });
    const diagnoses = page.locator('[data-section="diagnoses"]');
    await diagnoses.locator('summary').click();
    await diagnoses.getByRole('button', { name: 'Add a diagnosis' }).click();
    await diagnoses.getByRole('combobox', { name: 'Diagnosis (ICD-10)' }).fill('R05');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(screenshots, 'e2e-assessment-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('episode').count()).toBe(1);
    expect(await page.getByTestId('timeline').textContent()).toContain('R05');
  });

  it('adds a follow-up with a lab result', async () => {
    await page.getByRole('button', { name: 'Follow-up' }).click();
    const labs = page.locator('[data-section="labs"]');
    await labs.locator('summary').click();
    await labs.getByRole('button', { name: 'Add a result' }).click();
    await labs.getByRole('combobox', { name: 'Test' }).pressSequentially('Hb');
    await page.getByRole('option', { name: /718-7/ }).click();
    await labs.getByLabel('Result', { exact: true }).fill('10,9');
    expect(await labs.getByLabel('Unit', { exact: true }).inputValue()).toBe('g/dL');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByTestId('episode').count()).toBe(2);
    expect(await page.getByTestId('timeline').textContent()).toMatch(/10\.9 g\/dL/);
    await page.screenshot({ path: join(screenshots, 'e2e-chart-en.png'), fullPage: true });
  });

  it('finds the person by other spellings, in Latin and in Arabic script', async () => {
    await go('Persons');
    const search = page.getByRole('searchbox', { name: 'Search' });
    for (const text of ['Muhammad Rahimy', 'rahimi', 'محمد رحیمی']) {
      await search.fill(text);
      await page.getByTestId('person-results').getByText('Mohammad Rahimi').waitFor();
    }
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
