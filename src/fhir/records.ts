// What the mapping reads and writes on the Carnet side: a person, an episode or an entry, each with
// the envelope that says who wrote which version where. The record layer stores these; FHIR carries them.
import { z } from '../api/zod.ts';
import { EntryBodySchema, EpisodeSchema } from '../domain/entries.ts';
import { EnvelopeSchema, GlobalIdSchema } from '../domain/envelope.ts';
import { PersonSchema } from '../domain/person.ts';

export const PersonRecordSchema = z.object({ envelope: EnvelopeSchema, person: PersonSchema }).strict();
export type PersonRecord = z.infer<typeof PersonRecordSchema>;

export const EpisodeRecordSchema = z.object({ envelope: EnvelopeSchema, personId: GlobalIdSchema, episode: EpisodeSchema }).strict();
export type EpisodeRecord = z.infer<typeof EpisodeRecordSchema>;

export const EntryRecordSchema = z
  .object({
    envelope: EnvelopeSchema,
    personId: GlobalIdSchema,
    /** The episode the entry was written in, where there is one. */
    episodeId: GlobalIdSchema.optional(),
    body: EntryBodySchema,
  })
  .strict();
export type EntryRecord = z.infer<typeof EntryRecordSchema>;

export type EntryKind = EntryRecord['body']['kind'];
/** An entry record whose body is of one kind. */
export type EntryRecordOf<K extends EntryKind> = Omit<EntryRecord, 'body'> & { body: Extract<EntryRecord['body'], { kind: K }> };
