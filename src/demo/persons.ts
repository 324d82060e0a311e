// Demo persons: the nationality mix of migrant health centres, names in the spellings and scripts
// they are registered under, birth dates or estimated ages (1 January where the day is unknown),
// identifiers, arrival, legal status and phone numbers.
import type { Person, PersonName, Sex } from '../domain/person.ts';
import { addDays, yearsBefore } from './dates.ts';
import { TRADITIONS, type NameEntry, type NamingGroup, type NamingTradition } from './names.ts';
import type { Random } from './random.ts';

export interface CountryProfile {
  /** ISO 3166-1 alpha-2. */
  code: string;
  group: NamingGroup;
  /** Relative share among the persons of a centre. */
  weight: number;
  maleShare: number;
  /** Share of children under 18. */
  childShare: number;
  /** The languages of a person, one set drawn. */
  languages: readonly (readonly string[])[];
  /** Passport and national id formats: A a letter, 9 a digit, anything else as is. */
  passport: string;
  nationalId?: string;
  /** Share of documents that say 1 January for an unknown day. */
  january1: number;
  /** Share of persons with no date at all, only an estimated age. */
  estimated: number;
  /** Share with a passport (many flee without one). */
  passportShare: number;
}

/** Who comes to the centres, after the asylum statistics of the Balkan and Mediterranean routes. */
export const COUNTRIES: readonly CountryProfile[] = [
  { code: 'SY', group: 'levant', weight: 16, maleShare: 0.62, childShare: 0.32, languages: [['ar'], ['ar'], ['ar', 'ku'], ['ku', 'ar']], passport: 'N99999999', nationalId: '99999999999', january1: 0.15, estimated: 0.05, passportShare: 0.45 },
  { code: 'AF', group: 'afghan', weight: 14, maleShare: 0.72, childShare: 0.3, languages: [['fa'], ['fa'], ['ps'], ['ps', 'fa']], passport: 'P99999999', nationalId: '9999-9999-99999', january1: 0.45, estimated: 0.2, passportShare: 0.25 },
  { code: 'IQ', group: 'iraq', weight: 7, maleShare: 0.6, childShare: 0.3, languages: [['ar'], ['ar'], ['ckb', 'ar'], ['kmr']], passport: 'A99999999', nationalId: '999999999999', january1: 0.3, estimated: 0.05, passportShare: 0.5 },
  { code: 'PK', group: 'pakistan', weight: 7, maleShare: 0.93, childShare: 0.08, languages: [['ur'], ['ur', 'pa'], ['pa'], ['ps', 'ur']], passport: 'AA9999999', nationalId: '99999-9999999-9', january1: 0.3, estimated: 0.05, passportShare: 0.6 },
  { code: 'IR', group: 'iran', weight: 4, maleShare: 0.6, childShare: 0.2, languages: [['fa'], ['fa'], ['az', 'fa'], ['ku', 'fa']], passport: 'K99999999', nationalId: '9999999999', january1: 0.05, estimated: 0.02, passportShare: 0.6 },
  { code: 'MA', group: 'maghreb', weight: 6, maleShare: 0.88, childShare: 0.1, languages: [['ar', 'fr'], ['ar'], ['zgh', 'ar'], ['ar', 'es']], passport: 'AA9999999', nationalId: 'AA999999', january1: 0.1, estimated: 0.05, passportShare: 0.55 },
  { code: 'DZ', group: 'maghreb', weight: 4, maleShare: 0.88, childShare: 0.08, languages: [['ar', 'fr'], ['ar'], ['kab', 'fr']], passport: '999999999', nationalId: '999999999999999999', january1: 0.1, estimated: 0.05, passportShare: 0.55 },
  { code: 'ER', group: 'eritrea', weight: 4, maleShare: 0.65, childShare: 0.25, languages: [['ti'], ['ti'], ['ti', 'ar'], ['tig']], passport: 'P9999999', january1: 0.4, estimated: 0.25, passportShare: 0.1 },
  { code: 'SO', group: 'somali', weight: 4, maleShare: 0.6, childShare: 0.3, languages: [['so'], ['so'], ['so', 'ar']], passport: 'P99999999', january1: 0.5, estimated: 0.25, passportShare: 0.15 },
  { code: 'SD', group: 'sudan', weight: 4, maleShare: 0.78, childShare: 0.2, languages: [['ar'], ['ar'], ['ar', 'en'], ['fvr', 'ar']], passport: 'P99999999', nationalId: '999-9999-9999', january1: 0.45, estimated: 0.15, passportShare: 0.25 },
  { code: 'PS', group: 'levant', weight: 4, maleShare: 0.6, childShare: 0.3, languages: [['ar']], passport: '9999999', nationalId: '999999999', january1: 0.1, estimated: 0.03, passportShare: 0.5 },
  { code: 'BD', group: 'bangla', weight: 6, maleShare: 0.95, childShare: 0.03, languages: [['bn'], ['bn'], ['bn', 'en'], ['ctg', 'bn']], passport: 'A99999999', nationalId: '9999999999', january1: 0.35, estimated: 0.05, passportShare: 0.7 },
  { code: 'NG', group: 'nigeria', weight: 3, maleShare: 0.6, childShare: 0.15, languages: [['en'], ['en', 'yo'], ['en', 'ig'], ['ha', 'en'], ['pcm', 'en']], passport: 'A99999999', nationalId: '99999999999', january1: 0.15, estimated: 0.05, passportShare: 0.6 },
  { code: 'CD', group: 'congo', weight: 3, maleShare: 0.5, childShare: 0.3, languages: [['fr', 'ln'], ['fr', 'sw'], ['ln'], ['fr']], passport: 'OB9999999', january1: 0.2, estimated: 0.1, passportShare: 0.4 },
  { code: 'UA', group: 'ukraine', weight: 5, maleShare: 0.32, childShare: 0.35, languages: [['uk'], ['uk', 'ru'], ['ru']], passport: 'AA999999', nationalId: '999999999', january1: 0.02, estimated: 0, passportShare: 0.85 },
  { code: 'TR', group: 'turkey', weight: 6, maleShare: 0.72, childShare: 0.15, languages: [['tr'], ['tr'], ['ku', 'tr'], ['kmr', 'tr']], passport: 'U99999999', nationalId: '99999999999', january1: 0.1, estimated: 0.02, passportShare: 0.6 },
  { code: 'EG', group: 'egypt', weight: 5, maleShare: 0.9, childShare: 0.12, languages: [['ar'], ['ar'], ['ar', 'en']], passport: 'A99999999', nationalId: '99999999999999', january1: 0.1, estimated: 0.03, passportShare: 0.6 },
];

