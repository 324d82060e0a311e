import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/serve.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { CHROMIUM_ARGS, findChromium } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const screenshots = join(root, 'test-results');

let server: BrowserServer;
let browser: Browser;
let page: Page;
let temp: { dir: string; cleanup: () => void };
const problems: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(screenshots, { recursive: true });
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

async function switchLanguage(nativeName: string) {
  await page.getByTestId('language-switcher').click();
  await page.getByRole('option', { name: nativeName }).click();
}

describe('browser mode in Chromium', () => {
  it('shows the shell and the answer of app.info', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('navigation').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Carnet');
    const info = page.getByTestId('app-info');
    await info.waitFor();
    expect(await info.textContent()).toContain('0.1.0');
    expect(await page.getByTestId('store-status').textContent()).toContain('Not set up yet');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it('switches to Arabic: the page turns right-to-left and the labels are translated', async () => {
    await switchLanguage('العربية');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await page.getByRole('button', { name: 'الرئيسية' }).waitFor();
    // Mirrored layout: the navigation sits on the right.
    const nav = await page.getByRole('navigation').boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(nav && main && nav.x > main.x).toBe(true);
    await page.screenshot({ path: join(screenshots, 'e2e-shell-ar.png'), fullPage: true });
  });

  it('remembers the choice in the data folder and after a reload', async () => {
    expect(JSON.parse(readFileSync(join(temp.dir, 'settings.json'), 'utf8'))).toEqual({ uiLanguage: 'ar' });
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ar');
  });

  it('switches to Greek and back to English', async () => {
    await switchLanguage('Ελληνικά');
    await page.getByRole('button', { name: 'Αρχική' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.screenshot({ path: join(screenshots, 'e2e-shell-el.png'), fullPage: true });
    await switchLanguage('English');
    await page.getByRole('button', { name: 'Home' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.screenshot({ path: join(screenshots, 'e2e-shell-en.png'), fullPage: true });
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
