// Referral entries <-> ServiceRequest: to whom (a display-only performer), the specialty, the urgency
// as priority, the reason in its language, and the outcome once known (status completed).
import type { ServiceRequest } from 'fhir/r4.js';
import { findExt, languageOf, nonEmpty, readFreeText } from './elements.ts';
import { encounterRef, entryBase, put, readEntry, subjectRef } from './entry-base.ts';
import { ENTERED_IN_ERROR } from './envelope.ts';
import { fail } from './errors.ts';
import { expectResource, invert, lookup, optObj, optStr, single, str } from './read.ts';
import type { EntryRecordOf } from './records.ts';
import { EXT } from './systems.ts';

type ReferralRecord = EntryRecordOf<'referral'>;
type Urgency = ReferralRecord['body']['urgency'];

const PRIORITY: Record<Urgency, string> = { routine: 'routine', urgent: 'urgent', emergency: 'stat' };
const URGENCY_OF = invert(PRIORITY);

export function referralToFhir(record: ReferralRecord): ServiceRequest {
  const { body, envelope } = record;
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    ...entryBase(record),
    status: envelope.status === 'voided' ? ENTERED_IN_ERROR : body.outcome === undefined ? 'active' : 'completed',
    intent: 'order',
    priority: PRIORITY[body.urgency] as ServiceRequest['priority'],
    subject: subjectRef(record),
    performer: [{ display: body.to }],
    reasonCode: [{ text: body.reason.text, _text: languageOf(body.reason.lang) }],
  };
  put(request, 'encounter', encounterRef(record));
  if (body.specialty !== undefined) request.performerType = { text: nonEmpty(body.specialty, 'ServiceRequest.performerType.text') };
  if (body.outcome !== undefined) {
    request.extension = [{ url: EXT.referralOutcome, valueString: body.outcome.text, _valueString: languageOf(body.outcome.lang) }, ...(request.extension ?? [])];
  }
  return request;
}

export function referralFromFhir(value: unknown, provenance: unknown): ReferralRecord {
  const s = expectResource(value, 'ServiceRequest');
  const status = str(s.status, 'ServiceRequest.status');
  if (status !== 'active' && status !== 'completed' && status !== ENTERED_IN_ERROR) fail('unknown-code', 'ServiceRequest.status');
  if (str(s.intent, 'ServiceRequest.intent') !== 'order') fail('unknown-code', 'ServiceRequest.intent');
  const performer = single(s.performer, 'ServiceRequest.performer');
  if (performer === undefined) fail('missing-element', 'ServiceRequest.performer');
  const reason = single(s.reasonCode, 'ServiceRequest.reasonCode');
  if (reason === undefined) fail('missing-element', 'ServiceRequest.reasonCode');

  const body: Record<string, unknown> & { kind: 'referral' } = {
    kind: 'referral',
    to: str(performer.display, 'ServiceRequest.performer[0].display'),
    urgency: lookup(URGENCY_OF, str(s.priority, 'ServiceRequest.priority'), 'ServiceRequest.priority'),
    reason: readFreeText(reason, 'text', 'ServiceRequest.reasonCode[0]'),
  };
  const specialty = optStr(optObj(s.performerType, 'ServiceRequest.performerType')?.text, 'ServiceRequest.performerType.text');
  if (specialty !== undefined) body.specialty = specialty;
  const outcome = findExt(s, EXT.referralOutcome, 'ServiceRequest');
  if (outcome !== undefined) body.outcome = readFreeText(outcome, 'valueString', `ServiceRequest.extension('${EXT.referralOutcome}')`);
  if (status === 'completed' && outcome === undefined) fail('missing-element', `ServiceRequest.extension('${EXT.referralOutcome}')`);
  if (status === 'active' && outcome !== undefined) fail('inconsistent', 'ServiceRequest.status');

  return readEntry(s, { type: 'ServiceRequest', subject: s.subject, subjectPath: 'ServiceRequest.subject', encounter: s.encounter, encounterPath: 'ServiceRequest.encounter' }, provenance, status === ENTERED_IN_ERROR, body);
}
