// Observation entries: vital signs, findings, screening answers, lab results. LOINC codes go under
// http://loinc.org, the project's own (exam.skin, ...) under its code system; quantities carry UCUM.
import type { Observation, ObservationReferenceRange, Quantity } from 'fhir/r4.js';
import { LoincCodeSchema } from '../domain/entries.ts';
import { codeOrText, concept, fhirCode, languageOf, nonEmpty, readCodeOrText, readFreeText, readRef, ref, soleCoding } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, invert, lookup, nonEmptyArr, obj, optNum, optStr, single, str, bool, num, type Json } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { SYSTEM } from './systems.ts';

type ObservationRecord = EntryRecordOf<'observation'>;
type Body = ObservationRecord['body'];

const CATEGORY: Record<Body['category'], string> = {
  'vital-signs': 'vital-signs',
  exam: 'exam',
  screening: 'survey',
  laboratory: 'laboratory',
  'social-history': 'social-history',
};
const CATEGORY_OF = invert(CATEGORY);

const INTERPRETATION: Record<NonNullable<Body['interpretation']>, string> = { normal: 'N', low: 'L', high: 'H', abnormal: 'A', critical: 'AA' };
const INTERPRETATION_OF = invert(INTERPRETATION);

/** LOINC answer codes (LA6576-8) in coded values; anything else is the project's. */
const LOINC_ANSWER = /^LA\d{1,8}-\d$/;

function isLoinc(code: string): boolean {
  return LoincCodeSchema.safeParse(code).success;
}

function quantity(value: number, unit: string | undefined): Quantity {
  return unit === undefined ? { value } : { value, unit, system: SYSTEM.ucum, code: unit };
}

function rangeToFhir(range: NonNullable<Body['referenceRange']>, unit: string | undefined): ObservationReferenceRange {
  const out: ObservationReferenceRange = {};
  if (range.low !== undefined) out.low = quantity(range.low, unit);
  if (range.high !== undefined) out.high = quantity(range.high, unit);
  if (range.text !== undefined) out.text = nonEmpty(range.text, 'Observation.referenceRange.text');
  // FHIR (obs-3) wants a low, a high or a text: an empty range would not come back.
  if (Object.keys(out).length === 0) fail('not-representable', 'Observation.referenceRange');
  return out;
}

export function observationToFhir(record: ObservationRecord): Observation {
  const { body, envelope } = record;
  const obs: Observation = {
    resourceType: 'Observation',
    ...entryBase(record),
    status: envelope.status === 'voided' ? ENTERED_IN_ERROR : 'final',
    category: [concept(SYSTEM.observationCategory, CATEGORY[body.category])],
    code: concept(isLoinc(body.code) ? SYSTEM.loinc : SYSTEM.observationCode, fhirCode(body.code, 'Observation.code.coding.code')),
    subject: subjectRef(record),
    effectiveDateTime: body.effectiveAt,
  };
  put(obs, 'encounter', encounterRef(record));
  const value = body.value;
  switch (value.type) {
    case 'quantity':
      obs.valueQuantity = quantity(value.value, value.unit);
      break;
    case 'coded':
      obs.valueCodeableConcept = concept(LOINC_ANSWER.test(value.code) ? SYSTEM.loinc : SYSTEM.observationValue, fhirCode(value.code, 'Observation.valueCodeableConcept.coding.code'));
      break;
    case 'boolean':
      obs.valueBoolean = value.value;
      break;
    case 'text':
      obs.valueString = value.text.text;
      obs._valueString = languageOf(value.text.lang);
      break;
    case 'date':
      obs.valueDateTime = value.date;
      break;
  }
  if (body.bodySite !== undefined) obs.bodySite = codeOrText(SYSTEM.bodySite, body.bodySite, 'Observation.bodySite');
  if (body.referenceRange !== undefined) obs.referenceRange = [rangeToFhir(body.referenceRange, value.type === 'quantity' ? value.unit : undefined)];
  if (body.interpretation !== undefined) obs.interpretation = [concept(SYSTEM.observationInterpretation, INTERPRETATION[body.interpretation])];
  if (body.documentId !== undefined) obs.derivedFrom = [ref('DocumentReference', body.documentId)];
  if (body.note !== undefined) obs.note = [{ text: body.note.text, _text: languageOf(body.note.lang) }];
  return obs;
}

const VALUE_KEYS = ['valueQuantity', 'valueCodeableConcept', 'valueBoolean', 'valueString', 'valueInteger', 'valueRange', 'valueRatio', 'valueSampledData', 'valueTime', 'valueDateTime', 'valuePeriod'];

