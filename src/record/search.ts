// Finding persons: the name index (FTS5 over name keys, see migrations/0030-person-search.sql),
// search by name, identifier or filters, and the duplicate checks. Plain functions over a Db, so
// the same code serves the record service and the benchmark's plain copy.
//
// A name query becomes a few FTS5 queries, cheapest and most precise first, until enough persons
// are found to rank: (1) every word in the very spelling typed, (2) every word by any of its keys,
// the last one as typed so far, (3) all words but one (a typo or a word the record lacks). At most
// RANK_CAP persons are ranked by name similarity, their names read from person_search; only the
// page shown is read in full.
import type { z } from '../api/zod.ts';
import type { PersonRecord, PersonSummary, SearchInputSchema } from '../api/schemas/record.ts';
import { birthRange } from '../domain/age.ts';
import type { Person } from '../domain/person.ts';
import * as repo from '../db/repositories/record.repository.ts';
import { lightPartOf } from '../domain/names/tokens.ts';
import type { Db } from '../db/open.ts';
import { duplicateScore, fullName, ID_KEY, NAME_KEY, normaliseIdentifier, phoneDigits, type NameMatcher } from './matching.ts';

type SearchInput = z.output<typeof SearchInputSchema>;

/** At or above this, a registration is shown to the user as a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.7;
/** Persons ranked by name similarity per query: enough for the page, bounded for speed. */
export const RANK_CAP = 80;
/** Index hits examined when filters (sex, nationality, age...) narrow a name search. */
const FILTER_SCAN_CAP = 20_000;
/** Persons compared in full per duplicate check. */
const DUPLICATE_CAP = 150;
/** The longest prefix the index keeps (prefix = '2 3 4'): longer ones are cut to it. */
const PREFIX_MAX = 4;
/** Query words: more say nothing more about a name. */
const MAX_WORDS = 6;

// ---------------------------------------------------------------------------------------------
// Summaries

export function summary(record: PersonRecord, score: number): PersonSummary {
  const p = record.person;
  return {
    id: record.id,
    recordNumber: record.recordNumber,
    names: p.names,
    sex: p.sex,
    birth: p.birth,
    ...(p.nationality && { nationality: p.nationality }),
    ...(p.arrivalDate && { arrivalDate: p.arrivalDate }),
    legalStatus: p.legalStatus,
    siteId: record.siteId,
    score,
  };
}

type StoredSummary = Omit<PersonSummary, 'score' | 'nationality' | 'arrivalDate'> & { nationality?: string | null; arrivalDate?: string | null };

/** A summary as person_search keeps it (the migration writes nulls for absent fields). */
function storedSummary(json: string, score: number): PersonSummary {
  const { nationality, arrivalDate, ...rest } = JSON.parse(json) as StoredSummary;
  return { ...rest, ...(nationality && { nationality }), ...(arrivalDate && { arrivalDate }), score };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

// ---------------------------------------------------------------------------------------------
// The index

/** A matcher key as an index token: Latin forms as they are, skeletons (upper case) marked with 0. */
function token(key: string): string {
  const skeleton = key !== key.toLowerCase() && key === key.toUpperCase();
  const t = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t.length === 0) return '';
  return skeleton ? `0${t}` : /^[a-z]/.test(t) ? t : `x${t}`;
}

function birthYears(birth: Person['birth']): number[] {
  const { from, to } = birthRange(birth);
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)) && years.length < 4; y++) years.push(y);
  return years;
}

/** Sex as a token: in the index for a later use by filters; duplicate checks read it from the summary. */
const SEX_TOKEN: Record<Person['sex'], string> = { male: '9sm', female: '9sf', other: '9so', unknown: '9su' };

/** What the index holds of an active person: their record, their names (and those of persons merged into them), their name keys. */
export interface IndexEntry {
  record: Pick<PersonRecord, 'id' | 'recordNumber' | 'siteId' | 'person'>;
  /** Full names ("given family") compared by the ranking. */
  names: string[];
  /** Name keys of the matcher, with or without the 'n:' of person_key. */
  keys: Iterable<string>;
}

