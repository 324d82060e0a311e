// The assessment form's values: validated per section, and turned into exactly the entries the record
// stores (every entry parses with the domain's schemas).
import { describe, expect, it } from 'vitest';
import { EntryBodySchema, EpisodeSchema } from '../../src/domain/entries.ts';
import { AssessmentFormSchema, emptyAssessment, parseDecimal, toEpisodeAndEntries, type AssessmentValues } from '../../renderer/features/episode/assessment-model.ts';
import { ALL_FIELDS, SECTIONS } from '../../renderer/features/episode/assessment-sections.ts';

const AT = '2026-11-20T09:30:00.000Z';

function full(): AssessmentValues {
  return {
    ...emptyAssessment('2026-11-20', 'ar'),
    mediatorPresent: true,
    consent: { assessment: 'given', 'sharing-with-centres': 'given', 'booklet-problems': 'refused', 'research-aggregates': '' },
    complaints: 'سعال منذ ثلاثة أسابيع',
    obs: {
      temperature: 38.4,
      pulse: 96,
      systolic: 128,
      diastolic: 82,
      spo2: 95,
      weight: 61.5,
      height: 172,
      history_tb: 'no',
      tb_cough: 'yes',
      tb_xray: 'suggestive',
      exam_skin: 'abnormal',
      exam_notes: 'Burrows between fingers',
      women_lmp: '2026-11-01',
    },
    knownConditions: [{ icd10: 'I10', certainty: 'confirmed' }],
    allergiesNone: true,
    currentMedications: [{ name: 'Amlodipine', dose: '5 mg daily' }],
    vaccinations: [{ antigen: 'measles', cvx: '03', date: '2019-05-01', dose: 1, evidence: 'documented', lot: '' }],
    labs: [
      { loinc: '718-7', value: '11,8', unit: 'g/dL', interpretation: 'low' },
      { loinc: '5196-1', value: 'negative', unit: '', interpretation: '' },
    ],
    diagnoses: [{ icd10: 'B86', novelty: 'new', certainty: 'confirmed', note: '' }],
    treatments: [{ name: 'Permethrin 5% cream', dose: 'once, repeat in 7 days', status: 'given' }],
    counselling: 'Washing of clothes and bedding',
    referrals: [{ to: 'TB dispensary', specialty: 'Pulmonology', urgency: 'urgent', reason: 'Cough and suggestive X-ray' }],
    nextVisit: '2026-11-27',
  };
}

describe('the assessment form', () => {
  it('covers the 16 sections of the assessment (visit header, personal data in the person form, and 2..15)', () => {
    expect(SECTIONS.map((s) => s.title[1].split('.')[0])).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15']);
    // Every question has a distinct name and code.
    expect(new Set(ALL_FIELDS.map((f) => f.name)).size).toBe(ALL_FIELDS.length);
    expect(new Set(ALL_FIELDS.map((f) => f.code)).size).toBe(ALL_FIELDS.length);
  });

  it('turns a full assessment into an episode and valid entries of every kind', () => {
    const parsed = AssessmentFormSchema.parse(full());
    const { episode, entries } = toEpisodeAndEntries(parsed, 'initial-assessment', { lang: 'en', at: AT });
    expect(EpisodeSchema.parse(episode)).toMatchObject({ type: 'initial-assessment', language: 'ar', mediatorPresent: true, nextVisit: '2026-11-27' });
    for (const entry of entries) expect(EntryBodySchema.safeParse(entry).success, JSON.stringify(entry)).toBe(true);
    const kinds = entries.reduce<Record<string, number>>((n, e) => ({ ...n, [e.kind]: (n[e.kind] ?? 0) + 1 }), {});
    expect(kinds).toEqual({ observation: 15, condition: 2, allergy: 1, medication: 2, immunization: 1, referral: 1, consent: 3 });
    const hb = entries.find((e) => e.kind === 'observation' && e.code === '718-7');
    expect(hb).toMatchObject({ category: 'laboratory', value: { type: 'quantity', value: 11.8, unit: 'g/dL' }, interpretation: 'low' });
    expect(entries.find((e) => e.kind === 'observation' && e.code === '5196-1')).toMatchObject({ value: { type: 'coded', code: 'negative' } });
    expect(entries.find((e) => e.kind === 'observation' && e.code === '8310-5')).toMatchObject({ category: 'vital-signs', value: { type: 'quantity', value: 38.4, unit: 'Cel' } });
    expect(entries.find((e) => e.kind === 'observation' && e.code === 'tb.cough')).toMatchObject({ value: { type: 'boolean', value: true } });
    expect(entries.find((e) => e.kind === 'allergy')).toEqual({ kind: 'allergy', assertion: 'none-known' });
    expect(entries.filter((e) => e.kind === 'consent').map((e) => e.kind === 'consent' && [e.purpose, e.decision, e.interpreterPresent])).toEqual([
      ['assessment', 'given', true],
      ['sharing-with-centres', 'given', true],
      ['booklet-problems', 'refused', true],
    ]);
  });

  it('saves nothing for questions left unanswered', () => {
    const { entries, episode } = toEpisodeAndEntries(AssessmentFormSchema.parse(emptyAssessment('2026-11-20', '')), 'follow-up', { lang: 'en', at: AT });
    expect(entries).toEqual([]);
    expect(episode).toEqual({ type: 'follow-up', date: '2026-11-20', mediatorPresent: false });
  });

  it.each([
    ['a pulse out of any human range', { obs: { pulse: 400 } }, ['obs', 'pulse']],
    ['a malformed ICD-10 code', { diagnoses: [{ icd10: 'scabies', novelty: 'new', certainty: 'confirmed', note: '' }] }, ['diagnoses', 0, 'icd10']],
    ['a LOINC code without its check digit', { labs: [{ loinc: '718', value: '12', unit: 'g/dL', interpretation: '' }] }, ['labs', 0, 'loinc']],
    ['a lab value that is neither a number nor a known answer', { labs: [{ loinc: '718-7', value: 'lowish', unit: 'g/dL', interpretation: '' }] }, ['labs', 0, 'value']],
    ['a number without its unit', { labs: [{ loinc: '718-7', value: '12', unit: '', interpretation: '' }] }, ['labs', 0, 'unit']],
    ['a referral without a reason', { referrals: [{ to: 'Hospital', specialty: '', urgency: 'routine', reason: '' }] }, ['referrals', 0, 'reason']],
    ['an allergy without a substance', { allergies: [{ substance: '', category: '', reaction: '' }] }, ['allergies', 0, 'substance']],
  ] as const)('refuses %s, pointing at the field', (_what, change, path) => {
    const result = AssessmentFormSchema.safeParse({ ...emptyAssessment('2026-11-20', ''), ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toContainEqual(path);
  });

  it('reads decimal commas and points alike', () => {
    expect([parseDecimal('36,6'), parseDecimal('36.6'), parseDecimal(' 12 '), parseDecimal('1.2.3'), parseDecimal('')]).toEqual([36.6, 36.6, 12, undefined, undefined]);
  });
});
