// Schemas of the health record's methods: persons, episodes, entries, search, duplicates, drafts.
import { z } from '../zod.ts';
import { EntryBodySchema, EpisodeSchema } from '../../domain/entries.ts';
import { DOCUMENT_MEDIA_TYPES } from '../../domain/documents.ts';
import { GlobalIdSchema, IsoDateSchema } from '../../domain/envelope.ts';
import { LegalStatusSchema, PersonSchema, RELATIONS, SexSchema } from '../../domain/person.ts';

const Stamp = {
  id: GlobalIdSchema,
  siteId: z.string(),
  version: z.number().int().min(1),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  /** Who wrote this version. */
  updatedBy: z.string(),
  voidReason: z.string().optional(),
};

export const PersonRecordSchema = z
  .object({
    ...Stamp,
    recordNumber: z.string(),
    status: z.enum(['active', 'voided', 'merged']),
    mergedInto: GlobalIdSchema.optional(),
    person: PersonSchema,
  })
  .strict();
export type PersonRecord = z.infer<typeof PersonRecordSchema>;

export const EpisodeRecordSchema = z
  .object({ ...Stamp, personId: GlobalIdSchema, status: z.enum(['active', 'voided']), episode: EpisodeSchema })
  .strict();
export type EpisodeRecord = z.infer<typeof EpisodeRecordSchema>;

export const EntryRecordSchema = z
  .object({
    ...Stamp,
    personId: GlobalIdSchema,
    episodeId: GlobalIdSchema,
    status: z.enum(['active', 'voided']),
    body: EntryBodySchema,
  })
  .strict();
export type EntryRecord = z.infer<typeof EntryRecordSchema>;

export const VoidReasonSchema = z.string().trim().min(3).max(500);

export const PersonIdInputSchema = z.object({ personId: GlobalIdSchema }).strict();

export const RegisterInputSchema = z.object({ person: PersonSchema }).strict();
export const UpdatePersonInputSchema = z
  .object({ personId: GlobalIdSchema, baseVersion: z.number().int().min(1), person: PersonSchema })
  .strict();
export const VoidPersonInputSchema = z.object({ personId: GlobalIdSchema, reason: VoidReasonSchema }).strict();

/** An episode with its first entries, written in one transaction: nothing half-saved. */
export const CreateEpisodeInputSchema = z
  .object({ personId: GlobalIdSchema, episode: EpisodeSchema, entries: z.array(EntryBodySchema).max(500).default([]) })
  .strict();
export const UpdateEpisodeInputSchema = z
  .object({ episodeId: GlobalIdSchema, baseVersion: z.number().int().min(1), episode: EpisodeSchema })
  .strict();
export const VoidEpisodeInputSchema = z.object({ episodeId: GlobalIdSchema, reason: VoidReasonSchema }).strict();

export const AddEntriesInputSchema = z
  .object({ episodeId: GlobalIdSchema, entries: z.array(EntryBodySchema).min(1).max(500) })
  .strict();
export const UpdateEntryInputSchema = z
  .object({ entryId: GlobalIdSchema, baseVersion: z.number().int().min(1), body: EntryBodySchema })
  .strict();
export const VoidEntryInputSchema = z.object({ entryId: GlobalIdSchema, reason: VoidReasonSchema }).strict();

export const HistoryInputSchema = z
  .object({ type: z.enum(['person', 'episode', 'entry']), id: GlobalIdSchema })
  .strict();
export const VersionSchema = z
  .object({
    version: z.number().int(),
    status: z.string(),
    voidReason: z.string().optional(),
    at: z.string(),
    by: z.string(),
    byName: z.string().nullable(),
    data: z.unknown(),
  })
  .strict();
export const HistoryOutputSchema = z.object({ versions: z.array(VersionSchema) }).strict();

