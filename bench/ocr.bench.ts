// OCR on generated lab reports (tests/fixtures/ocr/corpus.ts): time per page of tesseract.js (our
// engine: decode, deskew, one worker) against the native `tesseract` CLI on the same images with the
// same best_int models and page segmentation, character error rates, field precision/recall/F1 of
// the lab-report parser, and peak memory of a 20-page scanned PDF read with two workers.
//
// Native writes word boxes (TSV, as we read blocks), put through the same row rebuilding as ours
// before its error rate and fields are counted: its own text comes in block order, which with
// automatic layout is column by column and would count as errors what is only order.
// Native runs with OMP_THREAD_LIMIT=1 (its default OpenMP threads thrash on 2 cores: 6-10 s a page).
// Its time per page includes loading the models, which the CLI does on every run; "without start-up"
// subtracts a run on a blank image. tesseract.js's time excludes starting the workers (once per
// document; printed apart). Both wall-clock and CPU time are printed: on a shared machine CPU time is
// the steadier of the two.
//
// Environment: OCR_BENCH_PAGES="clean,degraded" (default "6,6"), OCR_BENCH_SEGMENTATION=block|auto|both
// (default: the engine's), OCR_BENCH_MEMORY_PAGES (default 20, 0 to skip), OCR_BENCH_NATIVE=0 to skip
// the native runs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_SEGMENTATION, OcrEngine, type Segmentation } from '../src/ocr/engine.ts';
import { openOcrInput } from '../src/ocr/input.ts';
import { defaultLangPath, modelFile } from '../src/ocr/ocr-data.ts';
import { toOcrPage, type TesseractBlock } from '../src/ocr/ocr-page.ts';
import type { GroundTruth, LabReport, OcrPage } from '../src/ocr/types.ts';
import { corpusSpecs, makeScannedReport, renderSample, type Sample } from '../tests/fixtures/ocr/corpus.ts';

type Scorer = {
  characterErrorRate(truth: string, read: string): number;
  fieldScores(truth: GroundTruth, report: LabReport): { truePositives: number; predicted: number; expected: number };
};
type Parser = (pages: OcrPage[], options: { languages: string[] }) => LabReport;

interface Measure {
  wall: number;
  cpu: number;
}

interface PageResult {
  sample: Sample;
  js: Measure;
  jsText: string;
  page: OcrPage;
  native?: Measure;
  /** The CLI's words put through the same row rebuilding as ours (its own text is in block order). */
  nativePage?: OcrPage;
}

