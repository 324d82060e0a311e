// Immunization entries. The vaccine is coded twice where it can be: the CVX product and the antigen
// (project code system); the evidence is primarySource/reportOrigin; an unknown status is not-done.
import type { Coding, Immunization } from 'fhir/r4.js';
import { CvxCodeSchema } from '../domain/entries.ts';
import { codeOrText, coding, concept, fhirCode, nonEmpty, readCodeOrText, readCodings, soleCoding } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR } from './envelope.ts';
import { fail } from './errors.ts';
import { bool, expectResource, num, obj, optStr, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { SYSTEM } from './systems.ts';

type ImmunizationRecord = EntryRecordOf<'immunization'>;
type Evidence = ImmunizationRecord['body']['evidence'];

/** What Immunization.occurrenceString says when the date is not known. */
export const UNKNOWN_DATE = 'unknown';

/** The reportOrigin of a historical record: seen on a card, or told by the person. */
const ORIGIN: Partial<Record<Evidence, string>> = { documented: 'record', reported: 'recall' };

export function immunizationToFhir(record: ImmunizationRecord): Immunization {
  const { body, envelope } = record;
  // An unknown status is "not done" for FHIR readers: European guidance treats an undocumented
  // vaccination as not given. The reason says it is unknown, not refused.
  const notDone = body.evidence === 'unknown';
  const codings: Coding[] = [];
  if (body.cvx !== undefined) codings.push(coding(SYSTEM.cvx, body.cvx));
  codings.push(coding(SYSTEM.antigen, fhirCode(body.antigen, 'Immunization.vaccineCode.coding.code')));
  const imm: Immunization = {
    resourceType: 'Immunization',
    ...entryBase(record),
    status: envelope.status === 'voided' ? ENTERED_IN_ERROR : notDone ? 'not-done' : 'completed',
    vaccineCode: { coding: codings },
    patient: subjectRef(record),
    primarySource: body.evidence === 'given',
  };
  put(imm, 'encounter', encounterRef(record));
  if (body.product !== undefined) imm.vaccineCode.text = nonEmpty(body.product, 'Immunization.vaccineCode.text');
  if (body.date !== undefined) imm.occurrenceDateTime = body.date;
  else imm.occurrenceString = UNKNOWN_DATE;
  const origin = ORIGIN[body.evidence];
  if (origin !== undefined) imm.reportOrigin = concept(SYSTEM.immunizationOrigin, origin);
  if (notDone) imm.statusReason = concept(SYSTEM.immunizationEvidence, 'unknown', 'Vaccination status unknown');
  if (body.lot !== undefined) imm.lotNumber = nonEmpty(body.lot, 'Immunization.lotNumber');
  if (body.site !== undefined) imm.site = codeOrText(SYSTEM.bodySite, body.site, 'Immunization.site');
  if (body.dose !== undefined) imm.protocolApplied = [{ doseNumberPositiveInt: body.dose }];
  return imm;
}

function readEvidence(i: Record<string, unknown>): Evidence {
  if (bool(i.primarySource, 'Immunization.primarySource')) {
    if (i.reportOrigin !== undefined) fail('inconsistent', 'Immunization.reportOrigin');
    return 'given';
  }
  if (i.reportOrigin !== undefined) {
    const origin = soleCoding(i.reportOrigin, 'Immunization.reportOrigin', [SYSTEM.immunizationOrigin]);
    if (origin.code === 'record') return 'documented';
    if (origin.code === 'recall') return 'reported';
    return fail('unknown-code', `${origin.path}.code`);
  }
  const reason = i.statusReason === undefined ? undefined : soleCoding(i.statusReason, 'Immunization.statusReason', [SYSTEM.immunizationEvidence]);
  if (reason?.code === 'unknown') return 'unknown';
  return fail('missing-element', 'Immunization.reportOrigin');
}

export function immunizationFromFhir(value: unknown, provenance: unknown): ImmunizationRecord {
  const i = expectResource(value, 'Immunization');
  const status = str(i.status, 'Immunization.status');
  if (status !== 'completed' && status !== 'not-done' && status !== ENTERED_IN_ERROR) fail('unknown-code', 'Immunization.status');
  const evidence = readEvidence(i);
  if (status !== ENTERED_IN_ERROR && (status === 'not-done') !== (evidence === 'unknown')) fail('inconsistent', 'Immunization.status');

  const vaccine = obj(i.vaccineCode, 'Immunization.vaccineCode');
  const codings = readCodings(vaccine, 'Immunization.vaccineCode');
  const unknown = codings.find((c) => c.system !== SYSTEM.cvx && c.system !== SYSTEM.antigen);
  if (unknown !== undefined) fail('unknown-system', `${unknown.path}.system`);
  const antigens = codings.filter((c) => c.system === SYSTEM.antigen);
  const cvx = codings.filter((c) => c.system === SYSTEM.cvx);
  if (antigens.length === 0) fail('missing-element', `Immunization.vaccineCode.coding.where(system='${SYSTEM.antigen}')`);
  if (antigens.length > 1 || cvx.length > 1) fail('duplicate', 'Immunization.vaccineCode.coding');

  const body: Record<string, unknown> & { kind: 'immunization' } = { kind: 'immunization', antigen: (antigens[0] as { code: string }).code, evidence };
  if (cvx[0] !== undefined) {
    if (!CvxCodeSchema.safeParse(cvx[0].code).success) fail('invalid-element', `${cvx[0].path}.code`);
    body.cvx = cvx[0].code;
  }
  const product = optStr(vaccine.text, 'Immunization.vaccineCode.text');
  if (product !== undefined) body.product = product;

  if (i.occurrenceDateTime !== undefined) body.date = str(i.occurrenceDateTime, 'Immunization.occurrenceDateTime');
  else if (str(i.occurrenceString, 'Immunization.occurrence[x]') !== UNKNOWN_DATE) fail('invalid-element', 'Immunization.occurrenceString');

  const lot = optStr(i.lotNumber, 'Immunization.lotNumber');
  if (lot !== undefined) body.lot = lot;
  if (i.site !== undefined) body.site = readCodeOrText(i.site, SYSTEM.bodySite, 'Immunization.site');
  const protocol = single(i.protocolApplied, 'Immunization.protocolApplied');
  if (protocol !== undefined) body.dose = num(protocol.doseNumberPositiveInt, 'Immunization.protocolApplied[0].doseNumberPositiveInt');

  return readEntry(i, { type: 'Immunization', subject: i.patient, subjectPath: 'Immunization.patient', encounter: i.encounter, encounterPath: 'Immunization.encounter' }, provenance, status === ENTERED_IN_ERROR, body);
}
