// What a .carnet file carries about persons, inside the signed package: per person, their whole
// record as a FHIR R4 collection Bundle (`persons/<id>.json`, src/fhir) and a Carnet part beside it
// (`records/<id>.json`) with what FHIR has no place for: the record number at the sending centre,
// "merged into" (FHIR's Patient only says active or not), who created each record, and every earlier
// version; plus the bytes of each attached document (`documents/<entryId>`). Reading refuses anything
// the two parts disagree on, with the part's name.
import type { Bundle } from 'fhir/r4.js';
import { z } from '../api/zod.ts';
import { EntryBodySchema, EpisodeSchema } from '../domain/entries.ts';
import { GlobalIdSchema, IsoDateTimeSchema, type Envelope } from '../domain/envelope.ts';
import { PersonSchema } from '../domain/person.ts';
import { fromBundle, toBundle } from '../fhir/bundle.ts';
import type { EntryRecord as FhirEntry, EpisodeRecord as FhirEpisode, PersonRecord as FhirPerson } from '../fhir/records.ts';
import type { RecordState, RecordType, StoredRow, VersionState } from '../db/repositories/transfer.repository.ts';
import { TransferError } from './errors.ts';

export const RECORDS_FORMAT = 'carnet-records';
export const RECORDS_VERSION = 1;

export const personPartName = (personId: string): string => `persons/${personId}.json`;
export const recordsPartName = (personId: string): string => `records/${personId}.json`;
export const documentPartName = (entryId: string): string => `documents/${entryId}`;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PART_PATTERN = new RegExp(`^(persons|records|documents)/(${UUID})(\\.json)?$`);

/** Which kind of part a name is, and for which id; undefined for a name this format does not have. */
export function classifyPartName(name: string): { kind: 'person' | 'records' | 'document'; id: string } | undefined {
  const m = PART_PATTERN.exec(name);
  if (!m) return undefined;
  const [, folder, id, json] = m;
  if (folder === 'documents') return json ? undefined : { kind: 'document', id: id as string };
  if (!json) return undefined;
  return { kind: folder === 'persons' ? 'person' : 'records', id: id as string };
}

const PersonStatusSchema = z.enum(['active', 'voided', 'merged']);

const VersionSchema = z
  .object({
    version: z.number().int().min(1).max(999_999_999),
    status: PersonStatusSchema,
    voidReason: z.string().min(1).max(500).optional(),
    data: z.unknown(),
    at: IsoDateTimeSchema,
    by: z.string().min(1).max(64),
  })
  .strict();

const RecordSideSchema = z
  .object({
    type: z.enum(['person', 'episode', 'entry']),
    id: GlobalIdSchema,
    createdBy: z.string().min(1).max(64),
    /** Earlier versions, oldest first; the current one is in the Bundle. */
    history: z.array(VersionSchema).max(10_000),
  })
  .strict();

export const RecordsPartSchema = z
  .object({
    format: z.literal(RECORDS_FORMAT),
    version: z.literal(RECORDS_VERSION),
    personId: GlobalIdSchema,
    recordNumber: z.string().min(1).max(64),
    status: PersonStatusSchema,
    mergedInto: GlobalIdSchema.optional(),
    records: z.array(RecordSideSchema).max(1_000_000),
  })
  .strict();
export type RecordsPart = z.infer<typeof RecordsPartSchema>;

// ---------------------------------------------------------------------------------------------
// Canonical JSON: the same value gives the same text whatever the order of its keys

export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Writing: stored rows -> FHIR records + the records part

function envelopeOf(row: StoredRow): Envelope {
  const voided = row.status === 'voided';
  return {
    id: row.id,
    siteId: row.siteId,
    authorId: row.updatedBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    // A merged person is still a record in its own right: "merged into" travels in the records part.
    status: voided ? 'voided' : 'active',
    ...(voided && row.voidReason !== null && { voidReason: row.voidReason }),
  };
}

