// A coordinator's monthly check in browser mode (Chromium): open the health report, filter by
// nationality, see the chart change; the same in Arabic, right to left. Under the real CSP.
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
const ADMIN = { username: 'admin', password: 'admin password 1' };

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let problems: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(screenshots, { recursive: true });
  const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
  const ctx = { transport: 'test' as const };
  const setup = await core.handlers.invoke('setup.createCentre', { centre: { name: 'Centre Lesvos', country: 'GR', code: 'GR-LES' }, admin: { ...ADMIN, displayName: 'Admin' } }, ctx);
  if (!setup.ok) throw new Error(setup.error.code);
  for (let from = 0; from < 150; from += 50) {
    const filled = await core.handlers.invoke('demo.fill', { from, count: 50, seed: 3 }, ctx);
    if (!filled.ok) throw new Error(filled.error.code);
  }
  core.close();
  session = await openBrowserMode(temp.dir);
  ({ server, page, problems } = session);
}, 120_000);

afterAll(async () => {
  await session?.close();
  temp?.cleanup();
});

/** The bars the health report's first chart draws, as their heights. */
async function barHeights(): Promise<number[]> {
  const chart = page.getByTestId('report-conditionsByMonth').locator('.recharts-bar-rectangle path');
  return chart.evaluateAll((paths) => paths.map((p) => Math.round((p as SVGGraphicsElement).getBBox().height)));
}

describe('the reports in Chromium', { timeout: 90_000 }, () => {
  it('opens the health report, filters by nationality and the chart changes', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Reports', exact: true }).click();
    const filters = page.getByRole('form', { name: 'Filters' });
    const year = new Date().getUTCFullYear();
    await filters.getByLabel('From').fill(`${year - 2}-01-01`);
    await filters.getByLabel('To').fill(new Date().toISOString().slice(0, 10));
    await filters.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByTestId('report-conditionsByMonth').locator('.recharts-bar-rectangle').first().waitFor();
    const all = await barHeights();
    expect(all.length).toBeGreaterThan(0);

    await filters.getByRole('combobox', { name: 'Nationality' }).fill('Afghan');
    await page.getByRole('option', { name: /^Afghanistan/ }).click();
    await filters.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(async () => JSON.stringify(await barHeights()), { timeout: 20_000 }).not.toBe(JSON.stringify(all));
    await page.screenshot({ path: join(screenshots, 'reports-health-en.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('lays the report out right to left in Arabic, the chart’s axis mirrored', async () => {
    await page.getByTestId('language-switcher').click();
    await page.locator('.select-popover').getByRole('option', { name: 'العربية' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('heading', { name: 'التقارير' }).waitFor();
    await page.getByTestId('report-conditionsByMonth').locator('.recharts-yAxis').waitFor();
    // The y axis stands on the right in a right-to-left layout.
    const axis = await page.getByTestId('report-conditionsByMonth').locator('.recharts-yAxis').boundingBox();
    const chart = await page.getByTestId('report-conditionsByMonth').locator('.recharts-wrapper').first().boundingBox();
    expect(axis && chart && axis.x > chart.x + chart.width / 2).toBe(true);
    await page.screenshot({ path: join(screenshots, 'reports-health-ar.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
