// Medication entries <-> MedicationStatement: the medicine by name (free text: ATC cannot be shipped),
// the dose as the dosage's text, and the record's status in MedicationStatement.status.
import type { MedicationStatement } from 'fhir/r4.js';
import { nonEmpty } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { readVoidableCode, voidableCode } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, invert, lookup, obj, optObj, optStr, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';

type MedicationRecord = EntryRecordOf<'medication'>;
type Status = MedicationRecord['body']['status'];

/** current: being taken; given: given here (done); prescribed: to be taken; stopped. */
const STATUS: Record<Status, string> = { current: 'active', given: 'completed', prescribed: 'intended', stopped: 'stopped' };
const STATUS_OF = invert(STATUS);

export function medicationToFhir(record: MedicationRecord): MedicationStatement {
  const { body, envelope } = record;
  const status = voidableCode(envelope, STATUS[body.status]);
  const statement: MedicationStatement = {
    resourceType: 'MedicationStatement',
    ...entryBase(record),
    status: status.code as MedicationStatement['status'],
    medicationCodeableConcept: { text: body.name },
    subject: subjectRef(record),
  };
  put(statement, '_status', status.element);
  put(statement, 'context', encounterRef(record));
  if (body.dose !== undefined) statement.dosage = [{ text: nonEmpty(body.dose, 'MedicationStatement.dosage.text') }];
  if (body.start !== undefined || body.end !== undefined) {
    statement.effectivePeriod = {};
    put(statement.effectivePeriod, 'start', body.start);
    put(statement.effectivePeriod, 'end', body.end);
  }
  return statement;
}

export function medicationFromFhir(value: unknown, provenance: unknown): MedicationRecord {
  const m = expectResource(value, 'MedicationStatement');
  const status = readVoidableCode(str(m.status, 'MedicationStatement.status'), m._status, 'MedicationStatement._status');
  if (status.code === undefined) fail('missing-element', 'MedicationStatement._status.extension');
  if (m.medicationReference !== undefined) fail('unsupported-element', 'MedicationStatement.medicationReference');
  const medication = obj(m.medicationCodeableConcept, 'MedicationStatement.medicationCodeableConcept');
  if (medication.coding !== undefined) fail('unsupported-element', 'MedicationStatement.medicationCodeableConcept.coding');

  const body: Record<string, unknown> & { kind: 'medication' } = {
    kind: 'medication',
    name: str(medication.text, 'MedicationStatement.medicationCodeableConcept.text'),
    status: lookup(STATUS_OF, status.code, 'MedicationStatement.status'),
  };
  const dosage = single(m.dosage, 'MedicationStatement.dosage');
  if (dosage !== undefined) body.dose = str(dosage.text, 'MedicationStatement.dosage[0].text');
  const period = optObj(m.effectivePeriod, 'MedicationStatement.effectivePeriod');
  const start = optStr(period?.start, 'MedicationStatement.effectivePeriod.start');
  const end = optStr(period?.end, 'MedicationStatement.effectivePeriod.end');
  if (start !== undefined) body.start = start;
  if (end !== undefined) body.end = end;

  return readEntry(m, { type: 'MedicationStatement', subject: m.subject, subjectPath: 'MedicationStatement.subject', encounter: m.context, encounterPath: 'MedicationStatement.context' }, provenance, status.voided, body);
}
