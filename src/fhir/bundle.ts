// A person's whole record as one FHIR Bundle of type collection: the Patient and its RelatedPersons,
// the Encounters, the entries, and one Provenance per record version. Every resource has the fullUrl
// urn:uuid:<id>, and resources refer to each other by those urns.
import type { Bundle, BundleEntry, FhirResource, Provenance } from 'fhir/r4.js';
import { urnOf } from './elements.ts';
import { encounterFromFhir, encounterWithProvenance } from './encounter.ts';
import { ENTRY_RESOURCE_TYPES, entryFromFhir, entryWithProvenance } from './entry.ts';
import { fail } from './errors.ts';
import { personFromFhir, personToFhir } from './person.ts';
import { readProvenanceTargets } from './provenance.ts';
import { arr, expectResource, isObject, obj, str, type Json } from './read.ts';
import type { EntryRecord, EpisodeRecord, PersonRecord } from './records.ts';

export interface PersonBundle {
  person: PersonRecord;
  episodes: EpisodeRecord[];
  entries: EntryRecord[];
}

function checkLinks(person: PersonRecord, episodes: EpisodeRecord[], entries: EntryRecord[]): void {
  const personId = person.envelope.id;
  const ids = new Set<string>([personId]);
  for (const record of [...episodes, ...entries]) {
    if (ids.has(record.envelope.id)) fail('duplicate', `Bundle.entry(${record.envelope.id})`);
    ids.add(record.envelope.id);
  }
  const episodeIds = new Set(episodes.map((e) => e.envelope.id));
  const documentIds = new Set(entries.filter((e) => e.body.kind === 'document').map((e) => e.envelope.id));
  episodes.forEach((e, i) => {
    if (e.personId !== personId) fail('inconsistent', `episodes[${i}].personId`);
  });
  entries.forEach((e, i) => {
    if (e.personId !== personId) fail('inconsistent', `entries[${i}].personId`);
    if (e.episodeId !== undefined && !episodeIds.has(e.episodeId)) fail('unresolved-reference', `entries[${i}].episodeId`);
    if (e.body.kind === 'observation' && e.body.documentId !== undefined && !documentIds.has(e.body.documentId)) fail('unresolved-reference', `entries[${i}].body.documentId`);
  });
}

/** The record as a Bundle. Refuses records of another person, and links to episodes or documents not in it. */
export function toBundle(person: PersonRecord, episodes: EpisodeRecord[], entries: EntryRecord[]): Bundle {
  checkLinks(person, episodes, entries);
  const resources: FhirResource[] = [];
  const provenances: Provenance[] = [];
  const p = personToFhir(person);
  resources.push(p.patient, ...p.relatedPersons);
  provenances.push(p.provenance);
  for (const episode of episodes) {
    const e = encounterWithProvenance(episode);
    resources.push(e.encounter);
    provenances.push(e.provenance);
  }
  for (const entry of entries) {
    const e = entryWithProvenance(entry);
    resources.push(e.resource);
    provenances.push(e.provenance);
  }
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [...resources, ...provenances].map((resource): BundleEntry => ({ fullUrl: urnOf(resource.id as string), resource })),
  };
}

/** Every literal reference in a resource, with its path. */
function references(value: unknown, path: string, out: { reference: string; path: string }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => references(v, `${path}[${i}]`, out));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') out.push({ reference: child, path: `${path}.reference` });
      else references(child, `${path}.${key}`, out);
    }
  }
}

/** The record a Bundle carries, checked whole: one Patient, a Provenance for every version, every reference resolved. */
export function fromBundle(value: unknown): PersonBundle {
  const bundle = expectResource(value, 'Bundle');
  if (str(bundle.type, 'Bundle.type') !== 'collection') fail('unknown-code', 'Bundle.type');

  const byUrl = new Map<string, { resource: Json; path: string }>();
  const items = arr(bundle.entry, 'Bundle.entry').map((e, i) => {
    const path = `Bundle.entry[${i}]`;
    const entry = obj(e, path);
    const resource = obj(entry.resource, `${path}.resource`);
    const type = str(resource.resourceType, `${path}.resource.resourceType`);
    const fullUrl = str(entry.fullUrl, `${path}.fullUrl`);
    if (fullUrl !== urnOf(str(resource.id, `${path}.resource.id`))) fail('inconsistent', `${path}.fullUrl`);
    if (byUrl.has(fullUrl)) fail('duplicate', `${path}.fullUrl`);
    byUrl.set(fullUrl, { resource, path: `${path}.resource` });
    return { resource, type, path: `${path}.resource` };
  });

  for (const item of items) {
    const refs: { reference: string; path: string }[] = [];
    references(item.resource, item.path, refs);
    for (const r of refs) if (r.reference.startsWith('urn:uuid:') && !byUrl.has(r.reference)) fail('unresolved-reference', r.path);
  }

  // Each record's Provenance, found by the record it names first.
  const provenanceOf = new Map<string, Json>();
  for (const item of items.filter((i) => i.type === 'Provenance')) {
    const [first] = readProvenanceTargets(item.resource);
    const key = `${first?.type}/${first?.id}`;
    if (provenanceOf.has(key)) fail('duplicate', item.path);
    provenanceOf.set(key, item.resource);
  }
  const provenance = (type: string, item: { resource: Json; path: string }) => {
    const found = provenanceOf.get(`${type}/${String(item.resource.id)}`);
    if (found === undefined) fail('missing-element', `${item.path}(Provenance)`);
    provenanceOf.delete(`${type}/${String(item.resource.id)}`);
    return found;
  };

  const patients = items.filter((i) => i.type === 'Patient');
  if (patients.length === 0) fail('missing-element', 'Bundle.entry(Patient)');
  if (patients.length > 1) fail('duplicate', patients[1]?.path ?? 'Bundle.entry(Patient)');
  const patient = patients[0] as (typeof items)[number];
  const person = personFromFhir({
    patient: patient.resource,
    relatedPersons: items.filter((i) => i.type === 'RelatedPerson').map((i) => i.resource),
    provenance: provenance('Patient', patient),
  });

  const episodes: EpisodeRecord[] = [];
  const entries: EntryRecord[] = [];
  for (const item of items) {
    if (item.type === 'Patient' || item.type === 'RelatedPerson' || item.type === 'Provenance') continue;
    if (item.type === 'Encounter') episodes.push(encounterFromFhir(item.resource, provenance('Encounter', item)));
    else if (ENTRY_RESOURCE_TYPES.includes(item.type)) entries.push(entryFromFhir(item.resource, provenance(item.type, item)));
    else fail('unsupported-element', `${item.path}.resourceType`);
  }
  if (provenanceOf.size > 0) fail('unresolved-reference', 'Bundle.entry(Provenance).target');

  const personId = person.envelope.id;
  const episodeIds = new Set(episodes.map((e) => e.envelope.id));
  episodes.forEach((e, i) => {
    if (e.personId !== personId) fail('inconsistent', `Encounter[${i}].subject`);
  });
  entries.forEach((e, i) => {
    if (e.personId !== personId) fail('inconsistent', `entries[${i}].subject`);
    if (e.episodeId !== undefined && !episodeIds.has(e.episodeId)) fail('unresolved-reference', `entries[${i}].encounter`);
  });
  return { person, episodes, entries };
}
