// The health record: register and update persons, their episodes and entries, the chart, history of
// versions, search, duplicates and merge, drafts. Every write is one transaction with its audit row;
// every read of a chart is audited with the person's id.
import { AppError } from '../api/errors.ts';
import type { z } from '../api/zod.ts';
import type {
  AddEntriesInputSchema,
  Chart,
  CreateEpisodeInputSchema,
  DraftSaveInputSchema,
  DuplicateCheckInputSchema,
  EntryRecord,
  EpisodeRecord,
  HistoryInputSchema,
  MergeInputSchema,
  PersonRecord,
  PersonSummary,
  RegisterInputSchema,
  SearchInputSchema,
  UnmergeInputSchema,
  UpdateEntryInputSchema,
  UpdateEpisodeInputSchema,
  UpdatePersonInputSchema,
  VoidEntryInputSchema,
  VoidEpisodeInputSchema,
  VoidPersonInputSchema,
  VersionSchema,
} from '../api/schemas/record.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { birthRange } from '../domain/age.ts';
import { newGlobalId } from '../domain/envelope.ts';
import type { Person } from '../domain/person.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/record.repository.ts';
import type { Db } from '../db/open.ts';
import type { StoreContext } from '../access/store-context.ts';
import {
  bestNameSimilarity,
  duplicateScore,
  ID_KEY,
  NAME_KEY,
  normaliseIdentifier,
  personKeys,
  phoneDigits,
  type NameMatcher,
} from './matching.ts';

type In<S extends z.ZodType> = z.output<S>;

/** Above this, a registration is shown to the user as a likely duplicate. */
export const DUPLICATE_THRESHOLD = 0.7;
/** Persons considered per query before ranking: enough for recall, bounded for speed. */
const CANDIDATE_CAP = 2000;

export interface RecordService {
  register(input: In<typeof RegisterInputSchema>): Promise<PersonRecord>;
  update(input: In<typeof UpdatePersonInputSchema>): Promise<PersonRecord>;
  voidPerson(input: In<typeof VoidPersonInputSchema>): Promise<PersonRecord>;
  chart(input: { personId: string }): Promise<Chart>;
  history(input: In<typeof HistoryInputSchema>): Promise<{ versions: z.output<typeof VersionSchema>[] }>;
  createEpisode(input: In<typeof CreateEpisodeInputSchema>): Promise<EpisodeRecord>;
  updateEpisode(input: In<typeof UpdateEpisodeInputSchema>): Promise<EpisodeRecord>;
  voidEpisode(input: In<typeof VoidEpisodeInputSchema>): Promise<EpisodeRecord>;
  addEntries(input: In<typeof AddEntriesInputSchema>): Promise<EntryRecord[]>;
  updateEntry(input: In<typeof UpdateEntryInputSchema>): Promise<EntryRecord>;
  voidEntry(input: In<typeof VoidEntryInputSchema>): Promise<EntryRecord>;
  search(input: In<typeof SearchInputSchema>): Promise<{ results: PersonSummary[]; total: number; more: boolean }>;
  checkDuplicates(input: In<typeof DuplicateCheckInputSchema>): Promise<{ candidates: { person: PersonSummary; score: number; reasons: string[] }[] }>;
  listDuplicates(): Promise<{ pairs: { a: PersonSummary; b: PersonSummary; score: number; reasons: string[] }[] }>;
  merge(input: In<typeof MergeInputSchema>): Promise<PersonRecord>;
  unmerge(input: In<typeof UnmergeInputSchema>): Promise<PersonRecord>;
  saveDraft(input: In<typeof DraftSaveInputSchema>): Promise<Record<string, never>>;
  getDraft(input: { key: string }): Promise<{ draft: { data: Record<string, unknown>; updatedAt: string } | null }>;
  discardDraft(input: { key: string }): Promise<Record<string, never>>;
}

function columns(person: Person): repo.PersonColumns {
  const range = birthRange(person.birth);
  return {
    sex: person.sex,
    birthFrom: range.from,
    birthTo: range.to,
    nationality: person.nationality ?? null,
    legalStatus: person.legalStatus,
    arrivalDate: person.arrivalDate ?? null,
    phoneDigits: phoneDigits(person.phone),
  };
}

