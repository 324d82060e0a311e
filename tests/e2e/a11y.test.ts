// Accessibility in browser mode (Chromium): every screen, in English and in Arabic (right to left),
// checked by axe-core; and the health assessment filled and saved with the keyboard alone, the focus
// visible at every step. The figures go to test-results/axe-results.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { go, logIn, setLanguage, settle } from '../helpers/carnet-page.ts';
import { openBrowserMode, type BrowserSession } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const results = join(root, 'test-results');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LANGUAGES = ['en', 'ar'] as const;
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
const ADMIN = { name: 'Site Admin', username: 'admin', password: 'correct horse battery' };

type Impact = (typeof IMPACTS)[number];
interface Violation {
  id: string;
  impact: Impact;
  help: string;
  nodes: number;
  targets: string[];
}
interface ScreenResult {
  screen: string;
  lng: string;
  counts: Record<Impact, number>;
  violations: Violation[];
}

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let problems: string[] = [];
const audited: ScreenResult[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(results, { recursive: true });
  session = await openBrowserMode(temp.dir);
  ({ server, page, problems } = session);
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  if (audited.length > 0) {
    writeFileSync(join(results, 'axe-results.json'), `${JSON.stringify(audited, null, 2)}\n`);
    console.log(table(audited));
  }
  await session?.close();
  temp?.cleanup();
});

/** axe-core on the whole document, as it is now. Injected through CDP, which the app's CSP does not govern. */
async function axe(screen: string): Promise<ScreenResult> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async () => {
    type Axe = { run: (context: object, options: object) => Promise<{ violations: unknown[]; passes: unknown[] }> };
    // React Aria's live announcer keeps an announcement for 7 s after it was read, as an unnamed
    // role="img" once the button it pointed to is gone: already spoken, and not part of the screen.
    const run = await (window as unknown as { axe: Axe }).axe.run({ exclude: [['[data-live-announcer]']] }, { resultTypes: ['violations'] });
    return { violations: run.violations as { id: string; impact: string; help: string; nodes: { target: unknown[] }[] }[], passed: run.passes.length };
  });
  // Rules that passed: axe saw a real screen (not an empty or error page).
  expect(found.passed, `axe rules passed on ${screen}`).toBeGreaterThan(10);
  const lng = await page.evaluate(() => document.documentElement.lang);
  const violations = found.violations.map((v) => ({
    id: v.id,
    impact: v.impact as Impact,
    help: v.help,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
  }));
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, violations.filter((v) => v.impact === i).length])) as Record<Impact, number>;
  const result = { screen, lng, counts, violations };
  audited.push(result);
  return result;
}

/** The screen as it is, in English and in Arabic; back in English afterwards. No serious or critical violation. */
async function audit(screen: string) {
  const bad: string[] = [];
  for (const lng of LANGUAGES) {
    await setLanguage(page, lng);
    bad.push(...serious(await axe(screen)));
  }
  await setLanguage(page, 'en');
  // Soft: the remaining screens are still checked, so that the figures are complete.
  expect.soft(bad, `axe on ${screen}`).toEqual([]);
}

