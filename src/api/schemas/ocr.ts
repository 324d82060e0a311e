// Schemas of reading lab reports (ocr.*): a stored document read into result rows for review, the
// reading's progress and cancel, and the rows a clinician confirmed saved as lab results.
import { z } from '../zod.ts';
import { GlobalIdSchema, IsoDateSchema } from '../../domain/envelope.ts';
import { LANGUAGE_CODES } from '../../i18n/languages.ts';

const BoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }).strict();
const RangeSchema = z.object({ low: z.number().optional(), high: z.number().optional(), text: z.string().max(100).optional() }).strict();

export const OcrReadInputSchema = z
  .object({
    /** The document entry (a scan or PDF already attached to the record) to read. */
    entryId: GlobalIdSchema,
    /** Languages of the report; the centre's by default. English is always read too. */
    languages: z.array(z.enum(LANGUAGE_CODES)).max(4).optional(),
  })
  .strict();

export const OcrRowSchema = z
  .object({
    analyteText: z.string(),
    loinc: z.string().optional(),
    valueText: z.string(),
    value: z.number().optional(),
    answer: z.string().optional(),
    unitText: z.string().optional(),
    unit: z.string().optional(),
    referenceRange: RangeSchema.optional(),
    interpretation: z.enum(['normal', 'low', 'high', 'abnormal']).optional(),
    confidence: z.number(),
    warnings: z.array(z.string()),
    page: z.number().int(),
    box: BoxSchema.optional(),
  })
  .strict();

export const OcrReadOutputSchema = z
  .object({
    rows: z.array(OcrRowSchema),
    collectedOn: IsoDateSchema.optional(),
    labName: z.string().optional(),
    /** Each page's size in pixels as read (300 dpi for PDFs), for placing row boxes over the image. */
    pages: z.array(z.object({ page: z.number().int(), width: z.number().int(), height: z.number().int() }).strict()),
    languages: z.string(),
  })
  .strict();
export type OcrReadOutput = z.infer<typeof OcrReadOutputSchema>;

export const OcrProgressSchema = z
  .object({ phase: z.enum(['starting', 'reading']), done: z.number().int().min(0), total: z.number().int().min(0) })
  .strict();
export type OcrProgress = z.infer<typeof OcrProgressSchema>;

/** One row the clinician accepted, as corrected. */
export const ConfirmedRowSchema = z
  .object({
    loinc: z.string().min(1).max(16),
    value: z.number().finite().optional(),
    answer: z.string().min(1).max(64).optional(),
    unit: z.string().min(1).max(32).optional(),
    low: z.number().finite().optional(),
    high: z.number().finite().optional(),
  })
  .strict()
  .refine((r) => (r.value !== undefined) !== (r.answer !== undefined), { message: 'A result has a value or an answer', path: ['value'] })
  .refine((r) => r.value === undefined || r.unit !== undefined, { message: 'A value has a unit', path: ['unit'] });
export type ConfirmedRow = z.infer<typeof ConfirmedRowSchema>;

export const OcrConfirmInputSchema = z
  .object({
    /** The source document the rows were read from. */
    documentId: GlobalIdSchema,
    /** The date the sample was taken (the report's, as confirmed). */
    date: IsoDateSchema,
    rows: z.array(ConfirmedRowSchema).min(1).max(200),
  })
  .strict();
export const OcrConfirmOutputSchema = z.object({ episodeId: z.string(), saved: z.number().int() }).strict();
