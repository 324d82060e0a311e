// What every clinical entry carries, whatever it records: a global id that stays the same at every
// centre, who wrote it where and when, its version, and whether it still stands. Nothing clinical is
// deleted: an entry is voided with a reason, or superseded by a new version under the same id.
import { v7 as uuidv7 } from 'uuid';
import { z } from '../api/zod.ts';

export const GlobalIdSchema = z.uuid({ version: 'v7' });
export type GlobalId = z.infer<typeof GlobalIdSchema>;

/** A new global id: UUID v7, so ids sort by creation time and index well. */
export function newGlobalId(): GlobalId {
  return uuidv7();
}

export const IsoDateSchema = z.iso.date();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

export const EntryStatusSchema = z.enum(['active', 'voided']);

export const EnvelopeSchema = z
  .object({
    id: GlobalIdSchema,
    /** The centre (site id) and user that wrote this version. */
    siteId: z.string().min(1).max(64),
    authorId: z.string().min(1).max(64),
    createdAt: IsoDateTimeSchema,
    updatedAt: IsoDateTimeSchema,
    version: z.number().int().min(1),
    status: EntryStatusSchema,
    voidReason: z.string().trim().min(3).max(500).optional(),
  })
  .strict()
  .refine((e) => (e.status === 'voided') === (e.voidReason !== undefined), {
    message: 'A voided entry needs a reason, and only a voided entry has one',
    path: ['voidReason'],
  });
export type Envelope = z.infer<typeof EnvelopeSchema>;