function serious(result: ScreenResult): string[] {
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${result.lng} ${v.impact} ${v.id} (${v.nodes}): ${v.targets.join(' ')}`);
}

function table(rows: ScreenResult[]): string {
  const head = ['screen', 'lng', ...IMPACTS, 'rules'];
  const body = rows.map((r) => [r.screen, r.lng, ...IMPACTS.map((i) => String(r.counts[i])), r.violations.map((v) => `${v.id}×${v.nodes}`).join(' ')]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
  return ['axe-core violations (rules) by impact', line(head), ...body.map(line)].join('\n');
}

describe('accessibility of every screen, in English and Arabic', { timeout: 60_000 }, () => {
  it('the set-up wizard and the recovery key', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Set up this centre' }).waitFor();
    await audit('setup-centre');
    await page.getByLabel('Name of the centre').fill('Centre Lesvos');
    await page.getByRole('combobox', { name: 'Country' }).fill('Gree');
    await page.getByRole('option', { name: /^Greece/ }).click();
    await page.getByLabel('Centre code').fill('GR-LES');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Full name').waitFor();
    await audit('setup-admin');
    await page.getByLabel('Full name').fill(ADMIN.name);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Password again').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create the centre' }).click();
    await page.getByRole('heading', { name: 'Write down the recovery key' }).waitFor();
    await audit('recovery-key');
    const key = (await page.getByTestId('recovery-key').textContent()) ?? '';
    await page.getByLabel('Type the recovery key from your paper').fill(key);
    await page.getByText('I have stored the key safely').click();
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await page.getByRole('heading', { name: 'Welcome to Carnet' }).waitFor();
  });

  it('home, with the demo-data offer and then with records', async () => {
    await page.getByTestId('demo-fill').waitFor();
    await audit('home-empty');
    await page.getByTestId('demo-fill').getByText('50', { exact: true }).click();
    await page.getByRole('button', { name: 'Add demo persons' }).click();
    await page.getByTestId('record-stats').getByText('50 persons').waitFor({ timeout: 30_000 });
    await audit('home');
  });

  it('persons: search, registration, a chart, the assessment form', async () => {
    await go(page, 'Persons');
    await page.getByTestId('person-results').getByRole('button').first().waitFor();
    await audit('persons');
    await page.getByRole('button', { name: 'Register a person' }).click();
    await page.getByLabel('Given name').waitFor();
    await audit('register');
    await page.getByRole('button', { name: 'Back to search' }).click();
    await page.getByTestId('person-results').getByRole('button').first().click();
    await page.getByTestId('timeline').waitFor();
    await audit('chart');
    await page.getByRole('button', { name: 'Health assessment', exact: true }).click();
    await page.locator('form.assessment').waitFor();
    // Every section open, every list with one row: all the form's fields are checked.
    await page.evaluate(() => document.querySelectorAll('form.assessment details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    for (const add of await page.locator('fieldset[data-list] > button').all()) await add.click();
    await settle(page);
    await audit('episode');
    await page.getByRole('button', { name: 'Close (the draft is kept)' }).click();
    await page.getByTestId('timeline').waitFor();
  });

  it('booklets, transfers and reports, each tab', async () => {
    await go(page, 'Booklets');
    await page.getByRole('tab').first().waitFor();
    await audit('booklets-print');
    await page.getByRole('tab').nth(1).click();
    await page.getByTestId('qr-reader').waitFor();
    await audit('booklets-read');
    await go(page, 'Transfers');
    await page.getByRole('tab').first().waitFor();
    await audit('transfers-send');
    await page.getByRole('tab').nth(1).click();
    await page.getByRole('tabpanel').waitFor();
    await audit('transfers-receive');
    await go(page, 'Reports');
    await page.getByTestId('report-health').waitFor();
    await audit('reports-health');
    await page.getByRole('tab').nth(1).click();
    await page.getByTestId('report-use').waitFor();
    await audit('reports-use');
  });

  it('duplicates, users, access log, backups, centre, settings', async () => {
    await go(page, 'Duplicates');
    await page.getByRole('heading', { level: 1, name: /duplicate/i }).waitFor();
    await audit('duplicates');
    await go(page, 'Users');
    await page.getByTestId('users-table').waitFor();
    await audit('users');
    await go(page, 'Access log');
    await page.getByTestId('audit-table').waitFor();
    await audit('access-log');
    await go(page, 'Backups');
    await page.getByRole('button', { name: 'Back up now' }).waitFor();
    await audit('backups');
    await go(page, 'Centre');
    await page.getByLabel('Backup folder').waitFor();
    await audit('centre');
    await go(page, 'Settings');
    await page.getByLabel('Current password').waitFor();
    await audit('settings');
  });

  it('the locked screen, the log-in screen and the recovery form', async () => {
    // Locked, the language cannot be changed (the header is under the overlay): lock once per language.
    const bad: string[] = [];
    for (const lng of LANGUAGES) {
      await setLanguage(page, lng);
      await page.locator('button.header-button').click();
      const overlay = page.locator('.lock-overlay');
      await overlay.getByRole('heading', { level: 1 }).waitFor();
      bad.push(...serious(await axe('locked')));
      await overlay.locator('input[type="password"]').fill(ADMIN.password);
      await overlay.locator('input[type="password"]').press('Enter');
      await overlay.waitFor({ state: 'detached' });
    }
    expect.soft(bad, 'axe on locked').toEqual([]);
    await setLanguage(page, 'en');
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('dialog', { name: 'Carnet is locked' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await audit('login');
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByRole('textbox', { name: 'Recovery key' }).waitFor();
    await audit('login-recover');
    await page.getByRole('button', { name: 'Back to log in' }).click();
    await logIn(page, ADMIN.username, ADMIN.password);
    await page.getByRole('heading', { name: 'Welcome to Carnet' }).waitFor();
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});

interface Focused {
  /** Role or tag, and accessible text, of the focused element. */
  tag: string;
  name: string;
  /** Whether a ring is drawn: an outline or a box-shadow on it, or on the visible label that React Aria marks for a hidden input. */
  visible: boolean;
  /** The computed outline of the element, for the failure message. */
  outline: string;
}

/** What has the focus, and whether the user can see where it is. */
async function focused(): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', visible: false, outline: '' };
    const labelled = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const byIds = (el.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    const own = (el.getAttribute('aria-label') ?? (byIds.trim() || labelled?.textContent || el.closest('label')?.textContent || el.textContent || '')).trim();
    // A radio button is named by its group first: "Tuberculosis in the past: Yes".
    const group = el.closest('[role="radiogroup"]');
    const groupName = group ? (group.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim() : '';
    const name = groupName ? `${groupName}: ${own}` : own;
    const drawn = (node: Element | null) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      const box = node.getBoundingClientRect();
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return ring && box.width > 2 && box.height > 2;
    };
    const style = getComputedStyle(el);
    // The calendar button inside a date input lives in the browser's own shadow tree: the input is
    // the active element but not :focus, and the browser draws that button's ring itself.
    if (el instanceof HTMLInputElement && el.type === 'date' && !el.matches(':focus')) {
      return { tag: 'date picker button', name, visible: true, outline: 'drawn by the browser' };
    }
    return {
      tag: el.getAttribute('role') ?? el.tagName.toLowerCase(),
      name,
      visible: drawn(el) || drawn(el.closest('[data-focus-visible]')),
      outline: `${style.outlineStyle} ${style.outlineWidth}, shadow ${style.boxShadow}`,
    };
  });
}

/** Tab (or Shift+Tab) until the focus is on what `wanted` matches; every stop on the way must show its focus. */
async function tabTo(wanted: RegExp, { back = false, max = 80 } = {}): Promise<Focused> {
  const trail: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    await settle(page);
    const now = await focused();
    trail.push(`${now.tag} "${now.name.slice(0, 40)}"`);
    expect(now.visible, `focus ring on ${now.tag} "${now.name}" (${now.outline}), after ${trail.slice(0, -1).join(' → ')}`).toBe(true);
    if (wanted.test(now.name)) return now;
  }
  throw new Error(`${wanted} not reached with the keyboard`);
}

describe('the health assessment with the keyboard alone', { timeout: 60_000 }, () => {
  it('is opened, filled and saved with Tab, Shift+Tab, Space, Enter and arrow keys, the focus always visible', async () => {
    // Getting to a chart is not the subject: the mouse may do it.
    await go(page, 'Persons');
    await page.getByTestId('person-results').getByRole('button').nth(1).click();
    await page.getByTestId('timeline').waitFor();
    const before = await page.getByTestId('episode').count();
    await page.getByRole('heading', { level: 1 }).first().click();

    await tabTo(/^Health assessment$/);
    await page.keyboard.press('Enter');
    await page.locator('form.assessment').waitFor();

    await tabTo(/^Mediator or interpreter present$/);
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: 'Mediator or interpreter present' }).isChecked()).toBe(true);
    // Back to the language of the consultation, and pick one with the arrow keys.
    await tabTo(/^Language of the consultation/, { back: true });
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Language of the consultation').inputValue()).not.toBe('');

    await tabTo(/^Complaints$/);
    await page.keyboard.type('Itching at night for two weeks');

    await tabTo(/^3\. Medical history$/);
    await page.keyboard.press('Enter');
    await tabTo(/^Tuberculosis in the past/);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    const tb = page.getByRole('radiogroup', { name: 'Tuberculosis in the past' });
    expect(await tb.getByRole('radio', { name: 'No' }).isChecked()).toBe(true);

    await tabTo(/^6\. Vital signs/);
    await page.keyboard.press('Space');
    await tabTo(/^Temperature/);
    await page.keyboard.type('37.2');
    await tabTo(/^Pulse/);
    await page.keyboard.type('84');

    await tabTo(/^11\. Diagnoses$/);
    await page.keyboard.press('Enter');
    await tabTo(/^Add a diagnosis$/);
    await page.keyboard.press('Enter');
    await tabTo(/^Diagnosis \(ICD-10\)$/, { back: true });
    await page.keyboard.type('B86');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('combobox', { name: 'Diagnosis (ICD-10)' }).inputValue()).toBe('B86');

    await tabTo(/^Save$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('timeline').waitFor();
    await expect.poll(() => page.getByTestId('episode').count()).toBe(before + 1);
    const saved = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(saved).toContain('Itching at night for two weeks');
    expect(saved).toContain('B86');
    expect(saved).toMatch(/37\.2/);
  });
});
