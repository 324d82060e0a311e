// Consent entries: the decision is the Consent's status and its provision (permit or deny), the
// purpose a project code in provision.purpose, the scope the standard one that fits the purpose.
// R4's Consent has no encounter element: the episode travels in an extension.
import type { Consent } from 'fhir/r4.js';
import { CONSENT_PURPOSES } from '../domain/entries.ts';
import { coding, concept, extValue, readCoding, ref, soleCoding } from './elements.ts';
import { entryBase, readEntry, subjectRef } from './entry-base.ts';
import { readVoidableCode, voidableCode } from './envelope.ts';
import { fail } from './errors.ts';
import { bool, expectResource, lookup, nonEmptyArr, obj, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { EXT, SYSTEM } from './systems.ts';

type ConsentRecord = EntryRecordOf<'consent'>;
type Body = ConsentRecord['body'];

/** given: in force; refused: rejected; withdrawn: given once, no longer in force. */
const DECISION: Record<Body['decision'], { status: string; provision: 'permit' | 'deny' }> = {
  given: { status: 'active', provision: 'permit' },
  refused: { status: 'rejected', provision: 'deny' },
  withdrawn: { status: 'inactive', provision: 'deny' },
};

const SCOPE: Record<Body['purpose'], string> = {
  assessment: 'treatment',
  'sharing-with-centres': 'patient-privacy',
  'booklet-problems': 'patient-privacy',
  'research-aggregates': 'research',
};

/** LOINC 59284-0, Patient Consent: the usual category of a consent document. */
const CONSENT_CATEGORY = '59284-0';

export function consentToFhir(record: ConsentRecord): Consent {
  const { body, envelope } = record;
  const decision = DECISION[body.decision];
  const status = voidableCode(envelope, decision.status);
  const consent: Consent = {
    resourceType: 'Consent',
    ...entryBase(record),
    status: status.code as Consent['status'],
    scope: concept(SYSTEM.consentScope, SCOPE[body.purpose]),
    category: [concept(SYSTEM.loinc, CONSENT_CATEGORY)],
    patient: subjectRef(record),
    dateTime: body.date,
    // ppc-1 wants a policy or a policy rule: consent is opt-in, nothing happens without it.
    policyRule: concept(SYSTEM.actCode, 'OPTIN'),
    provision: { type: decision.provision, purpose: [coding(SYSTEM.consentPurpose, body.purpose)] },
  };
  if (status.element !== undefined) consent._status = status.element;
  consent.extension = [{ url: EXT.interpreterPresent, valueBoolean: body.interpreterPresent }, ...(consent.extension ?? [])];
  if (record.episodeId !== undefined) consent.extension.push({ url: EXT.encounter, valueReference: ref('Encounter', record.episodeId) });
  return consent;
}

export function consentFromFhir(value: unknown, provenance: unknown): ConsentRecord {
  const c = expectResource(value, 'Consent');
  const status = readVoidableCode(str(c.status, 'Consent.status'), c._status, 'Consent._status');
  if (status.code === undefined) fail('missing-element', 'Consent._status.extension');
  const provision = obj(c.provision, 'Consent.provision');
  const provisionType = str(provision.type, 'Consent.provision.type');
  const entry = Object.entries(DECISION).find(([, d]) => d.status === status.code);
  if (entry === undefined) return fail('unknown-code', 'Consent.status');
  const [decision, expected] = entry;
  if (provisionType !== expected.provision) fail('inconsistent', 'Consent.provision.type');

  const purposes = nonEmptyArr(provision.purpose, 'Consent.provision.purpose');
  if (purposes.length > 1) fail('unsupported-element', 'Consent.provision.purpose[1]');
  const purposeCoding = readCoding(purposes[0], 'Consent.provision.purpose[0]');
  if (purposeCoding.system !== SYSTEM.consentPurpose) fail('unknown-system', 'Consent.provision.purpose[0].system');
  const purpose = lookup(Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, p])) as Record<Body['purpose'], Body['purpose']>, purposeCoding.code, 'Consent.provision.purpose[0].code');
  if (soleCoding(c.scope, 'Consent.scope', [SYSTEM.consentScope]).code !== SCOPE[purpose]) fail('inconsistent', 'Consent.scope');

  const interpreter = extValue(c, EXT.interpreterPresent, 'valueBoolean', 'Consent');
  const body: Record<string, unknown> & { kind: 'consent' } = {
    kind: 'consent',
    purpose,
    decision,
    date: str(c.dateTime, 'Consent.dateTime'),
    interpreterPresent: interpreter === undefined ? false : bool(interpreter, `Consent.extension('${EXT.interpreterPresent}').valueBoolean`),
  };
  const encounter = extValue(c, EXT.encounter, 'valueReference', 'Consent');
  return readEntry(c, { type: 'Consent', subject: c.patient, subjectPath: 'Consent.patient', encounter, encounterPath: `Consent.extension('${EXT.encounter}').valueReference` }, provenance, status.voided, body);
}