const COUNTRY_WEIGHTS = Object.fromEntries(COUNTRIES.map((c) => [c.code, c.weight])) as Record<string, number>;
const BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

/** Mobile numbers of the host country, as people give them: +381 64 123 4567. */
const HOST_PHONES: Record<string, string> = {
  RS: '+381 6X XXX XXXX',
  GR: '+30 69X XXX XXXX',
  IT: '+39 3XX XXX XXXX',
  HR: '+385 9X XXX XXXX',
  SI: '+386 XX XXX XXX',
  BG: '+359 8X XXX XXXX',
  RO: '+40 7XX XXX XXX',
  FR: '+33 6 XX XX XX XX',
  ES: '+34 6XX XXX XXX',
  DE: '+49 15X XXXXXXX',
  AT: '+43 6XX XXXXXXX',
  BA: '+387 6X XXX XXX',
  MK: '+389 7X XXX XXX',
  MT: '+356 79XX XXXX',
  CY: '+357 9X XXX XXX',
};

/** A value of a pattern: A a letter, 9 a digit (X a digit in phone patterns, where 9 is a 9). */
function fill(rng: Random, pattern: string, digit = '9'): string {
  let out = '';
  for (const c of pattern) {
    if (c === digit) out += String(rng.int(0, 9));
    else if (c === 'A' && digit === '9') out += String.fromCharCode(65 + rng.int(0, 25));
    else out += c;
  }
  return out;
}

/** The parts of a person's name before spelling: [given parts], [family parts]. */
export interface NameParts {
  group: NamingGroup;
  given: NameEntry[];
  family: NameEntry[];
}

function drawEntry(rng: Random, list: readonly NameEntry[], sex: Sex, s: number): NameEntry {
  for (let tries = 0; tries < 20; tries++) {
    const e = list[rng.zipf(list.length, s)] as NameEntry;
    if (e.sex === undefined || e.sex === sex) return e;
  }
  return list.find((e) => e.sex === undefined) as NameEntry;
}

