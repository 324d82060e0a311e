// A family link <-> RelatedPerson. Patient.link means "the same person" in FHIR, so family ties are
// RelatedPersons of the person, each naming the relative's own Patient record by identifier (the
// relative's record need not travel in the same Bundle).
import type { RelatedPerson } from 'fhir/r4.js';
import { v5 as uuidv5 } from 'uuid';
import type { Envelope } from '../domain/envelope.ts';
import type { Person } from '../domain/person.ts';
import { concept, extValue, identifierRef, readIdentifierRef, readRef, ref, soleCoding } from './elements.ts';
import { metaOf } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, invert, lookup, nonEmptyArr } from './read.ts';
import { EXT, SYSTEM, UUID_NAMESPACE } from './systems.ts';

type FamilyLink = Person['family'][number];
type Relation = FamilyLink['relation'];

/** Relations v3-RoleCode has no family code for (its WARD is a coverage role): the project's own codes. */
const OWN_CODES = { companion: 'companion', ward: 'ward' } as const;
type OwnRelation = keyof typeof OWN_CODES;
const isOwn = (relation: Relation): relation is OwnRelation => relation in OWN_CODES;

/** v3-RoleCode where it has the relation; a travelling companion is not family, so it has its own code. */
const ROLE_CODE: Record<Exclude<Relation, OwnRelation>, string> = {
  parent: 'PRN',
  child: 'CHILD',
  sibling: 'SIB',
  spouse: 'SPS',
  guardian: 'GUARD',
  'other-relative': 'FAMMEM',
};
const RELATION_OF_ROLE = invert(ROLE_CODE);

/** Derived from the person and the link's position, so a version always maps to the same ids. */
export function relatedPersonId(personId: string, index: number): string {
  return uuidv5(`Patient/${personId}/family/${index}`, UUID_NAMESPACE);
}

export function relatedPersonToFhir(envelope: Envelope, link: FamilyLink, index: number): RelatedPerson {
  const relation = link.relation;
  const relationship = isOwn(relation) ? concept(SYSTEM.familyRelation, OWN_CODES[relation]) : concept(SYSTEM.roleCode, ROLE_CODE[relation]);
  return {
    resourceType: 'RelatedPerson',
    id: relatedPersonId(envelope.id, index),
    meta: metaOf(envelope),
    extension: [{ url: EXT.relatedPatient, valueReference: identifierRef('Patient', SYSTEM.person, link.personId) }],
    patient: ref('Patient', envelope.id),
    relationship: [relationship],
  };
}

/** The link, after checking that the RelatedPerson belongs to this person. */
export function relatedPersonFromFhir(value: unknown, personId: string): FamilyLink {
  const r = expectResource(value, 'RelatedPerson');
  if (readRef(r.patient, 'Patient', 'RelatedPerson.patient') !== personId) fail('inconsistent', 'RelatedPerson.patient');
  const relationships = nonEmptyArr(r.relationship, 'RelatedPerson.relationship');
  if (relationships.length > 1) fail('unsupported-element', 'RelatedPerson.relationship[1]');
  const code = soleCoding(relationships[0], 'RelatedPerson.relationship[0]', [SYSTEM.roleCode, SYSTEM.familyRelation]);
  const relation: Relation =
    code.system === SYSTEM.familyRelation
      ? lookup(OWN_CODES, code.code, `${code.path}.code`)
      : lookup(RELATION_OF_ROLE, code.code, `${code.path}.code`);
  const relative = extValue(r, EXT.relatedPatient, 'valueReference', 'RelatedPerson');
  if (relative === undefined) fail('missing-element', `RelatedPerson.extension('${EXT.relatedPatient}')`);
  return { personId: readIdentifierRef(relative, 'Patient', SYSTEM.person, `RelatedPerson.extension('${EXT.relatedPatient}').valueReference`), relation };
}
