// A person record as FHIR: its Patient, one RelatedPerson per family link, and the Provenance of the
// version (which names the Patient first and the RelatedPersons after it).
import type { Patient, Provenance, RelatedPerson } from 'fhir/r4.js';
import { readEnvelope } from './envelope.ts';
import { patientToFhir, patientVoided, readPatientPerson } from './patient.ts';
import { provenanceToFhir } from './provenance.ts';
import { expectResource, str } from './read.ts';
import { PersonRecordSchema, type PersonRecord } from './records.ts';
import { relatedPersonFromFhir, relatedPersonToFhir } from './related-person.ts';
import { parseRecord } from './validate.ts';

export interface PersonResources {
  patient: Patient;
  relatedPersons: RelatedPerson[];
  provenance: Provenance;
}

export function personToFhir(record: PersonRecord): PersonResources {
  const { envelope, person } = record;
  const patient = patientToFhir(envelope, person);
  const relatedPersons = person.family.map((link, i) => relatedPersonToFhir(envelope, link, i));
  const provenance = provenanceToFhir(envelope, [
    { type: 'Patient', id: envelope.id },
    ...relatedPersons.map((r) => ({ type: 'RelatedPerson', id: r.id as string })),
  ]);
  return { patient, relatedPersons, provenance };
}

/** The person record; relatedPersons in the order of the family links. */
export function personFromFhir(resources: { patient: unknown; relatedPersons?: unknown[]; provenance: unknown }): PersonRecord {
  const patient = expectResource(resources.patient, 'Patient');
  const id = str(patient.id, 'Patient.id');
  const person = readPatientPerson(patient, id);
  person.family = (resources.relatedPersons ?? []).map((r) => relatedPersonFromFhir(r, id));
  const envelope = readEnvelope(patient, 'Patient', resources.provenance, patientVoided(patient));
  return parseRecord(PersonRecordSchema, { envelope, person }, 'Patient');
}
