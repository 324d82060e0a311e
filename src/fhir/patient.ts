// Person <-> Patient. Names keep their script and source in extensions, identifiers their kind in
// the system URL, an estimated age its estimate (see README.md in this folder for every decision).
import type { Extension, HumanName, Identifier, Patient, PatientCommunication } from 'fhir/r4.js';
import type { Envelope } from '../domain/envelope.ts';
import { IdentifierKindSchema, SCRIPTS, type Person, type PersonName } from '../domain/person.ts';
import { concept, extValue, findExt, soleCoding } from './elements.ts';
import { envelopeExtensions, metaOf } from './envelope.ts';
import { fail } from './errors.ts';
import { arr, bool, isObject, lookup, num, obj, optBool, optStr, single, str, type Json } from './read.ts';
import { EXT, IDENTIFIER_SYSTEM_BASE, SYSTEM } from './systems.ts';

type Identifier_ = Person['identifiers'][number];

/** The v2-0203 identifier type, for the kinds that have one (informative: the system is what counts). */
const IDENTIFIER_TYPE: Partial<Record<Identifier_['kind'], string>> = { passport: 'PPN', 'national-id': 'NI', 'record-number': 'MR' };

function identifierToFhir(identifier: Identifier_): Identifier {
  const out: Identifier = { system: IDENTIFIER_SYSTEM_BASE + identifier.kind, value: identifier.value };
  const type = IDENTIFIER_TYPE[identifier.kind];
  if (type !== undefined) out.type = concept(SYSTEM.identifierType, type);
  if (identifier.issuer !== undefined) out.assigner = { identifier: { system: SYSTEM.iso3166, value: identifier.issuer } };
  return out;
}

function nameToFhir(name: PersonName): HumanName {
  const extension: Extension[] = [
    { url: EXT.nameScript, valueCode: name.script },
    { url: EXT.nameSource, valueCode: name.source },
  ];
  if (name.preferred) extension.push({ url: EXT.preferred, valueBoolean: true });
  const out: HumanName = { extension };
  if (name.source === 'document') out.use = 'official';
  if (name.family !== undefined) out.family = name.family;
  if (name.given !== undefined) out.given = [name.given];
  return out;
}

const pad4 = (n: number) => String(n).padStart(4, '0');

/** The year-only birthDate written beside an estimate: the latest year the person can have been born in. */
function estimatedYear(years: number, estimatedOn: string): string {
  return pad4(Number(estimatedOn.slice(0, 4)) - years);
}

function country(code: string) {
  return concept(SYSTEM.iso3166, code);
}

export function patientToFhir(envelope: Envelope, person: Person): Patient {
  const extension: Extension[] = [];
  if (person.nationality !== undefined) extension.push({ url: EXT.nationality, extension: [{ url: 'code', valueCodeableConcept: country(person.nationality) }] });
  if (person.countryOfOrigin !== undefined) extension.push({ url: EXT.countryOfOrigin, valueCodeableConcept: country(person.countryOfOrigin) });
  if (person.arrivalDate !== undefined) extension.push({ url: EXT.arrivalDate, valueDate: person.arrivalDate });
  extension.push({ url: EXT.legalStatus, valueCode: person.legalStatus });
  extension.push({ url: EXT.unaccompaniedMinor, valueBoolean: person.unaccompaniedMinor });
  extension.push(...envelopeExtensions(envelope));

  const patient: Patient = {
    resourceType: 'Patient',
    id: envelope.id,
    meta: metaOf(envelope),
    extension,
    identifier: [...person.identifiers.map(identifierToFhir), { system: SYSTEM.person, value: envelope.id }],
    active: envelope.status !== 'voided',
    name: person.names.map(nameToFhir),
    gender: person.sex,
  };
  if (person.phone !== undefined) patient.telecom = [{ system: 'phone', value: person.phone }];
  if (person.birth.kind === 'date') {
    patient.birthDate = person.birth.date;
  } else {
    patient.birthDate = estimatedYear(person.birth.years, person.birth.estimatedOn);
    patient._birthDate = {
      extension: [
        {
          url: EXT.estimatedAge,
          extension: [
            { url: 'years', valueAge: { value: person.birth.years, unit: 'years', system: SYSTEM.ucum, code: 'a' } },
            { url: 'estimatedOn', valueDate: person.birth.estimatedOn },
          ],
        },
      ],
    };
  }
  if (person.languages.length > 0) {
    patient.communication = person.languages.map((lang, i): PatientCommunication => {
      const c: PatientCommunication = { language: concept(SYSTEM.bcp47, lang) };
      if (i === 0) c.preferred = true;
      return c;
    });
  }
  return patient;
}

