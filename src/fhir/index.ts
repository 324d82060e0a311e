// The FHIR R4 mapping of the record: every entity to its resource and back, and a person's whole
// record as a Bundle. Neutral code: no Node, no Electron, no DOM. See README.md here for the choices.
export { FHIR_ERROR_REASONS, FhirMappingError, type FhirErrorReason } from './errors.ts';
export { EXT, IDENTIFIER_SYSTEM_BASE, SYSTEM } from './systems.ts';
export { EntryRecordSchema, EpisodeRecordSchema, PersonRecordSchema, type EntryKind, type EntryRecord, type EntryRecordOf, type EpisodeRecord, type PersonRecord } from './records.ts';
export { personFromFhir, personToFhir, type PersonResources } from './person.ts';
export { patientToFhir } from './patient.ts';
export { relatedPersonFromFhir, relatedPersonToFhir } from './related-person.ts';
export { encounterFromFhir, encounterToFhir, encounterWithProvenance } from './encounter.ts';
export { ENTRY_RESOURCE_TYPE, entryFromFhir, entryToFhir, entryWithProvenance, type EntryResource } from './entry.ts';
export { observationFromFhir, observationToFhir } from './observation.ts';
export { immunizationFromFhir, immunizationToFhir } from './immunization.ts';
export { conditionFromFhir, conditionToFhir } from './condition.ts';
export { allergyFromFhir, allergyToFhir, NO_KNOWN_ALLERGIES } from './allergy-intolerance.ts';
export { medicationFromFhir, medicationToFhir } from './medication-statement.ts';
export { referralFromFhir, referralToFhir } from './service-request.ts';
export { consentFromFhir, consentToFhir } from './consent.ts';
export { documentFromFhir, documentToFhir } from './document-reference.ts';
export { provenanceFromFhir, provenanceToFhir } from './provenance.ts';
export { fromBundle, toBundle, type PersonBundle } from './bundle.ts';