export interface ExportedPerson {
  person: StoredRow;
  episodes: StoredRow[];
  entries: StoredRow[];
  /** Earlier versions per record id. */
  history: Map<string, VersionState[]>;
}

/** Stored rows as the FHIR mapping's records; episodes and entries are put under `personId`. */
export function fhirRecords(
  person: StoredRow,
  episodes: readonly StoredRow[],
  entries: readonly StoredRow[],
  personId = person.id,
): { person: FhirPerson; episodes: FhirEpisode[]; entries: FhirEntry[] } {
  return {
    person: { envelope: envelopeOf(person), person: JSON.parse(person.data) as FhirPerson['person'] },
    episodes: episodes.map((e) => ({ envelope: envelopeOf(e), personId, episode: JSON.parse(e.data) as FhirEpisode['episode'] })),
    entries: entries.map((e) => ({ envelope: envelopeOf(e), personId, episodeId: e.episodeId as string, body: JSON.parse(e.data) as FhirEntry['body'] })),
  };
}

/** The two parts of a person: the FHIR Bundle and the records part, as JSON text. */
export function personParts(p: ExportedPerson): { bundle: string; records: string } {
  const { person, episodes, entries } = fhirRecords(p.person, p.episodes, p.entries);
  const bundle: Bundle = toBundle(person, episodes, entries);
  const side = (type: RecordType, row: StoredRow): RecordsPart['records'][number] => ({
    type,
    id: row.id,
    createdBy: row.createdBy,
    history: (p.history.get(row.id) ?? []).map((v) => ({
      version: v.version,
      status: v.status as RecordsPart['status'],
      ...(v.voidReason !== null && { voidReason: v.voidReason }),
      data: JSON.parse(v.data) as unknown,
      at: v.at,
      by: v.by,
    })),
  });
  const records: RecordsPart = {
    format: RECORDS_FORMAT,
    version: RECORDS_VERSION,
    personId: p.person.id,
    recordNumber: p.person.recordNumber as string,
    status: p.person.status as RecordsPart['status'],
    ...(p.person.mergedInto !== null && { mergedInto: p.person.mergedInto }),
    records: [side('person', p.person), ...p.episodes.map((e) => side('episode', e)), ...p.entries.map((e) => side('entry', e))],
  };
  return { bundle: JSON.stringify(bundle), records: JSON.stringify(records) };
}

// ---------------------------------------------------------------------------------------------
// Reading: the two parts -> incoming records, checked against each other

/** One record as the file holds it: its current version with who wrote it, and its earlier versions. */
export interface IncomingRecord {
  type: RecordType;
  id: string;
  personId: string;
  episodeId: string | null;
  siteId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  state: RecordState;
  /** Earlier versions, oldest first. */
  history: VersionState[];
}

export interface IncomingPerson {
  personId: string;
  /** At the sending centre. */
  recordNumber: string;
  person: IncomingRecord;
  episodes: IncomingRecord[];
  entries: IncomingRecord[];
}

function invalid(part: string, reason: string, details: Record<string, unknown> = {}): TransferError {
  return new TransferError('TRANSFER_INVALID_PART', { part, reason, ...details });
}

function parseJson(part: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw invalid(part, 'not-json');
  }
}

const DATA_SCHEMA: Record<RecordType, z.ZodType> = { person: PersonSchema, episode: EpisodeSchema, entry: EntryBodySchema };

