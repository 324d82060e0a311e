// The health report's definitions (resources/reports/condition-groups.json): ICD-10 ranges that
// agree with the curated list's groups and never overlap, screening answers, referrals, tests and
// vaccination evidence as the assessment form records them.
import { describe, expect, it } from 'vitest';
import icd10 from '../../resources/value-sets/icd10.json' with { type: 'json' };
import type { EntryBody } from '../../src/domain/entries.ts';
import { VACCINE_ANTIGENS } from '../../src/domain/value-sets/vaccines.ts';
import {
  CONDITION_CATEGORIES,
  CONDITION_GROUPS,
  DEFINITIONS,
  MENTAL_HEALTH_REFERRAL,
  OBSERVATION_CODES,
  OUTCOME,
  SCREENING_TESTS,
  conditionGroupOf,
  inRange,
  measuresOf,
  parseRange,
  screeningResults,
  vaccinationBit,
} from '../../src/reports/definitions.ts';

const groupId = (key: string) => CONDITION_GROUPS.find((g) => g.key === key)?.id;
const at = '2026-03-01T10:00:00.000Z';
const obs = (code: string, value: EntryBody extends infer E ? (E extends { kind: 'observation'; value: infer V } ? V : never) : never): EntryBody => ({ kind: 'observation', category: 'screening', code, value, effectiveAt: at });

// The curated list's groups (resources/value-sets/icd10.json) and the report's groups they are in.
const CURATED: Record<string, string | null> = {
  'respiratory-infection': 'respiratory',
  'skin-infection': 'skin',
  hepatitis: 'hepatitis',
  tb: 'tb',
  'hiv-sti': 'hivSti',
  'other-infectious': 'otherInfectious',
  cardiovascular: 'cardiovascular',
  diabetes: 'diabetes',
  neurological: 'neurological',
  renal: 'renal',
  'respiratory-chronic': 'chronicRespiratory',
  'mental-health': 'mentalHealth',
  injury: 'injuries',
  pregnancy: 'pregnancy',
  dental: null,
  nutrition: null,
  other: null,
};

describe('condition groups', () => {
  it('are the published analysis\'s groups, in their categories, with translatable labels', () => {
    expect(CONDITION_CATEGORIES.map((c) => c.key)).toEqual(['infectious', 'nonCommunicable', 'mentalHealth', 'injuries', 'pregnancy']);
    expect(Object.fromEntries(CONDITION_CATEGORIES.map((c) => [c.key, CONDITION_GROUPS.filter((g) => g.category === c.key).map((g) => g.key)]))).toEqual({
      infectious: ['respiratory', 'skin', 'hepatitis', 'tb', 'hivSti', 'otherInfectious'],
      nonCommunicable: ['cardiovascular', 'diabetes', 'neurological', 'renal', 'chronicRespiratory'],
      mentalHealth: ['mentalHealth'],
      injuries: ['injuries'],
      pregnancy: ['pregnancy'],
    });
    for (const g of CONDITION_GROUPS) expect(g.labelKey).toBe(`reports.group.${g.key}`);
  });

  it('put every code of the curated ICD-10 list in the group the list gives it', () => {
    const codes = (icd10 as unknown as { codes: { code: string; group: string }[] }).codes;
    const wrong = codes.filter((c) => conditionGroupOf(c.code) !== (CURATED[c.group] === null ? null : groupId(CURATED[c.group] as string)));
    expect(wrong).toEqual([]);
    expect(codes.length).toBeGreaterThan(300);
  });

  it('never put a code in two groups', () => {
    const ranges = DEFINITIONS.groups.map((g) => ({ key: g.key, include: g.icd10.include.map(parseRange), exclude: g.icd10.exclude.map(parseRange) }));
    const twice: string[] = [];
    for (let letter = 65; letter <= 90; letter++) {
      for (let n = 0; n < 100; n++) {
        const category = `${String.fromCharCode(letter)}${String(n).padStart(2, '0')}`;
        for (const code of [category, ...Array.from({ length: 10 }, (_, d) => `${category}.${d}`), `${category}.81`]) {
          const groups = ranges.filter((g) => g.include.some((r) => inRange(code, r)) && !g.exclude.some((r) => inRange(code, r)));
          if (groups.length > 1) twice.push(`${code}: ${groups.map((g) => g.key).join(', ')}`);
        }
      }
    }
    expect(twice).toEqual([]);
  });

  it('take ranges with every subcode, and the exclusions out of them', () => {
    const of = (code: string) => CONDITION_GROUPS.find((g) => g.id === conditionGroupOf(code))?.key ?? null;
    expect(['J00', 'J22', 'J22.9', 'J06.9', 'U07.1', 'A36.0', 'H66.9'].map(of)).toEqual(Array(7).fill('respiratory'));
    expect([of('J23'), of('J30.4'), of('J45.9'), of('J36'), of('A36.3'), of('U07.3')]).toEqual([null, 'chronicRespiratory', 'chronicRespiratory', 'respiratory', 'skin', null]);
    expect([of('N10'), of('N11.9'), of('N39.0'), of('N39.1')]).toEqual(['otherInfectious', 'renal', 'otherInfectious', null]);
    expect([of('F03'), of('F04'), of('F99'), of('G99.8')]).toEqual(['neurological', 'mentalHealth', 'mentalHealth', 'neurological']);
    expect([of('T77'), of('T78.2'), of('T79.3'), of('T88.7'), of('X85'), of('Y40')]).toEqual(['injuries', null, 'injuries', null, 'injuries', null]);
    expect([of('Z37.0'), of('Z38.0'), of('O99.8'), of('Z32.0')]).toEqual(['pregnancy', null, 'pregnancy', null]);
    expect([of('B90.9'), of('B91'), of('B20.0'), of('B86'), of('K02.9')]).toEqual(['tb', 'otherInfectious', 'hivSti', 'skin', null]);
  });
});

