import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { openBrowserMode, type BrowserSession } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'test-results');

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let problems: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(screenshots, { recursive: true });
  session = await openBrowserMode(temp.dir);
  ({ server, page, problems } = session);
});

afterAll(async () => {
  await session?.close();
  temp?.cleanup();
});

async function switchLanguage(nativeName: string) {
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: nativeName }).click();
}

const ADMIN = { name: 'Site Admin', username: 'admin', password: 'correct horse battery' };
let recoveryKey = '';

/** Open a section from the navigation. */
async function go(section: string) {
  await page.getByRole('navigation').getByRole('button', { name: section, exact: true }).click();
}

async function logIn(username: string, password: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('browser mode in Chromium', () => {
  it('opens on the set-up wizard of a new centre, with the token gone from the address', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Set up this centre' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('switches to Arabic: the page turns right-to-left and the labels are translated', async () => {
    await switchLanguage('العربية');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toBe('Set up this centre');
    await page.screenshot({ path: join(screenshots, 'e2e-setup-ar.png'), fullPage: true });
  });

  it('remembers the choice in the data folder and after a reload', async () => {
    expect(JSON.parse(readFileSync(join(temp.dir, 'settings.json'), 'utf8'))).toEqual({ uiLanguage: 'ar' });
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await switchLanguage('Ελληνικά');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.screenshot({ path: join(screenshots, 'e2e-setup-el.png'), fullPage: true });
    await switchLanguage('English');
    await page.getByRole('heading', { name: 'Set up this centre' }).waitFor();
  });

  it('sets up the centre and its admin, and shows the recovery key with its QR code once', async () => {
    await page.getByLabel('Name of the centre').fill('Asylum Centre Krnjača');
    await page.getByRole('combobox', { name: 'Country' }).fill('Serbi');
    await page.getByRole('option', { name: /^Serbia/ }).click();
    await page.getByLabel('Centre code').fill('rs-krn');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Full name').fill(ADMIN.name);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Password again').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create the centre' }).click();
    await page.getByRole('heading', { name: 'Write down the recovery key' }).waitFor();
    recoveryKey = (await page.getByTestId('recovery-key').textContent()) ?? '';
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}){8}$/);
    await page.getByRole('img', { name: 'The recovery key as a QR code' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'e2e-recovery-key.png'), fullPage: true });
    await page.getByLabel('Type the recovery key from your paper').fill(recoveryKey.replace(/(.{4})(?!$)/g, '$1-'));
    await page.getByText('I have stored the key safely').click();
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await page.getByRole('heading', { name: 'Welcome to Carnet' }).waitFor();
    expect(await page.getByTestId('centre-name').textContent()).toContain('Asylum Centre Krnjača');
    expect(await page.getByTestId('app-info').textContent()).toContain('0.1.0');
  });

  it('adds a clinician from the Users screen', async () => {
    await go('Users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Full name').fill('Amira Haddad');
    await dialog.getByLabel('Username').fill('amira');
    await dialog.getByRole('radio', { name: 'Clinician' }).check({ force: true });
    await dialog.getByLabel('First password').fill('amira password 1');
    await dialog.getByLabel('Password again').fill('amira password 1');
    await dialog.getByRole('button', { name: 'Add the user' }).click();
    await page.getByTestId('users-table').getByText('Amira Haddad').waitFor();
    await page.screenshot({ path: join(screenshots, 'e2e-users-en.png'), fullPage: true });
  });

  it('locks on demand, keeps a half-typed form, and unlocks', async () => {
    await go('Settings');
    await page.getByLabel('Current password').fill('half typed');
    await page.getByRole('button', { name: 'Lock' }).click();
    const overlay = page.getByRole('dialog', { name: 'Carnet is locked' });
    await overlay.waitFor();
    expect(await page.getByLabel('Current password').isVisible()).toBe(false);
    await overlay.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await overlay.getByRole('button', { name: 'Log in' }).click();
    await overlay.waitFor({ state: 'detached' });
    expect(await page.getByLabel('Current password').inputValue()).toBe('half typed');
  });

  it('shows the access log and finds it intact', async () => {
    await go('Access log');
    const table = page.getByTestId('audit-table');
    await table.getByText('User added').waitFor();
    await page.getByRole('button', { name: 'Check the log is intact' }).click();
    expect(await page.getByTestId('audit-verify').textContent()).toMatch(/The log is intact/);
  });

  it('backs up to a folder and restores the backup, after which everyone logs in again', async () => {
    const folder = join(temp.dir, 'usb-backups');
    mkdirSync(folder);
    await go('Centre');
    await page.getByLabel('Backup folder').fill(folder);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The settings were saved.').waitFor();
    await go('Backups');
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText(/Backup written and checked/).waitFor();
    await page.getByTestId('backup-table').getByRole('button', { name: 'Restore' }).first().click();
    await page.getByRole('dialog', { name: 'Restore this backup?' }).getByRole('button', { name: 'Restore the backup' }).click();
    await page.getByRole('dialog', { name: 'Carnet is locked' }).waitFor();
    await logIn(ADMIN.username, ADMIN.password);
    await page.getByRole('dialog', { name: 'Carnet is locked' }).waitFor({ state: 'detached' });
  });

  it('mirrors the logged-in screens in Arabic, navigation on the right', async () => {
    await go('Home');
    await switchLanguage('العربية');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const nav = await page.getByRole('navigation').boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(nav && main && nav.x > main.x).toBe(true);
    await page.screenshot({ path: join(screenshots, 'e2e-shell-ar.png'), fullPage: true });
    await switchLanguage('English');
    await page.getByRole('button', { name: 'Home' }).waitFor();
  });

  it('gives a clinician only the sections of their role', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    // Someone else logs in at the locked screen: the admin's screens are not kept for them.
    await logIn('amira', 'amira password 1');
    await page.getByTestId('current-user').getByText('Amira Haddad').waitFor();
    const items = await page.getByRole('navigation').getByRole('button').allTextContents();
    expect(items).toEqual(['Home', 'Persons', 'Booklets', 'Transfers', 'Reports', 'Settings']);
    await page.screenshot({ path: join(screenshots, 'e2e-shell-en.png'), fullPage: true });
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
