// The booklet as the contract serves it: the person's chart in the centre's language and a second
// one (the person's, chosen at print time; English when they coincide), A5 or pre-imposed A4, with
// the summary QR signed by this centre's site key when the centre has one; a relocation group's
// booklets in one file, with progress and Cancel; and the way back: a booklet's QR code read from an
// image (or typed by a scanner), verified against the trust list, and taken into a record. Every
// print and every import is in the person's access log.
import { isAbsolute, join } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { PDFDocument } from 'pdf-lib';
import { AppError } from '../api/errors.ts';
import type { StoreContext } from '../access/store-context.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import type { Chart, PersonSummary } from '../api/schemas/record.ts';
import type { ExportSelection } from '../api/schemas/transfer.ts';
import { BATCH_MAX_PERSONS, type BookletBatchOutput, type BookletProgress, type ImportQrOutput, type VerifyQrOutput } from '../api/schemas/booklet.ts';
import { defaultLocalesDir, translator } from '../app/translations.ts';
import { Icd10CodeSchema, type EntryBody } from '../domain/entries.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { COUNTRY_DEFAULT_LANGUAGE, type LanguageCode } from '../i18n/languages.ts';
import { PAGE_SIZES, createPdfDocument } from '../pdf/index.ts';
import type { RecordService } from '../record/record.service.ts';
import { summary } from '../record/search.ts';
import { selectPersons } from '../transfer/export-records.ts';
import { loadLocalSite, type LocalSite } from '../transfer/site.service.ts';
import { verifySiteCard } from '../transfer/certificate.ts';
import type { TrustStore } from '../transfer/trust-list.ts';
import { bookletLanguages } from './booklet-content.ts';
import { personFromSummary } from '../domain/qr-person.ts';
import { renderBookletFile } from './booklet-render.ts';
import { createRenderPool } from './render-pool.ts';
import { bookletSummary, signBookletQr, verifyBookletQr, type BookletSummary } from './booklet-qr.ts';
import { QR_IMAGE_MAX_BYTES, readQrCodes } from './qr-reader.ts';

type Layout = 'a5' | 'a4';

/** The desktop's print dialog for the window (main/); absent in browser mode and the CLI. */
export type PrintWindow = (options: { pageSize: 'A5' | 'A4'; duplex: 'longEdge' | 'shortEdge' }) => Promise<boolean>;

export interface BookletService {
  print(input: { personId: string; language?: LanguageCode | undefined; layout: Layout }): Promise<{ name: string; data: string; languages: [LanguageCode, LanguageCode] }>;
  batch(input: { selection: ExportSelection; layout: Layout; language?: LanguageCode | undefined; path: string }): Promise<BookletBatchOutput>;
  cancel(): Promise<Record<string, never>>;
  printWindow(input: { pageSize: 'A5' | 'A4'; duplex: 'longEdge' | 'shortEdge' }): Promise<{ handled: boolean }>;
  readQr(input: { image: string }): Promise<{ texts: string[] }>;
  verifyQr(input: { text: string }): Promise<VerifyQrOutput>;
  importQr(input: { text: string; personId: string }): Promise<ImportQrOutput>;
}

/** Booklets drawn ahead of the one being added to a batch's file (two per worker). */
const LOOKAHEAD = 4;
/** Below this many booklets, starting workers (fonts, HarfBuzz: ~1 s each) costs more than it saves. */
const WORKERS_FROM = 40;
/** The worker's module beside this one (the packaged app passes its bundled copy). */
const defaultWorker = (): string => join(import.meta.dirname, 'booklet-worker.ts');

export interface BookletDeps {
  fontsDir?: string | undefined;
  /** The booklet worker's file: the packaged app's bundled booklet-worker.cjs. */
  workerFile?: string | undefined;
  onProgress?: (progress: BookletProgress) => void;
  printWindow?: PrintWindow | undefined;
}

