// Episode <-> Encounter: the visit's type in the project's code system, its date as the period's
// start, a mediator as a translator participant, complaints as the reason in their language.
import type { Encounter, Extension, Provenance } from 'fhir/r4.js';
import { EpisodeTypeSchema } from '../domain/entries.ts';
import { concept, coding, extValue, findExt, languageOf, readCodings, readFreeText, readRef, ref, soleCoding } from './elements.ts';
import { ENTERED_IN_ERROR, envelopeExtensions, metaOf, readEnvelope } from './envelope.ts';
import { fail } from './errors.ts';
import { arr, expectResource, lookup, nonEmptyArr, obj, single, str } from './read.ts';
import { EpisodeRecordSchema, type EpisodeRecord } from './records.ts';
import { provenanceToFhir } from './provenance.ts';
import { EXT, SYSTEM } from './systems.ts';
import { parseRecord } from './validate.ts';

const EPISODE_TYPES = Object.fromEntries(EpisodeTypeSchema.options.map((t) => [t, t])) as Record<EpisodeRecord['episode']['type'], EpisodeRecord['episode']['type']>;

export function encounterToFhir(record: EpisodeRecord): Encounter {
  const { envelope, episode } = record;
  const extension: Extension[] = [];
  if (episode.language !== undefined) extension.push({ url: EXT.consultationLanguage, valueCode: episode.language });
  if (episode.counselling !== undefined) {
    extension.push({ url: EXT.counselling, valueString: episode.counselling.text, _valueString: languageOf(episode.counselling.lang) });
  }
  if (episode.nextVisit !== undefined) extension.push({ url: EXT.nextVisit, valueDate: episode.nextVisit });
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: envelope.id,
    meta: metaOf(envelope),
    extension: [...extension, ...envelopeExtensions(envelope)],
    status: envelope.status === 'voided' ? ENTERED_IN_ERROR : 'finished',
    class: coding(SYSTEM.actCode, 'AMB', 'ambulatory'),
    type: [concept(SYSTEM.episodeType, episode.type)],
    subject: ref('Patient', record.personId),
    period: { start: episode.date },
  };
  if (episode.mediatorPresent) encounter.participant = [{ type: [concept(SYSTEM.participationType, 'TRANSL', 'Translator')] }];
  if (episode.complaints !== undefined) encounter.reasonCode = [{ text: episode.complaints.text, _text: languageOf(episode.complaints.lang) }];
  return encounter;
}

export function encounterWithProvenance(record: EpisodeRecord): { encounter: Encounter; provenance: Provenance } {
  return { encounter: encounterToFhir(record), provenance: provenanceToFhir(record.envelope, [{ type: 'Encounter', id: record.envelope.id }]) };
}

export function encounterFromFhir(value: unknown, provenance: unknown): EpisodeRecord {
  const e = expectResource(value, 'Encounter');
  const status = str(e.status, 'Encounter.status');
  if (status !== 'finished' && status !== ENTERED_IN_ERROR) fail('unknown-code', 'Encounter.status');
  const types = nonEmptyArr(e.type, 'Encounter.type');
  if (types.length > 1) fail('unsupported-element', 'Encounter.type[1]');
  const type = soleCoding(types[0], 'Encounter.type[0]', [SYSTEM.episodeType]);
  const period = obj(e.period, 'Encounter.period');

  // A translator among the participants is the mediator; other participants are not the mapping's.
  const mediatorPresent = arr(e.participant, 'Encounter.participant').some((p, i) => {
    const participant = obj(p, `Encounter.participant[${i}]`);
    return arr(participant.type, `Encounter.participant[${i}].type`).some((t, j) => {
      const path = `Encounter.participant[${i}].type[${j}]`;
      return readCodings(obj(t, path), path).some((c) => c.system === SYSTEM.participationType && c.code === 'TRANSL');
    });
  });

  const episode: Record<string, unknown> = {
    type: lookup(EPISODE_TYPES, type.code, `${type.path}.code`),
    date: str(period.start, 'Encounter.period.start'),
    mediatorPresent,
  };
  const language = extValue(e, EXT.consultationLanguage, 'valueCode', 'Encounter');
  if (language !== undefined) episode.language = str(language, `Encounter.extension('${EXT.consultationLanguage}').valueCode`);
  const counselling = findExt(e, EXT.counselling, 'Encounter');
  if (counselling !== undefined) episode.counselling = readFreeText(counselling, 'valueString', `Encounter.extension('${EXT.counselling}')`);
  const nextVisit = extValue(e, EXT.nextVisit, 'valueDate', 'Encounter');
  if (nextVisit !== undefined) episode.nextVisit = str(nextVisit, `Encounter.extension('${EXT.nextVisit}').valueDate`);
  const reason = single(e.reasonCode, 'Encounter.reasonCode');
  if (reason !== undefined) episode.complaints = readFreeText(reason, 'text', 'Encounter.reasonCode[0]');

  const envelope = readEnvelope(e, 'Encounter', provenance, status === ENTERED_IN_ERROR);
  const personId = readRef(e.subject, 'Patient', 'Encounter.subject');
  return parseRecord(EpisodeRecordSchema, { envelope, personId, episode }, 'Encounter');
}
