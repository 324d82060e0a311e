// Any entry, whatever its kind: the resource type it maps to, both ways, and its Provenance.
import type { AllergyIntolerance, Condition, Consent, DocumentReference, Immunization, MedicationStatement, Observation, Provenance, ServiceRequest } from 'fhir/r4.js';
import { allergyFromFhir, allergyToFhir } from './allergy-intolerance.ts';
import { conditionFromFhir, conditionToFhir } from './condition.ts';
import { consentFromFhir, consentToFhir } from './consent.ts';
import { documentFromFhir, documentToFhir } from './document-reference.ts';
import { fail } from './errors.ts';
import { immunizationFromFhir, immunizationToFhir } from './immunization.ts';
import { medicationFromFhir, medicationToFhir } from './medication-statement.ts';
import { observationFromFhir, observationToFhir } from './observation.ts';
import { provenanceToFhir } from './provenance.ts';
import { isObject } from './read.ts';
import type { EntryKind, EntryRecord } from './records.ts';
import { referralFromFhir, referralToFhir } from './service-request.ts';

export type EntryResource = Observation | Immunization | Condition | AllergyIntolerance | MedicationStatement | ServiceRequest | Consent | DocumentReference;

export const ENTRY_RESOURCE_TYPE = {
  observation: 'Observation',
  immunization: 'Immunization',
  condition: 'Condition',
  allergy: 'AllergyIntolerance',
  medication: 'MedicationStatement',
  referral: 'ServiceRequest',
  consent: 'Consent',
  document: 'DocumentReference',
} as const satisfies Record<EntryKind, EntryResource['resourceType']>;

export const ENTRY_RESOURCE_TYPES: readonly string[] = Object.values(ENTRY_RESOURCE_TYPE);

export function entryToFhir(record: EntryRecord): EntryResource {
  const body = record.body;
  switch (body.kind) {
    case 'observation':
      return observationToFhir({ ...record, body });
    case 'immunization':
      return immunizationToFhir({ ...record, body });
    case 'condition':
      return conditionToFhir({ ...record, body });
    case 'allergy':
      return allergyToFhir({ ...record, body });
    case 'medication':
      return medicationToFhir({ ...record, body });
    case 'referral':
      return referralToFhir({ ...record, body });
    case 'consent':
      return consentToFhir({ ...record, body });
    case 'document':
      return documentToFhir({ ...record, body });
  }
}

export function entryWithProvenance(record: EntryRecord): { resource: EntryResource; provenance: Provenance } {
  const resource = entryToFhir(record);
  return { resource, provenance: provenanceToFhir(record.envelope, [{ type: resource.resourceType, id: record.envelope.id }]) };
}

const FROM_FHIR: Record<string, (resource: unknown, provenance: unknown) => EntryRecord> = {
  Observation: observationFromFhir,
  Immunization: immunizationFromFhir,
  Condition: conditionFromFhir,
  AllergyIntolerance: allergyFromFhir,
  MedicationStatement: medicationFromFhir,
  ServiceRequest: referralFromFhir,
  Consent: consentFromFhir,
  DocumentReference: documentFromFhir,
};

/** The entry a resource of any entry type states, with the Provenance of its version. */
export function entryFromFhir(resource: unknown, provenance: unknown): EntryRecord {
  if (!isObject(resource)) return fail('malformed', 'Resource');
  const type = resource.resourceType;
  if (typeof type !== 'string' || !Object.hasOwn(FROM_FHIR, type)) return fail('wrong-resource-type', 'Resource.resourceType');
  return (FROM_FHIR[type] as (typeof FROM_FHIR)[string])(resource, provenance);
}