/** Put a person in the name index, or replace what it held; `null` takes them out (voided, merged). */
export function indexPerson(db: Db, personId: string, entry: IndexEntry | null): void {
  const row = db.prepare('SELECT seq FROM person_search WHERE person_id = ?').get(personId) as { seq: number } | undefined;
  if (row) db.prepare('DELETE FROM person_name_fts WHERE rowid = ?').run(row.seq);
  if (!entry) {
    if (row) db.prepare('DELETE FROM person_search WHERE seq = ?').run(row.seq);
    return;
  }
  const { record } = entry;
  const person = record.person;
  const names = JSON.stringify(entry.names);
  const { score: _score, ...shown } = summary({ ...record, person } as PersonRecord, 0);
  const summaryJson = JSON.stringify(shown);
  let seq: number;
  if (row) {
    db.prepare('UPDATE person_search SET record_number = ?, names = ?, summary = ? WHERE seq = ?').run(record.recordNumber, names, summaryJson, row.seq);
    seq = row.seq;
  } else {
    seq = Number(
      db.prepare('INSERT INTO person_search (person_id, record_number, names, summary) VALUES (?, ?, ?, ?)').run(personId, record.recordNumber, names, summaryJson).lastInsertRowid,
    );
  }
  const tokens = new Set<string>();
  for (const key of entry.keys) {
    const t = token(key.startsWith(NAME_KEY) ? key.slice(NAME_KEY.length) : key);
    if (t) tokens.add(t);
  }
  for (const y of birthYears(person.birth)) tokens.add(`9b${y}`);
  tokens.add(SEX_TOKEN[person.sex]);
  db.prepare('INSERT INTO person_name_fts (rowid, keys) VALUES (?, ?)').run(seq, [...tokens].join(' '));
}

// ---------------------------------------------------------------------------------------------
// Queries on the index

/** One word of a query (or two adjacent words joined) as index tokens: Latin forms and skeletons. */
interface Word {
  /** Position of the (first) word in the query. */
  at: number;
  latin: string[];
  skeletons: string[];
}

function toWord(keys: Iterable<string>, at: number, exclude: ReadonlySet<string> = new Set()): Word {
  const latin = new Set<string>();
  const skeletons = new Set<string>();
  for (const key of keys) {
    const t = token(key);
    if (t && !exclude.has(t)) (t.startsWith('0') ? skeletons : latin).add(t);
  }
  return { at, latin: [...latin], skeletons: [...skeletons] };
}

interface QueryWords {
  words: Word[];
  /** Two adjacent words written as one (Mohammad Reza, Mohammadreza; Ben Ali, Benali): their joined keys. */
  joins: Word[];
}

/** Latin keys of the Arabic article as it is written apart: al, el, ad, ash... */
const ARTICLES = new Set(['al', 'el', 'ul', 'ol', 'il', 'ad', 'ud', 'ed', 'ar', 'ur', 'er', 'as', 'us', 'es', 'az', 'uz', 'ez', 'at', 'ut', 'et', 'an', 'un', 'en', 'ash', 'ush', 'esh', 'ath', 'adh']);
/** The keys that abd, abu and bin give whatever follows them: too common to look a name up by. */
const LIGHT_KEYS = new Set(['abd', 'ABT', 'abu', 'AB', 'bin', 'BN']);

/** A word that belongs to the next one: an article written apart (Al Hussain), abd, abu, bin (Abdel Rahman, Abu Zaid, Ben Ali). */
function linksToNext(keys: readonly string[]): boolean {
  const latin = keys.filter((k) => k === k.toLowerCase());
  if (latin.length === 0) return false;
  return latin.every((k) => ARTICLES.has(k)) || latin.every((k) => (lightPartOf(k) !== undefined && k !== 'abdi') || k === 'bd' || k === 'bn');
}

