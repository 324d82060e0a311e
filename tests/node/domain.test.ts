import { describe, expect, it } from 'vitest';
import { ageOn, birthRange, monthsBetween, yearsBetween } from '../../src/domain/age.ts';
import { EntryBodySchema, Icd10CodeSchema, LoincCodeSchema } from '../../src/domain/entries.ts';
import { EnvelopeSchema, GlobalIdSchema, newGlobalId } from '../../src/domain/envelope.ts';
import { PersonSchema } from '../../src/domain/person.ts';

describe('global ids', () => {
  it('are UUID v7 and sort by creation time', async () => {
    const a = newGlobalId();
    await new Promise((r) => setTimeout(r, 2));
    const b = newGlobalId();
    expect(GlobalIdSchema.safeParse(a).success).toBe(true);
    expect(a < b).toBe(true);
    expect(GlobalIdSchema.safeParse('3f2504e0-4f89-11d3-9a0c-0305e82c3301').success).toBe(false);
  });
});

describe('the entry envelope', () => {
  const base = { id: newGlobalId(), siteId: 's', authorId: 'u', createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 1 };
  it('requires a reason to void, and only then', () => {
    expect(EnvelopeSchema.safeParse({ ...base, status: 'active' }).success).toBe(true);
    expect(EnvelopeSchema.safeParse({ ...base, status: 'voided' }).success).toBe(false);
    expect(EnvelopeSchema.safeParse({ ...base, status: 'voided', voidReason: 'entered for the wrong person' }).success).toBe(true);
    expect(EnvelopeSchema.safeParse({ ...base, status: 'active', voidReason: 'why' }).success).toBe(false);
  });
});

describe('the person', () => {
  it('takes several names in several scripts, and an estimated age', () => {
    const person = PersonSchema.parse({
      names: [
        { family: 'Al-Hassan', given: 'Mohammed', script: 'Latn', source: 'document', preferred: true },
        { family: 'الحسن', given: 'محمد', script: 'Arab', source: 'spoken' },
      ],
      birth: { kind: 'estimated', years: 16, estimatedOn: '2026-03-01' },
      sex: 'male',
      nationality: 'SY',
      unaccompaniedMinor: true,
    });
    expect(person.legalStatus).toBe('unknown');
    expect(person.identifiers).toEqual([]);
  });

  it.each([
    ['no names', { names: [] }],
    ['an empty name', { names: [{ script: 'Latn', source: 'spoken' }] }],
    ['a lower-case country', { nationality: 'sy' }],
    ['an unknown script', { names: [{ given: 'A', script: 'Klingon', source: 'spoken' }] }],
    ['an age of 300', { birth: { kind: 'estimated', years: 300, estimatedOn: '2026-01-01' } }],
    ['an impossible date', { birth: { kind: 'date', date: '2026-02-30' } }],
  ])('refuses %s', (_label, patch) => {
    const valid = { names: [{ given: 'Amina', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-05-04' }, sex: 'female' };
    expect(PersonSchema.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe('coded entries', () => {
  it.each(['A15.0', 'J45', 'Z20.82', 'B86', 'U07.1'])('accepts the well-formed ICD-10 code %s', (code) => {
    expect(Icd10CodeSchema.safeParse(code).success).toBe(true);
  });
  it.each(['a15', 'A1', '15.0', 'A15.', 'A15.00000'])('refuses the malformed ICD-10 code %s', (code) => {
    expect(Icd10CodeSchema.safeParse(code).success).toBe(false);
  });
  it('accepts LOINC codes with their check digit only', () => {
    expect(LoincCodeSchema.safeParse('718-7').success).toBe(true);
    expect(LoincCodeSchema.safeParse('7187').success).toBe(false);
  });
  it('tells entry kinds apart and validates each', () => {
    expect(EntryBodySchema.safeParse({ kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' }).success).toBe(true);
    expect(EntryBodySchema.safeParse({ kind: 'condition', icd10: 'B86', novelty: 'new' }).success).toBe(false);
    expect(
      EntryBodySchema.safeParse({ kind: 'observation', category: 'vital-signs', code: '8310-5', value: { type: 'quantity', value: 37.2, unit: 'Cel' }, effectiveAt: '2026-01-01T10:00:00Z' }).success,
    ).toBe(true);
  });
});

describe('age', () => {
  it('counts completed years and months across birthdays and leap days', () => {
    expect(yearsBetween('2000-02-29', '2026-02-28')).toBe(25);
    expect(yearsBetween('2000-02-29', '2026-03-01')).toBe(26);
    expect(monthsBetween('2025-01-31', '2025-03-30')).toBe(1);
  });
  it('brings an estimated age forward to the day asked', () => {
    expect(ageOn({ kind: 'estimated', years: 16, estimatedOn: '2024-06-01' }, '2026-06-01')).toEqual({ years: 18, months: 216, estimated: true });
  });
  it('treats a 1 January birthday as the year only, and an estimate as a year-wide range', () => {
    expect(birthRange({ kind: 'date', date: '1995-01-01' })).toEqual({ from: '1995-01-01', to: '1995-12-31' });
    expect(birthRange({ kind: 'date', date: '1995-07-14' })).toEqual({ from: '1995-07-14', to: '1995-07-14' });
    expect(birthRange({ kind: 'estimated', years: 30, estimatedOn: '2026-03-01' })).toEqual({ from: '1995-03-01', to: '1996-03-01' });
  });
});

describe('vital signs', () => {
  const adult = { years: 35, months: 420, estimated: false };
  const toddler = { years: 2, months: 26, estimated: false };

  it('computes BMI to one decimal, and nothing from missing values', async () => {
    const { bmi } = await import('../../src/domain/vitals.ts');
    expect(bmi(70, 175)).toBe(22.9);
    expect(bmi(0, 175)).toBeUndefined();
  });

  it('warns by age: a pulse of 130 is high for an adult and normal for a toddler', async () => {
    const { vitalWarnings } = await import('../../src/domain/vitals.ts');
    expect(vitalWarnings({ pulse: 130 }, adult).map((w) => w.key)).toEqual(['vitals.warning.pulseHigh']);
    expect(vitalWarnings({ pulse: 130 }, toddler)).toEqual([]);
  });

  it('marks low oxygen saturation and high fever as urgent, and adult blood pressure only for adults', async () => {
    const { vitalWarnings } = await import('../../src/domain/vitals.ts');
    expect(vitalWarnings({ spo2: 88, temperature: 39.4 }, adult).map((w) => [w.key, w.severity])).toEqual([
      ['vitals.warning.spo2Low', 'urgent'],
      ['vitals.warning.fever', 'urgent'],
    ]);
    expect(vitalWarnings({ systolic: 150, diastolic: 95 }, adult).map((w) => w.key)).toEqual(['vitals.warning.bloodPressureHigh']);
    expect(vitalWarnings({ systolic: 150 }, toddler)).toEqual([]);
    expect(vitalWarnings({ weight: 40, height: 170 }, adult).map((w) => w.key)).toEqual(['vitals.warning.bmiSeverelyLow']);
  });
});
