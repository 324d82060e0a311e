// The OCR engine on generated lab reports: it reads English and Greek pages well enough, keeps a table
// row on one line, never touches the network, checks its languages at start-up, gives up on a worker
// that never starts, and stops at once when cancelled.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrEngine, OcrEngineError, similarity, type OcrEngineFailure } from '../../src/ocr/engine.ts';
import { defaultLangPath, tesseractLanguages } from '../../src/ocr/ocr-data.ts';
import type { PageImage } from '../../src/ocr/input.ts';
import type { OcrPage } from '../../src/ocr/types.ts';
import { registerCorpusFonts, renderSample, type Sample } from '../fixtures/ocr/corpus.ts';
import { encodeTiff, greyTextPage } from '../fixtures/ocr/files.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

registerCorpusFonts();
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ocr');
const temp = makeTempDir('carnet-ocr-engine-');
afterAll(() => temp.cleanup());

/** Character error rate with whitespace runs counted as one space (layout spacing is not text). */
function cer(truth: string, read: string): number {
  const norm = (s: string) =>
    s
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n');
  const t = norm(truth);
  return (1 - similarity(t, norm(read))) * (Math.max(t.length, norm(read).length) / t.length);
}

async function failure(start: Promise<unknown>): Promise<OcrEngineFailure> {
  try {
    await start;
  } catch (error) {
    expect(error).toBeInstanceOf(OcrEngineError);
    return (error as OcrEngineError).reason;
  }
  throw new Error('started');
}

function pageImage(sample: Sample, page: number): PageImage {
  return { page, width: 2480, height: 3508, image: sample.image, mime: sample.mime };
}

