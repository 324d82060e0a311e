// Every URL the FHIR mapping writes or accepts: code systems, identifier systems and extensions.
// Standard ones first (HL7, LOINC, UCUM, CVX, ICD-10, ISO, IETF); the project's own live under
// https://carnet.health/fhir/. Once shipped, a URL keeps its meaning: records carry it to other centres.
// HL7 and LOINC define their canonical URLs with http:. They are names, never fetched, and must match
// byte for byte, so the insecure-URL rule does not apply to this file (and only to this file).
/* eslint-disable @microsoft/sdl/no-insecure-url */

const CARNET = 'https://carnet.health/fhir';
const HL7_SD = 'http://hl7.org/fhir/StructureDefinition';
const HL7_TERM = 'http://terminology.hl7.org/CodeSystem';

/** Code and identifier systems. */
export const SYSTEM = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  /** ISO 3166-1 alpha-2 country codes. */
  iso3166: 'urn:iso:std:iso:3166',
  /** BCP 47 language tags. */
  bcp47: 'urn:ietf:bcp:47',
  observationCategory: `${HL7_TERM}/observation-category`,
  observationInterpretation: `${HL7_TERM}/v3-ObservationInterpretation`,
  conditionCategory: `${HL7_TERM}/condition-category`,
  conditionVerification: `${HL7_TERM}/condition-ver-status`,
  allergyClinical: `${HL7_TERM}/allergyintolerance-clinical`,
  allergyVerification: `${HL7_TERM}/allergyintolerance-verification`,
  /** IPS statements of absence: no-known-allergies and friends. */
  ipsAbsentUnknown: 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips',
  immunizationOrigin: `${HL7_TERM}/immunization-origin`,
  consentScope: `${HL7_TERM}/consentscope`,
  actCode: `${HL7_TERM}/v3-ActCode`,
  roleCode: `${HL7_TERM}/v3-RoleCode`,
  participationType: `${HL7_TERM}/v3-ParticipationType`,
  dataOperation: `${HL7_TERM}/v3-DataOperation`,
  provenanceAgentType: `${HL7_TERM}/provenance-participant-type`,
  identifierType: `${HL7_TERM}/v2-0203`,

  // The project's own code systems.
  episodeType: `${CARNET}/CodeSystem/episode-type`,
  observationCode: `${CARNET}/CodeSystem/observation`,
  observationValue: `${CARNET}/CodeSystem/observation-value`,
  bodySite: `${CARNET}/CodeSystem/body-site`,
  antigen: `${CARNET}/CodeSystem/antigen`,
  immunizationEvidence: `${CARNET}/CodeSystem/immunization-evidence`,
  consentPurpose: `${CARNET}/CodeSystem/consent-purpose`,
  familyRelation: `${CARNET}/CodeSystem/family-relation`,

  // Identifier systems (NamingSystems) of the project.
  person: `${CARNET}/NamingSystem/person`,
  site: `${CARNET}/NamingSystem/site`,
  user: `${CARNET}/NamingSystem/user`,
} as const;

/** A person's identifier of a given kind: https://carnet.health/fhir/identifier/passport, ... */
export const IDENTIFIER_SYSTEM_BASE = `${CARNET}/identifier/`;

/** Extensions, standard and the project's. */
export const EXT = {
  // Standard (FHIR core or the FHIR extensions pack).
  language: `${HL7_SD}/language`,
  nationality: `${HL7_SD}/patient-nationality`,
  preferred: `${HL7_SD}/iso21090-preferred`,

  // The project's.
  nameScript: `${CARNET}/StructureDefinition/name-script`,
  nameSource: `${CARNET}/StructureDefinition/name-source`,
  estimatedAge: `${CARNET}/StructureDefinition/estimated-age`,
  countryOfOrigin: `${CARNET}/StructureDefinition/country-of-origin`,
  arrivalDate: `${CARNET}/StructureDefinition/arrival-date`,
  legalStatus: `${CARNET}/StructureDefinition/legal-status`,
  unaccompaniedMinor: `${CARNET}/StructureDefinition/unaccompanied-minor`,
  relatedPatient: `${CARNET}/StructureDefinition/related-patient`,
  consultationLanguage: `${CARNET}/StructureDefinition/consultation-language`,
  counselling: `${CARNET}/StructureDefinition/episode-counselling`,
  nextVisit: `${CARNET}/StructureDefinition/episode-next-visit`,
  conditionNovelty: `${CARNET}/StructureDefinition/condition-novelty`,
  referralOutcome: `${CARNET}/StructureDefinition/referral-outcome`,
  interpreterPresent: `${CARNET}/StructureDefinition/interpreter-present`,
  encounter: `${CARNET}/StructureDefinition/encounter`,
  sha256: `${CARNET}/StructureDefinition/attachment-sha256`,
  recordCreated: `${CARNET}/StructureDefinition/record-created`,
  voidReason: `${CARNET}/StructureDefinition/void-reason`,
  /** On an element that says entered-in-error: the code it held before the entry was voided. */
  preVoidCode: `${CARNET}/StructureDefinition/pre-void-code`,
  targetVersion: `${CARNET}/StructureDefinition/target-version`,
} as const;

/** Namespace of the name-based (v5) UUIDs the mapping derives: Provenance and RelatedPerson ids. */
export const UUID_NAMESPACE = '5b0f4c9e-3d1a-4f7e-9b8a-2c6d1e0f9a37';
