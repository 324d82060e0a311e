// Allergy entries. "None known" is stated the IPS way: AllergyIntolerance.code from the IPS
// absent-unknown code system, no-known-allergies. A named substance is free text (code.text).
import type { AllergyIntolerance } from 'fhir/r4.js';
import { concept, languageOf, nonEmpty, readFreeText, readCodings } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR } from './envelope.ts';
import { fail } from './errors.ts';
import { arr, expectResource, lookup, nonEmptyArr, obj, optStr, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { SYSTEM } from './systems.ts';

type AllergyRecord = EntryRecordOf<'allergy'>;
type Body = AllergyRecord['body'];

export const NO_KNOWN_ALLERGIES = 'no-known-allergies';

const CATEGORY = { medication: 'medication', food: 'food', environment: 'environment', biologic: 'biologic' } as const satisfies Record<NonNullable<Body['category']>, string>;
const CRITICALITY = { low: 'low', high: 'high', 'unable-to-assess': 'unable-to-assess' } as const satisfies Record<NonNullable<Body['criticality']>, string>;

export function allergyToFhir(record: AllergyRecord): AllergyIntolerance {
  const { body, envelope } = record;
  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    ...entryBase(record),
    code: body.assertion === 'none-known' ? concept(SYSTEM.ipsAbsentUnknown, NO_KNOWN_ALLERGIES, 'No known allergies') : { text: nonEmpty(body.substance ?? '', 'AllergyIntolerance.code.text') },
    patient: subjectRef(record),
  };
  // FHIR (ait-1, ait-2): a clinical status unless entered in error, and then none.
  if (envelope.status === 'voided') allergy.verificationStatus = concept(SYSTEM.allergyVerification, ENTERED_IN_ERROR);
  else allergy.clinicalStatus = concept(SYSTEM.allergyClinical, 'active');
  put(allergy, 'encounter', encounterRef(record));
  if (body.category !== undefined) allergy.category = [body.category];
  if (body.criticality !== undefined) allergy.criticality = body.criticality;
  if (body.reaction !== undefined) allergy.reaction = [{ manifestation: [{ text: body.reaction.text, _text: languageOf(body.reaction.lang) }] }];
  return allergy;
}

function readVoided(a: Record<string, unknown>): boolean {
  if (a.verificationStatus !== undefined) {
    const codes = readCodings(obj(a.verificationStatus, 'AllergyIntolerance.verificationStatus'), 'AllergyIntolerance.verificationStatus');
    const voided = codes.some((c) => c.system === SYSTEM.allergyVerification && c.code === ENTERED_IN_ERROR);
    if (voided) {
      if (a.clinicalStatus !== undefined) fail('inconsistent', 'AllergyIntolerance.clinicalStatus');
      return true;
    }
  }
  const clinical = readCodings(obj(a.clinicalStatus, 'AllergyIntolerance.clinicalStatus'), 'AllergyIntolerance.clinicalStatus');
  if (!clinical.some((c) => c.system === SYSTEM.allergyClinical && c.code === 'active')) fail('unknown-code', 'AllergyIntolerance.clinicalStatus');
  return false;
}

export function allergyFromFhir(value: unknown, provenance: unknown): AllergyRecord {
  const a = expectResource(value, 'AllergyIntolerance');
  const voided = readVoided(a);
  const code = obj(a.code, 'AllergyIntolerance.code');
  const codings = readCodings(code, 'AllergyIntolerance.code');
  const body: Record<string, unknown> & { kind: 'allergy' } = { kind: 'allergy', assertion: 'present' };
  if (codings.length > 0) {
    const [only] = codings;
    if (codings.length > 1 || only === undefined) return fail('unsupported-element', 'AllergyIntolerance.code.coding[1]');
    if (only.system !== SYSTEM.ipsAbsentUnknown) fail('unknown-system', `${only.path}.system`);
    if (only.code !== NO_KNOWN_ALLERGIES) fail('unknown-code', `${only.path}.code`);
    body.assertion = 'none-known';
  } else {
    body.substance = str(code.text, 'AllergyIntolerance.code.text');
  }
  const categories = arr(a.category, 'AllergyIntolerance.category');
  if (categories.length > 1) fail('unsupported-element', 'AllergyIntolerance.category[1]');
  if (categories[0] !== undefined) body.category = lookup(CATEGORY, str(categories[0], 'AllergyIntolerance.category[0]'), 'AllergyIntolerance.category[0]');
  const criticality = optStr(a.criticality, 'AllergyIntolerance.criticality');
  if (criticality !== undefined) body.criticality = lookup(CRITICALITY, criticality, 'AllergyIntolerance.criticality');
  const reaction = single(a.reaction, 'AllergyIntolerance.reaction');
  if (reaction !== undefined) {
    const manifestations = nonEmptyArr(reaction.manifestation, 'AllergyIntolerance.reaction[0].manifestation');
    if (manifestations.length > 1) fail('unsupported-element', 'AllergyIntolerance.reaction[0].manifestation[1]');
    body.reaction = readFreeText(obj(manifestations[0], 'AllergyIntolerance.reaction[0].manifestation[0]'), 'text', 'AllergyIntolerance.reaction[0].manifestation[0]');
  }
  return readEntry(a, { type: 'AllergyIntolerance', subject: a.patient, subjectPath: 'AllergyIntolerance.patient', encounter: a.encounter, encounterPath: 'AllergyIntolerance.encounter' }, provenance, voided, body);
}
