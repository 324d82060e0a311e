// Lab reports read into results, as the contract serves it. `read` takes a document already stored
// (encrypted) in a person's record, reads every page off the calling thread (tesseract.js workers),
// with progress and Cancel, and returns result rows for review — nothing is written. `confirm` saves
// the rows a clinician accepted, as corrected, as lab results of one lab visit linked to the source
// document. The engine stays warm for a few minutes between documents.
import { AppError } from '../api/errors.ts';
import type { StoreContext } from '../access/store-context.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import type { ConfirmedRow, OcrProgress, OcrReadOutput } from '../api/schemas/ocr.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/record.repository.ts';
import type { EntryBody } from '../domain/entries.ts';
import { loincAnswers, loincItem } from '../domain/value-sets/loinc.ts';
import { ucumUnit } from '../domain/value-sets/ucum.ts';
import { COUNTRY_DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import type { RecordService } from '../record/record.service.ts';
import { OcrEngine, OcrEngineError } from './engine.ts';
import { OcrInputError, openOcrInput } from './input.ts';
import { isOcrLanguage } from './ocr-data.ts';
import { parseLabReport } from './parse/index.ts';

export interface OcrService {
  read(input: { entryId: string; languages?: string[] | undefined }): Promise<OcrReadOutput>;
  cancel(): Promise<Record<string, never>>;
  confirm(input: { documentId: string; date: string; rows: ConfirmedRow[] }): Promise<{ episodeId: string; saved: number }>;
  /** Stop the engine's threads (the core closing). */
  close(): Promise<void>;
}

export interface OcrDeps {
  onProgress?: (progress: OcrProgress) => void;
  /** Where the language data and the engine's worker are when packaged; defaults: the project's. */
  langPath?: string | undefined;
  workerPath?: string | undefined;
  fontsDir?: string | undefined;
  /** How long an idle engine is kept (ms). */
  idleMs?: number;
}

const IDLE_MS = 3 * 60_000;

export function createOcrService(context: StoreContext, record: Pick<RecordService, 'createEpisode'>, deps: OcrDeps = {}): OcrService {
  let engine: { languages: string; ready: Promise<OcrEngine> } | undefined;
  let idle: NodeJS.Timeout | undefined;
  let running: AbortController | null = null;

  async function engineFor(languages: string[]): Promise<OcrEngine> {
    const key = [...languages].sort().join('+');
    // A cancel (or a worker that died) stops an engine for good: start a new one.
    if (engine && (await engine.ready.then((e) => e.terminated, () => true))) engine = undefined;
    if (engine && engine.languages !== key) {
      const old = engine.ready;
      engine = undefined;
      void old.then((e) => e.terminate(), () => undefined);
    }
    if (!engine) {
      const ready = OcrEngine.start({
        languages,
        ...(deps.langPath !== undefined && { langPath: deps.langPath }),
        ...(deps.workerPath !== undefined && { workerPath: deps.workerPath }),
        ...(deps.fontsDir !== undefined && { fontsDir: deps.fontsDir }),
      });
      engine = { languages: key, ready };
      ready.catch(() => {
        if (engine?.ready === ready) engine = undefined;
      });
    }
    return engine.ready;
  }

  function keepWarm(): void {
    clearTimeout(idle);
    idle = setTimeout(() => void stop(), deps.idleMs ?? IDLE_MS);
    idle.unref();
  }

  async function stop(): Promise<void> {
    clearTimeout(idle);
    const current = engine;
    engine = undefined;
    if (current) await current.ready.then((e) => e.terminate(), () => undefined);
  }

  function documentOf(entryId: string) {
    const open = context.requireOpen();
    const entry = repo.getEntry(open.db, entryId);
    if (!entry || entry.status !== 'active' || entry.body.kind !== 'document') throw new AppError('NOT_FOUND', { entryId });
    return { open, entry, body: entry.body };
  }

  return {
    async read({ entryId, languages }) {
      if (running) throw new AppError('CONFLICT', { reason: 'ocr-running' });
      const { open, entry, body } = documentOf(entryId);
      const centre = getCentre(open.db);
      const wanted = (languages && languages.length > 0 ? languages : [COUNTRY_DEFAULT_LANGUAGE[centre?.country ?? ''] ?? 'en']).filter(isOcrLanguage);
      const bytes = repo.readDocumentBlob(open.db, entryId, 0, body.bytes);
      if (!bytes) throw new AppError('NOT_FOUND', { entryId });
      const controller = new AbortController();
      running = controller;
      try {
        deps.onProgress?.({ phase: 'starting', done: 0, total: 0 });
        const input = await openOcrInput(bytes);
        const ocr = await engineFor(wanted.length > 0 ? wanted : ['en']);
        clearTimeout(idle);
        deps.onProgress?.({ phase: 'reading', done: 0, total: input.pageCount });
        const pages = await ocr.recognizeDocument(input.pages(), {
          signal: controller.signal,
          total: input.pageCount,
          onProgress: (p) => deps.onProgress?.({ phase: 'reading', done: p.done, total: input.pageCount }),
        });
        const report = parseLabReport(pages, { languages: wanted });
        appendAudit(open.db, actionBy(open.user, 'ocr.read', { personId: entry.personId, changes: { entryId, pages: pages.length, rows: report.rows.length } }));
        return {
          rows: report.rows.map((r) => ({ ...r, warnings: [...r.warnings] })),
          ...(report.collectedOn !== undefined && { collectedOn: report.collectedOn }),
          ...(report.labName !== undefined && { labName: report.labName }),
          pages: pages.map((p) => ({ page: p.page, width: p.width, height: p.height })),
          languages: ocr.languages,
        };
      } catch (error) {
        throw toAppError(error, controller.signal.aborted);
      } finally {
        running = null;
        keepWarm();
      }
    },

    async cancel() {
      running?.abort();
      return {};
    },

    async confirm({ documentId, date, rows }) {
      const { entry } = documentOf(documentId);
      if (date > context.now().toISOString().slice(0, 10)) throw new AppError('VALIDATION', { field: 'date', reason: 'in-the-future' });
      const entries = rows.map((row) => observation(row, date, documentId));
      const episode = await record.createEpisode({ personId: entry.personId, episode: { type: 'lab-only', date, mediatorPresent: false }, entries });
      return { episodeId: episode.id, saved: entries.length };
    },

    close: stop,
  };
}

/** A confirmed row as a lab result: checked against the LOINC subset, its answers and units. */
function observation(row: ConfirmedRow, date: string, documentId: string): EntryBody {
  const item = loincItem(row.loinc);
  if (!item || item.category === 'vital-signs') throw new AppError('VALIDATION', { field: 'loinc', reason: 'not-a-lab-test' });
  const range = row.low !== undefined || row.high !== undefined ? { ...(row.low !== undefined && { low: row.low }), ...(row.high !== undefined && { high: row.high }) } : undefined;
  const common = { kind: 'observation' as const, category: 'laboratory' as const, code: row.loinc, effectiveAt: `${date}T00:00:00.000Z`, documentId, ...(range && { referenceRange: range }) };
  if (row.answer !== undefined) {
    if (!loincAnswers(row.loinc).some((a) => a.code === row.answer)) throw new AppError('VALIDATION', { field: 'answer', reason: 'not-an-answer' });
    const abnormal = row.answer === 'positive' || row.answer.startsWith('abnormal');
    return { ...common, value: { type: 'coded', code: row.answer }, ...(abnormal && { interpretation: 'abnormal' as const }) };
  }
  if (row.unit === undefined || !ucumUnit(row.unit)) throw new AppError('VALIDATION', { field: 'unit', reason: 'unknown-unit' });
  const value = row.value as number;
  const interpretation = range?.low !== undefined && value < range.low ? 'low' : range?.high !== undefined && value > range.high ? 'high' : range ? 'normal' : undefined;
  return { ...common, value: { type: 'quantity', value, unit: row.unit }, ...(interpretation && { interpretation }) };
}

function toAppError(error: unknown, cancelled: boolean): AppError {
  if (error instanceof AppError) return error;
  if (cancelled) return new AppError('TRANSFER_CANCELLED');
  if (error instanceof OcrInputError) {
    if (error.reason === 'too-large') return new AppError('OCR_TOO_LARGE');
    if (error.reason === 'password-protected') return new AppError('OCR_PASSWORD_PROTECTED');
    return new AppError('OCR_UNREADABLE', { reason: error.reason });
  }
  if (error instanceof OcrEngineError) return error.reason === 'cancelled' ? new AppError('TRANSFER_CANCELLED') : new AppError('OCR_ENGINE_FAILED', { reason: error.reason });
  return new AppError('OCR_ENGINE_FAILED');
}