export function drawNameParts(rng: Random, group: NamingGroup, sex: Sex): NameParts {
  const t: NamingTradition = TRADITIONS[group];
  const female = sex === 'female';
  const given: NameEntry[] = [];
  if (!female && t.malePrefix && rng.chance(t.malePrefix.share)) given.push(t.malePrefix.entry);
  given.push(drawEntry(rng, female ? t.female : t.male, sex, 1));
  const family: NameEntry[] = [];
  if (t.middle && rng.chance(t.middle.share)) {
    const from = t.middle.from === 'male' ? t.male : t.family;
    family.push(drawEntry(rng, from, sex, 0.9));
  }
  let last = drawEntry(rng, t.family, sex, 0.8);
  for (let tries = 0; tries < 5 && family.includes(last); tries++) last = drawEntry(rng, t.family, sex, 0.8);
  family.push(last);
  return { group, given, family };
}

/** A slip of the keyboard: two letters swapped, one dropped or doubled. */
function typo(rng: Random, word: string): string {
  if (word.length < 4) return word;
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 2)) {
    case 0:
      return word.slice(0, i) + (word[i + 1] as string) + (word[i] as string) + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    default:
      return word.slice(0, i) + (word[i] as string) + word.slice(i);
  }
}

type Spelling = 'document' | 'native' | 'alternative';

function spell(rng: Random, entries: readonly NameEntry[], how: Spelling, typoRate: number): string {
  return entries
    .map((e) => {
      if (how === 'native') return e.native ?? (e.latin[0] as string);
      if (how === 'document' || e.latin.length === 1) return e.latin[0] as string;
      const word = e.latin[rng.int(1, e.latin.length - 1)] as string;
      return rng.chance(typoRate) ? typo(rng, word) : word;
    })
    .join(' ');
}

function script(group: NamingGroup): PersonName['script'] {
  return TRADITIONS[group].script;
}

/**
 * The names a person is registered under: the document's Latin spelling (preferred), the name in the
 * original script as the person writes or says it, and another Latin transliteration; `count` of
 * them (fewer when the spellings run out).
 */
export function spellNames(rng: Random, parts: NameParts, count: number, typoRate = 0.04): PersonName[] {
  const names: PersonName[] = [];
  const seen = new Set<string>();
  const add = (how: Spelling, source: PersonName['source'], scriptOf: PersonName['script'], preferred: boolean): boolean => {
    const given = spell(rng, parts.given, how, typoRate);
    const family = spell(rng, parts.family, how, typoRate);
    const key = `${given}|${family}`;
    if (seen.has(key)) return false;
    seen.add(key);
    names.push({ given, family, script: scriptOf, source, preferred });
    return true;
  };
  add('document', 'document', 'Latn', true);
  const own = script(parts.group);
  const hasNative = own !== 'Latn' && [...parts.given, ...parts.family].every((e) => e.native !== undefined);
  if (names.length < count && hasNative) add('native', parts.group === 'ukraine' ? 'document' : 'spoken', own, false);
  for (let tries = 0; names.length < count && tries < 6; tries++) add('alternative', tries % 2 === 0 ? 'transliterated' : 'spoken', 'Latn', false);
  return names;
}

export interface PersonDraft {
  person: Person;
  parts: NameParts;
  /** Age in whole years on the day of registration. */
  age: number;
  /** The day of the first visit (the initial assessment). */
  registeredOn: string;
}

export interface PersonOptions {
  today: string;
  hostCountry: string;
  /** Exactly this many names per person; otherwise 3 typical, 2 or 1 for some. */
  namesPerPerson?: number;
}

function drawAge(rng: Random, childShare: number): number {
  if (rng.chance(childShare)) {
    // Children: more small ones.
    return Math.min(17, Math.floor(rng.next() ** 1.3 * 18));
  }
  const r = rng.next();
  if (r < 0.7) return rng.int(18, 35);
  if (r < 0.93) return rng.int(36, 55);
  return rng.int(56, 82);
}