export const SearchInputSchema = z
  .object({
    /** Any name in any script, or an identifier, or a record number. */
    text: z.string().trim().max(200).default(''),
    sex: SexSchema.optional(),
    nationality: z.string().regex(/^[A-Z]{2}$/).optional(),
    legalStatus: LegalStatusSchema.optional(),
    /** Born on or after / before (estimated ages count as their whole possible range). */
    bornFrom: IsoDateSchema.optional(),
    bornTo: IsoDateSchema.optional(),
    ageFrom: z.number().int().min(0).max(120).optional(),
    ageTo: z.number().int().min(0).max(120).optional(),
    arrivedFrom: IsoDateSchema.optional(),
    arrivedTo: IsoDateSchema.optional(),
    centre: z.string().max(64).optional(),
    phone: z.string().max(30).optional(),
    limit: z.number().int().min(1).max(100).default(25),
    offset: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();

export const PersonSummarySchema = z
  .object({
    id: GlobalIdSchema,
    recordNumber: z.string(),
    names: PersonSchema.shape.names,
    sex: SexSchema,
    birth: PersonSchema.shape.birth,
    nationality: z.string().optional(),
    arrivalDate: z.string().optional(),
    legalStatus: LegalStatusSchema,
    siteId: z.string(),
    score: z.number(),
  })
  .strict();
export type PersonSummary = z.infer<typeof PersonSummarySchema>;

export const ChartSchema = z
  .object({
    person: PersonRecordSchema,
    /** Persons merged into this one: their episodes are shown here too. */
    merged: z.array(PersonRecordSchema),
    episodes: z.array(EpisodeRecordSchema),
    entries: z.array(EntryRecordSchema),
    /** The persons the family links name, where they are in this store (active or merged into another). */
    relatives: z.array(PersonSummarySchema),
  })
  .strict();
export type Chart = z.infer<typeof ChartSchema>;

/** A family tie between two registered persons: written on both, in one transaction. */
export const LinkInputSchema = z.object({ personId: GlobalIdSchema, otherId: GlobalIdSchema, relation: z.enum(RELATIONS) }).strict();
export const UnlinkInputSchema = z.object({ personId: GlobalIdSchema, otherId: GlobalIdSchema }).strict();

export const RecordStatsSchema = z.object({ persons: z.number().int(), episodes: z.number().int() }).strict();

export const SearchOutputSchema = z
  .object({ results: z.array(PersonSummarySchema), total: z.number().int(), more: z.boolean() })
  .strict();

export const DuplicateCheckInputSchema = z.object({ person: PersonSchema, excludeId: GlobalIdSchema.optional() }).strict();
export const DuplicateCandidateSchema = z
  .object({
    person: PersonSummarySchema,
    score: z.number(),
    /** Which fields agree: names, birth, sex, nationality, identifier. */
    reasons: z.array(z.string()),
  })
  .strict();
export const DuplicateCheckOutputSchema = z.object({ candidates: z.array(DuplicateCandidateSchema) }).strict();

export const DuplicateListOutputSchema = z
  .object({ pairs: z.array(z.object({ a: PersonSummarySchema, b: PersonSummarySchema, score: z.number(), reasons: z.array(z.string()) }).strict()) })
  .strict();

export const MergeInputSchema = z.object({ keepId: GlobalIdSchema, mergeId: GlobalIdSchema }).strict();
export const UnmergeInputSchema = z.object({ mergedId: GlobalIdSchema }).strict();

export const DraftKeySchema = z.string().min(1).max(128).regex(/^[a-z0-9:._-]+$/i);
export const DraftSaveInputSchema = z
  .object({ key: DraftKeySchema, personId: GlobalIdSchema.optional(), data: z.record(z.string(), z.unknown()) })
  .strict();
export const DraftGetOutputSchema = z
  .object({ draft: z.object({ data: z.record(z.string(), z.unknown()), updatedAt: z.string() }).strict().nullable() })
  .strict();

export const DocumentBeginInputSchema = z
  .object({
    episodeId: GlobalIdSchema,
    title: z.string().trim().min(1).max(200),
    mediaType: z.enum(DOCUMENT_MEDIA_TYPES),
    bytes: z.number().int().min(1).max(50 * 1024 * 1024),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export const DocumentBeginOutputSchema = z.object({ uploadId: z.uuid(), chunkBytes: z.number().int() }).strict();
/** One chunk, base64: at most 1 MiB of bytes. */
export const DocumentChunkInputSchema = z
  .object({ uploadId: z.uuid(), index: z.number().int().min(0).max(100), data: z.base64().max(1_398_104) })
  .strict();
export const DocumentUploadIdSchema = z.object({ uploadId: z.uuid() }).strict();
export const DocumentReadInputSchema = z
  .object({ entryId: GlobalIdSchema, offset: z.number().int().min(0), length: z.number().int().min(1).max(1024 * 1024) })
  .strict();
export const DocumentReadOutputSchema = z.object({ data: z.string(), total: z.number().int(), mediaType: z.string() }).strict();

/** Synthetic persons i = from .. from+count-1 of a seed (src/demo): the same persons on every machine. */
export const DemoFillInputSchema = z
  .object({
    from: z.number().int().min(0).max(10_000_000),
    count: z.number().int().min(1).max(200),
    seed: z.number().int().min(0).max(2 ** 31).default(1),
  })
  .strict();
export const DemoFillOutputSchema = z.object({ persons: z.number().int(), episodes: z.number().int(), entries: z.number().int() }).strict();
