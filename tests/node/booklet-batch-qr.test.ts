// A relocation group's booklets in one file (progress, Cancel, nothing half-written, the access log),
// and the way back: the QR code read from a scan of the printed first page at another centre,
// verified against the trust list, and taken into a new record there or into one it already holds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportQrOutput, VerifyQrOutput } from '../../src/api/schemas/booklet.ts';
import type { Chart, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { certifyAll, openCentre, type Centre } from '../fixtures/transfer/centres.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let lesvos: Centre;
let zagreb: Centre;
let out: { dir: string; cleanup: () => void };
const group: string[] = [];

async function register(centre: Centre, given: string, family: string, arrivalDate: string, languages: string[]): Promise<string> {
  const person = await centre.value<PersonRecord>('person.register', {
    person: { names: [{ given, family, script: 'Latn', source: 'document', preferred: true }], birth: { kind: 'date', date: '1991-05-06' }, sex: 'female', languages, arrivalDate },
  });
  return person.id;
}

beforeAll(async () => {
  lesvos = await openCentre({ name: 'Lesvos Reception Centre', country: 'GR', code: 'GR-LES' });
  zagreb = await openCentre({ name: 'Zagreb Health Centre', country: 'HR', code: 'HR-ZAG' });
  await certifyAll([lesvos, zagreb]);
  out = makeTempDir('carnet-booklet-batch-');
  group.push(await register(lesvos, 'Amina', 'Haddad', '2026-11-03', ['ar']));
  group.push(await register(lesvos, 'Leila', 'Rahimi', '2026-11-04', ['fa']));
  group.push(await register(lesvos, 'Samir', 'Nouri', '2026-11-05', []));
  await register(lesvos, 'Other', 'Person', '2026-10-01', ['fr']);
  await lesvos.value<EpisodeRecord>('episode.create', {
    personId: group[0],
    episode: { type: 'initial-assessment', date: '2026-11-20' },
    entries: [
      { kind: 'immunization', antigen: 'measles', dose: 1, date: '1992-04-10', evidence: 'documented' },
      { kind: 'immunization', antigen: 'tetanus', dose: 3, date: '2026-11-20', evidence: 'given' },
      { kind: 'allergy', assertion: 'present', substance: 'Penicillin', category: 'medication' },
      { kind: 'condition', icd10: 'J45.9', novelty: 'known', certainty: 'confirmed' },
      // Problems go into the code only with the person's consent.
      { kind: 'consent', purpose: 'booklet-problems', decision: 'given', date: '2026-11-20' },
    ],
  });
}, 120_000);
afterAll(() => {
  lesvos.cleanup();
  zagreb.cleanup();
  out.cleanup();
});

function pages(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

describe('booklet.batch', { timeout: 120_000 }, () => {
  it('prints everyone who arrived in a period into one A4 file, each in their own language, with progress, and logs each person', async () => {
    const progress: { done: number; total: number }[] = [];
    const stop = lesvos.core.events.subscribe((name, payload) => {
      if (name === 'booklet:progress') progress.push(payload as { done: number; total: number });
    });
    const path = join(out.dir, 'group.pdf');
    const result = await lesvos.value<{ persons: number; pages: number; bytes: number }>('booklet.batch', { selection: { kind: 'arrived', from: '2026-11-01', to: '2026-11-30' }, layout: 'a4', path });
    stop();
    expect(result.persons).toBe(3);
    expect(pages(path)).toBe(result.pages);
    expect(result.pages % 2).toBe(0);
    expect(progress[0]).toEqual({ done: 0, total: 3 });
    expect(progress.at(-1)).toEqual({ done: 3, total: 3 });
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    // Greek first (the centre's country), then each person's language: Arabic, Persian, English.
    expect(text).toContain('Προσωπικό ιατρικό αρχείο');
    expect(text).toContain('Amina');
    expect(text).toContain('Samir');
    expect(text).not.toContain('Other');
    const log = await lesvos.value<{ entries: { personId: string | null }[] }>('audit.list', { method: 'booklet.batch' });
    expect(log.entries.map((e) => e.personId).sort()).toEqual([...group].sort());
  });

  it('starts every A5 booklet on a new sheet', async () => {
    const path = join(out.dir, 'group-a5.pdf');
    const result = await lesvos.value<{ pages: number }>('booklet.batch', { selection: { kind: 'persons', personIds: group }, layout: 'a5', language: 'en', path });
    expect(result.pages % 2).toBe(0);
    expect(pages(path)).toBe(result.pages);
  });

  it('writes nothing when cancelled, and refuses an empty group or a relative path', async () => {
    const path = join(out.dir, 'cancelled.pdf');
    const stop = lesvos.core.events.subscribe((name, payload) => {
      if (name === 'booklet:progress' && (payload as { done: number }).done === 1) void lesvos.call('booklet.cancel');
    });
    const cancelled = await lesvos.call('booklet.batch', { selection: { kind: 'persons', personIds: group }, layout: 'a4', path });
    stop();
    expect(!cancelled.ok && cancelled.error.code).toBe('TRANSFER_CANCELLED');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(out.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const empty = await lesvos.call('booklet.batch', { selection: { kind: 'arrived', from: '2020-01-01', to: '2020-01-02' }, layout: 'a4', path });
    expect(!empty.ok && empty.error.code).toBe('VALIDATION');
    const relative = await lesvos.call('booklet.batch', { selection: { kind: 'persons', personIds: group }, layout: 'a4', path: 'group.pdf' });
    expect(!relative.ok && relative.error.code).toBe('VALIDATION');
  });
});

describe('the booklet QR read back', { timeout: 120_000 }, () => {
  let scan: string;
  let text: string;

  beforeAll(async () => {
    // Lesvos prints Amina's booklet; Zagreb scans its first page at 150 dpi.
    const booklet = await lesvos.value<{ data: string }>('booklet.print', { personId: group[0], layout: 'a5' });
    const pdf = join(out.dir, 'amina.pdf');
    writeFileSync(pdf, Buffer.from(booklet.data, 'base64'));
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(out.dir, 'scan')]);
    scan = readFileSync(join(out.dir, 'scan.png')).toString('base64');
  });

  it('finds the code in a scanned page and verifies it offline at another centre of the network', async () => {
    const read = await zagreb.value<{ texts: string[] }>('booklet.readQr', { image: scan });
    expect(read.texts).toHaveLength(1);
    text = read.texts[0] as string;
    expect(text.startsWith('CB1:')).toBe(true);
    const verdict = await zagreb.value<VerifyQrOutput>('booklet.verifyQr', { text });
    expect(verdict.status).toBe('trusted');
    if (verdict.status !== 'trusted') return;
    expect(verdict.site.name).toBe('Lesvos Reception Centre');
    expect(verdict.summary).toMatchObject({ name: 'Amina Haddad', birth: { date: '1991-05-06' }, allergies: ['Penicillin'] });
    expect(verdict.candidates).toEqual([]);
  });

  it('finds nothing in an image without a code, and says why a changed code is untrusted', async () => {
    const blank = execFileSync('pdftoppm', ['-r', '20', '-png', '-f', '2', '-l', '2', '-singlefile', join(out.dir, 'amina.pdf')]);
    expect((await zagreb.value<{ texts: string[] }>('booklet.readQr', { image: blank.toString('base64') })).texts).toEqual([]);
    expect((await zagreb.value<{ texts: string[] }>('booklet.readQr', { image: Buffer.from('not an image').toString('base64') })).texts).toEqual([]);
    const at = text.indexOf('.') + 12;
    const changed = `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    expect(await zagreb.value('booklet.verifyQr', { text: changed })).toEqual({ status: 'untrusted', reason: 'tampered' });
    expect(await zagreb.value('booklet.verifyQr', { text: 'https://example.org/' })).toEqual({ status: 'untrusted', reason: 'malformed' });
    const refused = await zagreb.call('booklet.importQr', { text: changed, personId: group[0] });
    expect(refused.ok).toBe(false);
  });

  it('takes the summary into a new record once, then offers that record as the same person', async () => {
    const personId = await register(zagreb, 'Amina', 'Haddad', '2026-12-01', ['ar']);
    const first = await zagreb.value<ImportQrOutput>('booklet.importQr', { text, personId });
    expect(first.added).toEqual({ allergies: 1, immunizations: 2, problems: 1 });
    expect(first.episodeId).not.toBeNull();
    const chart = await zagreb.value<Chart>('person.chart', { personId });
    const bodies = chart.entries.map((e) => e.body);
    expect(bodies).toContainEqual(expect.objectContaining({ kind: 'immunization', antigen: 'measles', date: '1992-04-10', evidence: 'documented' }));
    expect(bodies).toContainEqual(expect.objectContaining({ kind: 'condition', icd10: 'J45.9', certainty: 'provisional' }));
    expect(chart.episodes.find((e) => e.id === first.episodeId)?.episode.complaints?.text).toContain('Lesvos Reception Centre');
    // The same code again adds nothing.
    expect(await zagreb.value<ImportQrOutput>('booklet.importQr', { text, personId })).toEqual({ episodeId: null, added: { allergies: 0, immunizations: 0, problems: 0 }, alreadyKnown: 4 });
    const verdict = await zagreb.value<VerifyQrOutput>('booklet.verifyQr', { text });
    expect(verdict.status === 'trusted' && verdict.candidates.map((c) => c.person.id)).toEqual([personId]);
    const log = await zagreb.value<{ entries: { personId: string | null }[] }>('audit.list', { method: 'booklet.importQr' });
    expect(log.entries.map((e) => e.personId)).toEqual([personId, personId]);
  });

  it('reads its own centre’s booklets as trusted and names the record it came from', async () => {
    const verdict = await lesvos.value<VerifyQrOutput>('booklet.verifyQr', { text });
    expect(verdict.status === 'trusted' && verdict.candidates[0]).toMatchObject({ sameRecord: true, person: { id: group[0] } });
  });
});
