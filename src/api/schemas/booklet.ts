// Schemas of the paper booklet: printing one (booklet.print), a relocation group's booklets in one file
// (booklet.batch, with booklet:progress and booklet.cancel), the print dialog of the desktop app
// (booklet.printWindow), and reading a booklet's signed QR code back (readQr, verifyQr, importQr).
import { z } from '../zod.ts';
import { GlobalIdSchema, IsoDateSchema } from '../../domain/envelope.ts';
import { LANGUAGE_CODES } from '../../i18n/languages.ts';
import { PersonSummarySchema } from './record.ts';
import { ExportSelectionSchema } from './transfer.ts';

const LanguageCodeSchema = z.enum(LANGUAGE_CODES);
export const BookletLayoutSchema = z.enum(['a5', 'a4']);

export const BookletPrintInputSchema = z
  .object({ personId: GlobalIdSchema, language: LanguageCodeSchema.optional(), layout: BookletLayoutSchema.default('a5') })
  .strict();
export const BookletFileSchema = z.object({ name: z.string(), data: z.string(), languages: z.tuple([LanguageCodeSchema, LanguageCodeSchema]) }).strict();

/** The largest relocation group printed into one file. */
export const BATCH_MAX_PERSONS = 1000;

export const BookletBatchInputSchema = z
  .object({
    selection: ExportSelectionSchema,
    layout: BookletLayoutSchema.default('a4'),
    /** One second language for everyone; by default each person's own. */
    language: LanguageCodeSchema.optional(),
    path: z.string().min(1).max(4096),
  })
  .strict();
export const BookletBatchOutputSchema = z
  .object({ path: z.string(), persons: z.number().int(), pages: z.number().int(), bytes: z.number().int() })
  .strict();
export type BookletBatchOutput = z.infer<typeof BookletBatchOutputSchema>;

export const BookletProgressSchema = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).strict();
export type BookletProgress = z.infer<typeof BookletProgressSchema>;

/** The desktop's print dialog for what the window shows, with a booklet's defaults. */
export const PrintWindowInputSchema = z.object({ pageSize: z.enum(['A5', 'A4']), duplex: z.enum(['longEdge', 'shortEdge']) }).strict();
export const PrintWindowOutputSchema = z.object({ handled: z.boolean() }).strict();

/** ~25 MB of image, base64. */
export const ReadQrInputSchema = z.object({ image: z.string().min(1).max(34_000_000) }).strict();
export const ReadQrOutputSchema = z.object({ texts: z.array(z.string()) }).strict();

const QrTextSchema = z.string().trim().min(1).max(4096);

export const BookletSummarySchema = z
  .object({
    recordId: z.string(),
    siteId: z.string(),
    name: z.string(),
    birth: z.union([z.object({ date: z.string() }).strict(), z.object({ years: z.number(), estimatedOn: z.string() }).strict()]),
    allergies: z.array(z.string()),
    noKnownAllergies: z.boolean(),
    immunizations: z.array(z.object({ antigen: z.string(), date: IsoDateSchema.optional() }).strict()),
    problems: z.array(z.string()).optional(),
    issuedOn: z.string(),
  })
  .strict();

export const QrRejectionSchema = z.enum(['unknown-site', 'revoked', 'expired', 'tampered', 'malformed']);

export const VerifyQrInputSchema = z.object({ text: QrTextSchema }).strict();
export const VerifyQrOutputSchema = z.discriminatedUnion('status', [
  z
    .object({
      status: z.literal('trusted'),
      summary: BookletSummarySchema,
      site: z.object({ siteId: z.string(), name: z.string(), country: z.string() }).strict(),
      /** Persons here who may be the same: the same record (received by transfer) first, then likely duplicates. */
      candidates: z.array(z.object({ person: PersonSummarySchema, sameRecord: z.boolean() }).strict()),
    })
    .strict(),
  z.object({ status: z.literal('untrusted'), reason: QrRejectionSchema }).strict(),
]);
export type VerifyQrOutput = z.infer<typeof VerifyQrOutputSchema>;

export const ImportQrInputSchema = z.object({ text: QrTextSchema, personId: GlobalIdSchema }).strict();
export const ImportQrOutputSchema = z
  .object({
    /** The visit the summary was written into; null when the record already held all of it. */
    episodeId: z.string().nullable(),
    added: z.object({ allergies: z.number().int(), immunizations: z.number().int(), problems: z.number().int() }).strict(),
    alreadyKnown: z.number().int(),
  })
  .strict();
export type ImportQrOutput = z.infer<typeof ImportQrOutputSchema>;