function queryWords(text: string, matcher: NameMatcher): QueryWords {
  const raw = text
    .split(/[\s,]+/)
    .filter((t) => t.length > 0 && !/\d/.test(t))
    .slice(0, MAX_WORDS);
  // Articles and abd/abu/bin are looked up with the word they belong to.
  const texts: string[] = [];
  let pending = '';
  for (const [i, w] of raw.entries()) {
    const joined = pending ? `${pending} ${w}` : w;
    if (i + 1 < raw.length && linksToNext(matcher.keys(w))) pending = joined;
    else {
      texts.push(joined);
      pending = '';
    }
  }
  const unitKeys = (t: string) => {
    const keys = matcher.keys(t);
    const heavy = keys.filter((k) => !LIGHT_KEYS.has(k));
    return heavy.length > 0 ? heavy : keys;
  };
  const words = texts.map((w, i) => toWord(unitKeys(w), i));
  const joins: Word[] = [];
  for (let i = 0; i + 1 < texts.length; i++) {
    const own = new Set([...(words[i] as Word).latin, ...(words[i] as Word).skeletons, ...(words[i + 1] as Word).latin, ...(words[i + 1] as Word).skeletons]);
    const joined = toWord(unitKeys(`${texts[i]} ${texts[i + 1]}`), i, own);
    if (joined.latin.length + joined.skeletons.length > 0) joins.push(joined);
  }
  return { words: words.filter((w) => w.latin.length + w.skeletons.length > 0), joins };
}

type Mode = 'spelling' | 'sound' | 'typed';

/** A word as an FTS5 expression: its exact spellings, any of its keys, or those as a prefix. */
function wordExpr(w: Word, mode: Mode): string | null {
  if (mode === 'spelling') return w.latin.length > 0 ? `(${w.latin.map((t) => `"${t}"`).join(' OR ')})` : null;
  if (mode === 'sound') return `(${[...w.latin, ...w.skeletons].map((t) => `"${t}"`).join(' OR ')})`;
  // As typed: the word so far is the beginning of a name. A prefix longer than the index keeps is cut
  // (the ranking sorts the wider set); a lone letter is no help.
  const terms = new Set<string>();
  for (const t of [...w.latin, ...w.skeletons]) {
    const letters = t.startsWith('0') ? t.length - 1 : t.length;
    if (letters >= 2 || (t.startsWith('0') && letters >= 1)) terms.add(`"${t.slice(0, PREFIX_MAX)}"*`);
  }
  return terms.size > 0 ? `(${[...terms].join(' OR ')})` : null;
}

/**
 * The FTS5 query of some words of a query: every word, in the given mode (the last word of the query
 * as typed when `typing`). Where two neighbouring words may be one name written as one word
 * (Mohammad Reza, Mohammadreza; Ben Ali, Benali), the joined keys stand for either word. Null when
 * no word can be looked up.
 */
function matchExpr(q: QueryWords, words: readonly Word[], mode: 'spelling' | 'sound', typing: boolean, extra: readonly string[] = []): string | null {
  const lastAt = q.words.at(-1)?.at ?? -1;
  const present = new Set(words.map((w) => w.at));
  const parts: string[] = [];
  for (const w of words) {
    const own = wordExpr(w, mode === 'sound' && typing && w.at === lastAt ? 'typed' : mode);
    const joins = q.joins
      .filter((j) => (j.at === w.at && present.has(w.at + 1)) || (j.at === w.at - 1 && present.has(w.at - 1)))
      .map((j) => wordExpr(j, mode))
      .filter((e): e is string => e !== null);
    if (own === null && (mode === 'spelling' || joins.length === 0)) {
      if (mode === 'spelling') return null;
      continue;
    }
    parts.push(joins.length === 0 ? (own as string) : `(${[own, ...joins].filter(Boolean).join(' OR ')})`);
  }
  if (parts.length === 0) return null;
  return [...parts, ...extra].join(' AND ');
}

interface Hits {
  /** person_search.seq in the order found. */
  seqs: number[];
  seen: Set<number>;
}

