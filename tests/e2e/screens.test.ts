// The main screens in Arabic, Persian and Greek, compared with reviewed pictures in
// tests/fixtures/screens/<screen>-<lng>.png: right to left mirrored, scripts shaped, nothing cut.
// A reference is rewritten with CARNET_UPDATE_SCREENS=1; look at every rewritten picture before
// committing it. A mismatch leaves the picture taken and a map of what differs in test-results/screens/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { go, logIn, setLanguage } from '../helpers/carnet-page.ts';
import { openBrowserMode, type BrowserSession } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const REFERENCES = join(root, 'tests', 'fixtures', 'screens');
const OUTPUT = join(root, 'test-results', 'screens');
const UPDATE = process.env['CARNET_UPDATE_SCREENS'] === '1';
const LANGUAGES = ['ar', 'fa', 'el'] as const;
const VIEWPORT = { width: 1280, height: 800 };
/** The day the centre is filled up to and the browser's clock stands still on: dates and ages never move. */
const NOW = new Date('2026-06-15T09:00:00Z');
const ADMIN = { username: 'admin', password: 'admin password 1' };
/** A pixel differs when its grey level moves by more than this; a picture, when over MAX_SHARE of its pixels do. */
const GREY_TOLERANCE = 64;
const MAX_SHARE = 0.01;

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let problems: string[] = [];

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(OUTPUT, { recursive: true });
  // Only Date is frozen (no timers), and only while the records are written: record numbers, visit
  // dates and the access log are those of NOW on every machine and every day.
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  try {
    const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
    const ctx = { transport: 'test' as const };
    const setup = await core.handlers.invoke('setup.createCentre', { centre: { name: 'Centre Lesvos', country: 'GR', code: 'GR-LES' }, admin: { ...ADMIN, displayName: 'Admin' } }, ctx);
    if (!setup.ok) throw new Error(setup.error.code);
    const filled = await core.handlers.invoke('demo.fill', { from: 0, count: 60, seed: 7 }, ctx);
    if (!filled.ok) throw new Error(filled.error.code);
    core.close();
  } finally {
    vi.useRealTimers();
  }
  session = await openBrowserMode(temp.dir);
  ({ server, page, problems } = session);
  page.setDefaultTimeout(15_000);
  await page.setViewportSize(VIEWPORT);
  await page.clock.setFixedTime(NOW);
}, 120_000);

afterAll(async () => {
  await session?.close();
  temp?.cleanup();
});

interface Comparison {
  differing: number;
  total: number;
  sizeMismatch: boolean;
}

async function greyLevels(png: Buffer): Promise<{ width: number; height: number; grey: Float32Array }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  const grey = new Float32Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
  return { width: image.width, height: image.height, grey };
}

/** Pixels whose grey level differs by more than the tolerance; a red map of them is written for a failure. */
async function compare(actual: Buffer, reference: Buffer, diffPath: string): Promise<Comparison> {
  const a = await greyLevels(actual);
  const b = await greyLevels(reference);
  if (a.width !== b.width || a.height !== b.height) return { differing: a.grey.length, total: a.grey.length, sizeMismatch: true };
  const map = createCanvas(a.width, a.height);
  const context = map.getContext('2d');
  const pixels = context.createImageData(a.width, a.height);
  let differing = 0;
  for (let i = 0; i < a.grey.length; i++) {
    const off = Math.abs(a.grey[i]! - b.grey[i]!) > GREY_TOLERANCE;
    if (off) differing++;
    const level = Math.round(a.grey[i]! * 0.3 + 170);
    pixels.data.set(off ? [255, 0, 0, 255] : [level, level, level, 255], i * 4);
  }
  if (differing / a.grey.length > MAX_SHARE) {
    context.putImageData(pixels, 0, 0);
    writeFileSync(diffPath, map.toBuffer('image/png'));
  }
  return { differing, total: a.grey.length, sizeMismatch: false };
}

/** The screen as it is now, without caret, animation, hover or focus ring. */
async function snap(): Promise<Buffer> {
  await page.mouse.move(0, 0);
  await page.evaluate(async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    await document.fonts.ready;
  });
  return page.screenshot({ caret: 'hide', animations: 'disabled' });
}

/** The current screen in each language against its reference; back to English afterwards. */
async function check(screen: string) {
  const failures: string[] = [];
  for (const lng of LANGUAGES) {
    await setLanguage(page, lng);
    const actual = await snap();
    const name = `${screen}-${lng}.png`;
    const reference = join(REFERENCES, name);
    if (UPDATE) {
      mkdirSync(REFERENCES, { recursive: true });
      writeFileSync(reference, actual);
      continue;
    }
    if (!existsSync(reference)) {
      writeFileSync(join(OUTPUT, name), actual);
      failures.push(`${name}: no reference (run with CARNET_UPDATE_SCREENS=1, then review the picture)`);
      continue;
    }
    const result = await compare(actual, readFileSync(reference), join(OUTPUT, `${screen}-${lng}.diff.png`));
    if (result.sizeMismatch || result.differing / result.total > MAX_SHARE) {
      writeFileSync(join(OUTPUT, name), actual);
      const share = ((100 * result.differing) / result.total).toFixed(2);
      failures.push(`${name}: ${result.sizeMismatch ? 'another size' : `${share} % of the pixels differ`} (see test-results/screens/)`);
    }
  }
  await setLanguage(page, 'en');
  expect(failures).toEqual([]);
}

describe('the main screens in Arabic, Persian and Greek match their reviewed pictures', { timeout: 60_000 }, () => {
  it('home', async () => {
    await page.goto(server.url);
    await logIn(page, ADMIN.username, ADMIN.password);
    await page.getByTestId('record-stats').getByText('60 persons').waitFor();
    await check('home');
  });

  it('persons search', async () => {
    await go(page, 'Persons');
    await page.getByTestId('person-results').getByRole('button').first().waitFor();
    await check('persons');
  });

  it('a chart', async () => {
    await page.getByTestId('person-results').getByRole('button').first().click();
    await page.getByTestId('timeline').waitFor();
    await check('chart');
  });

  it('the health assessment form', async () => {
    await page.getByRole('button', { name: 'Health assessment', exact: true }).click();
    await page.locator('form.assessment').waitFor();
    await check('episode');
    await page.getByRole('button', { name: 'Close (the draft is kept)' }).click();
  });

  it('reports', async () => {
    await go(page, 'Reports');
    await page.getByTestId('report-health').locator('.recharts-wrapper').first().waitFor();
    await check('reports');
  });

  it('ran without a script error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
