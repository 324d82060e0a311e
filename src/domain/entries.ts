// The entries of an episode: what the health assessment and every follow-up record. Coded values
// (LOINC, UCUM, CVX, ICD-10) are what make a record readable in every language; free text stays in
// the language it was written in, and says which.
import { z } from '../api/zod.ts';
import { IsoDateSchema, IsoDateTimeSchema } from './envelope.ts';

/** Any well-formed ICD-10 code (the curated list is only for picking): A00, J45.9, Z20.82, U07.1. */
export const Icd10CodeSchema = z.string().regex(/^[A-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$/);
/** LOINC code with its check digit: 8302-2, 718-7. */
export const LoincCodeSchema = z.string().regex(/^\d{1,7}-\d$/);
export const CvxCodeSchema = z.string().regex(/^\d{1,3}$/);

export const FreeTextSchema = z
  .object({
    text: z.string().trim().min(1).max(4000),
    /** BCP 47 language the text was written in. */
    lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/),
  })
  .strict();

const ReferenceRangeSchema = z
  .object({ low: z.number().optional(), high: z.number().optional(), text: z.string().max(100).optional() })
  .strict();

export const ObservationSchema = z
  .object({
    kind: z.literal('observation'),
    category: z.enum(['vital-signs', 'exam', 'screening', 'laboratory', 'social-history']),
    /** LOINC for vitals and labs; the project's own codes (e.g. exam.skin) for findings and screening. */
    code: z.string().min(1).max(64),
    value: z.discriminatedUnion('type', [
      z.object({ type: z.literal('quantity'), value: z.number(), unit: z.string().min(1).max(32) }).strict(),
      z.object({ type: z.literal('coded'), code: z.string().min(1).max(64) }).strict(),
      z.object({ type: z.literal('boolean'), value: z.boolean() }).strict(),
      z.object({ type: z.literal('text'), text: FreeTextSchema }).strict(),
      z.object({ type: z.literal('date'), date: IsoDateSchema }).strict(),
    ]),
    /** For body-system findings: which system (skin, eyes, ENT, teeth, lymph, heart, lungs, ...). */
    bodySite: z.string().max(32).optional(),
    referenceRange: ReferenceRangeSchema.optional(),
    interpretation: z.enum(['normal', 'low', 'high', 'abnormal', 'critical']).optional(),
    effectiveAt: IsoDateTimeSchema,
    /** The source document a lab result was read from (OCR). */
    documentId: z.string().max(64).optional(),
    note: FreeTextSchema.optional(),
  })
  .strict();

export const ImmunizationSchema = z
  .object({
    kind: z.literal('immunization'),
    /** The antigen of European schedules (measles, polio, ...), and the CVX product where known. */
    antigen: z.string().min(1).max(32),
    cvx: CvxCodeSchema.optional(),
    product: z.string().max(200).optional(),
    lot: z.string().max(64).optional(),
    dose: z.number().int().min(1).max(10).optional(),
    date: IsoDateSchema.optional(),
    /** documented: seen on a card; reported: the person says so; given: given here today. */
    evidence: z.enum(['documented', 'reported', 'given', 'unknown']),
    site: z.string().max(32).optional(),
  })
  .strict();

export const ConditionSchema = z
  .object({
    kind: z.literal('condition'),
    icd10: Icd10CodeSchema,
    novelty: z.enum(['new', 'known']),
    certainty: z.enum(['confirmed', 'provisional', 'differential', 'refuted']),
    onset: IsoDateSchema.optional(),
    note: FreeTextSchema.optional(),
  })
  .strict();

export const MedicationSchema = z
  .object({
    kind: z.literal('medication'),
    name: z.string().trim().min(1).max(200),
    dose: z.string().max(100).optional(),
    status: z.enum(['current', 'given', 'prescribed', 'stopped']),
    start: IsoDateSchema.optional(),
    end: IsoDateSchema.optional(),
  })
  .strict();

export const ReferralSchema = z
  .object({
    kind: z.literal('referral'),
    to: z.string().trim().min(1).max(200),
    specialty: z.string().max(64).optional(),
    urgency: z.enum(['routine', 'urgent', 'emergency']),
    reason: FreeTextSchema,
    outcome: FreeTextSchema.optional(),
  })
  .strict();

/** An allergy or intolerance, or the explicit statement that none is known (IPS needs one or the other). */
export const AllergySchema = z
  .object({
    kind: z.literal('allergy'),
    assertion: z.enum(['present', 'none-known']),
    substance: z.string().trim().min(1).max(200).optional(),
    category: z.enum(['medication', 'food', 'environment', 'biologic']).optional(),
    criticality: z.enum(['low', 'high', 'unable-to-assess']).optional(),
    reaction: FreeTextSchema.optional(),
  })
  .strict()
  .refine((a) => (a.assertion === 'present') === (a.substance !== undefined), {
    message: 'An allergy names its substance; "none known" names none',
    path: ['substance'],
  });

export const CONSENT_PURPOSES = ['assessment', 'sharing-with-centres', 'booklet-problems', 'research-aggregates'] as const;

export const ConsentSchema = z
  .object({
    kind: z.literal('consent'),
    purpose: z.enum(CONSENT_PURPOSES),
    decision: z.enum(['given', 'refused', 'withdrawn']),
    date: IsoDateSchema,
    interpreterPresent: z.boolean().default(false),
  })
  .strict();

export const DocumentSchema = z
  .object({
    kind: z.literal('document'),
    title: z.string().trim().min(1).max(200),
    mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']),
    bytes: z.number().int().min(1).max(50 * 1024 * 1024),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export const EntryBodySchema = z.discriminatedUnion('kind', [
  ObservationSchema,
  ImmunizationSchema,
  ConditionSchema,
  MedicationSchema,
  ReferralSchema,
  ConsentSchema,
  DocumentSchema,
  AllergySchema,
]);
export type EntryBody = z.infer<typeof EntryBodySchema>;

export const EpisodeTypeSchema = z.enum(['initial-assessment', 'follow-up', 'lab-only']);

export const EpisodeSchema = z
  .object({
    type: EpisodeTypeSchema,
    date: IsoDateSchema,
    /** Language of the consultation, and whether a mediator or interpreter was there. */
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
    mediatorPresent: z.boolean().default(false),
    complaints: FreeTextSchema.optional(),
    /** Health education and counselling given (section 12). */
    counselling: FreeTextSchema.optional(),
    /** The next appointment agreed (section 14). */
    nextVisit: IsoDateSchema.optional(),
  })
  .strict();
export type Episode = z.infer<typeof EpisodeSchema>;
