// What the health report counts, as data (resources/reports/condition-groups.json): the condition
// groups with their ICD-10 ranges and screening answers, the mental-health referral, the screening
// tests and their outcomes, the vaccination evidence that counts. This file checks the data when it
// loads and answers, for one entry, which groups, tests or antigens it speaks for. Neutral: no
// Node modules, so the renderer may show the same definitions.
import data from '../../resources/reports/condition-groups.json' with { type: 'json' };
import { z } from '../api/zod.ts';
import type { EntryBody } from '../domain/entries.ts';
import { VACCINE_ANTIGENS } from '../domain/value-sets/vaccines.ts';

const CODE = '[A-Z][0-9][0-9AB](?:\\.[0-9A-Z]{1,4})?';
const RANGE = new RegExp(`^(${CODE})(?:-(${CODE}))?$`);

const ObservationRuleSchema = z
  .object({ code: z.string().min(1).max(64), values: z.array(z.union([z.string().min(1), z.boolean()])).min(1) })
  .strict();

const LabelledSchema = { key: z.string().regex(/^[a-z][A-Za-z0-9]*$/), labelKey: z.string().regex(/^reports\.[A-Za-z.0-9]+$/), label: z.string().min(1).max(200) };

const GroupSchema = z
  .object({
    id: z.number().int().min(1).max(49),
    ...LabelledSchema,
    category: z.string(),
    icd10: z.object({ include: z.array(z.string().regex(RANGE)), exclude: z.array(z.string().regex(RANGE)) }).strict(),
    observations: z.array(ObservationRuleSchema),
  })
  .strict();

const ScreeningObservationSchema = z
  .object({
    code: z.string().min(1).max(64),
    positive: z.array(z.string()).optional(),
    negative: z.array(z.string()).optional(),
    indeterminate: z.array(z.string()).optional(),
    /** A quantity at or above this is positive, below it negative (TST induration in mm). */
    positiveAtLeast: z.number().optional(),
  })
  .strict();