function addHits(hits: Hits, seqs: Iterable<number>, cap: number): void {
  for (const s of seqs) {
    if (hits.seqs.length >= cap) return;
    if (!hits.seen.has(s)) {
      hits.seen.add(s);
      hits.seqs.push(s);
    }
  }
}

/** Index hits of a query, through the filters when there are any. */
function runMatch(db: Db, expr: string, limit: number, filter: Filter | null): number[] {
  if (!filter) {
    return (db.prepare('SELECT rowid AS seq FROM person_name_fts WHERE person_name_fts MATCH ? LIMIT ?').all(expr, limit) as { seq: number }[]).map((r) => r.seq);
  }
  const rows = db
    .prepare(
      `SELECT s.seq FROM (SELECT rowid AS seq FROM person_name_fts WHERE person_name_fts MATCH @expr LIMIT @scan) f
       JOIN person_search s ON s.seq = f.seq JOIN person p ON p.id = s.person_id
       WHERE ${filter.where.join(' AND ')} LIMIT @limit`,
    )
    .all({ ...filter.params, expr, scan: FILTER_SCAN_CAP, limit }) as { seq: number }[];
  return rows.map((r) => r.seq);
}

/**
 * Persons whose names share keys with the words of a query, the most likely first: every word in its
 * spelling, then by sound (the last word as typed when `typing`); then all words but one (a typo, or
 * a word the record lacks: a father's name), and for four words or more, all but two.
 */
function nameHits(db: Db, q: QueryWords, options: { typing: boolean; cap: number; filter: Filter | null; extra?: readonly string[] }): number[] {
  const hits: Hits = { seqs: [], seen: new Set() };
  const { cap, filter, typing, extra = [] } = options;
  const ws = q.words;
  if (ws.length === 0) return hits.seqs;
  const run = (expr: string | null) => {
    if (expr && hits.seqs.length < cap) addHits(hits, runMatch(db, expr, cap - hits.seqs.length, filter), cap);
  };
  run(matchExpr(q, ws, 'spelling', typing, extra));
  run(matchExpr(q, ws, 'sound', typing, extra));
  for (const rest of ws.length > 1 ? subsets(ws, ws.length - 1) : []) run(matchExpr(q, rest, 'sound', typing, extra));
  if (ws.length >= 4 && hits.seqs.length < cap / 4) for (const rest of subsets(ws, ws.length - 2)) run(matchExpr(q, rest, 'sound', typing, extra));
  return hits.seqs;
}

/** The subsets of `size` of a list, in order. */
function subsets<T>(list: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (list.length < size) return [];
  const [first, ...rest] = list as [T, ...T[]];
  return [...subsets(rest, size - 1).map((s) => [first, ...s]), ...subsets(rest, size)];
}

interface Ranked {
  seq: number;
  personId: string;
  recordNumber: string;
  names: string[];
  /** The stored summary, as JSON: parsed only for the results shown. */
  summary: string;
}

