// A clinician turns a scanned English lab report into confirmed lab results in the app (browser mode
// in Chromium, the real OCR engine in the core): the report attached to a visit is read, the rows
// appear beside the page, one is dropped and one corrected, and the accepted ones are saved as a
// lab visit on the chart, linked to the document.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chart, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';
import { renderSample } from '../fixtures/ocr/corpus.ts';
import { openBrowserMode, type BrowserSession } from '../helpers/chromium.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const screenshots = join(import.meta.dirname, '..', '..', 'test-results');
const ADMIN = { username: 'admin', displayName: 'Admin', password: 'admin password 1' };
const ctx = { transport: 'test' as const };

let server: BrowserServer;
let session: BrowserSession;
let page: Page;
let temp: { dir: string; cleanup: () => void };
let personId: string;

beforeAll(async () => {
  temp = makeTempDir();
  mkdirSync(screenshots, { recursive: true });
  const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await core.handlers.invoke(method, input, ctx);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}`);
    return r.value as T;
  };
  await call('setup.createCentre', { centre: { name: 'Centre Lesvos', country: 'GR', code: 'GR-LES' }, admin: ADMIN });
  const person = await call<PersonRecord>('person.register', {
    person: { names: [{ given: 'Rania', family: 'Saleh', script: 'Latn', source: 'document', preferred: true }], birth: { kind: 'date', date: '1993-04-05' }, sex: 'female' },
  });
  personId = person.id;
  const episode = await call<EpisodeRecord>('episode.create', { personId, episode: { type: 'follow-up', date: '2026-11-20' } });
  const sample = renderSample({ seed: 5, layout: 'table', language: 'en', degradation: 'clean' });
  const sha256 = createHash('sha256').update(sample.image).digest('hex');
  const { uploadId } = await call<{ uploadId: string }>('document.beginUpload', { episodeId: episode.id, title: 'Blood tests', mediaType: sample.mime, bytes: sample.image.length, sha256 });
  for (let index = 0, offset = 0; offset < sample.image.length; index++, offset += 1024 * 1024) {
    await call('document.uploadChunk', { uploadId, index, data: sample.image.subarray(offset, offset + 1024 * 1024).toString('base64') });
  }
  await call('document.finishUpload', { uploadId });
  core.close();
  session = await openBrowserMode(temp.dir);
  ({ server, page } = session);
}, 60_000);

afterAll(async () => {
  await session?.close();
  temp?.cleanup();
});

describe('reading a lab report in Chromium', { timeout: 120_000 }, () => {
  it('reads the report, lets the clinician drop, correct and accept rows, and saves the accepted ones', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Persons', exact: true }).click();
    await page.getByRole('searchbox').fill('Rania');
    await page.getByTestId('person-results').getByText('Rania Saleh').click();
    await page.getByRole('button', { name: 'Read lab results' }).click();
    const review = page.getByTestId('ocr-review');
    await review.waitFor({ timeout: 90_000 });
    const rows = review.getByTestId('ocr-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(6);
    // The collection date was found on the report.
    const date = await review.getByLabel('Date the sample was taken').inputValue();
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The page is shown beside the rows.
    expect(await review.locator('.ocr-image img').count()).toBe(1);
    await page.screenshot({ path: join(screenshots, 'e2e-ocr-review.png'), fullPage: true });
    // Drop the first row; write the second one's value with a decimal comma.
    await rows.nth(0).getByRole('checkbox').uncheck();
    const value = rows.nth(1).getByRole('textbox', { name: /Result/ });
    const corrected = (await value.count()) > 0;
    if (corrected) await value.fill('4,2');
    // The report's date is corrected to the day the sample was really taken.
    await review.getByLabel('Date the sample was taken').fill('2026-11-18');
    const accepted = await review.getByRole('checkbox', { checked: true }).count();
    await review.getByRole('button', { name: new RegExp(`Save ${accepted} accepted result`) }).click();
    await review.waitFor({ state: 'detached', timeout: 10_000 });
    // The chart shows the lab visit; the store holds exactly the accepted rows.
    await page.getByText('Extra lab test', { exact: false }).first().waitFor();
    const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
    try {
      await core.handlers.invoke('session.login', { username: ADMIN.username, password: ADMIN.password }, ctx);
      const chart = (await core.handlers.invoke('person.chart', { personId }, ctx)) as { ok: true; value: Chart };
      const lab = chart.value.episodes.find((e) => e.episode.type === 'lab-only');
      expect(lab?.episode.date).toBe('2026-11-18');
      const results = chart.value.entries.filter((e) => e.episodeId === lab?.id);
      expect(results).toHaveLength(accepted);
      if (corrected) expect(results.some((e) => e.body.kind === 'observation' && e.body.value.type === 'quantity' && e.body.value.value === 4.2)).toBe(true);
    } finally {
      core.close();
    }
  });
});