function readValue(o: Json): Record<string, unknown> {
  const present = VALUE_KEYS.filter((k) => o[k] !== undefined);
  if (present.length === 0) return fail('missing-element', 'Observation.value[x]');
  if (present.length > 1) return fail('invalid-element', 'Observation.value[x]');
  switch (present[0]) {
    case 'valueQuantity': {
      const q = obj(o.valueQuantity, 'Observation.valueQuantity');
      if (str(q.system, 'Observation.valueQuantity.system') !== SYSTEM.ucum) fail('unknown-system', 'Observation.valueQuantity.system');
      if (q.comparator !== undefined) fail('unsupported-element', 'Observation.valueQuantity.comparator');
      return { type: 'quantity', value: num(q.value, 'Observation.valueQuantity.value'), unit: str(q.code, 'Observation.valueQuantity.code') };
    }
    case 'valueCodeableConcept': {
      const c = soleCoding(o.valueCodeableConcept, 'Observation.valueCodeableConcept', [SYSTEM.loinc, SYSTEM.observationValue]);
      if ((c.system === SYSTEM.loinc) !== LOINC_ANSWER.test(c.code)) fail('invalid-element', `${c.path}.code`);
      return { type: 'coded', code: c.code };
    }
    case 'valueBoolean':
      return { type: 'boolean', value: bool(o.valueBoolean, 'Observation.valueBoolean') };
    case 'valueString':
      return { type: 'text', text: readFreeText(o, 'valueString', 'Observation') };
    case 'valueDateTime': {
      // The record keeps dates (a last menstrual period), not times.
      const date = str(o.valueDateTime, 'Observation.valueDateTime');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) fail('invalid-element', 'Observation.valueDateTime');
      return { type: 'date', date };
    }
    default:
      return fail('unsupported-element', `Observation.${present[0] as string}`);
  }
}

function readRange(range: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['low', 'high'] as const) {
    const q = range[key];
    if (q === undefined) continue;
    const path = `Observation.referenceRange[0].${key}`;
    const value = obj(q, path);
    if (value.system !== undefined && value.system !== SYSTEM.ucum) fail('unknown-system', `${path}.system`);
    out[key] = optNum(value.value, `${path}.value`) ?? fail('missing-element', `${path}.value`);
  }
  const text = optStr(range.text, 'Observation.referenceRange[0].text');
  if (text !== undefined) out.text = text;
  return out;
}

export function observationFromFhir(value: unknown, provenance: unknown): ObservationRecord {
  const o = expectResource(value, 'Observation');
  const status = str(o.status, 'Observation.status');
  if (status !== 'final' && status !== ENTERED_IN_ERROR) fail('unknown-code', 'Observation.status');

  const categories = nonEmptyArr(o.category, 'Observation.category');
  if (categories.length > 1) fail('unsupported-element', 'Observation.category[1]');
  const category = soleCoding(categories[0], 'Observation.category[0]', [SYSTEM.observationCategory]);
  const code = soleCoding(o.code, 'Observation.code', [SYSTEM.loinc, SYSTEM.observationCode]);
  if (code.system === SYSTEM.loinc && !isLoinc(code.code)) fail('invalid-element', `${code.path}.code`);
  if (code.system === SYSTEM.observationCode && isLoinc(code.code)) fail('inconsistent', `${code.path}.system`);

  const body: Record<string, unknown> & { kind: 'observation' } = {
    kind: 'observation',
    category: lookup(CATEGORY_OF, category.code, `${category.path}.code`),
    code: code.code,
    value: readValue(o),
    effectiveAt: str(o.effectiveDateTime, 'Observation.effectiveDateTime'),
  };
  if (o.bodySite !== undefined) body.bodySite = readCodeOrText(o.bodySite, SYSTEM.bodySite, 'Observation.bodySite');
  const range = single(o.referenceRange, 'Observation.referenceRange');
  if (range !== undefined) body.referenceRange = readRange(range);
  const interpretation = single(o.interpretation, 'Observation.interpretation');
  if (interpretation !== undefined) {
    const c = soleCoding(interpretation, 'Observation.interpretation[0]', [SYSTEM.observationInterpretation]);
    body.interpretation = lookup(INTERPRETATION_OF, c.code, `${c.path}.code`);
  }
  const derivedFrom = single(o.derivedFrom, 'Observation.derivedFrom');
  if (derivedFrom !== undefined) body.documentId = readRef(derivedFrom, 'DocumentReference', 'Observation.derivedFrom[0]');
  const note = single(o.note, 'Observation.note');
  if (note !== undefined) body.note = readFreeText(note, 'text', 'Observation.note[0]');

  return readEntry(o, { type: 'Observation', subject: o.subject, subjectPath: 'Observation.subject', encounter: o.encounter, encounterPath: 'Observation.encounter' }, provenance, status === ENTERED_IN_ERROR, body);
}