const PSM: Readonly<Record<Segmentation, string>> = { block: '6', auto: '3' };

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : (sorted[Math.floor(sorted.length / 2)] as number);
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The native CLI on one image: wall and CPU (user + system) time, and its words (TSV). */
function runNative(image: string, outBase: string, languages: string, tessdata: string, psm: string): { measure: Measure; tsv: string } {
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', 'tesseract', image, outBase, '--tessdata-dir', tessdata, '-l', languages, '--oem', '1', '--psm', psm, '--dpi', '300', '-c', 'tessedit_create_tsv=1', '-c', 'tessedit_create_txt=0'], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  if (run.status !== 0) throw new Error(`tesseract failed: ${run.stderr.slice(-300)}`);
  const [user = 0, system = 0] = (run.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { measure: { wall, cpu: (user + system) * 1000 }, tsv: readFileSync(`${outBase}.tsv`, 'utf8') };
}

/** Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height, conf, text) as its blocks. */
function tsvBlocks(tsv: string): TesseractBlock[] {
  const blocks = new Map<string, Map<string, Map<string, TesseractBlock['paragraphs'][number]['lines'][number]>>>();
  for (const line of tsv.split('\n').slice(1)) {
    const f = line.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const [block, paragraph, row] = [f[2], f[3], f[4]] as [string, string, string];
    const [left, top, width, height, confidence] = f.slice(6, 11).map(Number) as [number, number, number, number, number];
    const paragraphs = blocks.get(block) ?? new Map();
    blocks.set(block, paragraphs);
    const lines = paragraphs.get(paragraph) ?? new Map();
    paragraphs.set(paragraph, lines);
    const words = lines.get(row) ?? { words: [] };
    lines.set(row, words);
    words.words.push({ text: f.slice(11).join('\t'), confidence, bbox: { x0: left, y0: top, x1: left + width, y1: top + height } });
  }
  return [...blocks.values()].map((paragraphs) => ({ paragraphs: [...paragraphs.values()].map((lines) => ({ is_ltr: true, lines: [...lines.values()] })) }));
}

function nativeAvailable(): boolean {
  return spawnSync('tesseract', ['--version']).status === 0 && spawnSync('/usr/bin/time', ['true']).status === 0;
}

async function loadParser(): Promise<{ parse?: Parser; score?: Scorer }> {
  const out: { parse?: Parser; score?: Scorer } = {};
  try {
    out.parse = ((await import('../src/ocr/parse/index.ts')) as { parseLabReport: Parser }).parseLabReport;
  } catch {
    // Written by someone else at the same time; the bench runs without it.
  }
  try {
    out.score = (await import('../src/ocr/score.ts')) as Scorer;
  } catch {
    // idem
  }
  return out;
}

/** A simple stand-in while src/ocr/score.ts is missing: whitespace-normalised edit distance per truth character. */
function fallbackCer(truth: string, read: string): number {
  const a = [...truth.replace(/\s+/g, ' ').trim()];
  const b = [...read.replace(/\s+/g, ' ').trim()];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return (previous[b.length] as number) / Math.max(1, a.length);
}

async function readCorpus(samples: Sample[], segmentation: Segmentation, native: { tessdata: string; dir: string } | undefined): Promise<PageResult[]> {
  const engines = new Map<string, OcrEngine>();
  const results: PageResult[] = [];
  try {
    for (const sample of samples) {
      let engine = engines.get(sample.truth.languages);
      if (!engine) {
        const started = performance.now();
        engine = await OcrEngine.start({ languages: [sample.truth.headerLanguage], workers: 1, segmentation });
        console.log(`  start-up, ${engine.languages.padEnd(8)} (1 worker, self-test)   ${secs(performance.now() - started)}`);
        engines.set(sample.truth.languages, engine);
      }
      const cpu = cpuMs();
      const started = performance.now();
      const page = await engine.recognize(sample.image);
      const js = { wall: performance.now() - started, cpu: cpuMs() - cpu };
      const result: PageResult = { sample, js, jsText: page.text, page };
      if (native) {
        const file = join(native.dir, `${sample.name}.${sample.mime === 'image/png' ? 'png' : 'jpg'}`);
        writeFileSync(file, sample.image);
        const { measure, tsv } = runNative(file, join(native.dir, sample.name), sample.truth.languages, native.tessdata, PSM[segmentation]);
        result.native = measure;
        result.nativePage = toOcrPage(tsvBlocks(tsv), { page: 1, width: page.width, height: page.height, languages: sample.truth.languages, confidence: 0 });
      }
      results.push(result);
    }
  } finally {
    for (const engine of engines.values()) await engine.terminate();
  }
  return results;
}

function nativeStartup(languages: Iterable<string>, tessdata: string, dir: string): Map<string, Measure> {
  const blank = join(dir, 'blank.pgm');
  writeFileSync(blank, Buffer.concat([Buffer.from('P5\n64 32\n255\n'), Buffer.alloc(64 * 32, 255)]));
  const out = new Map<string, Measure>();
  for (const l of languages) {
    const runs = [0, 1, 2].map(() => runNative(blank, join(dir, 'blank'), l, tessdata, '6').measure);
    out.set(l, { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) });
  }
  return out;
}

