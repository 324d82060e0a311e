// One person's International Patient Summary: a FHIR R4 Bundle of type document, the Composition
// first (LOINC 60591-5), then the Patient, the centre as the author Organization, and the resources
// the sections list, made by the same mapping as transfers (src/fhir). The three sections IPS
// requires (problems, allergies, medications) are always there, stating "no information" with
// emptyReason nocontent when the record holds nothing; immunizations and results appear when there
// are some. Voided records and refuted diagnoses are left out.
import type { Bundle, BundleEntry, CodeableConcept, Composition, CompositionSection, FhirResource, Organization, Reference } from 'fhir/r4.js';
import { v5 as uuidv5 } from 'uuid';
import type { EntryBody } from '../domain/entries.ts';
import { urnOf } from '../fhir/elements.ts';
import { encounterToFhir } from '../fhir/encounter.ts';
import { entryToFhir } from '../fhir/entry.ts';
import { patientToFhir } from '../fhir/patient.ts';
import type { EntryRecord, EpisodeRecord, PersonRecord } from '../fhir/records.ts';
import { SYSTEM, UUID_NAMESPACE } from '../fhir/systems.ts';

export const IPS_CODES = {
  summary: { code: '60591-5', display: 'Patient summary Document' },
  problems: { code: '11450-4', display: 'Problem list - Reported' },
  allergies: { code: '48765-2', display: 'Allergies and adverse reactions Document' },
  medications: { code: '10160-0', display: 'History of Medication use Narrative' },
  immunizations: { code: '11369-6', display: 'History of Immunization Narrative' },
  results: { code: '30954-2', display: 'Relevant diagnostic tests/laboratory data Narrative' },
} as const;

// HL7's canonical name for the code system, never fetched; it must match byte for byte (see src/fhir/systems.ts).
// eslint-disable-next-line @microsoft/sdl/no-insecure-url
const LIST_EMPTY_REASON = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';
const XHTML = 'http://www.w3.org/1999/xhtml';

export interface IpsInput {
  person: PersonRecord;
  episodes: EpisodeRecord[];
  entries: EntryRecord[];
  site: { siteId: string; name: string; country: string };
  now: Date;
  /** The document's own id (a UUID). */
  documentId: string;
}

function loinc(code: { code: string; display: string }): CodeableConcept {
  return { coding: [{ system: SYSTEM.loinc, code: code.code, display: code.display }] };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function narrative(lines: string[]): { status: 'generated'; div: string } {
  const body = lines.length === 0 ? '<p>No information</p>' : `<ul>${lines.map((l) => `<li>${escapeXml(l)}</li>`).join('')}</ul>`;
  return { status: 'generated', div: `<div xmlns="${XHTML}">${body}</div>` };
}

/** One line of a section's narrative: codes and values, as the record holds them. */
function lineOf(body: EntryBody): string {
  switch (body.kind) {
    case 'condition':
      return `ICD-10 ${body.icd10} (${body.certainty}${body.onset ? `, since ${body.onset}` : ''})`;
    case 'allergy':
      return body.assertion === 'none-known' ? 'No known allergies' : [body.substance, body.criticality && `criticality ${body.criticality}`].filter(Boolean).join(', ');
    case 'medication':
      return [body.name, body.dose, body.status, body.start && `from ${body.start}`, body.end && `to ${body.end}`].filter(Boolean).join(', ');
    case 'immunization':
      return [body.antigen, body.product, body.date ?? 'date unknown', body.dose !== undefined && `dose ${body.dose}`, body.evidence].filter(Boolean).join(', ');
    case 'observation': {
      const v = body.value;
      const value = v.type === 'quantity' ? `${v.value} ${v.unit}` : v.type === 'coded' ? v.code : v.type === 'boolean' ? String(v.value) : v.type === 'date' ? v.date : v.text.text;
      return `${body.code}: ${value} (${body.effectiveAt.slice(0, 10)})`;
    }
    default:
      return body.kind;
  }
}

interface SectionSpec {
  key: keyof typeof IPS_CODES;
  title: string;
  required: boolean;
  select(body: EntryBody): boolean;
}

const SECTIONS: SectionSpec[] = [
  { key: 'problems', title: 'Problem list', required: true, select: (b) => b.kind === 'condition' && b.certainty !== 'refuted' },
  { key: 'allergies', title: 'Allergies and intolerances', required: true, select: (b) => b.kind === 'allergy' },
  { key: 'medications', title: 'Medication summary', required: true, select: (b) => b.kind === 'medication' },
  { key: 'immunizations', title: 'Immunizations', required: false, select: (b) => b.kind === 'immunization' && b.evidence !== 'unknown' },
  { key: 'results', title: 'Results', required: false, select: (b) => b.kind === 'observation' && b.category === 'laboratory' },
];

/** Every urn:uuid reference in a resource. */
function referencesOf(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => referencesOf(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string' && child.startsWith('urn:uuid:')) out.add(child);
      else referencesOf(child, out);
    }
  }
}

