// The assessment form's values, their validation, and how they become an episode and its entries.
// Pure functions: tested without a screen.
import { z } from '../../../src/api/zod.ts';
import { CONSENT_PURPOSES, CvxCodeSchema, Icd10CodeSchema, LoincCodeSchema, type EntryBody, type Episode } from '../../../src/domain/entries.ts';
import { IsoDateSchema } from '../../../src/domain/envelope.ts';
import { loincAnswers } from '../../../src/domain/value-sets/loinc.ts';
import type { EpisodeType } from '../chart/chart.component.tsx';
import { ALL_FIELDS } from './assessment-sections.ts';

const optionalText = z.string().trim().max(4000);
const optionalShort = z.string().trim().max(200);
function blankToUndefined<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' || v === null || (typeof v === 'number' && Number.isNaN(v)) ? undefined : v), schema.optional());
}

/** Whether a coded result is one of the test's answers (or a generic qualitative one for tests outside the value set). */
function isAnswerOf(loinc: string, value: string): boolean {
  const answers = loincAnswers(loinc);
  return answers.length > 0 ? answers.some((a) => a.code === value) : ['positive', 'negative', 'indeterminate'].includes(value);
}

const LabRow = z
  .object({
    loinc: LoincCodeSchema,
    value: z.string().trim().min(1).max(32),
    unit: z.string().trim().max(32),
    interpretation: z.enum(['', 'normal', 'low', 'high', 'abnormal', 'critical']),
  })
  .superRefine((row, ctx) => {
    const numeric = parseDecimal(row.value);
    if (numeric === undefined && !isAnswerOf(row.loinc, row.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], params: { i18n: 'assessment.labValueInvalid' } });
    }
    if (numeric !== undefined && !row.unit) ctx.addIssue({ code: 'custom', path: ['unit'], params: { i18n: 'field.required' } });
  });

export const AssessmentFormSchema = z
  .object({
    date: IsoDateSchema,
    language: z.string().max(35),
    mediatorPresent: z.boolean(),
    consent: z.object(Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, z.enum(['', 'given', 'refused'])])) as Record<(typeof CONSENT_PURPOSES)[number], z.ZodEnum<{ '': ''; given: 'given'; refused: 'refused' }>>),
    complaints: optionalText,
    obs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.undefined(), z.null()])),
    knownConditions: z.array(z.object({ icd10: Icd10CodeSchema, certainty: z.enum(['confirmed', 'provisional']) })).max(50),
    allergiesNone: z.boolean(),
    allergies: z
      .array(z.object({ substance: z.string().trim().min(1).max(200), category: z.enum(['', 'medication', 'food', 'environment', 'biologic']), reaction: optionalShort }))
      .max(30),
    currentMedications: z.array(z.object({ name: z.string().trim().min(1).max(200), dose: optionalShort })).max(50),
    vaccinations: z
      .array(
        z.object({
          antigen: z.string().trim().min(1).max(32),
          cvx: blankToUndefined(CvxCodeSchema),
          date: blankToUndefined(IsoDateSchema),
          dose: blankToUndefined(z.number().int().min(1).max(10)),
          evidence: z.enum(['documented', 'reported', 'given', 'unknown']),
          lot: z.string().trim().max(64),
        }),
      )
      .max(60),
    labs: z.array(LabRow).max(100),
    diagnoses: z
      .array(z.object({ icd10: Icd10CodeSchema, novelty: z.enum(['new', 'known']), certainty: z.enum(['confirmed', 'provisional', 'differential']), note: optionalShort }))
      .max(50),
    treatments: z.array(z.object({ name: z.string().trim().min(1).max(200), dose: optionalShort, status: z.enum(['given', 'prescribed']) })).max(50),
    counselling: optionalText,
    referrals: z
      .array(
        z.object({ to: z.string().trim().min(1).max(200), specialty: optionalShort, urgency: z.enum(['routine', 'urgent', 'emergency']), reason: z.string().trim().min(1).max(4000) }),
      )
      .max(20),
    nextVisit: blankToUndefined(IsoDateSchema),
  })
  .superRefine((v, ctx) => {
    for (const field of ALL_FIELDS) {
      const value = v.obs[field.name];
      if (field.type === 'number' && typeof value === 'number' && (value < field.min || value > field.max)) {
        ctx.addIssue({ code: 'custom', path: ['obs', field.name], params: { i18n: 'assessment.outOfRange' } });
      }
      if (field.type === 'date' && typeof value === 'string' && value !== '' && !IsoDateSchema.safeParse(value).success) {
        ctx.addIssue({ code: 'custom', path: ['obs', field.name], params: { i18n: 'field.format' } });
      }
    }
  });

export type AssessmentValues = z.input<typeof AssessmentFormSchema>;