function report(results: PageResult[], segmentation: Segmentation, startup: Map<string, Measure> | undefined, scorer: { parse?: Parser; score?: Scorer }): void {
  const cer = scorer.score?.characterErrorRate ?? fallbackCer;
  console.log(`\n  page segmentation: ${segmentation} (psm ${PSM[segmentation]})${scorer.score ? '' : ' -- src/ocr/score.ts missing: stand-in CER'}`);
  console.log('  page                                  js wall   js cpu   native wall  native cpu   CER js   CER native');
  for (const r of results) {
    const n = r.native;
    console.log(
      `  ${r.sample.name.padEnd(36)} ${secs(r.js.wall).padStart(8)} ${secs(r.js.cpu).padStart(8)}  ${n ? secs(n.wall).padStart(10) : '         -'}  ${n ? secs(n.cpu).padStart(10) : '         -'}   ${pct(cer(r.sample.truth.text, r.jsText)).padStart(6)}   ${r.nativePage === undefined ? '-' : pct(cer(r.sample.truth.text, r.nativePage.text)).padStart(6)}`,
    );
  }
  const jsWall = mean(results.map((r) => r.js.wall));
  const jsCpu = mean(results.map((r) => r.js.cpu));
  console.log(`  tesseract.js per page (mean)        ${secs(jsWall)} wall, ${secs(jsCpu)} cpu`);
  const withNative = results.filter((r) => r.native);
  if (withNative.length > 0 && startup) {
    const nWall = mean(withNative.map((r) => (r.native as Measure).wall));
    const nCpu = mean(withNative.map((r) => (r.native as Measure).cpu));
    const nWallBare = mean(withNative.map((r) => (r.native as Measure).wall - (startup.get(r.sample.truth.languages) as Measure).wall));
    const nCpuBare = mean(withNative.map((r) => (r.native as Measure).cpu - (startup.get(r.sample.truth.languages) as Measure).cpu));
    console.log(`  native CLI per page (mean)          ${secs(nWall)} wall, ${secs(nCpu)} cpu; without start-up ${secs(nWallBare)} wall, ${secs(nCpuBare)} cpu`);
    console.log(`  ratio tesseract.js / native         ${(jsWall / nWall).toFixed(2)} wall, ${(jsCpu / nCpu).toFixed(2)} cpu; without native start-up ${(jsWall / nWallBare).toFixed(2)} wall, ${(jsCpu / nCpuBare).toFixed(2)} cpu (target <= 1.3)`);
  }
  for (const group of ['clean', 'degraded'] as const) {
    const rows = results.filter((r) => (r.sample.truth.degradation === 'clean') === (group === 'clean'));
    if (rows.length === 0) continue;
    const js = mean(rows.map((r) => cer(r.sample.truth.text, r.jsText)));
    const native = rows.every((r) => r.nativePage !== undefined) ? ` (native ${pct(mean(rows.map((r) => cer(r.sample.truth.text, (r.nativePage as OcrPage).text))))})` : '';
    let fields = '';
    if (scorer.parse && scorer.score) {
      fields = `; fields ${fieldFigures(rows.map((r) => [r.sample.truth, r.page]), scorer.parse, scorer.score)}`;
      if (rows.every((r) => r.nativePage)) fields += ` (native ${fieldFigures(rows.map((r) => [r.sample.truth, r.nativePage as OcrPage]), scorer.parse, scorer.score)})`;
    }
    console.log(`  ${group.padEnd(9)} ${String(rows.length).padStart(2)} pages: CER ${pct(js)}${native}${fields}`);
  }
}

function fieldFigures(pages: [GroundTruth, OcrPage][], parse: Parser, score: Scorer): string {
  let tp = 0;
  let predicted = 0;
  let expected = 0;
  for (const [truth, page] of pages) {
    const counts = score.fieldScores(truth, parse([page], { languages: [truth.headerLanguage] }));
    tp += counts.truePositives;
    predicted += counts.predicted;
    expected += counts.expected;
  }
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = expected === 0 ? 0 : tp / expected;
  return `P ${pct(precision)} R ${pct(recall)} F1 ${pct(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall))}`;
}

/**
 * Peak RSS of this process. Linux's VmHWM belongs to the address space, which exec replaces;
 * getrusage's maxRSS does not reset on exec, so in a child it can report the parent's peak.
 */
