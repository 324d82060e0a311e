// A page object for the browser-mode app: choose the interface language, open a section, log in.
// Actions are written against the English labels; a test that needs another language switches to it
// after getting where it wants to be, and back.
import type { Page } from 'playwright-core';
import { LANGUAGES } from '../../src/i18n/languages.ts';

export type SectionLabel =
  | 'Home'
  | 'Persons'
  | 'Booklets'
  | 'Transfers'
  | 'Reports'
  | 'Duplicates'
  | 'Users'
  | 'Access log'
  | 'Backups'
  | 'Centre'
  | 'Settings';

export function nativeName(code: string): string {
  const language = LANGUAGES.find((l) => l.code === code);
  if (!language) throw new Error(`unknown language ${code}`);
  return language.nativeName;
}

/** Switch the interface language with the switcher in the header, and wait until the page follows. */
export async function setLanguage(page: Page, code: string): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) === code) return;
  await page.getByTestId('language-switcher').click();
  const popover = page.locator('.select-popover');
  await popover.getByRole('option', { name: nativeName(code), exact: true }).click();
  await popover.waitFor({ state: 'detached' });
  await page.waitForFunction((lng) => document.documentElement.lang === lng, code);
  await settle(page);
}

/** Two animation frames: React has committed what the last event caused. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

/** Open a section from the navigation (English labels). */
export async function go(page: Page, section: SectionLabel): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: section, exact: true }).click();
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
