// What every entry resource shares: the envelope on the resource, the person it is about, and the
// encounter (episode) it was written in.
import type { Extension, Meta, Reference } from 'fhir/r4.js';
import { ref, readRef } from './elements.ts';
import { envelopeExtensions, metaOf, readEnvelope } from './envelope.ts';
import type { Json } from './read.ts';
import { EntryRecordSchema, type EntryKind, type EntryRecord, type EntryRecordOf } from './records.ts';
import { parseRecord } from './validate.ts';

export function entryBase(record: EntryRecord): { id: string; meta: Meta; extension: Extension[] } {
  return { id: record.envelope.id, meta: metaOf(record.envelope), extension: envelopeExtensions(record.envelope) };
}

export function subjectRef(record: EntryRecord): Reference {
  return ref('Patient', record.personId);
}

export function encounterRef(record: EntryRecord): Reference | undefined {
  return record.episodeId === undefined ? undefined : ref('Encounter', record.episodeId);
}

/** Sets `key` to a value only when it is defined, so absent elements stay absent in the JSON. */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

export interface EntryLinks {
  type: string;
  /** The resource's subject or patient reference. */
  subject: unknown;
  subjectPath: string;
  /** The encounter reference, if any. */
  encounter: unknown;
  encounterPath: string;
}

/** The entry record: envelope from the resource and its Provenance, links, and the body, parsed by the domain schemas. */
export function readEntry<K extends EntryKind>(resource: Json, links: EntryLinks, provenance: unknown, voided: boolean, body: Record<string, unknown> & { kind: K }): EntryRecordOf<K> {
  const envelope = readEnvelope(resource, links.type, provenance, voided);
  const record: Record<string, unknown> = { envelope, personId: readRef(links.subject, 'Patient', links.subjectPath), body };
  if (links.encounter !== undefined) record.episodeId = readRef(links.encounter, 'Encounter', links.encounterPath);
  return parseRecord(EntryRecordSchema, record, links.type) as EntryRecordOf<K>;
}