// ---- reading -----------------------------------------------------------------------------------

const IDENTIFIER_KINDS: readonly string[] = IdentifierKindSchema.options;
const NAME_SOURCES = { document: 'document', spoken: 'spoken', transliterated: 'transliterated' } as const;
const SCRIPT_CODES = Object.fromEntries(SCRIPTS.map((s) => [s, s])) as Record<(typeof SCRIPTS)[number], (typeof SCRIPTS)[number]>;
const GENDERS = { female: 'female', male: 'male', other: 'other', unknown: 'unknown' } as const;
const LEGAL_STATUSES = { refugee: 'refugee', 'asylum-seeker': 'asylum-seeker', migrant: 'migrant', 'subsidiary-protection': 'subsidiary-protection', unknown: 'unknown' } as const;

function readIdentifier(value: unknown, personId: string, path: string): Identifier_ | undefined {
  const identifier = obj(value, path);
  const system = str(identifier.system, `${path}.system`);
  const idValue = str(identifier.value, `${path}.value`);
  if (system === SYSTEM.person) {
    if (idValue !== personId) fail('inconsistent', `${path}.value`);
    return undefined;
  }
  const kind = system.startsWith(IDENTIFIER_SYSTEM_BASE) ? system.slice(IDENTIFIER_SYSTEM_BASE.length) : undefined;
  if (kind === undefined || !IDENTIFIER_KINDS.includes(kind)) return fail('unknown-system', `${path}.system`);
  const out: Record<string, unknown> = { kind, value: idValue };
  if (identifier.assigner !== undefined) {
    const assigner = obj(obj(identifier.assigner, `${path}.assigner`).identifier, `${path}.assigner.identifier`);
    if (str(assigner.system, `${path}.assigner.identifier.system`) !== SYSTEM.iso3166) fail('unknown-system', `${path}.assigner.identifier.system`);
    out.issuer = str(assigner.value, `${path}.assigner.identifier.value`);
  }
  return out as Identifier_;
}

function readName(value: unknown, path: string): Record<string, unknown> {
  const name = obj(value, path);
  const script = extValue(name, EXT.nameScript, 'valueCode', path);
  const source = extValue(name, EXT.nameSource, 'valueCode', path);
  if (script === undefined) fail('missing-element', `${path}.extension('${EXT.nameScript}')`);
  if (source === undefined) fail('missing-element', `${path}.extension('${EXT.nameSource}')`);
  const out: Record<string, unknown> = {
    script: lookup(SCRIPT_CODES, str(script, `${path}.extension('${EXT.nameScript}').valueCode`), `${path}.extension('${EXT.nameScript}')`),
    source: lookup(NAME_SOURCES, str(source, `${path}.extension('${EXT.nameSource}').valueCode`), `${path}.extension('${EXT.nameSource}')`),
    preferred: optBool(extValue(name, EXT.preferred, 'valueBoolean', path), `${path}.extension('${EXT.preferred}').valueBoolean`) ?? false,
  };
  const family = optStr(name.family, `${path}.family`);
  if (family !== undefined) out.family = family;
  const given = arr(name.given, `${path}.given`).map((g, i) => str(g, `${path}.given[${i}]`));
  if (given.length > 0) out.given = given.join(' ');
  return out;
}

function readCountry(value: unknown, path: string): string {
  return soleCoding(value, path, [SYSTEM.iso3166]).code;
}

