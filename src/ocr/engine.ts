// The OCR engine: Tesseract 5 (tesseract.js, WebAssembly) in worker threads, fully offline.
//  - Models from the app's resources (ocr-data.ts), LSTM only, gzip, no cache (the default cache
//    writes eng.traineddata into the working directory), in our worker script (tesseract-worker.mjs:
//    no network in the thread, and a thread that failed to start ends itself).
//  - Start-up has a timeout (createWorker never settles when a language fails) and ends with a
//    self-test: a small page with known words in every language of the engine must read back, which
//    catches a model that loaded but does not work (`ell+eng` drops English: see tesseractLanguages).
//  - Two workers by default: 77 pages a minute against 41 with one on two cores; a third adds nothing
//    (the note; bench/ocr.bench.ts reads a 20-page scanned PDF at 78 a minute). Pages of a document
//    are pulled from their source only when a worker is free, so memory stays bounded by the number
//    of workers, whatever the page count. Our own pool rather than tesseract.js's createScheduler:
//    that one takes every job up front (every page in memory), and its terminate leaves running and
//    queued jobs pending forever.
//  - Cancelling (AbortSignal) terminates the workers and waits for the threads to exit; the engine
//    is then spent, and the next document starts a new one.
import { once } from 'node:events';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { createWorker, OEM, PSM, type Worker as TesseractWorker } from 'tesseract.js';
import type { PageImage } from './input.ts';
import { defaultLangPath, missingModels, tesseractLanguages } from './ocr-data.ts';
import { toOcrPage, type TesseractBlock } from './ocr-page.ts';
import { preparePage } from './preprocess.ts';
import type { OcrPage } from './types.ts';

export type OcrEngineFailure = 'model-missing' | 'start-failed' | 'start-timeout' | 'self-test-failed' | 'recognition-failed' | 'cancelled' | 'terminated';