function summary(record: PersonRecord, score: number): PersonSummary {
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

/** `years` before an ISO date, same day and month. */
function yearsBefore(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) - years).padStart(4, '0')}${iso.slice(4)}`;
}

export function createRecordService(context: StoreContext, matcher: NameMatcher): RecordService {
  function session() {
    const open = context.requireOpen();
    const centre = getCentre(open.db);
    if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
    const stamp: repo.Stamp = { at: context.now().toISOString(), by: open.user.id, siteId: centre.siteId };
    const audit = (method: string, personId: string | null, changes?: Record<string, unknown>) =>
      appendAudit(open.db, { userId: open.user.id, username: open.user.username, role: open.user.role, method, personId, outcome: 'ok', changes: changes ?? null });
    return { db: open.db, user: open.user, centre, stamp, audit };
  }

  function requirePerson(db: Db, id: string): PersonRecord {
    const person = repo.getPerson(db, id);
    if (!person) throw new AppError('NOT_FOUND', { personId: id });
    return person;
  }

  function requireActivePerson(db: Db, id: string): PersonRecord {
    const person = requirePerson(db, id);
    if (person.status === 'merged' && person.mergedInto) throw new AppError('CONFLICT', { reason: 'merged', mergedInto: person.mergedInto });
    if (person.status !== 'active') throw new AppError('CONFLICT', { reason: person.status });
    return person;
  }

  /** A person's keys: their own names and identifiers, and those of every person merged into them. */
  function refreshKeys(db: Db, personId: string): void {
    const record = requirePerson(db, personId);
    if (record.status === 'merged') {
      repo.setPersonKeys(db, personId, []);
      return;
    }
    const keys = personKeys(record.person, matcher, record.recordNumber);
    for (const merged of repo.mergedInto(db, personId)) for (const k of personKeys(merged.person, matcher, merged.recordNumber)) keys.add(k);
    repo.setPersonKeys(db, personId, keys);
  }

  function requireEpisode(db: Db, id: string): EpisodeRecord {
    const episode = repo.getEpisode(db, id);
    if (!episode) throw new AppError('NOT_FOUND', { episodeId: id });
    return episode;
  }

  function requireEntry(db: Db, id: string): EntryRecord {
    const entry = repo.getEntry(db, id);
    if (!entry) throw new AppError('NOT_FOUND', { entryId: id });
    return entry;
  }

  /** Person ids that share keys with a query, best first by how many tokens they match. */
  function candidateIds(db: Db, text: string): Map<string, number> {
    const found = new Map<string, number>();
    const tokens = text.split(/[\s,]+/).filter((t) => t.length > 0).slice(0, 6);
    // An identifier or record number, whole or its beginning.
    if (/\d/.test(text)) {
      const id = ID_KEY + normaliseIdentifier(text);
      const rows = db.prepare('SELECT person_id FROM person_key WHERE key >= ? AND key < ? LIMIT 50').all(id, `${id}\uffff`) as { person_id: string }[];
      for (const r of rows) found.set(r.person_id, tokens.length + 1);
    }
    const nameTokens = tokens.filter((t) => !/\d/.test(t));
    if (nameTokens.length === 0) return found;
    // Each token: the persons under any of its keys (the last token also as a prefix, as it is typed).
    const tokenQuery = (token: string, last: boolean) => {
      const keys = [...new Set(matcher.keys(token))].filter(Boolean);
      if (keys.length === 0) return null;
      const clauses = keys.map(() => (last ? '(key >= ? AND key < ?)' : 'key = ?'));
      const params = keys.flatMap((k) => (last ? [NAME_KEY + k, `${NAME_KEY}${k}\uffff`] : [NAME_KEY + k]));
      return { sql: `SELECT person_id FROM person_key WHERE ${clauses.join(' OR ')}`, params };
    };
    const parts = nameTokens.map((t, i) => tokenQuery(t, i === nameTokens.length - 1)).filter((p) => p !== null);
    const run = (subset: typeof parts, weight: number) => {
      if (subset.length === 0) return;
      const sql = `${subset.map((p) => p.sql).join(' INTERSECT ')} LIMIT ${CANDIDATE_CAP}`;
      for (const r of db.prepare(sql).all(...subset.flatMap((p) => p.params)) as { person_id: string }[]) {
        if ((found.get(r.person_id) ?? 0) < weight) found.set(r.person_id, weight);
      }
    };
    run(parts, parts.length);
    // A typo or an unusual spelling in one token must not hide the person: also every subset that
    // leaves one token out.
    if (parts.length > 1 && found.size < CANDIDATE_CAP / 4) {
      for (let skip = 0; skip < parts.length; skip++) run(parts.filter((_, i) => i !== skip), parts.length - 1);
    }
    return found;
  }

  function filterSql(input: In<typeof SearchInputSchema>, today: string): { where: string[]; params: Record<string, unknown> } {
    const where = ["status = 'active'"];
    const params: Record<string, unknown> = {};
    const add = (clause: string, name: string, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      where.push(clause);
      params[name] = value;
    };
    add('sex = @sex', 'sex', input.sex);
    add('nationality = @nationality', 'nationality', input.nationality);
    add('legal_status = @legalStatus', 'legalStatus', input.legalStatus);
    add('birth_to >= @bornFrom', 'bornFrom', input.bornFrom);
    add('birth_from <= @bornTo', 'bornTo', input.bornTo);
    // Age a..b today: born after (today - b - 1 years) and on or before (today - a years).
    if (input.ageTo !== undefined) add('birth_to > @ageBornAfter', 'ageBornAfter', yearsBefore(today, input.ageTo + 1));
    if (input.ageFrom !== undefined) add('birth_from <= @ageBornBy', 'ageBornBy', yearsBefore(today, input.ageFrom));
    add('arrival_date >= @arrivedFrom', 'arrivedFrom', input.arrivedFrom);
    add('arrival_date <= @arrivedTo', 'arrivedTo', input.arrivedTo);
    add('site_id = @centre', 'centre', input.centre);
    add('phone_digits = @phone', 'phone', phoneDigits(input.phone));
    return { where, params };
  }

  return {
    async register({ person }) {
      const { db, centre, stamp, audit } = session();
      const id = newGlobalId();
      db.transaction(() => {
        const recordNumber = repo.nextRecordNumber(db, centre.code, Number(stamp.at.slice(0, 4)));
        repo.insertPerson(db, id, recordNumber, person, columns(person), stamp);
        refreshKeys(db, id);
        audit('person.register', id, { personId: id });
      })();
      return requirePerson(db, id);
    },

    async update({ personId, baseVersion, person }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireActivePerson(db, personId);
        if (!repo.updatePerson(db, personId, baseVersion, person, columns(person), stamp)) {
          throw new AppError('CONFLICT', { reason: 'version', current: current.version });
        }
        const target = current.mergedInto ?? personId;
        refreshKeys(db, target);
        audit('person.update', personId, { fields: changedFields(current.person, person) });
      })();
      return requirePerson(db, personId);
    },

    async voidPerson({ personId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        requireActivePerson(db, personId);
        repo.setPersonStatus(db, personId, { status: 'voided', voidReason: reason, mergedInto: null }, stamp);
        repo.setPersonKeys(db, personId, []);
        audit('person.void', personId);
      })();
      return requirePerson(db, personId);
    },

    async chart({ personId }) {
      const { db, audit } = session();
      let person = requirePerson(db, personId);
      // A merged record opens as the record it was merged into.
      if (person.status === 'merged' && person.mergedInto) person = requirePerson(db, person.mergedInto);
      const merged = repo.mergedInto(db, person.id);
      const ids = [person.id, ...merged.map((m) => m.id)];
      audit('person.chart', person.id);
      return { person, merged, episodes: repo.listEpisodes(db, ids), entries: repo.listEntries(db, ids) };
    },

    async history({ type, id }) {
      const { db, audit } = session();
      const personId =
        type === 'person' ? requirePerson(db, id).id : type === 'episode' ? requireEpisode(db, id).personId : requireEntry(db, id).personId;
      audit('record.history', personId, { type, id });
      return { versions: repo.versions(db, type, id) };
    },

    async createEpisode({ personId, episode, entries }) {
      const { db, stamp, audit } = session();
      const id = newGlobalId();
      const entryIds = entries.map(() => newGlobalId());
      db.transaction(() => {
        requireActivePerson(db, personId);
        repo.insertEpisode(db, id, personId, episode, stamp);
        entries.forEach((body, i) => repo.insertEntry(db, entryIds[i] as string, personId, id, body, stamp));
        audit('episode.create', personId, { episodeId: id, type: episode.type, entryIds });
      })();
      return requireEpisode(db, id);
    },

    async updateEpisode({ episodeId, baseVersion, episode }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEpisode(db, episodeId);
        if (!repo.updateEpisode(db, episodeId, baseVersion, episode, stamp)) throw new AppError('CONFLICT', { reason: current.status === 'active' ? 'version' : current.status });
        audit('episode.update', current.personId, { episodeId });
      })();
      return requireEpisode(db, episodeId);
    },

    async voidEpisode({ episodeId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEpisode(db, episodeId);
        if (!repo.voidRow(db, 'episode', episodeId, reason, stamp)) throw new AppError('CONFLICT', { reason: 'voided' });
        audit('episode.void', current.personId, { episodeId });
      })();
      return requireEpisode(db, episodeId);
    },

    async addEntries({ episodeId, entries }) {
      const { db, stamp, audit } = session();
      const ids = entries.map(() => newGlobalId());
      db.transaction(() => {
        const episode = requireEpisode(db, episodeId);
        if (episode.status !== 'active') throw new AppError('CONFLICT', { reason: 'voided' });
        entries.forEach((body, i) => repo.insertEntry(db, ids[i] as string, episode.personId, episodeId, body, stamp));
        audit('entry.add', episode.personId, { episodeId, entryIds: ids, kinds: [...new Set(entries.map((e) => e.kind))] });
      })();
      return ids.map((id) => requireEntry(db, id));
    },

    async updateEntry({ entryId, baseVersion, body }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEntry(db, entryId);
        if (current.body.kind !== body.kind) throw new AppError('VALIDATION', { reason: 'kind-changed' });
        if (!repo.updateEntry(db, entryId, baseVersion, body, stamp)) throw new AppError('CONFLICT', { reason: current.status === 'active' ? 'version' : current.status });
        audit('entry.update', current.personId, { entryId });
      })();
      return requireEntry(db, entryId);
    },

    async voidEntry({ entryId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEntry(db, entryId);
        if (!repo.voidRow(db, 'entry', entryId, reason, stamp)) throw new AppError('CONFLICT', { reason: 'voided' });
        audit('entry.void', current.personId, { entryId });
      })();
      return requireEntry(db, entryId);
    },

    async search(input) {
      const { db } = session();
      const today = context.now().toISOString().slice(0, 10);
      const { where, params } = filterSql(input, today);
      const text = input.text.trim();
      if (!text) {
        const total = (db.prepare(`SELECT count(*) AS n FROM person WHERE ${where.join(' AND ')}`).get(params) as { n: number }).n;
        const rows = db
          .prepare(`SELECT id FROM person WHERE ${where.join(' AND ')} ORDER BY updated_at DESC LIMIT @limit OFFSET @offset`)
          .all({ ...params, limit: input.limit, offset: input.offset }) as { id: string }[];
        const results = repo.getPersons(db, rows.map((r) => r.id)).map((p) => summary(p, 0));
        return { results, total, more: input.offset + results.length < total };
      }
      const candidates = candidateIds(db, text);
      if (candidates.size === 0) return { results: [], total: 0, more: false };
      const rows = db
        .prepare(`SELECT id FROM person WHERE id IN (SELECT value FROM json_each(@ids)) AND ${where.join(' AND ')}`)
        .all({ ...params, ids: JSON.stringify([...candidates.keys()]) }) as { id: string }[];
      const idQuery = /\d/.test(text) ? normaliseIdentifier(text) : null;
      const scored = repo.getPersons(db, rows.map((r) => r.id)).map((p) => {
        const merged = repo.mergedInto(db, p.id).flatMap((m) => m.person.names);
        const names = merged.length ? [...p.person.names, ...merged] : p.person.names;
        const identifierHit =
          idQuery !== null &&
          (normaliseIdentifier(p.recordNumber).startsWith(idQuery) || p.person.identifiers.some((i) => normaliseIdentifier(i.value).startsWith(idQuery)));
        const score = identifierHit ? 1 : bestNameSimilarity(text, names, matcher);
        return summary(p, Math.round(score * 1000) / 1000);
      });
      scored.sort((a, b) => b.score - a.score || a.recordNumber.localeCompare(b.recordNumber));
      const results = scored.slice(input.offset, input.offset + input.limit);
      return { results, total: scored.length, more: input.offset + results.length < scored.length };
    },

    async checkDuplicates({ person, excludeId }) {
      const { db } = session();
      const candidates = new Set<string>();
      for (const name of person.names) {
        const text = [name.given, name.family].filter(Boolean).join(' ');
        for (const id of candidateIds(db, text).keys()) candidates.add(id);
      }
      for (const identifier of person.identifiers) {
        const key = ID_KEY + normaliseIdentifier(identifier.value);
        for (const r of db.prepare('SELECT person_id FROM person_key WHERE key = ?').all(key) as { person_id: string }[]) candidates.add(r.person_id);
      }
      if (excludeId) candidates.delete(excludeId);
      const found = repo
        .getPersons(db, [...candidates])
        .filter((p) => p.status === 'active')
        .map((p) => ({ record: p, ...duplicateScore(person, p.person, matcher) }))
        .filter((c) => c.score >= DUPLICATE_THRESHOLD)
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      return { candidates: found.map((c) => ({ person: summary(c.record, c.score), score: Math.round(c.score * 1000) / 1000, reasons: c.reasons })) };
    },

    async listDuplicates() {
      const { db, audit } = session();
      // Persons sharing a name key are compared; very common keys (given names like Mohammed) are
      // left to the other keys the persons share.
      const groups = db
        .prepare(
          `SELECT group_concat(k.person_id) AS ids FROM person_key k JOIN person p ON p.id = k.person_id AND p.status = 'active'
           WHERE k.key >= ? AND k.key < ? GROUP BY k.key HAVING count(*) BETWEEN 2 AND 40`,
        )
        .all(NAME_KEY, `${NAME_KEY}\uffff`) as { ids: string }[];
      const idGroups = db
        .prepare(
          `SELECT group_concat(k.person_id) AS ids FROM person_key k JOIN person p ON p.id = k.person_id AND p.status = 'active'
           WHERE k.key >= ? AND k.key < ? GROUP BY k.key HAVING count(*) BETWEEN 2 AND 40`,
        )
        .all(ID_KEY, `${ID_KEY}\uffff`) as { ids: string }[];
      const seen = new Set<string>();
      const cache = new Map<string, PersonRecord>();
      const load = (id: string) => {
        let p = cache.get(id);
        if (!p) cache.set(id, (p = requirePerson(db, id)));
        return p;
      };
      const pairs: { a: PersonSummary; b: PersonSummary; score: number; reasons: string[] }[] = [];
      for (const { ids } of [...idGroups, ...groups]) {
        const list = ids.split(',');
        for (let i = 0; i < list.length; i++) {
          for (let j = i + 1; j < list.length; j++) {
            const [x, y] = [list[i] as string, list[j] as string].sort() as [string, string];
            const pairKey = `${x}|${y}`;
            if (seen.has(pairKey)) continue;
            seen.add(pairKey);
            const a = load(x);
            const b = load(y);
            const { score, reasons } = duplicateScore(a.person, b.person, matcher);
            if (score >= DUPLICATE_THRESHOLD) pairs.push({ a: summary(a, score), b: summary(b, score), score: Math.round(score * 1000) / 1000, reasons });
          }
        }
      }
      pairs.sort((p, q) => q.score - p.score);
      audit('duplicates.list', null, { pairs: pairs.length });
      return { pairs: pairs.slice(0, 200) };
    },

    async merge({ keepId, mergeId }) {
      const { db, stamp, audit } = session();
      if (keepId === mergeId) throw new AppError('VALIDATION', { reason: 'same-person' });
      db.transaction(() => {
        requireActivePerson(db, keepId);
        requireActivePerson(db, mergeId);
        // Persons merged earlier into the one now merged follow it.
        for (const earlier of repo.mergedInto(db, mergeId)) {
          repo.setPersonStatus(db, earlier.id, { status: 'merged', voidReason: null, mergedInto: keepId }, stamp);
        }
        repo.setPersonStatus(db, mergeId, { status: 'merged', voidReason: null, mergedInto: keepId }, stamp);
        refreshKeys(db, mergeId);
        refreshKeys(db, keepId);
        audit('person.merge', keepId, { keepId, mergeId });
      })();
      return requirePerson(db, keepId);
    },

    async unmerge({ mergedId }) {
      const { db, stamp, audit } = session();
      let keepId = '';
      db.transaction(() => {
        const merged = requirePerson(db, mergedId);
        if (merged.status !== 'merged' || !merged.mergedInto) throw new AppError('CONFLICT', { reason: 'not-merged' });
        keepId = merged.mergedInto;
        repo.setPersonStatus(db, mergedId, { status: 'active', voidReason: null, mergedInto: null }, stamp);
        refreshKeys(db, mergedId);
        refreshKeys(db, keepId);
        audit('person.unmerge', mergedId, { keepId, mergedId });
      })();
      return requirePerson(db, mergedId);
    },

    async saveDraft({ key, personId, data }) {
      const { db, user, stamp } = session();
      repo.saveDraft(db, user.id, key, personId ?? null, data, stamp.at);
      return {};
    },

    async getDraft({ key }) {
      const { db, user } = session();
      return { draft: repo.getDraft(db, user.id, key) };
    },

    async discardDraft({ key }) {
      const { db, user } = session();
      repo.deleteDraft(db, user.id, key);
      return {};
    },
  };
}

/** Which top-level fields of a person changed (names only, never values, for the access log). */
function changedFields(before: Person, after: Person): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof Person>;
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
