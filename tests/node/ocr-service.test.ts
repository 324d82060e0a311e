// Lab reports through the contract, with the real engine: a generated Greek report attached to a
// visit is read into rows (nothing saved), the clinician's accepted rows become lab results of a lab
// visit linked to the document, bad input is refused with a named error and nothing saved, and who
// may do it.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrReadOutput } from '../../src/api/schemas/ocr.ts';
import type { Chart, EntryRecord, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { renderSample } from '../fixtures/ocr/corpus.ts';
import { blankPng, passwordProtectedPdf } from '../fixtures/ocr/files.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';

let store: TestStore;
let personId: string;
let episodeId: string;

async function attach(bytes: Uint8Array, mediaType: string, title: string): Promise<EntryRecord> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { uploadId, chunkBytes } = await store.value<{ uploadId: string; chunkBytes: number }>('document.beginUpload', { episodeId, title, mediaType, bytes: bytes.length, sha256 });
  for (let index = 0, offset = 0; offset < bytes.length; index++, offset += chunkBytes) {
    await store.value('document.uploadChunk', { uploadId, index, data: Buffer.from(bytes.subarray(offset, offset + chunkBytes)).toString('base64') });
  }
  return store.value<EntryRecord>('document.finishUpload', { uploadId });
}

beforeAll(async () => {
  store = await setUpStore();
  const person = await store.value<PersonRecord>('person.register', {
    person: { names: [{ given: 'Nikos', family: 'Example', script: 'Latn', source: 'document', preferred: true }], birth: { kind: 'date', date: '1985-01-01' }, sex: 'male' },
  });
  personId = person.id;
  episodeId = (await store.value<EpisodeRecord>('episode.create', { personId, episode: { type: 'follow-up', date: '2026-11-20' } })).id;
}, 60_000);
afterAll(() => store.cleanup());