function peakRss(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Child-process mode (see below): read a scanned PDF with two workers and report peak RSS. */
async function memoryChild(pdfPath: string): Promise<void> {
  const bytes = readFileSync(pdfPath);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const engine = await OcrEngine.start({ languages: ['en'], workers: 2 });
  const startup = performance.now() - started;
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const input = await openOcrInput(bytes);
    const pages = await engine.recognizeDocument(input.pages(), { total: input.pageCount });
    const seconds = (performance.now() - started - startup) / 1000;
    clearInterval(timer);
    process.stdout.write(`${JSON.stringify({ pages: pages.length, seconds, startup, rssBefore, sampledPeak: peak, maxRss: peakRss() })}\n`);
  } finally {
    clearInterval(timer);
    await engine.terminate();
  }
}

async function memory(pagesWanted: number, dir: string): Promise<void> {
  const { pdf } = await makeScannedReport(pagesWanted);
  const file = join(dir, 'scanned.pdf');
  writeFileSync(file, pdf);
  const child = spawnSync(process.execPath, [import.meta.filename, '--memory-child', file], { encoding: 'utf8', timeout: 30 * 60_000 });
  if (child.status !== 0) {
    console.log(`  memory run failed: ${child.stderr.slice(-500)}`);
    return;
  }
  const r = JSON.parse(child.stdout.trim().split('\n').pop() as string) as { pages: number; seconds: number; startup: number; rssBefore: number; sampledPeak: number; maxRss: number };
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(`\n  ${r.pages}-page scanned PDF (${(pdf.length / 1024 / 1024).toFixed(1)} MB), 2 workers, rasterised one page at a time`);
  console.log(`  start-up ${secs(r.startup)}; ${r.seconds.toFixed(1)} s for the pages = ${((r.pages / r.seconds) * 60).toFixed(0)} pages/min`);
  console.log(`  RSS before start ${mb(r.rssBefore)}; peak RSS ${mb(r.maxRss)} (sampled ${mb(r.sampledPeak)})`);
}

export async function run(): Promise<void> {
  const [clean = 6, degraded = 6] = (process.env.OCR_BENCH_PAGES ?? '6,6').split(',').map(Number);
  const memoryPages = Number(process.env.OCR_BENCH_MEMORY_PAGES ?? 20);
  const modes: Segmentation[] = process.env.OCR_BENCH_SEGMENTATION === 'both' ? ['block', 'auto'] : [(process.env.OCR_BENCH_SEGMENTATION as Segmentation | undefined) ?? DEFAULT_SEGMENTATION];
  const useNative = process.env.OCR_BENCH_NATIVE !== '0' && nativeAvailable();
  console.log(`ocr (generated A4 lab reports at 300 dpi: ${clean} clean + ${degraded} degraded, en/el/fr/sr/ar)`);

  const samples = corpusSpecs({ clean, degraded }).map(renderSample);
  const dir = mkdtempSync(join(tmpdir(), 'carnet-ocr-bench-'));
  try {
    let native: { tessdata: string; dir: string } | undefined;
    let startup: Map<string, Measure> | undefined;
    const languages = new Set(samples.map((s) => s.truth.languages));
    if (useNative) {
      // The same best_int models as tesseract.js, unpacked for the CLI.
      const tessdata = join(dir, 'tessdata');
      mkdirSync(tessdata);
      for (const model of new Set([...languages].flatMap((l) => l.split('+')))) writeFileSync(join(tessdata, `${model}.traineddata`), gunzipSync(readFileSync(modelFile(defaultLangPath(), model))));
      native = { tessdata, dir };
      startup = nativeStartup(languages, tessdata, dir);
      for (const [l, m] of startup) console.log(`  native start-up, ${l.padEnd(8)} (blank page)            ${secs(m.wall)} wall, ${secs(m.cpu)} cpu`);
    } else {
      console.log('  native tesseract not run (OCR_BENCH_NATIVE=0, or tesseract or /usr/bin/time missing)');
    }
    const scorer = await loadParser();
    if (!scorer.parse) console.log('  src/ocr/parse/index.ts not found: no field scores');
    for (const segmentation of modes) report(await readCorpus(samples, segmentation, native), segmentation, startup, scorer);
    if (memoryPages > 0) await memory(memoryPages, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main && process.argv[2] === '--memory-child') await memoryChild(process.argv[3] as string);