describe('OCR engine', () => {
  let engine: OcrEngine;
  let pages: OcrPage[];
  const english = renderSample({ seed: 11, language: 'en', layout: 'table', degradation: 'clean' });
  const greek = renderSample({ seed: 12, language: 'el', layout: 'table', degradation: 'clean' });

  beforeAll(async () => {
    engine = await OcrEngine.start({ languages: ['el'], workers: 2 });
    const progress: number[] = [];
    pages = await engine.recognizeDocument([pageImage(english, 1), pageImage(greek, 2)], { total: 2, onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([1, 2]);
  }, 60_000);
  afterAll(() => engine?.terminate());

  it('puts English first in every language combination, except Arabic, which must lead', () => {
    expect(tesseractLanguages(['el'])).toBe('eng+ell');
    expect(tesseractLanguages(['fr', 'en', 'sr-Latn', 'hr'])).toBe('eng+fra+hrv');
    expect(tesseractLanguages(['ar', 'el'])).toBe('ara+eng+ell');
    expect(() => tesseractLanguages(['xx'])).toThrow(RangeError);
  });

  it('reads a clean English page and a clean Greek page with few character errors', () => {
    const [en, el] = pages as [OcrPage, OcrPage];
    expect(cer(english.truth.text, en.text)).toBeLessThan(0.06);
    expect(cer(greek.truth.text, el.text)).toBeLessThan(0.08);
    expect(el.text).toMatch(/[α-ω]{4}/);
  });

  it('keeps each table row on one line, with word boxes and confidences', () => {
    const [en] = pages as [OcrPage];
    expect(en).toMatchObject({ page: 1, width: 2480, height: 3508, languages: 'eng+ell', rotation: 0 });
    for (const row of english.truth.rows) {
      const line = en.lines.find((l) => similarity(row.analyteText, l.text.slice(0, row.analyteText.length)) > 0.8);
      expect(line, row.analyteText).toBeDefined();
      expect(line!.text, row.analyteText).toContain(row.valueText);
    }
    for (const line of en.lines) {
      for (const word of line.words) {
        expect(word.box.x0).toBeGreaterThanOrEqual(0);
        expect(word.box.x1).toBeLessThanOrEqual(2480);
        expect(word.box.y0).toBeLessThan(word.box.y1);
        expect(word.confidence).toBeGreaterThanOrEqual(0);
        expect(word.confidence).toBeLessThanOrEqual(100);
      }
    }
  });

  it('straightens a page scanned 2 degrees askew', async () => {
    const skewed = renderSample({ seed: 11, language: 'en', layout: 'table', degradation: 'skew' });
    const page = await engine.recognize(skewed.image);
    expect(Math.abs(page.rotation ?? 0)).toBeGreaterThan(1.7);
    expect(Math.abs(page.rotation ?? 0)).toBeLessThan(2.3);
    expect(cer(skewed.truth.text, page.text)).toBeLessThan(0.08);
  }, 30_000);

  it('reads a TIFF page as it is, through Tesseract\'s own decoder', async () => {
    const page = await engine.recognize(encodeTiff([greyTextPage('Creatinine 82 umol/L', 1400, 320)]), { page: 3 });
    expect(page).toMatchObject({ page: 3, width: 1400, height: 320, rotation: 0 });
    expect(page.text).toContain('Creatinine 82');
  });

  it('never uses the network, in the main thread or in the worker threads', () => {
    const cwd = join(temp.dir, 'offline');
    mkdirSync(cwd);
    const child = spawnSync(process.execPath, ['--import', join(FIXTURES, 'network-guard.mjs'), join(FIXTURES, 'offline-child.ts')], { cwd, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const result = JSON.parse(child.stdout) as { text: string; refusals: number };
    expect(result.text).toContain('13.2');
    expect(result.refusals).toBe(0);
    const [beforeControl, afterControl] = child.stderr.split('CONTROL\n') as [string, string];
    // The guard was in place in the main thread and in Tesseract's worker thread...
    expect(new Set(beforeControl.match(/^GUARD \d+$/gm)).size).toBeGreaterThanOrEqual(2);
    // ...saw no request during OCR, and caught the deliberate one after it.
    expect(beforeControl).not.toMatch(/^NETWORK/m);
    expect(afterControl).toMatch(/^NETWORK 0 fetch$/m);
    // Nothing written to the working directory (tesseract.js's default cache would put models there).
    expect(readdirSync(cwd)).toEqual([]);
  }, 60_000);

  it('refuses to start without the model files', async () => {
    expect(await failure(OcrEngine.start({ languages: ['el'], langPath: temp.dir }))).toBe('model-missing');
  });

  it('fails its self-test when a model does not read its language', async () => {
    // A French model under the Greek name loads without complaint and reads no Greek.
    const dir = join(temp.dir, 'wrong-model');
    mkdirSync(dir);
    copyFileSync(join(defaultLangPath(), 'eng.traineddata.gz'), join(dir, 'eng.traineddata.gz'));
    copyFileSync(join(defaultLangPath(), 'fra.traineddata.gz'), join(dir, 'ell.traineddata.gz'));
    expect(await failure(OcrEngine.start({ languages: ['el'], langPath: dir, workers: 1 }))).toBe('self-test-failed');
  }, 30_000);

  it('fails at once, without hanging, when a model file is damaged', async () => {
    const dir = join(temp.dir, 'damaged-model');
    mkdirSync(dir);
    copyFileSync(join(defaultLangPath(), 'eng.traineddata.gz'), join(dir, 'eng.traineddata.gz'));
    // Cut short, as by a failed copy: it no longer unpacks.
    const model = readFileSync(join(defaultLangPath(), 'ell.traineddata.gz'));
    writeFileSync(join(dir, 'ell.traineddata.gz'), model.subarray(0, model.length >> 1));
    const started = Date.now();
    expect(await failure(OcrEngine.start({ languages: ['el'], langPath: dir, workers: 1, startTimeoutMs: 20_000 }))).toBe('start-failed');
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('gives up on a worker that never starts, and the worker thread ends', async () => {
    const channel = new BroadcastChannel('carnet-ocr-test-hanging-worker');
    const exited = new Promise((resolve) => (channel.onmessage = resolve));
    const reason = await failure(OcrEngine.start({ languages: ['en'], workers: 1, startTimeoutMs: 1500, workerPath: join(FIXTURES, 'hanging-worker.mjs') }));
    expect(reason).toBe('start-timeout');
    await exited;
    channel.close();
  }, 20_000);

  it('stops every worker at once when cancelled, and is spent afterwards', async () => {
    const cancellable = await OcrEngine.start({ languages: ['en'], workers: 2 });
    const controller = new AbortController();
    const read: number[] = [];
    let produced = 0;
    async function* source(): AsyncGenerator<PageImage> {
      for (let page = 1; page <= 6; page++) {
        produced++;
        yield pageImage(english, page);
      }
    }
    let aborted = 0;
    controller.signal.addEventListener('abort', () => (aborted = Date.now()));
    setTimeout(() => controller.abort(), 400);
    const reason = await failure(cancellable.recognizeDocument(source(), { signal: controller.signal, onProgress: (p) => read.push(p.page) }));
    expect(reason).toBe('cancelled');
    // From the abort (which waits for the page being decoded in this thread) to every thread gone.
    expect(Date.now() - aborted).toBeLessThan(1500);
    expect(read.length).toBeLessThan(6);
    // Pages are drawn from the source only as workers free up.
    expect(produced).toBeLessThanOrEqual(3);
    expect(cancellable.activeThreads).toBe(0);
    expect(cancellable.terminated).toBe(true);
    expect(await failure(cancellable.recognize(english.image))).toBe('terminated');
  }, 30_000);
});
