// Every figure of both reports, checked against a small centre whose answers are known by hand. The
// centre is built through the record service on a real encrypted store, with the projection kept up
// to date after every change the way the services will (projectPerson in the same transaction).
// Who is who:
//
//   P1  female, SY, asylum seeker, born 1990-05-10 (30-44)
//   P2  male, AF, refugee, born 2020-02-01 (5-11); P7 (male, AF) is merged into P2
//   P3  male, SY, migrant, estimated 17 on 2026-01-10 (12-17)
//   P4  female, ER, asylum seeker, born 2000-01-01 (18-29)
//   P5  male, no nationality, status unknown, born 1950-06-01 (65+)
//   P6  female, AF: voided, counts nowhere
//   P8  female, IQ, refugee, born 1995-03-03 (30-44)
//   P9  female, SY, born 1988-07-07 (30-44), seen at another centre (SITE-B)
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { appendAudit } from '../../src/audit/audit.repository.ts';
import * as repo from '../../src/db/repositories/record.repository.ts';
import type { Db } from '../../src/db/open.ts';
import type { EntryBody } from '../../src/domain/entries.ts';
import { newGlobalId } from '../../src/domain/envelope.ts';
import type { PersonInput } from '../../src/domain/person.ts';
import { computeHealthReport, healthReportCounts } from '../../src/reports/health-report.ts';
import { ensureReportProjection, projectPerson, rebuildReportProjection, reportProjectionReady } from '../../src/reports/projection.ts';
import { queryParams } from '../../src/reports/query.ts';
import type { ReportFiltersInput, ReportTable } from '../../src/api/schemas/reports.ts';
import { ReportFiltersSchema, UseReportSchema, HealthReportSchema } from '../../src/api/schemas/reports.ts';
import type { CountTable } from '../../src/reports/tables.ts';
import { computeUseReport, useReportCounts } from '../../src/reports/use-report.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';

const Q1 = { from: '2026-01-01', to: '2026-03-31' } as const;
const OTHER_SITE = 'SITE-B';

function dbOf(s: TestStore): Db {
  const db = s.core.store.current()?.db;
  if (!db) throw new Error('store not open');
  return db;
}

/** What the services will do after each change: bring the projection up to date for the person. */
function project(s: TestStore, personId: string): void {
  const db = dbOf(s);
  expect(db.transaction(() => projectPerson(db, personId))()).toBe(true);
}