/** A person's two parts, read and checked: the FHIR Bundle through src/fhir, the records part by its schema, and their agreement. */
export function readIncomingPerson(personId: string, bundleBytes: Buffer, recordsBytes: Buffer): IncomingPerson {
  const bundlePart = personPartName(personId);
  const recordsPart = recordsPartName(personId);

  let read: ReturnType<typeof fromBundle>;
  try {
    read = fromBundle(parseJson(bundlePart, bundleBytes));
  } catch (error) {
    if (error instanceof TransferError) throw error;
    const details = (error as { details?: Record<string, unknown> }).details ?? {};
    throw invalid(bundlePart, 'fhir', { fhirReason: details.reason, path: details.path });
  }
  if (read.person.envelope.id !== personId) throw invalid(bundlePart, 'person-id');

  const json = parseJson(recordsPart, recordsBytes) as { format?: unknown; version?: unknown };
  if (json?.format !== RECORDS_FORMAT) throw invalid(recordsPart, 'format');
  if (json.version !== RECORDS_VERSION) throw new TransferError('TRANSFER_UNSUPPORTED_VERSION', { part: recordsPart, version: json.version });
  const parsed = RecordsPartSchema.safeParse(json);
  if (!parsed.success) throw invalid(recordsPart, 'schema', { issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')) });
  const side = parsed.data;
  if (side.personId !== personId) throw invalid(recordsPart, 'person-id');

  // The person's status: FHIR says active or voided; the records part may add "merged into".
  const voided = read.person.envelope.status === 'voided';
  if (voided !== (side.status === 'voided')) throw invalid(recordsPart, 'status');
  if ((side.status === 'merged') !== (side.mergedInto !== undefined) || side.mergedInto === personId) throw invalid(recordsPart, 'merged-into');

  const sides = new Map<string, RecordsPart['records'][number]>();
  for (const r of side.records) {
    if (sides.has(r.id)) throw invalid(recordsPart, 'duplicate', { id: r.id });
    sides.set(r.id, r);
  }

  const take = (type: RecordType, envelope: Envelope, data: unknown, personOf: string, episodeId: string | null, extra: Partial<RecordState> = {}): IncomingRecord => {
    const s = sides.get(envelope.id);
    if (!s || s.type !== type) throw invalid(recordsPart, 'missing-record', { recordType: type, id: envelope.id });
    sides.delete(envelope.id);
    const history: VersionState[] = [];
    let last = 0;
    for (const v of s.history) {
      if (v.version <= last || v.version >= envelope.version) throw invalid(recordsPart, 'history-version', { id: envelope.id });
      last = v.version;
      if (type !== 'person' && v.status === 'merged') throw invalid(recordsPart, 'history-status', { id: envelope.id });
      if ((v.status === 'voided') !== (v.voidReason !== undefined)) throw invalid(recordsPart, 'history-status', { id: envelope.id });
      const checked = DATA_SCHEMA[type].safeParse(v.data);
      if (!checked.success) throw invalid(recordsPart, 'history-data', { id: envelope.id, version: v.version });
      if (type === 'entry' && (checked.data as { kind: string }).kind !== (data as { kind: string }).kind) throw invalid(recordsPart, 'history-kind', { id: envelope.id });
      history.push({ version: v.version, status: v.status, voidReason: v.voidReason ?? null, mergedInto: null, data: JSON.stringify(checked.data), at: v.at, by: v.by });
    }
    return {
      type,
      id: envelope.id,
      personId: personOf,
      episodeId,
      siteId: envelope.siteId,
      version: envelope.version,
      createdAt: envelope.createdAt,
      createdBy: s.createdBy,
      updatedAt: envelope.updatedAt,
      updatedBy: envelope.authorId,
      state: { status: envelope.status, voidReason: envelope.voidReason ?? null, mergedInto: null, data: JSON.stringify(data), ...extra },
      history,
    };
  };

  const person = take('person', read.person.envelope, read.person.person, personId, null, {
    status: side.status,
    mergedInto: side.mergedInto ?? null,
  });
  const episodes = read.episodes.map((e) => take('episode', e.envelope, e.episode, personId, null));
  const entries = read.entries.map((e) => {
    if (e.episodeId === undefined) throw invalid(bundlePart, 'entry-without-episode', { id: e.envelope.id });
    return take('entry', e.envelope, e.body, personId, e.episodeId);
  });
  if (sides.size > 0) throw invalid(recordsPart, 'extra-record', { id: [...sides.keys()][0] });
  return { personId, recordNumber: side.recordNumber, person, episodes, entries };
}
