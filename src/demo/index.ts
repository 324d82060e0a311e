// Synthetic demo data for a centre: persons of the real nationality mix, their names in several
// spellings and scripts, and their visits with coded entries. Deterministic: person i of seed s is
// the same on every machine, whatever else is generated, so a large centre can be filled in any
// order or in parallel. Neutral TypeScript: no Node modules.
//
//   demoRecord(i, options)        person i with their episodes
//   demoRecords(n, options)       persons 0..n-1
//
// Every object parses with the domain's schemas (PersonSchema, EpisodeSchema, EntryBodySchema).
import type { EntryBody, Episode } from '../domain/entries.ts';
import type { Person } from '../domain/person.ts';
import { drawEpisodes, type DemoEpisode } from './clinical.ts';
import { isIsoDate } from './dates.ts';
import { drawPerson, reRegister, type PersonDraft, type PersonOptions } from './persons.ts';
import { Random, seedOf } from './random.ts';

export { COUNTRIES } from './persons.ts';
export { TRADITIONS } from './names.ts';
export type { DemoEpisode } from './clinical.ts';
export { Random, seedOf } from './random.ts';

export interface DemoOptions {
  seed?: number | string;
  /** The day the centre is filled up to (visits never later): YYYY-MM-DD. */
  today: string;
  /** ISO 3166-1 alpha-2 of the centre's country: phone numbers and asylum case numbers. */
  hostCountry?: string;
  /** Exactly this many names per person (1-3 typical otherwise). */
  namesPerPerson?: number;
  /** Generate visits (default true). */
  episodes?: boolean;
  /** Share of persons who are a second registration of an earlier one (default 0.02). */
  duplicateRate?: number;
}

export interface DemoRecord {
  index: number;
  person: Person;
  episodes: DemoEpisode[];
  /** When this is a second registration of an earlier person: that person's index. */
  duplicateOf?: number;
}

interface Resolved extends PersonOptions {
  seed: number;
  episodes: boolean;
  duplicateRate: number;
}

function resolve(options: DemoOptions): Resolved {
  if (!isIsoDate(options.today)) throw new Error(`today must be YYYY-MM-DD, not ${options.today}`);
  const host = options.hostCountry ?? 'RS';
  if (!/^[A-Z]{2}$/.test(host)) throw new Error(`hostCountry must be ISO 3166-1 alpha-2, not ${host}`);
  return {
    seed: seedOf(options.seed ?? 1),
    today: options.today,
    hostCountry: host,
    ...(options.namesPerPerson !== undefined && { namesPerPerson: options.namesPerPerson }),
    episodes: options.episodes ?? true,
    duplicateRate: options.duplicateRate ?? 0.02,
  };
}

/** Stream 0 of a person draws who they are; stream 1 their visits; stream 2 a second registration. */
function original(index: number, o: Resolved): PersonDraft {
  return drawPerson(new Random(o.seed, index, 0), o);
}

function isSecond(index: number, o: Resolved): boolean {
  return index > 0 && new Random(o.seed, index, 2).chance(o.duplicateRate);
}

function record(index: number, o: Resolved): DemoRecord {
  const pick = new Random(o.seed, index, 2);
  let draft: PersonDraft;
  let duplicateOf: number | undefined;
  if (index > 0 && pick.chance(o.duplicateRate)) {
    // An earlier person registered once (not themselves a second registration).
    for (let tries = 0; tries < 10 && (duplicateOf === undefined || isSecond(duplicateOf, o)); tries++) duplicateOf = index - 1 - pick.int(0, Math.min(index - 1, 400));
  }
  if (duplicateOf !== undefined && !isSecond(duplicateOf, o)) {
    draft = reRegister(pick, original(duplicateOf, o), o);
  } else {
    duplicateOf = undefined;
    draft = original(index, o);
  }
  const episodes = o.episodes
    ? drawEpisodes(new Random(o.seed, index, 1), { sex: draft.person.sex, age: draft.age, language: draft.person.languages[0], registeredOn: draft.registeredOn }, o.today)
    : [];
  return { index, person: draft.person, episodes, ...(duplicateOf !== undefined && { duplicateOf }) };
}

export function demoRecord(index: number, options: DemoOptions): DemoRecord {
  return record(index, resolve(options));
}

export function* demoRecords(count: number, options: DemoOptions, from = 0): Generator<DemoRecord> {
  const o = resolve(options);
  for (let i = from; i < from + count; i++) yield record(i, o);
}

export type { EntryBody, Episode, Person };