export function emptyAssessment(date: string, language: string): AssessmentValues {
  return {
    date,
    language,
    mediatorPresent: false,
    consent: Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, ''])) as AssessmentValues['consent'],
    complaints: '',
    obs: {},
    knownConditions: [],
    allergiesNone: false,
    allergies: [],
    currentMedications: [],
    vaccinations: [],
    labs: [],
    diagnoses: [],
    treatments: [],
    counselling: '',
    referrals: [],
    nextVisit: '',
  };
}

/** "36,6" and "36.6" are both 36.6: staff type decimal commas. */
export function parseDecimal(text: string): number | undefined {
  const normalised = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return undefined;
  return Number(normalised);
}

/**
 * The form as one episode and its entries. `lang` is the language free text was written in; `at` the
 * time of the measurements. Unanswered questions produce nothing.
 */
export function toEpisodeAndEntries(
  v: z.output<typeof AssessmentFormSchema>,
  type: EpisodeType,
  options: { lang: string; at: string },
): { episode: Episode; entries: EntryBody[] } {
  const free = (text: string) => ({ text, lang: options.lang });
  const entries: EntryBody[] = [];
  for (const field of ALL_FIELDS) {
    const raw = v.obs[field.name];
    if (raw === undefined || raw === null || raw === '') continue;
    const base = { kind: 'observation' as const, category: field.category, code: field.code, effectiveAt: options.at };
    switch (field.type) {
      case 'number':
        if (typeof raw === 'number' && Number.isFinite(raw)) entries.push({ ...base, value: { type: 'quantity', value: raw, unit: field.unit } });
        break;
      case 'yesno':
        if (raw === 'yes' || raw === 'no') entries.push({ ...base, value: { type: 'boolean', value: raw === 'yes' } });
        break;
      case 'choice':
        entries.push({ ...base, value: { type: 'coded', code: String(raw) } });
        break;
      case 'date':
        entries.push({ ...base, value: { type: 'date', date: String(raw) } });
        break;
      case 'text':
        entries.push({ ...base, value: { type: 'text', text: free(String(raw)) } });
        break;
    }
  }
  for (const c of v.knownConditions) entries.push({ kind: 'condition', icd10: c.icd10, novelty: 'known', certainty: c.certainty });
  if (v.allergiesNone && v.allergies.length === 0) entries.push({ kind: 'allergy', assertion: 'none-known' });
  for (const a of v.allergies) {
    entries.push({
      kind: 'allergy',
      assertion: 'present',
      substance: a.substance,
      ...(a.category && { category: a.category }),
      ...(a.reaction && { reaction: free(a.reaction) }),
    });
  }
  for (const m of v.currentMedications) entries.push({ kind: 'medication', name: m.name, ...(m.dose && { dose: m.dose }), status: 'current' });
  for (const x of v.vaccinations) {
    entries.push({
      kind: 'immunization',
      antigen: x.antigen,
      ...(x.cvx && { cvx: x.cvx }),
      ...(x.date && { date: x.date }),
      ...(x.dose !== undefined && { dose: x.dose }),
      ...(x.lot && { lot: x.lot }),
      evidence: x.evidence,
    });
  }
  for (const l of v.labs) {
    const numeric = parseDecimal(l.value);
    entries.push({
      kind: 'observation',
      category: 'laboratory',
      code: l.loinc,
      value: numeric !== undefined ? { type: 'quantity', value: numeric, unit: l.unit } : { type: 'coded', code: l.value },
      ...(l.interpretation && { interpretation: l.interpretation }),
      effectiveAt: options.at,
    });
  }
  for (const d of v.diagnoses) entries.push({ kind: 'condition', icd10: d.icd10, novelty: d.novelty, certainty: d.certainty, ...(d.note && { note: free(d.note) }) });
  for (const m of v.treatments) entries.push({ kind: 'medication', name: m.name, ...(m.dose && { dose: m.dose }), status: m.status });
  for (const r of v.referrals) {
    entries.push({ kind: 'referral', to: r.to, ...(r.specialty && { specialty: r.specialty }), urgency: r.urgency, reason: free(r.reason) });
  }
  for (const purpose of CONSENT_PURPOSES) {
    const decision = v.consent[purpose];
    if (decision) entries.push({ kind: 'consent', purpose, decision, date: v.date, interpreterPresent: v.mediatorPresent });
  }
  const episode: Episode = {
    type,
    date: v.date,
    ...(v.language && { language: v.language }),
    mediatorPresent: v.mediatorPresent,
    ...(v.complaints && { complaints: free(v.complaints) }),
    ...(v.counselling && { counselling: free(v.counselling) }),
    ...(v.nextVisit && { nextVisit: v.nextVisit }),
  };
  return { episode, entries };
}