describe('what an entry counts for', () => {
  it('counts confirmed and provisional diagnoses, not differential or refuted ones', () => {
    const c = (certainty: 'confirmed' | 'provisional' | 'differential' | 'refuted'): EntryBody => ({ kind: 'condition', icd10: 'B86', novelty: 'known', certainty });
    expect([c('confirmed'), c('provisional'), c('differential'), c('refuted')].map(measuresOf)).toEqual([[groupId('skin')], [groupId('skin')], [], []]);
  });

  it('counts the assessment form\'s screening answers for their groups', () => {
    expect(measuresOf(obs('mental.screenPositive', { type: 'boolean', value: true }))).toEqual([groupId('mentalHealth')]);
    expect(measuresOf(obs('mental.screenPositive', { type: 'boolean', value: false }))).toEqual([]);
    expect(measuresOf(obs('women.pregnant', { type: 'coded', code: 'yes' }))).toEqual([groupId('pregnancy')]);
    expect(measuresOf(obs('women.pregnant', { type: 'coded', code: 'unknown' }))).toEqual([]);
    expect(measuresOf(obs('tb.xray', { type: 'coded', code: 'suggestive' }))).toEqual([groupId('tb')]);
    expect(measuresOf(obs('2106-3', { type: 'coded', code: 'positive' }))).toEqual([groupId('pregnancy')]);
    expect(measuresOf(obs('mental.referred', { type: 'boolean', value: true }))).toEqual([MENTAL_HEALTH_REFERRAL.id]);
    // Every code a rule reads is one the form or the LOINC subset writes.
    for (const code of OBSERVATION_CODES) expect(code).toMatch(/^(\d{1,7}-\d|[a-z]+\.[a-zA-Z]+)$/);
  });

  it('recognises a mental-health referral by its specialty or its destination, in several languages', () => {
    const r = (to: string, specialty?: string): EntryBody => ({ kind: 'referral', to, ...(specialty && { specialty }), urgency: 'routine', reason: { text: 'x', lang: 'en' } });
    const mh = [MENTAL_HEALTH_REFERRAL.id];
    expect([r('Centre psychologist'), r('Clinic', 'Psychiatry'), r('Κέντρο', 'Ψυχίατρος'), r('Dom zdravlja', 'психијатрија'), r('عيادة', 'طبيب نفسي'), r('MSF', 'Salute mentale')].map(measuresOf)).toEqual(Array(6).fill(mh));
    expect([r('Dental clinic', 'dentistry'), r('Antenatal clinic', 'obstetrics')].map(measuresOf)).toEqual([[], []]);
  });

  it('reads screening results: coded answers, the TST at 10 mm, chest X-ray findings', () => {
    const test = (key: string) => SCREENING_TESTS.findIndex((t) => t.key === key);
    expect(screeningResults(obs('5196-1', { type: 'coded', code: 'positive' }))).toEqual([[test('hbsag'), OUTCOME.positive]]);
    expect(screeningResults(obs('71773-6', { type: 'coded', code: 'indeterminate' }))).toEqual([[test('igra'), OUTCOME.indeterminate]]);
    expect(screeningResults(obs('1648-5', { type: 'quantity', value: 9, unit: 'mm' }))).toEqual([[test('tst'), OUTCOME.negative]]);
    expect(screeningResults(obs('1648-5', { type: 'quantity', value: 10, unit: 'mm' }))).toEqual([[test('tst'), OUTCOME.positive]]);
    expect(screeningResults(obs('36643-5', { type: 'coded', code: 'abnormal-other' }))).toEqual([[test('chestXray'), OUTCOME.negative]]);
    expect(screeningResults(obs('tb.xray', { type: 'coded', code: 'not-done' }))).toEqual([]);
    expect(screeningResults(obs('20507-0', { type: 'coded', code: 'positive' }))).toEqual([[test('syphilis'), OUTCOME.positive]]);
    expect(screeningResults(obs('8867-4', { type: 'quantity', value: 80, unit: '/min' }))).toEqual([]);
    expect(OUTCOME.positive > OUTCOME.negative && OUTCOME.negative > OUTCOME.indeterminate && OUTCOME.indeterminate > OUTCOME.notDone).toBe(true);
  });

  it('counts a dose documented or given, not one only reported', () => {
    const d = (antigen: string, evidence: 'documented' | 'reported' | 'given' | 'unknown'): EntryBody => ({ kind: 'immunization', antigen, evidence });
    expect([d('measles', 'documented'), d('measles', 'given'), d('measles', 'reported'), d('measles', 'unknown'), d('smallpox', 'given')].map(vaccinationBit)).toEqual([
      VACCINE_ANTIGENS.indexOf('measles'),
      VACCINE_ANTIGENS.indexOf('measles'),
      -1,
      -1,
      -1,
    ]);
  });
});
