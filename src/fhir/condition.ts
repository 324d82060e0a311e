// Condition entries: an ICD-10 diagnosis of the episode, its certainty as the verification status,
// new or known in an extension. A voided diagnosis keeps its certainty in pre-void-code.
import type { Condition } from 'fhir/r4.js';
import { concept, extValue, languageOf, readFreeText, soleCoding } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR, voidableCode } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, lookup, nonEmptyArr, obj, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { EXT, SYSTEM } from './systems.ts';

type ConditionRecord = EntryRecordOf<'condition'>;
type Body = ConditionRecord['body'];

const CERTAINTY = { confirmed: 'confirmed', provisional: 'provisional', differential: 'differential', refuted: 'refuted' } as const satisfies Record<Body['certainty'], string>;
const NOVELTY = { new: 'new', known: 'known' } as const satisfies Record<Body['novelty'], string>;

export function conditionToFhir(record: ConditionRecord): Condition {
  const { body, envelope } = record;
  const verification = voidableCode(envelope, CERTAINTY[body.certainty]);
  const condition: Condition = {
    resourceType: 'Condition',
    ...entryBase(record),
    verificationStatus: { ...(verification.element ?? {}), ...concept(SYSTEM.conditionVerification, verification.code) },
    category: [concept(SYSTEM.conditionCategory, 'encounter-diagnosis')],
    code: concept(SYSTEM.icd10, body.icd10),
    subject: subjectRef(record),
  };
  condition.extension = [{ url: EXT.conditionNovelty, valueCode: body.novelty }, ...(condition.extension ?? [])];
  put(condition, 'encounter', encounterRef(record));
  if (body.onset !== undefined) condition.onsetDateTime = body.onset;
  if (body.note !== undefined) condition.note = [{ text: body.note.text, _text: languageOf(body.note.lang) }];
  return condition;
}

export function conditionFromFhir(value: unknown, provenance: unknown): ConditionRecord {
  const c = expectResource(value, 'Condition');
  if (c.clinicalStatus !== undefined) fail('unsupported-element', 'Condition.clinicalStatus');
  const verificationElement = obj(c.verificationStatus, 'Condition.verificationStatus');
  const verification = soleCoding(verificationElement, 'Condition.verificationStatus', [SYSTEM.conditionVerification]);
  const voided = verification.code === ENTERED_IN_ERROR;
  let certainty = verification.code;
  if (voided) {
    const before = extValue(verificationElement, EXT.preVoidCode, 'valueCode', 'Condition.verificationStatus');
    if (before === undefined) fail('missing-element', `Condition.verificationStatus.extension('${EXT.preVoidCode}')`);
    certainty = str(before, `Condition.verificationStatus.extension('${EXT.preVoidCode}').valueCode`);
  }
  const categories = nonEmptyArr(c.category, 'Condition.category');
  if (categories.length > 1) fail('unsupported-element', 'Condition.category[1]');
  if (soleCoding(categories[0], 'Condition.category[0]', [SYSTEM.conditionCategory]).code !== 'encounter-diagnosis') fail('unknown-code', 'Condition.category[0].coding[0].code');

  const novelty = extValue(c, EXT.conditionNovelty, 'valueCode', 'Condition');
  if (novelty === undefined) fail('missing-element', `Condition.extension('${EXT.conditionNovelty}')`);
  const body: Record<string, unknown> & { kind: 'condition' } = {
    kind: 'condition',
    icd10: soleCoding(c.code, 'Condition.code', [SYSTEM.icd10]).code,
    novelty: lookup(NOVELTY, str(novelty, `Condition.extension('${EXT.conditionNovelty}').valueCode`), `Condition.extension('${EXT.conditionNovelty}')`),
    certainty: lookup(CERTAINTY, certainty, 'Condition.verificationStatus'),
  };
  if (c.onsetDateTime !== undefined) body.onset = str(c.onsetDateTime, 'Condition.onsetDateTime');
  const note = single(c.note, 'Condition.note');
  if (note !== undefined) body.note = readFreeText(note, 'text', 'Condition.note[0]');

  return readEntry(c, { type: 'Condition', subject: c.subject, subjectPath: 'Condition.subject', encounter: c.encounter, encounterPath: 'Condition.encounter' }, provenance, voided, body);
}
