// A clinician's day in browser mode (Chromium): register a person, do the health assessment, add a
// follow-up with a lab result, and find the person again by another spelling.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { openBrowserMode, type BrowserSession } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'test-results');
const NURSE = { username: 'nurse', password: 'nurse password 1' };

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let problems: string[] = [];

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
  session = await openBrowserMode(temp.dir);
  ({ server, page, problems } = session);
});

afterAll(async () => {
  await session?.close();
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
    expect(await page.getByTestId('timeline').textContent()).toMatch(/10\.9 \u2066?g\/dL/);
    await page.screenshot({ path: join(screenshots, 'e2e-chart-en.png'), fullPage: true });
  });

  it('attaches a scanned report to the follow-up and shows it inline', async () => {
    // A real 1x1 PNG, padded to 1.5 MB so that it goes in two chunks.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const file = Buffer.concat([png, Buffer.alloc(1_500_000)]);
    const followUp = page.getByTestId('episode').first();
    await followUp.getByRole('button', { name: 'Attach a document' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach a document' });
    await dialog.getByLabel('File').setInputFiles({ name: 'cbc-scan.png', mimeType: 'image/png', buffer: file });
    expect(await dialog.getByLabel('Title').inputValue()).toBe('cbc-scan');
    await dialog.getByRole('button', { name: 'Save the document' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('entry-row').filter({ hasText: 'cbc-scan' });
    await row.getByRole('button', { name: 'View' }).click();
    const viewer = page.getByRole('dialog', { name: 'cbc-scan' });
    await viewer.getByTestId('document-image').waitFor();
    expect(await viewer.getByTestId('document-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('shows an attached PDF inline, drawn by PDF.js under the CSP', async () => {
    await page.getByTestId('episode').first().getByRole('button', { name: 'Attach a document' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach a document' });
    await dialog.getByLabel('File').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: onePagePdf('Referral letter') });
    await dialog.getByRole('button', { name: 'Save the document' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('entry-row').filter({ hasText: 'letter' }).getByRole('button', { name: 'View' }).click();
    const canvas = page.getByRole('dialog', { name: 'letter' }).getByTestId('document-pdf');
    await canvas.waitFor();
    // The page was drawn: an A4 page (595.28 pt) at scale 1.5 is 892 px wide.
    await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width)).toBe(892);
    await page.keyboard.press('Escape');
  });

  it('refuses a file that is not a PDF or an image, saying why', async () => {
    await page.getByTestId('episode').first().getByRole('button', { name: 'Attach a document' }).click();
    const dialog = page.getByRole('dialog', { name: 'Attach a document' });
    await dialog.getByLabel('File').setInputFiles({ name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not a pdf') });
    await dialog.getByRole('button', { name: 'Save the document' }).click();
    expect(await dialog.getByRole('alert').textContent()).toContain('PDF, JPEG, PNG and TIFF');
    await page.keyboard.press('Escape');
  });

  it('finds the person by other spellings, in Latin and in Arabic script', async () => {
    await go('Persons');
    const search = page.getByRole('searchbox', { name: 'Search' });
    for (const text of ['Muhammad Rahimy', 'rahimi', 'محمد رحیمی']) {
      await search.fill(text);
      await page.getByTestId('person-results').getByText('Mohammad Rahimi').waitFor();
    }
  });

  it('shows the chart and the assessment form in Arabic, right to left', async () => {
    await page.getByTestId('person-results').getByText('Mohammad Rahimi').click();
    await page.getByTestId('language-switcher').click();
    await page.getByRole('option', { name: 'العربية' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByTestId('timeline').waitFor();
    await page.screenshot({ path: join(screenshots, 'e2e-chart-ar.png'), fullPage: true });
    await page.getByRole('button', { name: 'متابعة' }).first().click();
    await page.locator('[data-section="vitals"] summary').click();
    expect(await page.locator('[data-section="vitals"] summary').textContent()).toMatch(/^6\. /);
    expect(await page.locator('[data-section="vitals"] summary').textContent()).not.toContain('Vital');
    await page.screenshot({ path: join(screenshots, 'e2e-assessment-ar.png'), fullPage: true });
    await page.getByTestId('language-switcher').click();
    await page.getByRole('option', { name: 'English' }).click();
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});

/** A one-page A4 PDF with a line of text, with a correct cross-reference table. */
function onePagePdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