/** Why the engine could not start or finish. Details carry languages and counts, never page text. */
export class OcrEngineError extends Error {
  readonly reason: OcrEngineFailure;
  readonly messageKey: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(reason: OcrEngineFailure, details: Record<string, unknown> = {}) {
    super(`OCR engine: ${reason}`);
    this.name = 'OcrEngineError';
    this.reason = reason;
    this.messageKey = `ocr:engine.${reason.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;
    this.details = details;
  }
}

/**
 * How Tesseract finds the text on a page: 'auto' (psm 3, layout analysis) or 'block' (psm 6, the page
 * as one uniform block). Auto by default. Its known fault, cutting a wide table into column blocks,
 * is undone by rebuilding rows from word boxes (ocr-page.ts); it then reads as well as 'block' and
 * drops specks of noise that 'block' reads as letters. On 24 generated pages (bench/ocr.bench.ts):
 * character error rate 4.7% clean / 7.1% degraded against 5.5% / 8.9%, field F1 98.0% / 96.0%
 * against 98.7% / 96.2%, field precision 99.8% / 99.6% against 99.4% / 98.9%; on noisy scans 6-13%
 * against 16-19%. It costs ~10% more time a page.
 */
export type Segmentation = 'block' | 'auto';

export const DEFAULT_SEGMENTATION: Segmentation = 'auto';

export interface OcrEngineOptions {
  /** The project's language codes ('el', 'sr-Latn'...); English is always added, first. */
  languages: readonly string[];
  /** Folder holding <model>.traineddata.gz; the checkout's resources/ocr/lang by default. */
  langPath?: string;
  workers?: number;
  segmentation?: Segmentation;
  /** Straighten pages before reading (our own deskew: see preprocess.ts). */
  deskew?: boolean;
  startTimeoutMs?: number;
  selfTest?: boolean;
  /** Where tesseract-worker.mjs is, when packaging moved it. */
  workerPath?: string;
  /** resources/fonts, for drawing the self-test page. */
  fontsDir?: string;
}

export interface RecognizeOptions {
  /** 1-based page number to put in the result. */
  page?: number;
  signal?: AbortSignal;
}

export interface DocumentProgress {
  /** The page just read. */
  page: number;
  /** Pages read so far. */
  done: number;
  /** Pages in the document, when the caller said. */
  total?: number;
}

export interface DocumentOptions {
  signal?: AbortSignal;
  total?: number;
  onProgress?: (progress: DocumentProgress) => void;
}

const DEFAULT_WORKERS = 2;
const DEFAULT_START_TIMEOUT_MS = 60_000;
const ABANDON_CHANNEL = 'carnet-ocr-abandon-start';

interface Slot {
  worker: TesseractWorker;
  /** The job running on it, to fail if the thread dies under it. */
  fail?: (error: Error) => void;
}

export class OcrEngine {
  readonly languages: string;
  readonly segmentation: Segmentation;
  private readonly deskew: boolean;
  private readonly slots: Slot[];
  private readonly idle: Slot[];
  private readonly waiting: ((slot: Slot | undefined) => void)[] = [];
  private state: 'ready' | 'terminated' = 'ready';
  /** What pending work is told once the engine has stopped. */
  private ending: OcrEngineFailure = 'cancelled';
  private stopped: Promise<void> | undefined;
  private refusals = 0;
  private alive: number;

  private constructor(languages: string, workers: TesseractWorker[], options: OcrEngineOptions) {
    this.languages = languages;
    this.segmentation = options.segmentation ?? DEFAULT_SEGMENTATION;
    this.deskew = options.deskew ?? true;
    this.slots = workers.map((worker) => ({ worker }));
    this.idle = [...this.slots];
    this.alive = this.slots.length;
    for (const slot of this.slots) {
      const thread = threadOf(slot.worker) as NodeJS.EventEmitter;
      thread.on('message', (message: { carnet?: string }) => {
        if (message?.carnet === 'network-refused') this.refusals++;
      });
      thread.once('exit', () => {
        this.alive--;
        // A thread that dies on its own (out of memory in WASM) spends the engine: its queue would
        // otherwise wait forever on a thread that is gone.
        if (this.state === 'ready') {
          this.ending = 'recognition-failed';
          void this.terminate();
        }
        slot.fail?.(new OcrEngineError(this.ending));
      });
    }
  }

  /** Starts the workers and checks them. Rejects with an OcrEngineError; leaves no thread behind. */
  static async start(options: OcrEngineOptions): Promise<OcrEngine> {
    const languages = tesseractLanguages(options.languages);
    const langPath = options.langPath ?? defaultLangPath();
    const missing = missingModels(langPath, languages);
    if (missing.length > 0) throw new OcrEngineError('model-missing', { models: missing });
    const count = Math.max(1, options.workers ?? DEFAULT_WORKERS);
    const segmentation = options.segmentation ?? DEFAULT_SEGMENTATION;
    const started = await startWorkers(count, languages, langPath, options.workerPath ?? join(import.meta.dirname, 'tesseract-worker.mjs'), options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    const engine = new OcrEngine(languages, started, options);
    try {
      await Promise.all(started.map((w) => w.setParameters({ tessedit_pageseg_mode: segmentation === 'block' ? PSM.SINGLE_BLOCK : PSM.AUTO })));
      if (options.selfTest ?? true) await engine.selfTest(options.fontsDir);
    } catch (error) {
      await engine.terminate();
      throw error instanceof OcrEngineError ? error : new OcrEngineError('start-failed', { languages });
    }
    return engine;
  }

  /**
   * True once stopped: by terminate(), a cancelled document or a worker thread that died. A spent
   * engine refuses work ('terminated'); start a new one.
   */
  get terminated(): boolean {
    return this.state === 'terminated';
  }

  /** Worker threads not yet exited. */
  get activeThreads(): number {
    return this.alive;
  }

  /** Network requests the worker threads made and were refused (there should never be any). */
  get networkRefusals(): number {
    return this.refusals;
  }

  /**
   * Reads one page image (PNG, JPEG, TIFF, or PGM from input.ts). Calls beyond the number of workers
   * wait for one, each holding its decoded page meanwhile: for many pages use recognizeDocument,
   * which keeps only as many in memory as there are workers.
   */
  async recognize(image: Buffer, options: RecognizeOptions = {}): Promise<OcrPage> {
    this.assertReady();
    const { signal } = options;
    const onAbort = () => void this.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw new OcrEngineError('cancelled');
      const prepared = await preparePage(image, { deskew: this.deskew });
      if (signal?.aborted) throw new OcrEngineError('cancelled');
      const slot = await this.acquire();
      try {
        const result = await this.run(slot, prepared.image, prepared.dpi);
        return toOcrPage(result.blocks as unknown as TesseractBlock[] | null, {
          page: options.page ?? 1,
          width: prepared.width,
          height: prepared.height,
          languages: this.languages,
          rotation: prepared.rotation,
          confidence: result.confidence,
        });
      } finally {
        this.release(slot);
      }
    } catch (error) {
      if (signal?.aborted || this.state === 'terminated') {
        // Report it once every thread is gone, not while they are still exiting.
        await this.terminate();
        throw new OcrEngineError(signal?.aborted ? 'cancelled' : this.ending);
      }
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Reads the pages of a document, each worker taking the next page when it is free. Results come
   * back in page order. Cancelling stops the workers at once.
   */
  async recognizeDocument(pages: AsyncIterable<PageImage> | Iterable<PageImage>, options: DocumentOptions = {}): Promise<OcrPage[]> {
    this.assertReady();
    const iterator = Symbol.asyncIterator in pages ? pages[Symbol.asyncIterator]() : toAsync(pages[Symbol.iterator]());
    const results: OcrPage[] = [];
    let turn: Promise<unknown> = Promise.resolve();
    // One reader at a time: the source (a PDF being rasterised) is sequential.
    const next = (): Promise<IteratorResult<PageImage>> => {
      const result = turn.then(() => iterator.next());
      turn = result.catch(() => undefined);
      return result;
    };
    let failed = false;
    const runner = async (): Promise<void> => {
      while (!failed) {
        if (options.signal?.aborted) throw new OcrEngineError('cancelled');
        const item = await next();
        if (item.done) return;
        const page = await this.recognize(item.value.image, { page: item.value.page, signal: options.signal });
        results.push(page);
        options.onProgress?.({ page: page.page, done: results.length, ...(options.total === undefined ? {} : { total: options.total }) });
      }
    };
    try {
      await Promise.all(
        this.slots.map(() =>
          runner().catch((error: unknown) => {
            failed = true;
            throw error;
          }),
        ),
      );
    } catch (error) {
      await iterator.return?.();
      if (options.signal?.aborted) {
        await this.terminate();
        throw new OcrEngineError('cancelled');
      }
      throw error;
    }
    return results.sort((a, b) => a.page - b.page);
  }

  /** Stops every worker thread and waits for them to exit. Safe to call more than once. */
  terminate(): Promise<void> {
    this.stopped ??= (async () => {
      this.state = 'terminated';
      for (const resolve of this.waiting.splice(0)) resolve(undefined);
      await Promise.all(this.slots.map((slot) => stopWorker(slot.worker)));
    })();
    return this.stopped;
  }

  private assertReady(): void {
    if (this.state !== 'ready') throw new OcrEngineError('terminated');
  }

  private acquire(): Promise<Slot> {
    this.assertReady();
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) =>
      this.waiting.push((s) => {
        if (s === undefined) reject(new OcrEngineError(this.ending));
        else resolve(s);
      }),
    );
  }

  private release(slot: Slot): void {
    if (this.state !== 'ready') return;
    const waiter = this.waiting.shift();
    if (waiter) waiter(slot);
    else this.idle.push(slot);
  }

  /** One recognition, failing (rather than hanging) if the thread dies or the engine is stopped. */
  private run(slot: Slot, image: Buffer, dpi: number): Promise<Tesseract.Page> {
    return new Promise((resolve, reject) => {
      slot.fail = reject;
      slot.worker
        .recognize(image, { user_defined_dpi: String(dpi) } as Partial<Tesseract.RecognizeOptions>, { text: false, blocks: true })
        .then(
          (r) => resolve(r.data),
          (error: unknown) => reject(new OcrEngineError('recognition-failed', { cause: String(error).slice(0, 200) })),
        )
        .finally(() => {
          slot.fail = undefined;
        });
    });
  }

  /**
   * Every worker reads a small page with a line per model: `HBsAg 4.52 g/dL` (English, digits, a
   * decimal point), then a word in each other language. English must come back exactly; the other
   * words closely (one or two wrong letters in a short word are within what Tesseract does).
   */
  private async selfTest(fontsDir: string | undefined): Promise<void> {
    const models = this.languages.split('+');
    const lines = ['HBsAg 4.52 g/dL', ...models.flatMap((m) => SELF_TEST_WORDS[m] ?? [])];
    const image = renderSelfTest(lines, fontsDir);
    await Promise.all(
      this.slots.map(async (slot) => {
        const data = await this.run(slot, image, 300);
        const read = toOcrPage(data.blocks as unknown as TesseractBlock[] | null, { page: 1, width: 0, height: 0, languages: this.languages, confidence: data.confidence }).lines.map((l) => l.text);
        const english = read.some((line) => line.includes('HBsAg') && line.includes('4.52'));
        const failures = lines.slice(1).filter((word) => !read.some((line) => similarity(word, line) >= 0.7));
        if (!english || failures.length > 0) throw new OcrEngineError('self-test-failed', { languages: this.languages, english, failedWords: failures.length });
      }),
    );
  }
}

/** A word per model that only that model reads well (accents, script). */
const SELF_TEST_WORDS: Readonly<Record<string, readonly string[]>> = {
  fra: ['Hémoglobine négatif'],
  ell: ['Αιμοσφαιρίνη'],
  ita: ['Emoglobina più'],
  srp: ['Хемоглобин'],
  bul: ['Хемоглобин'],
  hrv: ['Željezo'],
  slv: ['Železo'],
  ron: ['Hemoglobină'],
  ara: ['هيموغلوبين'],
};

async function startWorkers(count: number, languages: string, langPath: string, workerPath: string, timeoutMs: number): Promise<TesseractWorker[]> {
  let failure: ((error: OcrEngineError) => void) | undefined;
  const failed = new Promise<never>((_, reject) => (failure = reject));
  // A failed start-up step reaches us here (without an errorHandler tesseract.js throws it, and the
  // process dies); createWorker itself would wait forever.
  const errorHandler = () => failure?.(new OcrEngineError('start-failed', { languages }));
  const creating = Array.from({ length: count }, () =>
    createWorker(languages, OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none', workerPath, errorHandler, logger: () => {} }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OcrEngineError('start-timeout', { languages, timeoutMs })), timeoutMs);
  });
  try {
    return await Promise.race([Promise.all(creating), failed, timeout]);
  } catch (error) {
    // Threads still starting end themselves on this signal; those that started are stopped.
    const channel = new BroadcastChannel(ABANDON_CHANNEL);
    channel.postMessage('abandon');
    channel.close();
    for (const pending of creating) pending.then(stopWorker, () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    failed.catch(() => undefined);
  }
}

/** The worker_threads Worker behind a tesseract.js worker (set on it, though not in its types; null once terminated). */
function threadOf(worker: TesseractWorker): NodeJS.EventEmitter | null {
  return (worker as unknown as { worker: NodeJS.EventEmitter | null }).worker;
}

async function stopWorker(worker: TesseractWorker): Promise<void> {
  const thread = threadOf(worker);
  const exited = thread ? once(thread, 'exit') : Promise.resolve();
  await worker.terminate();
  await exited;
}

let selfTestFonts = false;

function renderSelfTest(lines: readonly string[], fontsDir: string | undefined): Buffer {
  if (!selfTestFonts) {
    const dir = fontsDir ?? join(import.meta.dirname, '..', '..', 'resources', 'fonts');
    for (const file of ['NotoSans-Regular.ttf', 'NotoNaskhArabic-Regular.ttf']) {
      if (!GlobalFonts.registerFromPath(join(dir, file))) throw new OcrEngineError('start-failed', { missing: file });
    }
    selfTestFonts = true;
  }
  const lineHeight = 90;
  const canvas = createCanvas(1200, lineHeight * lines.length + 60);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#000';
  ctx.font = '48px "Noto Sans", "Noto Naskh Arabic"';
  lines.forEach((line, i) => ctx.fillText(line, 60, 80 + i * lineHeight));
  const rgba = canvas.data();
  const header = Buffer.from(`P5\n${canvas.width} ${canvas.height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + canvas.width * canvas.height);
  header.copy(out);
  for (let i = 0, k = header.length; k < out.length; i += 4, k++) out[k] = rgba[i + 1] as number;
  return out;
}

/** 1 - edit distance / length of the longer: 1 is the same text. */
export function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 && y.length === 0) return 1;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return 1 - (previous[y.length] as number) / Math.max(x.length, y.length);
}

async function* toAsync<T>(iterator: Iterator<T>): AsyncGenerator<T> {
  for (let r = iterator.next(); !r.done; r = iterator.next()) yield r.value;
}