describe('lab reports read into results', { timeout: 180_000 }, () => {
  let read: OcrReadOutput;
  let document: EntryRecord;

  it('reads a Greek report attached to the record into rows, with progress, and saves nothing', async () => {
    const sample = renderSample({ seed: 3, layout: 'table', language: 'el', degradation: 'clean' });
    document = await attach(sample.image, sample.mime, 'Εξετάσεις αίματος');
    const progress: { phase: string; done: number; total: number }[] = [];
    const stop = store.core.events.subscribe((name, payload) => name === 'ocr:progress' && progress.push(payload as never));
    const before = (await store.value<Chart>('person.chart', { personId })).entries.length;
    read = await store.value<OcrReadOutput>('ocr.read', { entryId: document.id, languages: ['el'] });
    stop();
    expect(progress.at(-1)).toEqual({ phase: 'reading', done: 1, total: 1 });
    expect(read.languages).toBe('eng+ell');
    expect(read.pages).toEqual([{ page: 1, width: 2480, height: 3508 }]);
    // Most rows of the truth are found with their LOINC code and value.
    const found = sample.truth.rows.filter((t) => read.rows.some((r) => r.loinc === t.loinc && (t.answer !== undefined ? r.answer === t.answer : r.value === t.value)));
    expect(found.length / sample.truth.rows.length).toBeGreaterThanOrEqual(0.8);
    if (sample.truth.collectedOn) expect(read.collectedOn).toBe(sample.truth.collectedOn);
    expect((await store.value<Chart>('person.chart', { personId })).entries.length).toBe(before);
    const log = await store.value<{ entries: { personId: string | null }[] }>('audit.list', { method: 'ocr.read' });
    expect(log.entries.map((e) => e.personId)).toEqual([personId]);
  });

  it('saves the accepted rows as lab results of a lab visit on the collection date, linked to the document', async () => {
    const quantity = read.rows.find((r) => r.loinc && r.value !== undefined && r.unit);
    expect(quantity).toBeDefined();
    const saved = await store.value<{ episodeId: string; saved: number }>('ocr.confirm', {
      documentId: document.id,
      date: '2026-11-18',
      rows: [
        { loinc: quantity?.loinc, value: quantity?.value, unit: quantity?.unit, low: 0.1, high: 0.2 },
        { loinc: '5196-1', answer: 'negative' },
      ],
    });
    expect(saved.saved).toBe(2);
    const chart = await store.value<Chart>('person.chart', { personId });
    expect(chart.episodes.find((e) => e.id === saved.episodeId)?.episode).toMatchObject({ type: 'lab-only', date: '2026-11-18' });
    const results = chart.entries.filter((e) => e.episodeId === saved.episodeId).map((e) => e.body);
    expect(results).toContainEqual(expect.objectContaining({ kind: 'observation', category: 'laboratory', code: quantity?.loinc, documentId: document.id, interpretation: 'high', effectiveAt: '2026-11-18T00:00:00.000Z' }));
    expect(results).toContainEqual(expect.objectContaining({ code: '5196-1', value: { type: 'coded', code: 'negative' } }));
  });

  it('refuses rows that are not lab tests, answers or units of the subset, and saves none of them', async () => {
    const before = (await store.value<Chart>('person.chart', { personId })).episodes.length;
    for (const row of [{ loinc: '8867-4', value: 80, unit: '/min' }, { loinc: '5196-1', answer: 'purple' }, { loinc: '718-7', value: 13, unit: 'furlong' }, { loinc: '718-7' }]) {
      const refused = await store.call('ocr.confirm', { documentId: document.id, date: '2026-11-18', rows: [{ loinc: '718-7', value: 13, unit: 'g/dL' }, row] });
      expect(!refused.ok && refused.error.code, JSON.stringify(row)).toBe('VALIDATION');
    }
    const future = await store.call('ocr.confirm', { documentId: document.id, date: '2099-01-01', rows: [{ loinc: '718-7', value: 13, unit: 'g/dL' }] });
    expect(!future.ok && future.error.code).toBe('VALIDATION');
    expect((await store.value<Chart>('person.chart', { personId })).episodes.length).toBe(before);
  });

  it('names what is wrong with a file it cannot read', async () => {
    const pdf = await attach(passwordProtectedPdf(), 'application/pdf', 'locked');
    const locked = await store.call('ocr.read', { entryId: pdf.id });
    expect(!locked.ok && locked.error.code).toBe('OCR_PASSWORD_PROTECTED');
    const tiny = await attach(blankPng(40, 40), 'image/png', 'tiny');
    const small = await store.call('ocr.read', { entryId: tiny.id });
    expect(!small.ok && small.error.code).toBe('OCR_UNREADABLE');
    const missing = await store.call('ocr.read', { entryId: personId });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('is clinical work: a mediator may not read or save results', async () => {
    await store.value('users.add', { username: 'med', displayName: 'Mediator', role: 'mediator', password: 'mediator password 1' });
    await store.value('session.lock');
    await store.value('session.login', { username: 'med', password: 'mediator password 1' });
    const denied = await store.call('ocr.read', { entryId: document.id });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
  });
});

describe('cancelling a reading', { timeout: 180_000 }, () => {
  it('stops it with nothing saved, and the next reading works', async () => {
    const again = await setUpStore();
    try {
      const person = await again.value<PersonRecord>('person.register', {
        person: { names: [{ given: 'Omar', family: 'Example', script: 'Latn', source: 'document', preferred: true }], birth: { kind: 'date', date: '1980-01-01' }, sex: 'male' },
      });
      const visit = await again.value<EpisodeRecord>('episode.create', { personId: person.id, episode: { type: 'follow-up', date: '2026-11-20' } });
      const sample = renderSample({ seed: 8, layout: 'free-lines', language: 'en', degradation: 'clean' });
      const sha256 = createHash('sha256').update(sample.image).digest('hex');
      const { uploadId } = await again.value<{ uploadId: string }>('document.beginUpload', { episodeId: visit.id, title: 'labs', mediaType: sample.mime, bytes: sample.image.length, sha256 });
      for (let index = 0, offset = 0; offset < sample.image.length; index++, offset += 1024 * 1024) {
        await again.value('document.uploadChunk', { uploadId, index, data: sample.image.subarray(offset, offset + 1024 * 1024).toString('base64') });
      }
      const doc = await again.value<EntryRecord>('document.finishUpload', { uploadId });
      const stop = again.core.events.subscribe((name, payload) => {
        if (name === 'ocr:progress' && (payload as { phase: string }).phase === 'reading') void again.call('ocr.cancel');
      });
      const cancelled = await again.call('ocr.read', { entryId: doc.id });
      stop();
      expect(!cancelled.ok && cancelled.error.code).toBe('TRANSFER_CANCELLED');
      const read = await again.value<OcrReadOutput>('ocr.read', { entryId: doc.id });
      expect(read.rows.length).toBeGreaterThan(3);
    } finally {
      again.cleanup();
    }
  });
});