export function buildIps(input: IpsInput): Bundle {
  const { person, site, now } = input;
  const at = now.toISOString();
  const patient = patientToFhir(person.envelope, person.person);
  const organization: Organization = {
    resourceType: 'Organization',
    id: uuidv5(`Organization/${site.siteId}`, UUID_NAMESPACE),
    identifier: [{ system: SYSTEM.site, value: site.siteId }],
    name: site.name,
    address: [{ country: site.country }],
  };
  const active = input.entries.filter((e) => e.envelope.status === 'active');
  // What section resources may refer to (their encounter, the document a result was read from).
  const pool = new Map<string, FhirResource>();
  for (const e of input.episodes) pool.set(urnOf(e.envelope.id), encounterToFhir(e));
  for (const e of input.entries) if (e.body.kind === 'document') pool.set(urnOf(e.envelope.id), entryToFhir(e));

  const listed: FhirResource[] = [];
  const sections: CompositionSection[] = [];
  for (const spec of SECTIONS) {
    const chosen = active.filter((e) => spec.select(e.body));
    if (chosen.length === 0 && !spec.required) continue;
    const resources = chosen.map((e) => entryToFhir(e));
    listed.push(...resources);
    const section: CompositionSection = { title: spec.title, code: loinc(IPS_CODES[spec.key]), text: narrative(chosen.map((e) => lineOf(e.body))) };
    if (resources.length > 0) section.entry = resources.map((r): Reference => ({ reference: urnOf(r.id as string) }));
    else section.emptyReason = { coding: [{ system: LIST_EMPTY_REASON, code: 'nocontent', display: 'No Content Recorded' }], text: 'No information' };
    sections.push(section);
  }

  // Resources the listed ones refer to, and what those refer to in turn.
  const included = new Map<string, FhirResource>([[urnOf(patient.id as string), patient], [urnOf(organization.id as string), organization]]);
  for (const r of listed) included.set(urnOf(r.id as string), r);
  const queue = [...included.values()];
  while (queue.length > 0) {
    const refs = new Set<string>();
    referencesOf(queue.shift(), refs);
    for (const urn of refs) {
      const found = pool.get(urn);
      if (found && !included.has(urn)) {
        included.set(urn, found);
        queue.push(found);
      }
    }
  }

  const composition: Composition = {
    resourceType: 'Composition',
    id: uuidv5(`Composition/${input.documentId}`, UUID_NAMESPACE),
    status: 'final',
    type: loinc(IPS_CODES.summary),
    subject: { reference: urnOf(patient.id as string) },
    date: at,
    author: [{ reference: urnOf(organization.id as string) }],
    title: `International Patient Summary`,
    custodian: { reference: urnOf(organization.id as string) },
    section: sections,
  };
  const entries: BundleEntry[] = [composition, ...included.values()].map((resource) => ({ fullUrl: urnOf(resource.id as string), resource }));
  return {
    resourceType: 'Bundle',
    id: input.documentId,
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${input.documentId}` },
    type: 'document',
    timestamp: at,
    entry: entries,
  };
}
