// The reports' projection (migrations/0040-reports.sql): per person record, per episode and per
// counted measure, a narrow row of small integers, rewritten whole for a person whenever anything of
// theirs changes. A person has few episodes, so rewriting all of them keeps the rules simple: the
// "next assessment" and "previous occurrence" links between a person's rows are always right.
//
//   projectPerson(db, personId)     after any change to a person, their episodes or entries, in the
//                                   same transaction (see the list in src/reports/README.md)
//   rebuildReportProjection(db)     everything again (after the migration, or new definitions)
//   ensureReportProjection(db)      rebuild when the stored build does not match this code
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../api/errors.ts';
import type { Db } from '../db/open.ts';
import { ageOn } from '../domain/age.ts';
import { EpisodeTypeSchema, type EntryBody } from '../domain/entries.ts';
import { LegalStatusSchema, SexSchema, type Person } from '../domain/person.ts';
import { VACCINE_ANTIGENS } from '../domain/value-sets/vaccines.ts';
import { DEFINITIONS, OBSERVATION_CODES, measuresOf, screeningResults, vaccinationBit } from './definitions.ts';
import { AGE_BANDS } from '../api/schemas/reports.ts';

/** Bump when the meaning of a projected column changes: stores rebuild their projection. */
export const PROJECTION_VERSION = 1;
/** `next` of an assessment that has none. */
export const NO_NEXT = 99_999_999;

export const SEXES = SexSchema.options;
export const LEGAL_STATUSES = LegalStatusSchema.options;
export const EPISODE_TYPES = EpisodeTypeSchema.options;
export type EpisodeType = (typeof EPISODE_TYPES)[number];

/** Fingerprint of everything the projection's numbers depend on. */
export const PROJECTION_FINGERPRINT = createHash('sha256')
  .update(JSON.stringify({ PROJECTION_VERSION, DEFINITIONS, VACCINE_ANTIGENS, AGE_BANDS, SEXES, LEGAL_STATUSES, EPISODE_TYPES }))
  .digest('hex')
  .slice(0, 32);

/** 2026-03-14 -> 20260314 */
export function dayNumber(iso: string): number {
  return Number(iso.slice(0, 4)) * 10_000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}

export function ageBandIndex(years: number): number {
  let index = 0;
  AGE_BANDS.forEach((band, i) => {
    if (years >= band.from) index = i;
  });
  return index;
}

// ---------------------------------------------------------------------------------------------
// The facts of one person record, from its data: pure, shared by the service path and the bench.

export type ReportPersonData = Pick<Person, 'sex' | 'nationality' | 'legalStatus' | 'birth'>;

export interface ProjectionEpisode {
  id: string;
  siteId: string;
  type: EpisodeType;
  date: string;
  createdAt: string;
}

export interface ProjectionEntry {
  episodeId: string;
  body: EntryBody;
}

export interface EpisodeFact {
  day: number;
  month: number;
  site: number;
  type: number;
  age: number;
  docs: number;
  next: number;
  vacc: number;
  screen: number;
}

export interface EventFact {
  measure: number;
  day: number;
  month: number;
  site: number;
  age: number;
  prev: number;
}

export interface Projection {
  episodes: EpisodeFact[];
  events: EventFact[];
}

const TESTS = DEFINITIONS.screening.tests.length;

/** Per test, the stronger of two results (two bits per test). */
function strongest(a: number, b: number): number {
  let out = 0;
  for (let t = 0; t < TESTS; t++) out |= Math.max((a >> (2 * t)) & 3, (b >> (2 * t)) & 3) << (2 * t);
  return out;
}

const isAssessment = (type: EpisodeType) => type !== 'lab-only';

/**
 * The facts of a person's active episodes (of the record and those merged into it) and their active
 * entries; `person` is the owning record's data, which gives every fact its sex, nationality and age.
 */