function readBirth(patient: Json): Record<string, unknown> {
  const birthDate = str(patient.birthDate, 'Patient.birthDate');
  const element = patient._birthDate;
  if (element !== undefined && !isObject(element)) fail('malformed', 'Patient._birthDate');
  const estimate = findExt(element, EXT.estimatedAge, 'Patient._birthDate');
  if (estimate === undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) fail('invalid-element', 'Patient.birthDate');
    return { kind: 'date', date: birthDate };
  }
  const path = `Patient._birthDate.extension('${EXT.estimatedAge}')`;
  const age = obj(extValue(estimate, 'years', 'valueAge', path), `${path}.extension('years').valueAge`);
  if (age.system !== SYSTEM.ucum || age.code !== 'a') fail('invalid-element', `${path}.extension('years').valueAge`);
  const years = num(age.value, `${path}.extension('years').valueAge.value`);
  const estimatedOn = str(extValue(estimate, 'estimatedOn', 'valueDate', path), `${path}.extension('estimatedOn').valueDate`);
  if (birthDate !== estimatedYear(years, estimatedOn)) fail('inconsistent', 'Patient.birthDate');
  return { kind: 'estimated', years, estimatedOn };
}

/** The person as the Patient states it; the envelope is read by the caller (person.ts). */
export function readPatientPerson(patient: Json, personId: string): Record<string, unknown> {
  const person: Record<string, unknown> = {
    names: arr(patient.name, 'Patient.name').map((n, i) => readName(n, `Patient.name[${i}]`)),
    identifiers: arr(patient.identifier, 'Patient.identifier')
      .map((id, i) => readIdentifier(id, personId, `Patient.identifier[${i}]`))
      .filter((id) => id !== undefined),
    birth: readBirth(patient),
    sex: lookup(GENDERS, str(patient.gender, 'Patient.gender'), 'Patient.gender'),
    legalStatus: 'unknown',
    unaccompaniedMinor: false,
    family: [],
  };

  const nationality = findExt(patient, EXT.nationality, 'Patient');
  if (nationality !== undefined) {
    const path = `Patient.extension('${EXT.nationality}')`;
    person.nationality = readCountry(extValue(nationality, 'code', 'valueCodeableConcept', path), `${path}.extension('code').valueCodeableConcept`);
  }
  const origin = extValue(patient, EXT.countryOfOrigin, 'valueCodeableConcept', 'Patient');
  if (origin !== undefined) person.countryOfOrigin = readCountry(origin, `Patient.extension('${EXT.countryOfOrigin}').valueCodeableConcept`);
  const arrival = extValue(patient, EXT.arrivalDate, 'valueDate', 'Patient');
  if (arrival !== undefined) person.arrivalDate = str(arrival, `Patient.extension('${EXT.arrivalDate}').valueDate`);
  const legal = extValue(patient, EXT.legalStatus, 'valueCode', 'Patient');
  if (legal !== undefined) {
    const path = `Patient.extension('${EXT.legalStatus}').valueCode`;
    person.legalStatus = lookup(LEGAL_STATUSES, str(legal, path), path);
  }
  const minor = extValue(patient, EXT.unaccompaniedMinor, 'valueBoolean', 'Patient');
  if (minor !== undefined) person.unaccompaniedMinor = bool(minor, `Patient.extension('${EXT.unaccompaniedMinor}').valueBoolean`);

  const phone = single(patient.telecom, 'Patient.telecom');
  if (phone !== undefined) {
    if (phone.system !== 'phone') fail('unknown-code', 'Patient.telecom[0].system');
    person.phone = str(phone.value, 'Patient.telecom[0].value');
  }

  const communication = arr(patient.communication, 'Patient.communication').map((c, i) => {
    const path = `Patient.communication[${i}]`;
    const item = obj(c, path);
    return { lang: soleCoding(item.language, `${path}.language`, [SYSTEM.bcp47]).code, preferred: optBool(item.preferred, `${path}.preferred`) ?? false };
  });
  // The preferred language comes first; the order of the others is kept.
  person.languages = [...communication.filter((c) => c.preferred), ...communication.filter((c) => !c.preferred)].map((c) => c.lang);
  return person;
}

/** Patient.active false is how a voided person record shows (a Patient has no entered-in-error). */
export function patientVoided(patient: Json): boolean {
  return (optBool(patient.active, 'Patient.active') ?? true) === false;
}