function rankRows(db: Db, seqs: readonly number[]): Ranked[] {
  if (seqs.length === 0) return [];
  const rows = db
    .prepare('SELECT seq, person_id, record_number, names, summary FROM person_search WHERE seq IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(seqs)) as { seq: number; person_id: string; record_number: string; names: string; summary: string }[];
  return rows.map((r) => ({ seq: r.seq, personId: r.person_id, recordNumber: r.record_number, names: JSON.parse(r.names) as string[], summary: r.summary }));
}

/** Name similarity to one query, each distinct name compared once. */
function similarityTo(text: string, matcher: NameMatcher): (names: readonly string[]) => number {
  const memo = new Map<string, number>();
  return (names) => {
    let best = 0;
    for (const n of names) {
      let s = memo.get(n);
      if (s === undefined) memo.set(n, (s = matcher.similarity(text, n)));
      if (s > best) best = s;
    }
    return best;
  };
}

// ---------------------------------------------------------------------------------------------
// Search

interface Filter {
  where: string[];
  params: Record<string, unknown>;
}

/** `years` before an ISO date, same day and month. */
function yearsBefore(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) - years).padStart(4, '0')}${iso.slice(4)}`;
}

function filterSql(input: SearchInput, today: string): Filter {
  const where = ["p.status = 'active'"];
  const params: Record<string, unknown> = {};
  const add = (clause: string, name: string, value: unknown) => {
    if (value === undefined || value === null || value === '') return;
    where.push(clause);
    params[name] = value;
  };
  add('p.sex = @sex', 'sex', input.sex);
  add('p.nationality = @nationality', 'nationality', input.nationality);
  add('p.legal_status = @legalStatus', 'legalStatus', input.legalStatus);
  add('p.birth_to >= @bornFrom', 'bornFrom', input.bornFrom);
  add('p.birth_from <= @bornTo', 'bornTo', input.bornTo);
  // Age a..b today: born after (today - b - 1 years) and on or before (today - a years).
  if (input.ageTo !== undefined) add('p.birth_to > @ageBornAfter', 'ageBornAfter', yearsBefore(today, input.ageTo + 1));
  if (input.ageFrom !== undefined) add('p.birth_from <= @ageBornBy', 'ageBornBy', yearsBefore(today, input.ageFrom));
  add('p.arrival_date >= @arrivedFrom', 'arrivedFrom', input.arrivedFrom);
  add('p.arrival_date <= @arrivedTo', 'arrivedTo', input.arrivedTo);
  add('p.site_id = @centre', 'centre', input.centre);
  add('p.phone_digits = @phone', 'phone', phoneDigits(input.phone));
  return { where, params };
}

export interface SearchResult {
  results: PersonSummary[];
  total: number;
  more: boolean;
}

/**
 * Persons by any name in any script, an identifier or record number (whole or its beginning), and
 * filters; best first. `today` (YYYY-MM-DD) is the day ages are counted to.
 */
export function searchPersons(db: Db, matcher: NameMatcher, input: SearchInput, today: string): SearchResult {
  const filter = filterSql(input, today);
  const text = input.text.trim();
  if (!text) {
    const where = filter.where.join(' AND ');
    const total = (db.prepare(`SELECT count(*) AS n FROM person p WHERE ${where}`).get(filter.params) as { n: number }).n;
    const rows = db
      .prepare(`SELECT p.id FROM person p WHERE ${where} ORDER BY p.updated_at DESC LIMIT @limit OFFSET @offset`)
      .all({ ...filter.params, limit: input.limit, offset: input.offset }) as { id: string }[];
    const results = repo.getPersons(db, rows.map((r) => r.id)).map((p) => summary(p, 0));
    return { results, total, more: input.offset + results.length < total };
  }
  const narrowed = filter.where.length > 1 ? filter : null;
  const seqs = nameHits(db, queryWords(text, matcher), { typing: true, cap: RANK_CAP, filter: narrowed });
  const candidates = rankRows(db, seqs);

  const scored: { recordNumber: string; score: number; show: () => PersonSummary | undefined }[] = [];
  const similarity = similarityTo(text, matcher);
  if (/\d/.test(text)) {
    // An identifier or record number, whole or its beginning; identifiers of the name hits count too.
    const idQuery = normaliseIdentifier(text);
    const id = ID_KEY + idQuery;
    const byId = (db.prepare('SELECT person_id FROM person_key WHERE key >= ? AND key < ? LIMIT 50').all(id, `${id}\uffff`) as { person_id: string }[]).map((r) => r.person_id);
    const ids = [...new Set([...byId, ...candidates.map((c) => c.personId)])];
    const allowed = new Set(
      (db.prepare(`SELECT p.id FROM person p WHERE p.id IN (SELECT value FROM json_each(@ids)) AND ${filter.where.join(' AND ')}`).all({ ...filter.params, ids: JSON.stringify(ids) }) as { id: string }[]).map((r) => r.id),
    );
    const records = repo.getPersons(db, ids.filter((i) => allowed.has(i)));
    const names = new Map(candidates.map((c) => [c.personId, c.names]));
    const indexed = db.prepare('SELECT names FROM person_search WHERE person_id = ?');
    for (const p of records) {
      const hit = normaliseIdentifier(p.recordNumber).startsWith(idQuery) || p.person.identifiers.some((i) => normaliseIdentifier(i.value).startsWith(idQuery));
      const own = names.get(p.id) ?? (JSON.parse((indexed.get(p.id) as { names: string } | undefined)?.names ?? '[]') as string[]);
      const score = round3(hit ? 1 : similarity(own));
      scored.push({ recordNumber: p.recordNumber, score, show: () => summary(p, score) });
    }
  } else {
    for (const c of candidates) {
      const score = round3(similarity(c.names));
      scored.push({ recordNumber: c.recordNumber, score, show: () => storedSummary(c.summary, score) });
    }
  }
  scored.sort((a, b) => b.score - a.score || a.recordNumber.localeCompare(b.recordNumber));
  const results = scored
    .slice(input.offset, input.offset + input.limit)
    .map((s) => s.show())
    .filter((s): s is PersonSummary => s !== undefined);
  return { results, total: scored.length, more: input.offset + results.length < scored.length };
}

// ---------------------------------------------------------------------------------------------
// Duplicates

export interface DuplicateCandidate {
  person: PersonSummary;
  score: number;
  reasons: string[];
}

/** A matcher whose similarities are remembered for the time of one check. */
function memoMatcher(matcher: NameMatcher): NameMatcher {
  const memo = new Map<string, number>();
  return {
    keys: matcher.keys,
    similarity(a, b) {
      const k = `${a}\u0000${b}`;
      let s = memo.get(k);
      if (s === undefined) memo.set(k, (s = matcher.similarity(a, b)));
      return s;
    },
  };
}

/**
 * Index tokens a duplicate must share with a person: a year they may be born in. Without a shared
 * identifier, a person whose birth cannot match scores below DUPLICATE_THRESHOLD whatever the names
 * (see duplicateScore), so this narrows the search without losing any duplicate.
 */
function birthTokens(person: Person): string[] {
  return [`(${birthYears(person.birth).map((y) => `"9b${y}"`).join(' OR ')})`];
}

/**
 * Whether two persons can reach DUPLICATE_THRESHOLD at all without a shared identifier: birth ranges
 * that overlap and no contradicting sex (duplicateScore takes 0.25 and 0.3 off otherwise, which the
 * names cannot make up).
 */
function mayBeDuplicate(a: Person, b: Pick<Person, 'birth' | 'sex'>): boolean {
  const ra = birthRange(a.birth);
  const rb = birthRange(b.birth);
  if (ra.from > rb.to || rb.from > ra.to) return false;
  const known = (s: Person['sex']) => s === 'male' || s === 'female';
  return !(known(a.sex) && known(b.sex) && a.sex !== b.sex);
}

/** Likely duplicates of a person (being registered, or `excludeId` itself), best first, at most 10. */
export function findDuplicates(db: Db, matcher: NameMatcher, person: Person, excludeId?: string): DuplicateCandidate[] {
  const m = memoMatcher(matcher);
  const found: { score: number; reasons: string[]; recordNumber: string; show: (score: number) => PersonSummary }[] = [];
  // Persons sharing an identifier: read in full, since the identifier weighs most.
  const byId = new Set<string>();
  for (const identifier of person.identifiers) {
    const key = ID_KEY + normaliseIdentifier(identifier.value);
    for (const r of db.prepare('SELECT person_id FROM person_key WHERE key = ?').all(key) as { person_id: string }[]) byId.add(r.person_id);
  }
  if (excludeId) byId.delete(excludeId);
  for (const p of repo.getPersons(db, [...byId])) {
    if (p.status !== 'active') continue;
    found.push({ ...duplicateScore(person, p.person, m), recordNumber: p.recordNumber, show: (score) => summary(p, score) });
  }
  // Persons with a name like one of theirs and a birth year that can match: scored from the index's
  // summary (their identifiers cannot match, or they would have been found above).
  const seqs = new Set<number>();
  for (const name of person.names) {
    for (const s of nameHits(db, queryWords(fullName(name), matcher), { typing: false, cap: DUPLICATE_CAP, filter: null, extra: birthTokens(person) })) seqs.add(s);
  }
  for (const c of rankRows(db, [...seqs])) {
    if (c.personId === excludeId || byId.has(c.personId)) continue;
    const shown = JSON.parse(c.summary) as StoredSummary;
    if (!mayBeDuplicate(person, shown)) continue;
    const other: Person = {
      names: shown.names,
      identifiers: [],
      birth: shown.birth,
      sex: shown.sex,
      ...(shown.nationality && { nationality: shown.nationality }),
      languages: [],
      legalStatus: shown.legalStatus,
      family: [],
      unaccompaniedMinor: false,
    };
    found.push({ ...duplicateScore(person, other, m), recordNumber: c.recordNumber, show: (score) => storedSummary(c.summary, score) });
  }
  return found
    .filter((c) => c.score >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.recordNumber.localeCompare(b.recordNumber))
    .slice(0, 10)
    .map((c) => ({ person: c.show(c.score), score: round3(c.score), reasons: c.reasons }));
}

export interface DuplicatePair {
  a: PersonSummary;
  b: PersonSummary;
  score: number;
  reasons: string[];
}

/**
 * Likely duplicate pairs among all active persons, best first: persons sharing an
 * identifier, or a name key that few persons have (very common keys, such as the given name
 * Mohammed, are left to the other keys the persons share).
 */
export function duplicatePairs(db: Db, matcher: NameMatcher): DuplicatePair[] {
  const groups: string[][] = [];
  const idGroups = db
    .prepare(
      `SELECT group_concat(k.person_id) AS ids FROM person_key k JOIN person p ON p.id = k.person_id AND p.status = 'active'
       WHERE k.key >= ? AND k.key < ? GROUP BY k.key HAVING count(*) BETWEEN 2 AND 40`,
    )
    .all(ID_KEY, `${ID_KEY}\uffff`) as { ids: string }[];
  for (const g of idGroups) groups.push(g.ids.split(','));
  // Name tokens only (not the birth-year and sex tokens, which start with 9).
  const terms = db.prepare("SELECT term FROM person_name_vocab WHERE doc BETWEEN 2 AND 40 AND term < '9'").all() as { term: string }[];
  const members = db.prepare('SELECT s.person_id FROM person_name_fts f JOIN person_search s ON s.seq = f.rowid WHERE person_name_fts MATCH ?');
  for (const { term } of terms) {
    const ids = (members.all(`"${term}"`) as { person_id: string }[]).map((r) => r.person_id);
    if (ids.length >= 2 && ids.length <= 40) groups.push(ids);
  }
  const seen = new Set<string>();
  const cache = new Map<string, PersonRecord>();
  const load = (id: string) => {
    let p = cache.get(id);
    if (!p) {
      p = repo.getPerson(db, id);
      if (p) cache.set(id, p);
    }
    return p;
  };
  const m = memoMatcher(matcher);
  const pairs: DuplicatePair[] = [];
  for (const list of groups) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [x, y] = [list[i] as string, list[j] as string].sort() as [string, string];
        const pairKey = `${x}|${y}`;
        if (seen.has(pairKey)) continue;
        seen.add(pairKey);
        const a = load(x);
        const b = load(y);
        if (!a || !b || a.status !== 'active' || b.status !== 'active') continue;
        const { score, reasons } = duplicateScore(a.person, b.person, m);
        if (score >= DUPLICATE_THRESHOLD) pairs.push({ a: summary(a, score), b: summary(b, score), score: round3(score), reasons });
      }
    }
  }
  pairs.sort((p, q) => q.score - p.score);
  return pairs;
}
