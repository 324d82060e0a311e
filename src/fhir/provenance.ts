// One Provenance per version of a record: who wrote it (the user, on behalf of the site), when it was
// recorded, and the version of each target. Users and sites are referred to by identifier: they are
// not Practitioner or Organization resources of their own.
import type { Provenance, Reference } from 'fhir/r4.js';
import { v5 as uuidv5 } from 'uuid';
import type { Envelope } from '../domain/envelope.ts';
import { coding, extValue, identifierRef, readCodings, readIdentifierRef, readRef, ref } from './elements.ts';
import { fail } from './errors.ts';
import { expectResource, nonEmptyArr, num, obj, str } from './read.ts';
import { EXT, SYSTEM, UUID_NAMESPACE } from './systems.ts';

/** Every resource type the mapping writes a Provenance for. */
export const PROVENANCE_TARGET_TYPES = [
  'Patient',
  'RelatedPerson',
  'Encounter',
  'Observation',
  'Immunization',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
  'ServiceRequest',
  'Consent',
  'DocumentReference',
] as const;

export interface ProvenanceTarget {
  type: string;
  id: string;
}

/** The Provenance's own id: derived from what it describes, so the same version always gets the same one. */
export function provenanceId(target: ProvenanceTarget, version: number): string {
  return uuidv5(`${target.type}/${target.id}/_history/${version}`, UUID_NAMESPACE);
}

function activity(envelope: Envelope): string {
  if (envelope.status === 'voided') return 'NULLIFY';
  return envelope.version === 1 ? 'CREATE' : 'UPDATE';
}

/** The first target is the record itself; the others are resources written as part of it (RelatedPerson). */
export function provenanceToFhir(envelope: Envelope, targets: ProvenanceTarget[]): Provenance {
  const [first] = targets;
  if (first === undefined) return fail('missing-element', 'Provenance.target');
  return {
    resourceType: 'Provenance',
    id: provenanceId(first, envelope.version),
    target: targets.map((t): Reference => ({ ...ref(t.type, t.id), extension: [{ url: EXT.targetVersion, valuePositiveInt: envelope.version }] })),
    recorded: envelope.updatedAt,
    activity: { coding: [coding(SYSTEM.dataOperation, activity(envelope))] },
    agent: [
      {
        type: { coding: [coding(SYSTEM.provenanceAgentType, 'author')] },
        who: identifierRef('Practitioner', SYSTEM.user, envelope.authorId),
        onBehalfOf: identifierRef('Organization', SYSTEM.site, envelope.siteId),
      },
    ],
  };
}

export interface ReadTarget extends ProvenanceTarget {
  version: number;
}

/** The targets a Provenance names, each with its version. */
export function readProvenanceTargets(value: unknown, types: readonly string[] = PROVENANCE_TARGET_TYPES): ReadTarget[] {
  const p = expectResource(value, 'Provenance');
  return nonEmptyArr(p.target, 'Provenance.target').map((t, i) => {
    const path = `Provenance.target[${i}]`;
    const target = obj(t, path);
    const type = str(target.type, `${path}.type`);
    if (!types.includes(type)) fail('unknown-code', `${path}.type`);
    const version = extValue(target, EXT.targetVersion, 'valuePositiveInt', path);
    if (version === undefined) fail('missing-element', `${path}.extension('${EXT.targetVersion}')`);
    return { type, id: readRef(target, type, path), version: num(version, `${path}.extension('${EXT.targetVersion}').valuePositiveInt`) };
  });
}

/** Site and author of one version, after checking that the Provenance is about exactly that version. */
export function provenanceFromFhir(value: unknown, target: ReadTarget & { updatedAt: string }): { siteId: string; authorId: string } {
  const p = expectResource(value, 'Provenance');
  const [first] = readProvenanceTargets(p);
  if (first?.type !== target.type) fail('inconsistent', 'Provenance.target[0].type');
  if (first === undefined || first.id !== target.id) fail('inconsistent', 'Provenance.target[0]');
  if (first.version !== target.version) fail('inconsistent', `Provenance.target[0].extension('${EXT.targetVersion}')`);
  if (str(p.recorded, 'Provenance.recorded') !== target.updatedAt) fail('inconsistent', 'Provenance.recorded');

  const agents = nonEmptyArr(p.agent, 'Provenance.agent').map((a, i) => obj(a, `Provenance.agent[${i}]`));
  const authors = agents.filter((a, i) => {
    const type = a.type === undefined ? [] : readCodings(obj(a.type, `Provenance.agent[${i}].type`), `Provenance.agent[${i}].type`);
    return type.some((c) => c.system === SYSTEM.provenanceAgentType && c.code === 'author');
  });
  if (authors.length === 0) fail('missing-element', "Provenance.agent.where(type='author')");
  if (authors.length > 1) fail('duplicate', "Provenance.agent.where(type='author')");
  const author = authors[0] as Record<string, unknown>;
  const path = `Provenance.agent[${agents.indexOf(author)}]`;
  return {
    authorId: readIdentifierRef(author.who, 'Practitioner', SYSTEM.user, `${path}.who`),
    siteId: readIdentifierRef(author.onBehalfOf, 'Organization', SYSTEM.site, `${path}.onBehalfOf`),
  };
}