export function createBookletService(context: StoreContext, record: Pick<RecordService, 'chart' | 'checkDuplicates' | 'createEpisode'>, deps: BookletDeps = {}): BookletService {
  let running: AbortController | null = null;

  function centreOf() {
    const open = context.requireOpen();
    const centre = getCentre(open.db);
    if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
    return { open, centre, language: COUNTRY_DEFAULT_LANGUAGE[centre.country] ?? 'en' };
  }

  /** What one person's booklet is drawn from: their language (or the one asked for), the code signed when the site has keys. */
  async function prepare(chart: Chart, layout: Layout, language: LanguageCode | undefined, site: LocalSite | undefined) {
    const { centre, language: centreLanguage } = centreOf();
    const { lngA, lngB } = bookletLanguages(centreLanguage, language ? [language] : chart.person.person.languages);
    const today = context.now().toISOString().slice(0, 10);
    const qr = site ? await signBookletQr(bookletSummary(chart, site.siteId, today), site.keys.signingPrivateKey, site.keys.signingKeyId) : undefined;
    const options = { centre: centre.name, lngA, lngB, ...(qr !== undefined && { qr }), ...(deps.fontsDir !== undefined && { fontsDir: deps.fontsDir }) };
    return { job: { chart, layout, options }, lngA, lngB, signed: qr !== undefined };
  }

  async function render(chart: Chart, layout: Layout, language: LanguageCode | undefined, site: LocalSite | undefined) {
    const prepared = await prepare(chart, layout, language, site);
    return { ...prepared, bytes: await renderBookletFile(prepared.job) };
  }

  function audit(method: string, personId: string, changes: Record<string, unknown>): void {
    const { open } = centreOf();
    appendAudit(open.db, actionBy(open.user, method, { personId, changes }));
  }

  /** The trust list and pairings, plus this site itself: a centre reads the booklets it printed. */
  async function trustWithSelf(site: LocalSite | undefined): Promise<TrustStore> {
    if (!site) return {};
    const self = { card: await verifySiteCard(site.card), pairedAt: new Date(0) };
    return { ...site.trust, paired: [...(site.trust.paired ?? []), self] };
  }

  async function verified(text: string): Promise<{ verdict: Awaited<ReturnType<typeof verifyBookletQr>>; site: LocalSite | undefined }> {
    const site = await loadLocalSite(context.requireOpen().db);
    return { verdict: await verifyBookletQr(text, await trustWithSelf(site), context.now()), site };
  }

  return {
    async print({ personId, language, layout }) {
      const chart = await record.chart({ personId });
      const site = await loadLocalSite(context.requireOpen().db);
      const out = await render(chart, layout, language, site);
      audit('booklet.print', chart.person.id, { layout, languages: [out.lngA, out.lngB], signed: out.signed });
      return { name: `booklet-${chart.person.recordNumber}-${out.lngA}-${out.lngB}-${layout}.pdf`, data: Buffer.from(out.bytes).toString('base64'), languages: [out.lngA, out.lngB] };
    },

    async batch({ selection, layout, language, path }) {
      if (!isAbsolute(path)) throw new AppError('VALIDATION', { field: 'path', reason: 'not-absolute' });
      if (running) throw new AppError('CONFLICT', { reason: 'booklet-batch-running' });
      const controller = new AbortController();
      running = controller;
      try {
        const { open } = centreOf();
        const ids = selectPersons(open.db, selection);
        if (ids.length === 0) throw new AppError('VALIDATION', { field: 'selection', reason: 'no-persons' });
        if (ids.length > BATCH_MAX_PERSONS) throw new AppError('VALIDATION', { field: 'selection', reason: 'too-many', max: BATCH_MAX_PERSONS });
        const site = await loadLocalSite(open.db);
        const out = await createPdfDocument({ info: { title: 'Carnet' } });
        const printed: { personId: string; languages: [string, string] }[] = [];
        deps.onProgress?.({ done: 0, total: ids.length });
        // Charts are read and codes signed here, in order; the drawing runs on worker threads, a few
        // booklets ahead of the one being added to the file.
        const pool = createRenderPool({ workerFile: deps.workerFile ?? defaultWorker(), localesDir: defaultLocalesDir(), ...(ids.length < WORKERS_FROM && { size: 0 }) });
        const ahead: Promise<{ personId: string; languages: [LanguageCode, LanguageCode]; bytes: Uint8Array }>[] = [];
        const start = async (personId: string) => {
          const chart = await record.chart({ personId });
          const prepared = await prepare(chart, layout, language, site);
          return { personId: chart.person.id, languages: [prepared.lngA, prepared.lngB] as [LanguageCode, LanguageCode], bytes: await pool.render(prepared.job) };
        };
        try {
          let next = 0;
          for (let i = 0; i < ids.length; i++) {
            while (next < ids.length && ahead.length < LOOKAHEAD) {
              const started = start(ids[next++] as string);
              started.catch(() => undefined);
              ahead.push(started);
            }
            if (controller.signal.aborted) throw new AppError('TRANSFER_CANCELLED');
            const one = await (ahead.shift() as (typeof ahead)[number]);
            const source = await PDFDocument.load(one.bytes);
            for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
            // Each booklet starts on a new sheet when printed double-sided.
            if (layout === 'a5' && source.getPageCount() % 2 === 1) out.addPage([...PAGE_SIZES.A5]);
            printed.push({ personId: one.personId, languages: one.languages });
            deps.onProgress?.({ done: i + 1, total: ids.length });
            // Let progress events and a Cancel through.
            await yieldToEvents();
          }
        } finally {
          await Promise.allSettled(ahead);
          await pool.close();
        }
        if (controller.signal.aborted) throw new AppError('TRANSFER_CANCELLED');
        const bytes = await out.save();
        await writeFileAtomic(path, bytes);
        open.db.transaction(() => {
          for (const p of printed) audit('booklet.batch', p.personId, { layout, languages: p.languages, persons: printed.length });
        })();
        return { path, persons: printed.length, pages: out.getPageCount(), bytes: bytes.length };
      } finally {
        running = null;
      }
    },

    async cancel() {
      running?.abort();
      return {};
    },

    async printWindow(options) {
      return { handled: deps.printWindow ? await deps.printWindow(options) : false };
    },

    async readQr({ image }) {
      const bytes = Buffer.from(image, 'base64');
      if (bytes.length > QR_IMAGE_MAX_BYTES) throw new AppError('VALIDATION', { field: 'image', reason: 'too-large' });
      try {
        return { texts: await readQrCodes(bytes) };
      } catch {
        // Not an image ZXing can decode: nothing found in it.
        return { texts: [] };
      }
    },

    async verifyQr({ text }) {
      const { verdict } = await verified(text);
      if (verdict.status !== 'trusted') return verdict;
      const { summary, site } = verdict;
      const sameRecord = await sameRecordHere(summary.recordId);
      const likely = await record.checkDuplicates({ person: personFromSummary(summary) });
      const candidates = [
        ...(sameRecord ? [{ person: sameRecord, sameRecord: true }] : []),
        ...likely.candidates.filter((c) => c.person.id !== sameRecord?.id).map((c) => ({ person: c.person, sameRecord: false })),
      ];
      return { status: 'trusted', summary, site: { siteId: site.siteId, name: site.name, country: site.country }, candidates };
    },

    async importQr({ text, personId }) {
      const { verdict } = await verified(text);
      if (verdict.status !== 'trusted') throw new AppError('VALIDATION', { field: 'text', reason: `qr-${verdict.reason}` });
      const { summary, site } = verdict;
      const chart = await record.chart({ personId });
      const { entries, alreadyKnown, added } = newEntries(chart, summary);
      let episodeId: string | null = null;
      if (entries.length > 0) {
        const { language } = centreOf();
        const t = await translator(language);
        const note = t('booklet.qrNote', { site: site.name, date: summary.issuedOn, defaultValue: 'From the signed QR code of a Carnet booklet issued by {{site}} on {{date}}.' });
        const episode = await record.createEpisode({
          personId: chart.person.id,
          episode: { type: 'follow-up', date: context.now().toISOString().slice(0, 10), language, mediatorPresent: false, complaints: { text: note, lang: language } },
          entries,
        });
        episodeId = episode.id;
      }
      audit('booklet.importQr', chart.person.id, { site: site.siteId, issuedOn: summary.issuedOn, ...added, alreadyKnown });
      return { episodeId, added, alreadyKnown };
    },
  };

  async function sameRecordHere(recordId: string): Promise<PersonSummary | undefined> {
    try {
      return summary((await record.chart({ personId: recordId })).person, 1);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }
}

/** What the summary adds to a record: allergies, doses and problems the record does not hold yet. */
function newEntries(chart: Chart, summary: BookletSummary) {
  const active = chart.entries.filter((e) => e.status === 'active').map((e) => e.body);
  const haveAllergy = new Set(active.flatMap((b) => (b.kind === 'allergy' && b.substance ? [b.substance.trim().toLowerCase()] : [])));
  const haveDose = new Set(active.flatMap((b) => (b.kind === 'immunization' ? [`${b.antigen}|${b.date ?? ''}`] : [])));
  const haveProblem = new Set(active.flatMap((b) => (b.kind === 'condition' ? [b.icd10] : [])));
  const entries: EntryBody[] = [];
  const added = { allergies: 0, immunizations: 0, problems: 0 };
  let alreadyKnown = 0;
  if (summary.noKnownAllergies && !active.some((b) => b.kind === 'allergy')) entries.push({ kind: 'allergy', assertion: 'none-known' });
  for (const substance of summary.allergies) {
    if (haveAllergy.has(substance.trim().toLowerCase())) alreadyKnown++;
    else {
      entries.push({ kind: 'allergy', assertion: 'present', substance: substance.trim() });
      added.allergies++;
    }
  }
  for (const dose of summary.immunizations) {
    if (haveDose.has(`${dose.antigen}|${dose.date ?? ''}`)) alreadyKnown++;
    else {
      entries.push({ kind: 'immunization', antigen: dose.antigen, evidence: 'documented', ...(dose.date !== undefined && { date: dose.date }) });
      added.immunizations++;
    }
  }
  for (const code of summary.problems ?? []) {
    if (haveProblem.has(code) || !Icd10CodeSchema.safeParse(code).success) alreadyKnown++;
    else {
      entries.push({ kind: 'condition', icd10: code, novelty: 'known', certainty: 'provisional' });
      added.problems++;
    }
  }
  return { entries, added, alreadyKnown };
}