export function projectRecord(person: ReportPersonData, episodes: readonly ProjectionEpisode[], entries: readonly ProjectionEntry[], site: (siteId: string) => number): Projection {
  const ordered = [...episodes].sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const byEpisode = new Map<string, EntryBody[]>(ordered.map((e) => [e.id, []]));
  for (const entry of entries) byEpisode.get(entry.episodeId)?.push(entry.body);

  const facts = ordered.map((episode) => {
    let docs = 0;
    let vacc = 0;
    let screen = 0;
    const measures = new Set<number>();
    for (const body of byEpisode.get(episode.id) ?? []) {
      if (body.kind === 'document') docs++;
      const bit = vaccinationBit(body);
      if (bit >= 0) vacc |= 1 << bit;
      for (const [test, outcome] of screeningResults(body)) screen = strongest(screen, outcome << (2 * test));
      for (const m of measuresOf(body)) measures.add(m);
    }
    const day = dayNumber(episode.date);
    return { episode, day, month: Math.floor(day / 100), site: site(episode.siteId), age: ageBandIndex(ageOn(person.birth, episode.date).years), docs, vacc, screen, measures };
  });

  // An assessment's vaccinations and screening results: everything recorded up to the next assessment.
  const out: Projection = { episodes: [], events: [] };
  let cumulativeVacc = 0;
  let cumulativeScreen = 0;
  const cumulative = facts.map((f) => {
    cumulativeVacc |= f.vacc;
    cumulativeScreen = strongest(cumulativeScreen, f.screen);
    return { vacc: cumulativeVacc, screen: cumulativeScreen };
  });
  facts.forEach((f, i) => {
    const type = EPISODE_TYPES.indexOf(f.episode.type);
    if (!isAssessment(f.episode.type)) {
      out.episodes.push({ day: f.day, month: f.month, site: f.site, type, age: f.age, docs: f.docs, next: 0, vacc: 0, screen: 0 });
      return;
    }
    let j = i + 1;
    while (j < facts.length && !isAssessment((facts[j] as (typeof facts)[number]).episode.type)) j++;
    const state = cumulative[j - 1] as { vacc: number; screen: number };
    const next = j < facts.length ? (facts[j] as (typeof facts)[number]).day : NO_NEXT;
    out.episodes.push({ day: f.day, month: f.month, site: f.site, type, age: f.age, docs: f.docs, next, vacc: state.vacc, screen: state.screen });
  });

  // Each measure once per day (the first episode of the day), linked to the day before it.
  const lastDay = new Map<number, number>();
  for (const f of facts) {
    for (const measure of [...f.measures].sort((a, b) => a - b)) {
      const prev = lastDay.get(measure) ?? 0;
      if (prev === f.day) continue;
      lastDay.set(measure, f.day);
      out.events.push({ measure, day: f.day, month: f.month, site: f.site, age: f.age, prev });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, kept per connection: the projection runs the same few many times. */
function statement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

export function siteKey(db: Db, siteId: string): number {
  statement(db, 'INSERT INTO report_site (site_id) VALUES (?) ON CONFLICT (site_id) DO NOTHING').run(siteId);
  return (statement(db, 'SELECT key FROM report_site WHERE site_id = ?').get(siteId) as { key: number }).key;
}

export interface PersonDims {
  sex: number;
  nat: string;
  legal: number;
}

export function personDims(person: ReportPersonData): PersonDims {
  return { sex: SEXES.indexOf(person.sex ?? 'unknown'), nat: person.nationality ?? '', legal: LEGAL_STATUSES.indexOf(person.legalStatus ?? 'unknown') };
}

export interface ReportPersonRow {
  personId: string;
  counted: boolean;
  createdAt: string;
  site: number;
  person: ReportPersonData;
}

/** Insert or refresh a record's row (never its owner) and return its key. */
export function upsertReportPerson(db: Db, row: ReportPersonRow): number {
  const day = dayNumber(row.createdAt.slice(0, 10));
  return (
    statement(
      db,
      `INSERT INTO report_person (person_id, owner, counted, day, month, site, age, sex, nat, legal)
       VALUES (@personId, NULL, @counted, @day, @month, @site, @age, @sex, @nat, @legal)
       ON CONFLICT (person_id) DO UPDATE SET counted = excluded.counted, day = excluded.day, month = excluded.month, site = excluded.site,
         age = excluded.age, sex = excluded.sex, nat = excluded.nat, legal = excluded.legal
       RETURNING key`,
    ).get({
      personId: row.personId,
      counted: row.counted ? 1 : 0,
      day,
      month: Math.floor(day / 100),
      site: row.site,
      age: ageBandIndex(ageOn(row.person.birth, row.createdAt.slice(0, 10)).years),
      ...personDims(row.person),
    }) as { key: number }
  ).key;
}

/** Write a record's facts under its key (the caller has removed the old ones). */
export function insertProjection(db: Db, key: number, dims: PersonDims, projection: Projection): void {
  const episode = statement(
    db,
    `INSERT INTO report_episode (person, day, month, site, type, age, sex, nat, legal, docs, next, vacc, screen)
     VALUES (@person, @day, @month, @site, @type, @age, @sex, @nat, @legal, @docs, @next, @vacc, @screen)`,
  );
  const event = statement(
    db,
    `INSERT INTO report_event (person, measure, day, month, site, age, sex, nat, legal, prev)
     VALUES (@person, @measure, @day, @month, @site, @age, @sex, @nat, @legal, @prev)`,
  );
  for (const e of projection.episodes) episode.run({ person: key, ...dims, ...e });
  for (const e of projection.events) event.run({ person: key, ...dims, ...e });
}

function deleteFacts(db: Db, key: number): void {
  statement(db, 'DELETE FROM report_episode WHERE person = ?').run(key);
  statement(db, 'DELETE FROM report_event WHERE person = ?').run(key);
}

// ---------------------------------------------------------------------------------------------
// Reading the record

interface PersonRow {
  id: string;
  status: 'active' | 'voided' | 'merged';
  merged_into: string | null;
  site_id: string;
  created_at: string;
  data: string;
}

interface EpisodeRow {
  id: string;
  person_id: string;
  site_id: string;
  type: EpisodeType;
  date: string;
  created_at: string;
}

interface EntryRow {
  person_id: string;
  episode_id: string;
  kind: string;
  code: string | null;
  data: string;
}

const PERSON_COLUMNS = 'id, status, merged_into, site_id, created_at, data';

function readPerson(db: Db, id: string): PersonRow | undefined {
  return statement(db, `SELECT ${PERSON_COLUMNS} FROM person WHERE id = ?`).get(id) as PersonRow | undefined;
}

function mergedInto(db: Db, ids: readonly string[]): PersonRow[] {
  return statement(db, `SELECT ${PERSON_COLUMNS} FROM person WHERE merged_into IN (SELECT value FROM json_each(?)) AND status = 'merged'`).all(JSON.stringify(ids)) as PersonRow[];
}

function rowOf(db: Db, row: PersonRow, person = JSON.parse(row.data) as Person): ReportPersonRow {
  return { personId: row.id, counted: row.status === 'active', createdAt: row.created_at, site: siteKey(db, row.site_id), person };
}

/** Active episodes and the entries the reports read, of some persons, by person. */
function readEpisodes(db: Db, personIds: readonly string[]): Map<string, { episodes: ProjectionEpisode[]; entries: ProjectionEntry[] }> {
  const ids = JSON.stringify(personIds);
  const out = new Map(personIds.map((id) => [id, { episodes: [] as ProjectionEpisode[], entries: [] as ProjectionEntry[] }]));
  const active = new Set<string>();
  const episodes = statement(db, "SELECT id, person_id, site_id, type, date, created_at FROM episode WHERE person_id IN (SELECT value FROM json_each(?)) AND status = 'active'").all(ids) as EpisodeRow[];
  for (const e of episodes) {
    active.add(e.id);
    out.get(e.person_id)?.episodes.push({ id: e.id, siteId: e.site_id, type: e.type, date: e.date, createdAt: e.created_at });
  }
  const entries = statement(
    db,
    `SELECT person_id, episode_id, kind, code, data FROM entry
     WHERE person_id IN (SELECT value FROM json_each(?)) AND kind IN ('condition', 'immunization', 'observation', 'referral', 'document') AND status = 'active'`,
  ).all(ids) as EntryRow[];
  for (const e of entries) {
    if (!active.has(e.episode_id)) continue;
    if (e.kind === 'observation' && !OBSERVATION_CODES.has(e.code ?? '')) continue;
    out.get(e.person_id)?.entries.push({ episodeId: e.episode_id, body: JSON.parse(e.data) as EntryBody });
  }
  return out;
}

function keyOf(db: Db, personId: string): { key: number; owner: number | null } | undefined {
  return statement(db, 'SELECT key, owner FROM report_person WHERE person_id = ?').get(personId) as { key: number; owner: number | null } | undefined;
}

/** Rewrite the facts held under one record: its own episodes and those of the records merged into it. */
function rebuildRoot(db: Db, root: PersonRow): void {
  const rootPerson = JSON.parse(root.data) as Person;
  const rootKey = upsertReportPerson(db, rowOf(db, root, rootPerson));
  deleteFacts(db, rootKey);
  if (root.status !== 'active') {
    statement(db, 'UPDATE report_person SET owner = NULL WHERE owner = ?').run(rootKey);
    return;
  }
  const members = [root, ...mergedInto(db, [root.id])];
  const memberKeys = [rootKey, ...members.slice(1).map((m) => upsertReportPerson(db, rowOf(db, m)))];
  statement(db, 'UPDATE report_person SET owner = NULL WHERE owner = ? AND key NOT IN (SELECT value FROM json_each(?))').run(rootKey, JSON.stringify(memberKeys));
  statement(db, 'UPDATE report_person SET owner = ? WHERE key IN (SELECT value FROM json_each(?))').run(rootKey, JSON.stringify(memberKeys));
  const read = readEpisodes(db, members.map((m) => m.id));
  const all = [...read.values()];
  const sites = new Map<string, number>();
  const site = (id: string) => sites.get(id) ?? (sites.set(id, siteKey(db, id)).get(id) as number);
  insertProjection(db, rootKey, personDims(rootPerson), projectRecord(rootPerson, all.flatMap((r) => r.episodes), all.flatMap((r) => r.entries), site));
}

/**
 * Bring the projection up to date for a person after any change to them, their episodes or their
 * entries; call it inside the transaction of the change. It follows merges both ways: the record a
 * person is merged into is rebuilt, and so is any record that held their episodes before.
 *
 * A failure here must not cost the clinical change it follows: the projection's part is undone, the
 * projection is marked out of date (reports refuse until ensureReportProjection rebuilds it, at the
 * next start), and false is returned for the caller to log.
 */
export function projectPerson(db: Db, personId: string): boolean {
  try {
    db.transaction(() => projectPersonNow(db, personId))();
    return true;
  } catch {
    statement(db, "UPDATE report_state SET definitions = '' WHERE id = 1").run();
    return false;
  }
}

function projectPersonNow(db: Db, personId: string): void {
  const start = readPerson(db, personId);
  if (!start) return;
  let root = start;
  for (let hops = 0; root.status === 'merged' && root.merged_into !== null && hops < 10; hops++) {
    const next = readPerson(db, root.merged_into);
    if (!next) break;
    root = next;
  }
  upsertReportPerson(db, rowOf(db, start));
  const roots = new Map<string, PersonRow>([[root.id, root]]);
  // Records that held these persons' episodes until now (before a merge or an unmerge).
  for (const p of [start, root, ...mergedInto(db, [root.id])]) {
    const owner = keyOf(db, p.id)?.owner;
    if (owner === null || owner === undefined) continue;
    const id = (statement(db, 'SELECT person_id FROM report_person WHERE key = ?').get(owner) as { person_id: string } | undefined)?.person_id;
    const row = id === undefined || roots.has(id) ? undefined : readPerson(db, id);
    if (row) roots.set(row.id, row);
  }
  for (const r of roots.values()) rebuildRoot(db, r);
}

// ---------------------------------------------------------------------------------------------
// Whole rebuild

const REBUILD_BATCH = 1000;

/** Build the whole projection again from the record, in one transaction. */
export function rebuildReportProjection(db: Db, now = new Date()): { persons: number } {
  let persons = 0;
  db.transaction(() => {
    // The monthly sums' triggers stand still until the end: the sums are then computed once.
    statement(db, 'UPDATE report_state SET summing = 0 WHERE id = 1').run();
    db.exec('DELETE FROM report_event; DELETE FROM report_episode; DELETE FROM report_person;');
    let after = '';
    for (;;) {
      const batch = statement(db, `SELECT ${PERSON_COLUMNS} FROM person WHERE id > ? ORDER BY id LIMIT ${REBUILD_BATCH}`).all(after) as PersonRow[];
      if (batch.length === 0) break;
      after = (batch.at(-1) as PersonRow).id;
      persons += batch.length;
      for (const row of batch) upsertReportPerson(db, rowOf(db, row));
      for (const root of batch.filter((r) => r.status === 'active')) rebuildRoot(db, root);
    }
    refillReportSums(db);
    statement(db, 'UPDATE report_state SET definitions = ?, built_at = ? WHERE id = 1').run(PROJECTION_FINGERPRINT, now.toISOString());
  }).immediate();
  return { persons };
}

/** Compute the monthly sums again from the rows, and let the triggers keep them from now on. */
export function refillReportSums(db: Db): void {
  db.exec(`
    DELETE FROM report_person_sum;
    DELETE FROM report_episode_sum;
    DELETE FROM report_event_sum;
    INSERT INTO report_person_sum (month, site, age, sex, nat, legal, n)
      SELECT month, site, age, sex, nat, legal, count(*) FROM report_person WHERE counted = 1 GROUP BY month, site, age, sex, nat, legal;
    INSERT INTO report_episode_sum (month, site, type, age, sex, nat, legal, n, docs)
      SELECT month, site, type, age, sex, nat, legal, count(*), sum(docs) FROM report_episode GROUP BY month, site, type, age, sex, nat, legal;
    INSERT INTO report_event_sum (month, measure, site, age, sex, nat, legal, prev_month, n)
      SELECT month, measure, site, age, sex, nat, legal, prev / 100, count(*) FROM report_event WHERE prev / 100 < month
      GROUP BY month, measure, site, age, sex, nat, legal, prev / 100;
    UPDATE report_state SET summing = 1 WHERE id = 1;`);
}

/** For loading a store in bulk (the bench): rows only; refillReportSums at the end. */
export function pauseReportSums(db: Db): void {
  statement(db, 'UPDATE report_state SET summing = 0 WHERE id = 1').run();
}

/** Whether the stored projection was built by this code with these definitions. */
export function reportProjectionReady(db: Db): boolean {
  const row = statement(db, 'SELECT definitions FROM report_state WHERE id = 1').get() as { definitions: string } | undefined;
  return row?.definitions === PROJECTION_FINGERPRINT;
}

/** Rebuild the projection if it is missing or was built with other definitions; true when it did. */
export function ensureReportProjection(db: Db): boolean {
  if (reportProjectionReady(db)) return false;
  rebuildReportProjection(db);
  return true;
}

export function assertReportProjection(db: Db): void {
  if (!reportProjectionReady(db)) throw new AppError('CONFLICT', { reason: 'report-projection-stale' });
}

/** For the bench and for a store that is filled in bulk: mark the projection as built. */
export function markReportProjectionBuilt(db: Db, now = new Date()): void {
  statement(db, 'UPDATE report_state SET definitions = ?, built_at = ? WHERE id = 1').run(PROJECTION_FINGERPRINT, now.toISOString());
}