function person(given: string, p: Partial<PersonInput>): PersonInput {
  return { names: [{ given, family: 'Test', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female', ...p };
}

const at = (date: string) => `${date}T10:00:00.000Z`;
const cond = (icd10: string, certainty: 'confirmed' | 'provisional' | 'differential' | 'refuted' = 'confirmed'): EntryBody => ({ kind: 'condition', icd10, novelty: 'new', certainty });
const yes = (code: string, date: string, value = true): EntryBody => ({ kind: 'observation', category: 'screening', code, value: { type: 'boolean', value }, effectiveAt: at(date) });
const coded = (code: string, answer: string, date: string, category: 'screening' | 'laboratory' | 'social-history' = 'laboratory'): EntryBody => ({
  kind: 'observation',
  category,
  code,
  value: { type: 'coded', code: answer },
  effectiveAt: at(date),
});
const quantity = (code: string, value: number, unit: string, date: string): EntryBody => ({ kind: 'observation', category: 'laboratory', code, value: { type: 'quantity', value, unit }, effectiveAt: at(date) });
const dose = (antigen: string, evidence: 'documented' | 'reported' | 'given' | 'unknown'): EntryBody => ({ kind: 'immunization', antigen, evidence });
const referral = (to: string, specialty?: string): EntryBody => ({ kind: 'referral', to, ...(specialty && { specialty }), urgency: 'routine', reason: { text: 'Assessment', lang: 'en' } });

interface Fixture {
  ids: Record<'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'P6' | 'P7' | 'P8' | 'P9', string>;
  localSite: string;
}

class Builder {
  readonly s: TestStore;
  constructor(s: TestStore) {
    this.s = s;
  }

  async register(p: PersonInput): Promise<string> {
    const r = await this.s.value<PersonRecord>('person.register', { person: p });
    project(this.s, r.id);
    return r.id;
  }

  async episode(personId: string, type: 'initial-assessment' | 'follow-up' | 'lab-only', date: string, entries: EntryBody[] = []): Promise<EpisodeRecord> {
    const e = await this.s.value<EpisodeRecord>('episode.create', { personId, episode: { type, date }, entries });
    project(this.s, personId);
    return e;
  }

  async addEntries(episodeId: string, personId: string, entries: EntryBody[]): Promise<EntryRecord[]> {
    const added = await this.s.value<EntryRecord[]>('entry.add', { episodeId, entries });
    project(this.s, personId);
    return added;
  }

  async document(episodeId: string, personId: string, title: string): Promise<string> {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(title)]);
    const begin = await this.s.value<{ uploadId: string }>('document.beginUpload', {
      episodeId,
      title,
      mediaType: 'image/png',
      bytes: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
    });
    await this.s.value('document.uploadChunk', { uploadId: begin.uploadId, index: 0, data: png.toString('base64') });
    const entry = await this.s.value<EntryRecord>('document.finishUpload', { uploadId: begin.uploadId });
    project(this.s, personId);
    return entry.id;
  }

  async voidEntry(entryId: string, personId: string): Promise<void> {
    await this.s.value('entry.void', { entryId, reason: 'Entered by mistake' });
    project(this.s, personId);
  }

  async voidEpisode(episodeId: string, personId: string): Promise<void> {
    await this.s.value('episode.void', { episodeId, reason: 'Entered by mistake' });
    project(this.s, personId);
  }

  async voidPerson(personId: string): Promise<void> {
    await this.s.value('person.void', { personId, reason: 'Registered by mistake' });
    project(this.s, personId);
  }

  async merge(keepId: string, mergeId: string): Promise<void> {
    await this.s.value('person.merge', { keepId, mergeId });
    project(this.s, keepId);
  }

  async unmerge(mergedId: string): Promise<void> {
    await this.s.value('person.unmerge', { mergedId });
    project(this.s, mergedId);
  }

  /** An episode written at another centre (as a transfer will bring it): straight through the repository. */
  foreignEpisode(personId: string, siteId: string, type: 'initial-assessment' | 'follow-up', date: string, entries: EntryBody[]): void {
    const db = dbOf(this.s);
    const stamp = { at: at(date), by: 'remote-user', siteId };
    const id = newGlobalId();
    db.transaction(() => {
      repo.insertEpisode(db, id, personId, { type, date, mediatorPresent: false }, stamp);
      for (const body of entries) repo.insertEntry(db, newGlobalId(), personId, id, body, stamp);
      expect(projectPerson(db, personId)).toBe(true);
    })();
  }

  transfer(method: 'transfer.export' | 'transfer.import', personId: string, when: string, outcome: 'ok' | 'failed' = 'ok'): void {
    appendAudit(dbOf(this.s), { userId: null, username: null, role: null, method, personId, outcome }, new Date(when));
  }
}

async function buildFixture(s: TestStore): Promise<Fixture> {
  ensureReportProjection(dbOf(s));
  const b = new Builder(s);
  const ids = {} as Fixture['ids'];
  ids.P1 = await b.register(person('P1', { sex: 'female', nationality: 'SY', legalStatus: 'asylum-seeker', birth: { kind: 'date', date: '1990-05-10' } }));
  ids.P2 = await b.register(person('P2', { sex: 'male', nationality: 'AF', legalStatus: 'refugee', birth: { kind: 'date', date: '2020-02-01' } }));
  ids.P3 = await b.register(person('P3', { sex: 'male', nationality: 'SY', legalStatus: 'migrant', birth: { kind: 'estimated', years: 17, estimatedOn: '2026-01-10' } }));
  ids.P4 = await b.register(person('P4', { sex: 'female', nationality: 'ER', legalStatus: 'asylum-seeker', birth: { kind: 'date', date: '2000-01-01' } }));
  ids.P5 = await b.register(person('P5', { sex: 'male', legalStatus: 'unknown', birth: { kind: 'date', date: '1950-06-01' } }));
  ids.P6 = await b.register(person('P6', { sex: 'female', nationality: 'AF', legalStatus: 'refugee', birth: { kind: 'date', date: '1992-02-02' } }));
  ids.P7 = await b.register(person('P7', { sex: 'male', nationality: 'AF', legalStatus: 'refugee', birth: { kind: 'date', date: '2020-02-01' } }));
  ids.P8 = await b.register(person('P8', { sex: 'female', nationality: 'IQ', legalStatus: 'refugee', birth: { kind: 'date', date: '1995-03-03' } }));
  ids.P9 = await b.register(person('P9', { sex: 'female', nationality: 'SY', legalStatus: 'asylum-seeker', birth: { kind: 'date', date: '1988-07-07' } }));

  // P1: scabies, stress (provisional), pregnant, referred to psychology; measles documented, polio
  // given, tetanus only reported; HBsAg negative, IGRA positive, TST 12 mm. A follow-up in February
  // with scabies again and a cold, hepatitis B given.
  const e1a = await b.episode(ids.P1, 'initial-assessment', '2026-01-10', [
    cond('B86'),
    cond('F43.1', 'provisional'),
    cond('Z34.9'),
    coded('women.pregnant', 'yes', '2026-01-10', 'social-history'),
    referral('Centre psychologist', 'psychology'),
    dose('measles', 'documented'),
    dose('polio', 'given'),
    dose('tetanus', 'reported'),
    coded('5196-1', 'negative', '2026-01-10'),
    coded('71773-6', 'positive', '2026-01-10'),
    quantity('1648-5', 12, 'mm', '2026-01-10'),
  ]);
  await b.document(e1a.id, ids.P1, 'Lab report');
  await b.episode(ids.P1, 'follow-up', '2026-02-20', [cond('B86'), cond('J06.9'), dose('hepatitis-b', 'given')]);

  // P2: a cold, scabies ruled out, caries (no group), measles only reported; HBsAg positive. Lab-only
  // visit: anti-HCV negative, worms in the stool, ascariasis.
  await b.episode(ids.P2, 'initial-assessment', '2026-01-15', [cond('J06.9'), cond('B86', 'refuted'), cond('K02.9'), dose('measles', 'reported'), coded('5196-1', 'positive', '2026-01-15')]);
  await b.episode(ids.P2, 'lab-only', '2026-01-20', [coded('13955-0', 'negative', '2026-01-20'), coded('10704-5', 'positive', '2026-01-20'), cond('B77.9')]);
  // P7, the same child registered twice: a cold again and measles given; merged into P2.
  await b.episode(ids.P7, 'initial-assessment', '2026-02-05', [cond('J06.9'), dose('measles', 'given')]);
  await b.merge(ids.P2, ids.P7);

  // P3: two assessments on the same day: a sprained ankle (twice), depression, screening positive,
  // referred, chest X-ray suggestive of TB; measles and diphtheria documented.
  await b.episode(ids.P3, 'initial-assessment', '2026-03-01', [
    cond('S93.4'),
    cond('F32.1'),
    yes('mental.screenPositive', '2026-03-01'),
    yes('mental.referred', '2026-03-01'),
    coded('tb.xray', 'suggestive', '2026-03-01', 'screening'),
    dose('measles', 'documented'),
    dose('diphtheria', 'documented'),
  ]);
  await b.episode(ids.P3, 'follow-up', '2026-03-01', [cond('S93.4')]);

  // P4: hepatitis B known since December (before the period), seen again in January.
  await b.episode(ids.P4, 'initial-assessment', '2025-12-20', [
    cond('B18.1'),
    coded('5196-1', 'positive', '2025-12-20'),
    coded('56888-1', 'negative', '2025-12-20'),
    coded('22587-0', 'negative', '2025-12-20'),
    coded('20507-0', 'positive', '2025-12-20'),
  ]);
  await b.episode(ids.P4, 'follow-up', '2026-01-05', [cond('B18.1')]);

  // P5: five chronic conditions, influenza documented, malaria test indeterminate, COVID test not done;
  // two documents, one voided. A follow-up in March, voided.
  const e5a = await b.episode(ids.P5, 'initial-assessment', '2026-02-10', [
    cond('I10'),
    cond('E11.9'),
    cond('N18.3'),
    cond('G40.9'),
    cond('J45.9'),
    dose('influenza', 'documented'),
    coded('76772-3', 'indeterminate', '2026-02-10'),
    coded('covid.test', 'not-done', '2026-02-10', 'screening'),
  ]);
  await b.document(e5a.id, ids.P5, 'Discharge letter');
  const voidedDocument = await b.document(e5a.id, ids.P5, 'Wrong scan');
  await b.voidEntry(voidedDocument, ids.P5);
  const e5b = await b.episode(ids.P5, 'follow-up', '2026-03-15', [cond('I10')]);
  await b.voidEpisode(e5b.id, ids.P5);

  // P6: scabies, then the record is voided.
  await b.episode(ids.P6, 'initial-assessment', '2026-01-12', [cond('B86')]);
  await b.voidPerson(ids.P6);

  // P8: hyperemesis, pregnancy test positive, referred to a psychologist (no specialty), IGRA
  // indeterminate, then negative at a lab visit; TB entered by mistake and voided.
  const e8a = await b.episode(ids.P8, 'initial-assessment', '2026-02-28', [cond('O21.0'), coded('2106-3', 'positive', '2026-02-28'), referral('Psychologist of the centre'), coded('71773-6', 'indeterminate', '2026-02-28')]);
  const [tb] = await b.addEntries(e8a.id, ids.P8, [cond('A15.0')]);
  await b.voidEntry((tb as EntryRecord).id, ids.P8);
  await b.episode(ids.P8, 'lab-only', '2026-03-05', [coded('71773-6', 'negative', '2026-03-05')]);

  // P9: a cold, assessed at another centre.
  b.foreignEpisode(ids.P9, OTHER_SITE, 'initial-assessment', '2026-02-14', [cond('J06.9')]);

  // Transfers in the access log: two out in February, one in in March; a failed one and one in April.
  b.transfer('transfer.export', ids.P1, '2026-02-03T09:00:00.000Z');
  b.transfer('transfer.export', ids.P5, '2026-02-03T09:05:00.000Z');
  b.transfer('transfer.import', ids.P3, '2026-03-10T12:00:00.000Z');
  b.transfer('transfer.export', ids.P3, '2026-03-11T12:00:00.000Z', 'failed');
  b.transfer('transfer.export', ids.P1, '2026-04-01T12:00:00.000Z');

  const localSite = (dbOf(s).prepare('SELECT site_id FROM centre').get() as { site_id: string }).site_id;
  return { ids, localSite };
}

// ---------------------------------------------------------------------------------------------

/** The non-zero cells of a table by row key and column key: every other cell is zero. */
function nonZero(table: CountTable): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => {
      const v = table.cells[r]?.[c] ?? 0;
      if (v !== 0) (out[row.key] ??= {})[column.key] = v;
    });
  });
  return out;
}