const DefinitionsSchema = z
  .object({
    $comment: z.string().optional(),
    version: z.literal(1),
    countedCertainty: z.array(z.enum(['confirmed', 'provisional', 'differential', 'refuted'])).min(1),
    categories: z.array(z.object({ key: LabelledSchema.key, labelKey: LabelledSchema.labelKey, label: LabelledSchema.label }).strict()).min(1),
    groups: z.array(GroupSchema).min(1),
    mentalHealthReferral: z
      .object({
        id: z.number().int().min(50).max(99),
        labelKey: LabelledSchema.labelKey,
        label: LabelledSchema.label,
        $comment: z.string().optional(),
        referralWords: z.array(z.string().min(2)).min(1),
        observations: z.array(ObservationRuleSchema),
      })
      .strict(),
    screening: z
      .object({
        $comment: z.string().optional(),
        // Two bits per test in one integer of the projection.
        tests: z.array(z.object({ ...LabelledSchema, observations: z.array(ScreeningObservationSchema).min(1) }).strict()).min(1).max(15),
      })
      .strict(),
    vaccination: z.object({ $comment: z.string().optional(), evidence: z.array(z.enum(['documented', 'reported', 'given', 'unknown'])).min(1) }).strict(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const unique = (values: (string | number)[], what: string) => {
      if (new Set(values).size !== values.length) ctx.addIssue({ code: 'custom', message: `duplicate ${what}` });
    };
    unique(d.groups.map((g) => g.id), 'group id');
    unique(d.groups.map((g) => g.key), 'group key');
    unique(d.categories.map((c) => c.key), 'category key');
    unique(d.screening.tests.map((t) => t.key), 'screening test key');
    const categories = new Set(d.categories.map((c) => c.key));
    for (const g of d.groups) if (!categories.has(g.category)) ctx.addIssue({ code: 'custom', message: `group ${g.key}: unknown category ${g.category}` });
  });

/** The definitions, checked: a mistake in the data file stops the app at start, not in a report. */
export const DEFINITIONS = DefinitionsSchema.parse(data);

// Antigens are bits of one integer in the projection (JavaScript's bit operators stop at 31 bits).
if (VACCINE_ANTIGENS.length > 30) throw new Error('reports: more than 30 antigens do not fit the vaccination bits');

export interface ConditionCategory {
  key: string;
  labelKey: string;
  label: string;
}

export interface ConditionGroup {
  /** Stored in the projection. */
  id: number;
  key: string;
  category: string;
  labelKey: string;
  label: string;
}

export interface ScreeningTest {
  key: string;
  labelKey: string;
  label: string;
}

export const CONDITION_CATEGORIES: readonly ConditionCategory[] = DEFINITIONS.categories;
export const CONDITION_GROUPS: readonly ConditionGroup[] = DEFINITIONS.groups.map(({ id, key, category, labelKey, label }) => ({ id, key, category, labelKey, label }));
export const MENTAL_HEALTH_REFERRAL = { id: DEFINITIONS.mentalHealthReferral.id, key: 'mentalHealthReferral', labelKey: DEFINITIONS.mentalHealthReferral.labelKey, label: DEFINITIONS.mentalHealthReferral.label };
export const SCREENING_TESTS: readonly ScreeningTest[] = DEFINITIONS.screening.tests.map(({ key, labelKey, label }) => ({ key, labelKey, label }));
export const PREGNANCY_GROUP = CONDITION_GROUPS.find((g) => g.key === 'pregnancy') as ConditionGroup;
if (!PREGNANCY_GROUP) throw new Error('reports: the pregnancy group is missing');

/** Screening outcomes, ordered so that the strongest result is the largest. */
export const OUTCOME = { notDone: 0, indeterminate: 1, negative: 2, positive: 3 } as const;
export type Outcome = (typeof OUTCOME)[keyof typeof OUTCOME];

// ---------------------------------------------------------------------------------------------
// ICD-10 ranges

interface Range {
  from: string;
  to: string;
}

export function parseRange(text: string): Range {
  const m = RANGE.exec(text);
  if (!m) throw new Error(`not an ICD-10 range: ${text}`);
  return { from: m[1] as string, to: m[2] ?? (m[1] as string) };
}

/** Whether a code lies in a range, subcodes included: J22.9 is in J00-J22, A36.3 in A36. */
export function inRange(code: string, range: Range): boolean {
  return code >= range.from && code.slice(0, range.to.length) <= range.to;
}

const GROUP_RANGES = DEFINITIONS.groups.map((g) => ({ id: g.id, include: g.icd10.include.map(parseRange), exclude: g.icd10.exclude.map(parseRange) }));
const BY_CODE = new Map<string, number | null>();

/** The id of the group an ICD-10 code belongs to, or null (dental, nutrition, symptoms...). */
export function conditionGroupOf(icd10: string): number | null {
  let id = BY_CODE.get(icd10);
  if (id === undefined) {
    const group = GROUP_RANGES.find((g) => g.include.some((r) => inRange(icd10, r)) && !g.exclude.some((r) => inRange(icd10, r)));
    id = group?.id ?? null;
    if (BY_CODE.size < 50_000) BY_CODE.set(icd10, id);
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Entries

type Observation = Extract<EntryBody, { kind: 'observation' }>;
type Rule = z.infer<typeof ObservationRuleSchema>;

function observedValue(o: Observation): string | boolean | number | undefined {
  switch (o.value.type) {
    case 'coded':
      return o.value.code;
    case 'boolean':
      return o.value.value;
    case 'quantity':
      return o.value.value;
    default:
      return undefined;
  }
}

function matches(rules: readonly Rule[], o: Observation): boolean {
  const value = observedValue(o);
  return value !== undefined && rules.some((r) => r.code === o.code && r.values.includes(value as string | boolean));
}

const GROUP_RULES = DEFINITIONS.groups.filter((g) => g.observations.length > 0).map((g) => ({ id: g.id, rules: g.observations }));

/** Every observation code the report reads: anything else is skipped before its JSON is parsed. */
export const OBSERVATION_CODES: ReadonlySet<string> = new Set([
  ...DEFINITIONS.groups.flatMap((g) => g.observations.map((o) => o.code)),
  ...DEFINITIONS.mentalHealthReferral.observations.map((o) => o.code),
  ...DEFINITIONS.screening.tests.flatMap((t) => t.observations.map((o) => o.code)),
]);

const COUNTED_CERTAINTY = new Set<string>(DEFINITIONS.countedCertainty);
const VACCINATION_EVIDENCE = new Set<string>(DEFINITIONS.vaccination.evidence);
const REFERRAL_WORDS = DEFINITIONS.mentalHealthReferral.referralWords.map((w) => w.toLocaleLowerCase());
const ANTIGEN_BITS = new Map(VACCINE_ANTIGENS.map((a, i) => [a, i]));

/** The condition groups and other measures (mental-health referral) an entry speaks for. */
export function measuresOf(body: EntryBody): number[] {
  switch (body.kind) {
    case 'condition': {
      if (!COUNTED_CERTAINTY.has(body.certainty)) return [];
      const id = conditionGroupOf(body.icd10);
      return id === null ? [] : [id];
    }
    case 'observation': {
      const ids = GROUP_RULES.filter((g) => matches(g.rules, body)).map((g) => g.id);
      if (matches(DEFINITIONS.mentalHealthReferral.observations, body)) ids.push(MENTAL_HEALTH_REFERRAL.id);
      return ids;
    }
    case 'referral': {
      const text = `${body.specialty ?? ''} ${body.to}`.toLocaleLowerCase();
      return REFERRAL_WORDS.some((w) => text.includes(w)) ? [MENTAL_HEALTH_REFERRAL.id] : [];
    }
    default:
      return [];
  }
}

/** The antigen's bit when the entry is a dose that counts (documented or given), else -1. */
export function vaccinationBit(body: EntryBody): number {
  if (body.kind !== 'immunization' || !VACCINATION_EVIDENCE.has(body.evidence)) return -1;
  return ANTIGEN_BITS.get(body.antigen) ?? -1;
}

function outcomeOf(rule: z.infer<typeof ScreeningObservationSchema>, o: Observation): Outcome {
  const value = observedValue(o);
  if (rule.positiveAtLeast !== undefined) return typeof value === 'number' ? (value >= rule.positiveAtLeast ? OUTCOME.positive : OUTCOME.negative) : OUTCOME.notDone;
  if (typeof value !== 'string') return OUTCOME.notDone;
  if ((rule.positive ?? ['positive']).includes(value)) return OUTCOME.positive;
  if ((rule.negative ?? ['negative']).includes(value)) return OUTCOME.negative;
  if ((rule.indeterminate ?? ['indeterminate']).includes(value)) return OUTCOME.indeterminate;
  return OUTCOME.notDone;
}

/** The screening tests an observation is a result of, with the outcome: [test index, outcome]. */
export function screeningResults(body: EntryBody): [number, Outcome][] {
  if (body.kind !== 'observation') return [];
  const out: [number, Outcome][] = [];
  DEFINITIONS.screening.tests.forEach((test, index) => {
    for (const rule of test.observations) {
      if (rule.code !== body.code) continue;
      const outcome = outcomeOf(rule, body);
      if (outcome !== OUTCOME.notDone) out.push([index, outcome]);
    }
  });
  return out;
}