export function drawPerson(rng: Random, options: PersonOptions): PersonDraft {
  const profile = BY_CODE.get(rng.weighted(COUNTRY_WEIGHTS)) as CountryProfile;
  const age = drawAge(rng, profile.childShare);
  const r = rng.next();
  const adultMaleShare = age < 18 ? 0.55 : profile.maleShare;
  const sex: Sex = r < 0.003 ? 'unknown' : rng.chance(adultMaleShare) ? 'male' : 'female';
  const parts = drawNameParts(rng, profile.group, sex);
  const nameCount = options.namesPerPerson ?? (rng.chance(0.6) ? 3 : rng.chance(0.75) ? 2 : 1);
  const names = spellNames(rng, parts, nameCount);

  // Arrival in the last three years, more of them recently; the first visit within weeks.
  const arrivalDate = addDays(options.today, -Math.floor(rng.next() ** 1.6 * 1095));
  const registeredOn = [addDays(arrivalDate, rng.int(0, 45)), options.today].sort()[0] as string;
  const birthday = addDays(yearsBefore(registeredOn, age + 1), rng.int(1, 364));
  const birth: Person['birth'] = rng.chance(profile.estimated)
    ? { kind: 'estimated', years: age, estimatedOn: registeredOn }
    : { kind: 'date', date: rng.chance(profile.january1) ? `${birthday.slice(0, 4)}-01-01` : birthday };

  const identifiers: Person['identifiers'] = [];
  if (age >= 16 && rng.chance(profile.passportShare)) identifiers.push({ kind: 'passport', value: fill(rng, profile.passport), issuer: profile.code });
  if (profile.nationalId && age >= 16 && rng.chance(0.3)) identifiers.push({ kind: 'national-id', value: fill(rng, profile.nationalId), issuer: profile.code });
  if (rng.chance(0.3)) identifiers.push({ kind: 'unhcr', value: fill(rng, '999-99C99999') });
  const legalStatus = profile.code === 'UA'
    ? rng.weighted({ 'subsidiary-protection': 0.8, refugee: 0.05, unknown: 0.15 } as const)
    : rng.weighted({ 'asylum-seeker': 0.55, refugee: 0.15, 'subsidiary-protection': 0.05, migrant: 0.15, unknown: 0.1 } as const);
  if ((legalStatus === 'asylum-seeker' || legalStatus === 'refugee') && rng.chance(0.6)) {
    identifiers.push({ kind: 'asylum-case', value: `${options.hostCountry}-${registeredOn.slice(0, 4)}-${fill(rng, '999999')}`, issuer: options.hostCountry });
  }
  const phonePattern = HOST_PHONES[options.hostCountry] ?? '+XX XXX XXX XXX';
  const unaccompanied = age >= 12 && age < 18 && rng.chance(0.25);
  const person: Person = {
    names,
    identifiers,
    birth,
    sex,
    nationality: profile.code,
    ...(profile.code === 'PS' && rng.chance(0.3) ? { countryOfOrigin: 'SY' } : { countryOfOrigin: profile.code }),
    languages: [...rng.pick(profile.languages)],
    arrivalDate,
    legalStatus,
    ...(age >= 14 && rng.chance(0.65) && { phone: fill(rng, phonePattern, 'X') }),
    family: [],
    unaccompaniedMinor: unaccompanied,
  };
  return { person, parts, age, registeredOn };
}

/**
 * The same person registered a second time, as happens when a record is not found: names written
 * again by someone else, the birth date now an estimate or 1 January, the identifiers not shown.
 */
export function reRegister(rng: Random, original: PersonDraft, options: PersonOptions): PersonDraft {
  const count = options.namesPerPerson ?? rng.int(1, 2);
  const names = spellNames(rng, original.parts, count + 1, 0.1).slice(1);
  const spelled = names.length > 0 ? names : spellNames(rng, original.parts, 1);
  spelled.forEach((n, i) => {
    n.preferred = i === 0;
  });
  const p = original.person;
  const registeredOn = [addDays(original.registeredOn, rng.int(20, 400)), options.today].sort()[0] as string;
  const r = rng.next();
  const birth: Person['birth'] =
    r < 0.5 || p.birth.kind === 'estimated'
      ? p.birth
      : r < 0.75
        ? { kind: 'estimated', years: original.age, estimatedOn: original.registeredOn }
        : { kind: 'date', date: `${p.birth.date.slice(0, 4)}-01-01` };
  const kept = p.identifiers.filter(() => rng.chance(0.3));
  const { phone: _phone, ...rest } = p;
  const person: Person = { ...rest, names: spelled, birth, identifiers: kept, ...(p.phone && rng.chance(0.5) && { phone: p.phone }) };
  return { person, parts: original.parts, age: original.age, registeredOn };
}