function tableOf<T extends { id: string }>(tables: readonly T[], id: string): T {
  const t = tables.find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id}`);
  return t;
}

const health = (filters: ReportFiltersInput) => healthReportCounts(dbOf(store), ReportFiltersSchema.parse(filters));
const use = (filters: ReportFiltersInput) => useReportCounts(dbOf(store), ReportFiltersSchema.parse(filters));
const CHRONIC = { cardiovascular: { '2026-02': 1 }, diabetes: { '2026-02': 1 }, neurological: { '2026-02': 1 }, renal: { '2026-02': 1 }, chronicRespiratory: { '2026-02': 1 } };

let store: TestStore;
let fixture: Fixture;

beforeAll(async () => {
  store = await setUpStore();
  fixture = await buildFixture(store);
}, 60_000);
afterAll(() => store?.cleanup());

describe('the health report of a hand-built centre', () => {
  it('counts each person once per condition group, at their first episode of the period, by month', () => {
    const t = tableOf(health(Q1), 'conditionsByMonth');
    expect(t.columns.map((c) => c.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(t.rows.map((r) => r.key)).toEqual([
      'respiratory', 'skin', 'hepatitis', 'tb', 'hivSti', 'otherInfectious', 'cardiovascular', 'diabetes', 'neurological', 'renal', 'chronicRespiratory', 'mentalHealth', 'injuries', 'pregnancy',
    ]);
    // P1's second scabies, P7's cold (merged into P2), P3's second sprain, P6 (voided), P5's voided
    // follow-up, P8's voided TB and P2's refuted scabies count nowhere; caries is in no group.
    expect(nonZero(t)).toEqual({
      respiratory: { '2026-01': 1, '2026-02': 2 },
      skin: { '2026-01': 1 },
      hepatitis: { '2026-01': 1 },
      tb: { '2026-03': 1 },
      otherInfectious: { '2026-01': 1 },
      ...CHRONIC,
      mentalHealth: { '2026-01': 1, '2026-03': 1 },
      injuries: { '2026-03': 1 },
      pregnancy: { '2026-01': 1, '2026-02': 1 },
    });
    expect(t.rowTotals).toEqual([3, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 2, 1, 2]);
    // Rows are not exclusive (a person in two groups): no column sums.
    expect(t.columnTotals).toBeNull();
    expect(t.rows.find((r) => r.key === 'skin')).toMatchObject({ labelKey: 'reports.group.skin', category: 'infectious' });
  });

  it('breaks the same persons down by age band, sex, nationality and centre', () => {
    const tables = health(Q1);
    const five = (column: string) => Object.fromEntries(Object.keys(CHRONIC).map((k) => [k, { [column]: 1 }]));
    expect(nonZero(tableOf(tables, 'conditionsByAgeBand'))).toEqual({
      respiratory: { '30-44': 2, '5-11': 1 },
      skin: { '30-44': 1 },
      hepatitis: { '18-29': 1 },
      tb: { '12-17': 1 },
      otherInfectious: { '5-11': 1 },
      ...five('65+'),
      mentalHealth: { '30-44': 1, '12-17': 1 },
      injuries: { '12-17': 1 },
      pregnancy: { '30-44': 2 },
    });
    expect(nonZero(tableOf(tables, 'conditionsBySex'))).toEqual({
      respiratory: { female: 2, male: 1 },
      skin: { female: 1 },
      hepatitis: { female: 1 },
      tb: { male: 1 },
      otherInfectious: { male: 1 },
      ...five('male'),
      mentalHealth: { female: 1, male: 1 },
      injuries: { male: 1 },
      pregnancy: { female: 2 },
    });
    const byNationality = tableOf(tables, 'conditionsByNationality');
    // The most frequent first; persons without a nationality last.
    expect(byNationality.columns.map((c) => c.key)).toEqual(['SY', 'AF', 'ER', 'IQ', '']);
    expect(nonZero(byNationality)).toEqual({
      respiratory: { SY: 2, AF: 1 },
      skin: { SY: 1 },
      hepatitis: { ER: 1 },
      tb: { SY: 1 },
      otherInfectious: { AF: 1 },
      ...five(''),
      mentalHealth: { SY: 2 },
      injuries: { SY: 1 },
      pregnancy: { SY: 1, IQ: 1 },
    });
    const byCentre = tableOf(tables, 'conditionsByCentre');
    expect(byCentre.columns.map((c) => [c.key, c.label])).toEqual([
      [fixture.localSite, 'Asylum Centre Krnjača'],
      [OTHER_SITE, OTHER_SITE],
    ]);
    const here = fixture.localSite;
    expect(nonZero(byCentre)).toEqual({
      respiratory: { [here]: 2, [OTHER_SITE]: 1 },
      skin: { [here]: 1 },
      hepatitis: { [here]: 1 },
      tb: { [here]: 1 },
      otherInfectious: { [here]: 1 },
      ...five(here),
      mentalHealth: { [here]: 2 },
      injuries: { [here]: 1 },
      pregnancy: { [here]: 2 },
    });
  });

  it('gives vaccination coverage of the persons assessed, as of their last assessment of the period', () => {
    const t = tableOf(health(Q1), 'vaccinationCoverage');
    // Assessed: P1, P2 (with P7), P3, P4, P5, P8, P9. Reported doses do not count.
    expect(t.rowTotals?.every((n) => n === 7)).toBe(true);
    expect(t.columns.map((c) => c.key)).toEqual(['documented', 'notDocumented']);
    const documented = Object.fromEntries(t.rows.map((r, i) => [r.key, t.cells[i]?.[0]]).filter(([, n]) => n !== 0));
    expect(documented).toEqual({ measles: 3, polio: 1, 'hepatitis-b': 1, diphtheria: 1, influenza: 1 });
    expect(t.cells[t.rows.findIndex((r) => r.key === 'measles')]).toEqual([3, 4]);
    expect(t.rows.find((r) => r.key === 'measles')).toMatchObject({ label: 'Measles', valueSet: 'vaccine' });
  });

  it('gives screening outcomes: the strongest result per test up to the next assessment, not done when none', () => {
    const t = tableOf(health(Q1), 'screeningOutcomes');
    expect(t.columns.map((c) => c.key)).toEqual(['positive', 'negative', 'indeterminate', 'notDone']);
    const rows = Object.fromEntries(t.rows.map((r, i) => [r.key, t.cells[i]]));
    expect(rows).toEqual({
      tst: [1, 0, 0, 6],
      // P8: indeterminate at the assessment, negative at the lab visit after it.
      igra: [1, 1, 0, 5],
      chestXray: [1, 0, 0, 6],
      // P4's results are from December, before the period: still theirs in January.
      hbsag: [2, 1, 0, 4],
      antiHcv: [0, 1, 0, 6],
      hiv: [0, 1, 0, 6],
      // P4: TPHA negative, RPR positive.
      syphilis: [1, 0, 0, 6],
      malaria: [0, 0, 1, 6],
      stoolParasites: [1, 0, 0, 6],
      // P5's COVID test was "not done".
      covid19: [0, 0, 0, 7],
    });
    expect(t.rowTotals?.every((n) => n === 7)).toBe(true);
  });

  it('counts mental-health referrals (by specialty, destination or answer) and pregnancies', () => {
    const tables = health(Q1);
    expect(nonZero(tableOf(tables, 'mentalHealthAndPregnancyByMonth'))).toEqual({
      mentalHealthReferral: { '2026-01': 1, '2026-02': 1, '2026-03': 1 },
      pregnancies: { '2026-01': 1, '2026-02': 1 },
    });
    expect(nonZero(tableOf(tables, 'mentalHealthAndPregnancyByAgeBand'))).toEqual({
      mentalHealthReferral: { '30-44': 2, '12-17': 1 },
      pregnancies: { '30-44': 2 },
    });
  });

  it('counts a person in a shorter period at their first episode in it, and assessed persons as of then', () => {
    const feb = health({ from: '2026-02-01', to: '2026-02-28' });
    // P1's scabies of February counts in February alone; so do P2's cold (through P7) and P9's.
    expect(nonZero(tableOf(feb, 'conditionsByMonth'))).toEqual({ respiratory: { '2026-02': 3 }, skin: { '2026-02': 1 }, ...CHRONIC, pregnancy: { '2026-02': 1 } });
    // January: P1, P2 and P4 assessed; P2's measles was given in February, P1's hepatitis B too.
    const jan = tableOf(health({ from: '2026-01-01', to: '2026-01-31' }), 'vaccinationCoverage');
    expect(jan.rowTotals?.[0]).toBe(3);
    expect(Object.fromEntries(jan.rows.map((r, i) => [r.key, jan.cells[i]?.[0]]).filter(([, n]) => n !== 0))).toEqual({ measles: 1, polio: 1 });
  });
});

describe('the use report of a hand-built centre', () => {
  it('counts episodes by type, documents and transfers per centre and month', () => {
    const tables = use(Q1);
    expect(tables.map((t) => t.id)).toEqual(['recordsCreated', 'initialAssessments', 'followUps', 'labOnly', 'documents', 'transfersOut', 'transfersIn']);
    const here = fixture.localSite;
    for (const t of tables) {
      expect(t.rows.map((r) => r.key)).toEqual([here, OTHER_SITE]);
      expect(t.columns.map((c) => c.key)).toEqual(['2026-01', '2026-02', '2026-03']);
    }
    const counts = Object.fromEntries(tables.map((t) => [t.id, nonZero(t)]));
    expect(counts).toEqual({
      // Registered today, not in the first quarter.
      recordsCreated: {},
      // P7's assessment counts under P2; P4's December one and P6's (voided record) do not.
      initialAssessments: { [here]: { '2026-01': 2, '2026-02': 3, '2026-03': 1 }, [OTHER_SITE]: { '2026-02': 1 } },
      followUps: { [here]: { '2026-01': 1, '2026-02': 1, '2026-03': 1 } },
      labOnly: { [here]: { '2026-01': 1, '2026-03': 1 } },
      documents: { [here]: { '2026-01': 1, '2026-02': 1 } },
      transfersOut: { [here]: { '2026-02': 2 } },
      transfersIn: { [here]: { '2026-03': 1 } },
    });
    const initial = tableOf(tables, 'initialAssessments');
    expect(initial.rowTotals).toEqual([6, 1]);
    expect(initial.columnTotals).toEqual([2, 4, 1]);
    expect(initial.grandTotal).toBe(7);
  });

  it('counts the records created in the period, active ones only, by the centre that registered them', () => {
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const t = tableOf(use({ from: day(-1), to: day(1) }), 'recordsCreated');
    expect(t.rows.map((r) => r.key)).toEqual([fixture.localSite]);
    // P1-P5, P8, P9: not P6 (voided) nor P7 (merged).
    expect(t.grandTotal).toBe(7);
    expect(tableOf(use({ from: day(-1), to: day(1), sex: 'female' }), 'recordsCreated').grandTotal).toBe(4);
  });
});

describe('filters', () => {
  const respiratory = (filters: Partial<ReportFiltersInput>) => tableOf(health({ ...Q1, ...filters }), 'conditionsByMonth').rowTotals?.[0];
  const initialAssessments = (filters: Partial<ReportFiltersInput>) => tableOf(use({ ...Q1, ...filters }), 'initialAssessments').grandTotal;

  it.each([
    ['period', { from: '2026-03-01', to: '2026-03-31' }, 0, 1],
    ['centre', { centre: OTHER_SITE }, 1, 1],
    ['nationality', { nationality: 'SY' }, 2, 3],
    ['age band', { ageBand: '5-11' }, 1, 2],
    ['sex', { sex: 'male' }, 1, 4],
    ['legal status', { legalStatus: 'refugee' }, 1, 3],
    ['a centre the store has never seen', { centre: 'NOWHERE' }, 0, 0],
  ] as const)('%s changes the answer', (_name, filters, persons, episodes) => {
    expect([respiratory({}), initialAssessments({})]).toEqual([3, 7]);
    expect([respiratory(filters), initialAssessments(filters)]).toEqual([persons, episodes]);
  });

  it('apply to every part of the health report', () => {
    const male = health({ ...Q1, sex: 'male' });
    expect(tableOf(male, 'vaccinationCoverage').rowTotals?.[0]).toBe(3);
    expect(Object.fromEntries(tableOf(male, 'screeningOutcomes').rows.map((r, i) => [r.key, tableOf(male, 'screeningOutcomes').cells[i]?.[0]]))).toMatchObject({ hbsag: 1, chestXray: 1, stoolParasites: 1, tst: 0 });
    expect(nonZero(tableOf(male, 'mentalHealthAndPregnancyByMonth'))).toEqual({ mentalHealthReferral: { '2026-03': 1 } });
    expect(tableOf(health({ ...Q1, ageBand: '65+' }), 'conditionsByMonth').rowTotals).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it('count transfers of the persons who match them only', () => {
    const transfers = (filters: Partial<ReportFiltersInput>) => use({ ...Q1, ...filters }).filter((t) => t.id.startsWith('transfers')).map((t) => t.grandTotal);
    expect(transfers({})).toEqual([2, 1]);
    expect(transfers({ nationality: 'SY' })).toEqual([1, 1]);
    expect(transfers({ centre: OTHER_SITE })).toEqual([0, 0]);
  });

  it('refuse a reversed or too long period', () => {
    expect(ReportFiltersSchema.safeParse({ from: '2026-03-01', to: '2026-02-01' }).success).toBe(false);
    expect(ReportFiltersSchema.safeParse({ from: '2016-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(ReportFiltersSchema.safeParse({ from: '2017-01-01', to: '2026-12-31' }).success).toBe(true);
  });
});

describe('what leaves', () => {
  /** Every published sum with its entries: no line may have exactly one hidden entry. */
  function lines(t: ReportTable) {
    const out = [];
    if (t.rowTotals) t.cells.forEach((row, r) => out.push([...row, t.rowTotals?.[r]]));
    if (t.columnTotals) t.columns.forEach((_, c) => out.push([...t.cells.map((row) => row[c]), t.columnTotals?.[c]]));
    if (t.grandTotal && t.rowTotals && t.columnTotals) out.push([...t.rowTotals, t.grandTotal], [...t.columnTotals, t.grandTotal]);
    return out;
  }

  it('suppresses every small count, and every count that would give one away, in both reports', () => {
    const reports = [UseReportSchema.parse(computeUseReport(dbOf(store), Q1)), HealthReportSchema.parse(computeHealthReport(dbOf(store), Q1))];
    let hidden = 0;
    for (const report of reports) {
      expect(report.threshold).toBe(5);
      for (const t of report.tables) {
        const all = [...t.cells.flat(), ...(t.rowTotals ?? []), ...(t.columnTotals ?? []), ...(t.grandTotal ? [t.grandTotal] : [])];
        expect(all.filter((c) => !c.suppressed && c.value > 0 && c.value < 5), t.id).toEqual([]);
        hidden += all.filter((c) => c.suppressed).length;
        for (const line of lines(t)) expect(line.filter((c) => c?.suppressed).length, t.id).not.toBe(1);
      }
    }
    expect(hidden).toBeGreaterThan(50);
    // Measles: 3 of 7 documented, 4 not: both hidden, the 7 assessed shown.
    const coverage = tableOf(reports[1]?.tables ?? [], 'vaccinationCoverage');
    const measles = coverage.rows.findIndex((r) => r.key === 'measles');
    expect([...(coverage.cells[measles] ?? []), coverage.rowTotals?.[measles]]).toEqual([
      { suppressed: true, value: null },
      { suppressed: true, value: null },
      { suppressed: false, value: 7 },
    ]);
    // No person-level data: the only strings in a report are the filters, keys and labels.
    expect(JSON.stringify(reports)).not.toMatch(new RegExp(Object.values(fixture.ids).join('|')));
  });

  it('uses the centre\'s threshold', () => {
    const t = tableOf(computeUseReport(dbOf(store), Q1, { threshold: 2 }).tables, 'initialAssessments');
    // Hidden: the ones (SITE-B in February, here in March), the cells and sums that would give them away.
    expect(t.cells.map((row) => row.map((c) => c.value))).toEqual([
      [null, null, null],
      [0, null, 0],
    ]);
    expect(t.rowTotals?.map((c) => c.value)).toEqual([null, null]);
    expect(t.columnTotals?.map((c) => c.value)).toEqual([null, 4, null]);
    expect(t.grandTotal?.value).toBe(7);
    expect(() => computeUseReport(dbOf(store), Q1, { threshold: 1 })).toThrow();
  });
});

describe('the projection', () => {
  function snapshot(db: Db) {
    const q = (sql: string) => db.prepare(sql).all();
    return {
      persons: q(`SELECT p.person_id, o.person_id AS owner, p.counted, p.day, p.month, s.site_id, p.age, p.sex, p.nat, p.legal
                  FROM report_person p LEFT JOIN report_person o ON o.key = p.owner JOIN report_site s ON s.key = p.site ORDER BY p.person_id`),
      episodes: q(`SELECT p.person_id, e.day, e.type, s.site_id, e.month, e.age, e.sex, e.nat, e.legal, e.docs, e.next, e.vacc, e.screen
                   FROM report_episode e JOIN report_person p ON p.key = e.person JOIN report_site s ON s.key = e.site ORDER BY 1, 2, 3, 4`),
      events: q(`SELECT p.person_id, e.measure, e.day, s.site_id, e.month, e.age, e.sex, e.nat, e.legal, e.prev
                 FROM report_event e JOIN report_person p ON p.key = e.person JOIN report_site s ON s.key = e.site ORDER BY 1, 2, 3`),
      sums: [
        q('SELECT s.site_id, m.month, m.age, m.sex, m.nat, m.legal, m.n FROM report_person_sum m JOIN report_site s ON s.key = m.site ORDER BY 1, 2, 3, 4, 5, 6'),
        q('SELECT s.site_id, m.month, m.type, m.age, m.sex, m.nat, m.legal, m.n, m.docs FROM report_episode_sum m JOIN report_site s ON s.key = m.site ORDER BY 1, 2, 3, 4, 5, 6, 7'),
        q('SELECT s.site_id, m.month, m.measure, m.age, m.sex, m.nat, m.legal, m.prev_month, m.n FROM report_event_sum m JOIN report_site s ON s.key = m.site ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
      ],
    };
  }

  it('kept after each change is the projection rebuilt from the record', () => {
    const db = dbOf(store);
    const kept = snapshot(db);
    expect(kept.episodes.length).toBeGreaterThan(10);
    rebuildReportProjection(db);
    expect(snapshot(db)).toEqual(kept);
  });

  it('gives the same counts from the monthly sums as from the rows, for every period of whole months', () => {
    const db = dbOf(store);
    const periods: ReportFiltersInput[] = [
      Q1,
      { from: '2026-01-01', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-02-01', to: '2026-03-31' },
      { from: '2025-12-01', to: '2026-12-31' },
      { ...Q1, nationality: 'SY' },
      { ...Q1, ageBand: '30-44', sex: 'female' },
      { ...Q1, legalStatus: 'refugee', centre: fixture.localSite },
    ];
    for (const period of periods) {
      const filters = ReportFiltersSchema.parse(period);
      expect(useReportCounts(db, filters), JSON.stringify(period)).toEqual(useReportCounts(db, filters, { summaries: false }));
      expect(healthReportCounts(db, filters), JSON.stringify(period)).toEqual(healthReportCounts(db, filters, { summaries: false }));
    }
    // Sums of rows that were voided or moved by the merge are gone, not left at zero.
    expect(db.prepare('SELECT count(*) AS n FROM report_event_sum WHERE n <= 0').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM report_episode_sum WHERE n <= 0').get()).toEqual({ n: 0 });
  });

  it('never fails the change it follows: on an error it marks itself out of date instead', () => {
    const db = dbOf(store);
    const before = db.prepare('SELECT count(*) AS n FROM report_event').get();
    // A record the projection cannot read (no birth): only possible by writing around the services.
    db.prepare("UPDATE person SET data = json_remove(data, '$.birth') WHERE id = ?").run(fixture.ids.P4);
    try {
      expect(db.transaction(() => projectPerson(db, fixture.ids.P4))()).toBe(false);
      expect(reportProjectionReady(db)).toBe(false);
      expect(db.prepare('SELECT count(*) AS n FROM report_event').get()).toEqual(before);
    } finally {
      db.prepare("UPDATE person SET data = json_set(data, '$.birth', json('{\"kind\":\"date\",\"date\":\"2000-01-01\"}')) WHERE id = ?").run(fixture.ids.P4);
      ensureReportProjection(db);
    }
    expect(reportProjectionReady(db)).toBe(true);
  });

  it('refuses to report from a projection built with other definitions, until it is rebuilt', () => {
    const db = dbOf(store);
    db.prepare("UPDATE report_state SET definitions = 'older' WHERE id = 1").run();
    expect(reportProjectionReady(db)).toBe(false);
    expect(() => computeHealthReport(db, Q1)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(ensureReportProjection(db)).toBe(true);
    expect(ensureReportProjection(db)).toBe(false);
    expect(computeHealthReport(db, Q1).tables).toHaveLength(9);
  });

  it('answers both reports from one index range each, without sorting: sums for whole months, rows otherwise', () => {
    const db = dbOf(store);
    const plans = (period: ReportFiltersInput) => {
      const seen: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = ((sql: string) => {
        seen.push(sql);
        return prepare(sql);
      }) as Db['prepare'];
      try {
        computeUseReport(db, period);
        computeHealthReport(db, period);
      } finally {
        db.prepare = prepare as Db['prepare'];
      }
      const params = { ...queryParams(db, ReportFiltersSchema.parse(period)), out: 'transfer.export', in: 'transfer.import', fromAt: '', toAt: '', personFilter: 0 };
      return seen
        .filter((sql) => /FROM (report_|audit_log)/.test(sql) && /(count|sum)\(/.test(sql))
        .map((sql) => (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((s) => s.detail).join('\n'));
    };
    const RANGE = '(month>? AND month<?)';
    // Transfers: a few rows of the access log, through its index (grouping them needs no more).
    const AUDIT = expect.stringMatching(/^SEARCH a USING COVERING INDEX audit_log_method_at \(method=\? AND at>\? AND at<\?\)\n/);
    expect(plans(Q1)).toEqual([
      `SEARCH report_person_sum USING PRIMARY KEY ${RANGE}`,
      `SEARCH report_episode_sum USING PRIMARY KEY ${RANGE}`,
      AUDIT,
      `SEARCH report_event_sum USING PRIMARY KEY ${RANGE}`,
      `SEARCH report_episode USING COVERING INDEX report_episode_assessed ${RANGE}`,
    ]);
    expect(plans({ from: '2026-01-02', to: '2026-03-30' })).toEqual([
      `SEARCH report_person USING COVERING INDEX report_person_month ${RANGE}`,
      `SEARCH report_episode USING COVERING INDEX report_episode_month ${RANGE}`,
      AUDIT,
      `SEARCH report_event USING COVERING INDEX report_event_month ${RANGE}`,
      `SEARCH report_episode USING COVERING INDEX report_episode_assessed ${RANGE}`,
    ]);
  });
});

describe('merges', () => {
  it('move a record\'s episodes to the record it is merged into, and back when it is unmerged', async () => {
    const s = await setUpStore();
    try {
      ensureReportProjection(dbOf(s));
      const b = new Builder(s);
      const keep = await b.register(person('Keep', { sex: 'female', nationality: 'SY', birth: { kind: 'date', date: '1990-01-01' } }));
      const dup = await b.register(person('Dup', { sex: 'male', nationality: 'AF', birth: { kind: 'date', date: '2010-06-06' } }));
      await b.episode(keep, 'initial-assessment', '2026-01-10', [cond('B86')]);
      await b.episode(dup, 'initial-assessment', '2026-01-20', [cond('B86'), cond('J06.9')]);
      const counts = () => {
        const [byMonth, , bySex] = healthReportCounts(dbOf(s), ReportFiltersSchema.parse(Q1));
        return { skin: byMonth?.rowTotals?.[1], respiratory: byMonth?.rowTotals?.[0], respiratoryBySex: nonZero(bySex as CountTable).respiratory };
      };
      expect(counts()).toEqual({ skin: 2, respiratory: 1, respiratoryBySex: { male: 1 } });
      await b.merge(keep, dup);
      // One person now, with the kept record's sex.
      expect(counts()).toEqual({ skin: 1, respiratory: 1, respiratoryBySex: { female: 1 } });
      await b.unmerge(dup);
      expect(counts()).toEqual({ skin: 2, respiratory: 1, respiratoryBySex: { male: 1 } });
    } finally {
      s.cleanup();
    }
  }, 30_000);
});

describe('nationalities', () => {
  it('are shown one by one for the ten most frequent, the rest pooled', async () => {
    const s = await setUpStore();
    try {
      ensureReportProjection(dbOf(s));
      const b = new Builder(s);
      const nationalities = ['SY', 'SY', 'SY', 'AF', 'AF', 'IQ', 'ER', 'SO', 'PK', 'BD', 'MA', 'DZ', 'TN', 'EG', 'NG'];
      for (const [i, nationality] of nationalities.entries()) {
        const id = await b.register(person(`N${i}`, { nationality }));
        await b.episode(id, 'initial-assessment', '2026-02-02', [cond('J06.9')]);
      }
      const t = tableOf(healthReportCounts(dbOf(s), ReportFiltersSchema.parse(Q1)), 'conditionsByNationality');
      expect(t.columns.map((c) => c.key)).toEqual(['SY', 'AF', 'BD', 'DZ', 'EG', 'ER', 'IQ', 'MA', 'NG', 'PK', '*']);
      expect(t.cells[0]).toEqual([3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
      expect(t.columns.at(-1)).toMatchObject({ label: 'Other nationalities', labelKey: 'reports.nationality.other' });
      expect(t.rowTotals?.[0]).toBe(15);
    } finally {
      s.cleanup();
    }
  }, 30_000);
});
