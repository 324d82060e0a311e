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
  LinkInputSchema,
  MergeInputSchema,
  PersonRecord,
  PersonSummary,
  RegisterInputSchema,
  SearchInputSchema,
  UnlinkInputSchema,
  UnmergeInputSchema,
  UpdateEntryInputSchema,
  UpdateEpisodeInputSchema,
  UpdatePersonInputSchema,
  VoidEntryInputSchema,
  VoidEpisodeInputSchema,
  VoidPersonInputSchema,
  VersionSchema,
} from '../api/schemas/record.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { birthRange } from '../domain/age.ts';
import { newGlobalId } from '../domain/envelope.ts';
import { INVERSE_RELATION, type Person, type Relation } from '../domain/person.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/record.repository.ts';
import type { Db } from '../db/open.ts';
import type { StoreContext } from '../access/store-context.ts';
import { fullName, identifierKeys, nameKeys, phoneDigits, type NameMatcher } from './matching.ts';
import { projectPerson } from '../reports/projection.ts';
import { duplicatePairs, findDuplicates, indexPerson, searchPersons, summary } from './search.ts';

type In<S extends z.ZodType> = z.output<S>;

export { DUPLICATE_THRESHOLD } from './search.ts';

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
  link(input: In<typeof LinkInputSchema>): Promise<PersonRecord>;
  unlink(input: In<typeof UnlinkInputSchema>): Promise<PersonRecord>;
  stats(): Promise<{ persons: number; episodes: number }>;
}

/**
 * Not an API method: for services that write persons themselves (an import from another centre), in
 * their own transaction. Refreshes a person's search keys and name index (or removes them, for a
 * person no longer active).
 */
export interface RecordIndex {
  reindex(personId: string): void;
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

export function createRecordService(context: StoreContext, matcher: NameMatcher): RecordService & RecordIndex {
  function session() {
    const open = context.requireOpen();
    const centre = getCentre(open.db);
    if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
    const stamp: repo.Stamp = { at: context.now().toISOString(), by: open.user.id, siteId: centre.siteId };
    const audit = (method: string, personId: string | null, changes?: Record<string, unknown>) =>
      appendAudit(open.db, actionBy(open.user, method, { personId, changes: changes ?? null }));
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

  /**
   * A person's keys: their own names and identifiers, and those of every person merged into them; in
   * the name index (search.ts) and, for identifiers and the record number, in person_key.
   */
  function refreshKeys(db: Db, personId: string): void {
    const record = requirePerson(db, personId);
    if (record.status !== 'active') {
      repo.setPersonKeys(db, personId, []);
      indexPerson(db, personId, null);
      return;
    }
    const merged = repo.mergedInto(db, personId);
    const ids = identifierKeys(record.person, record.recordNumber);
    const names = nameKeys(record.person, matcher);
    for (const m of merged) {
      for (const k of identifierKeys(m.person, m.recordNumber)) ids.add(k);
      for (const k of nameKeys(m.person, matcher)) names.add(k);
    }
    repo.setPersonKeys(db, personId, ids);
    indexPerson(db, personId, {
      record,
      names: [...record.person.names, ...merged.flatMap((m) => m.person.names)].map(fullName),
      keys: names,
    });
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

  /** Set (or, with null, remove) the tie from `personId` to `otherId` as a new version; false when nothing changed. */
  function setLink(db: Db, stamp: repo.Stamp, personId: string, otherId: string, relation: Relation | null): boolean {
    const current = requireActivePerson(db, personId);
    const others = current.person.family.filter((f) => f.personId !== otherId);
    const family = relation === null ? others : [...others, { personId: otherId, relation }];
    if (JSON.stringify(family) === JSON.stringify(current.person.family)) return false;
    if (family.length > 30) throw new AppError('VALIDATION', { reason: 'too-many-links' });
    const person = { ...current.person, family };
    repo.updatePerson(db, personId, current.version, person, columns(person), stamp);
    return true;
  }

  return {
    reindex(personId) {
      const { db } = context.requireOpen();
      refreshKeys(db, personId);
      projectPerson(db, personId);
    },

    async register({ person }) {
      const { db, centre, stamp, audit } = session();
      const id = newGlobalId();
      db.transaction(() => {
        const recordNumber = repo.nextRecordNumber(db, centre.code, Number(stamp.at.slice(0, 4)));
        repo.insertPerson(db, id, recordNumber, person, columns(person), stamp);
        refreshKeys(db, id);
        projectPerson(db, id);
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
        projectPerson(db, personId);
        audit('person.update', personId, { fields: changedFields(current.person, person) });
      })();
      return requirePerson(db, personId);
    },

    async link({ personId, otherId, relation }) {
      const { db, stamp, audit } = session();
      if (personId === otherId) throw new AppError('VALIDATION', { reason: 'self-link' });
      db.transaction(() => {
        setLink(db, stamp, personId, otherId, relation);
        setLink(db, stamp, otherId, personId, INVERSE_RELATION[relation]);
        audit('person.link', personId, { otherId, relation });
      })();
      return requirePerson(db, personId);
    },

    async unlink({ personId, otherId }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        if (!setLink(db, stamp, personId, otherId, null)) throw new AppError('NOT_FOUND', { reason: 'no-link', otherId });
        // The other side may be gone (voided, or merged into a third record): the tie is then left there as history.
        const other = repo.getPerson(db, otherId);
        if (other?.status === 'active') setLink(db, stamp, otherId, personId, null);
        audit('person.unlink', personId, { otherId });
      })();
      return requirePerson(db, personId);
    },

    async stats() {
      const { db } = session();
      return repo.countActive(db);
    },

    async voidPerson({ personId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        requireActivePerson(db, personId);
        repo.setPersonStatus(db, personId, { status: 'voided', voidReason: reason, mergedInto: null }, stamp);
        refreshKeys(db, personId);
        projectPerson(db, personId);
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
      // A relative merged into another record is shown as that record.
      const relatives = repo.getPersons(db, [...new Set(person.person.family.map((f) => f.personId))]).flatMap((r) => {
        const shown = r.status === 'merged' && r.mergedInto ? repo.getPerson(db, r.mergedInto) : r;
        return shown && shown.status === 'active' ? [{ ...summary(shown, 0), id: r.id }] : [];
      });
      return { person, merged, episodes: repo.listEpisodes(db, ids), entries: repo.listEntries(db, ids), relatives };
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
        projectPerson(db, personId);
        audit('episode.create', personId, { episodeId: id, type: episode.type, entryIds });
      })();
      return requireEpisode(db, id);
    },

    async updateEpisode({ episodeId, baseVersion, episode }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEpisode(db, episodeId);
        if (!repo.updateEpisode(db, episodeId, baseVersion, episode, stamp)) throw new AppError('CONFLICT', { reason: current.status === 'active' ? 'version' : current.status });
        projectPerson(db, current.personId);
        audit('episode.update', current.personId, { episodeId });
      })();
      return requireEpisode(db, episodeId);
    },

    async voidEpisode({ episodeId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEpisode(db, episodeId);
        if (!repo.voidRow(db, 'episode', episodeId, reason, stamp)) throw new AppError('CONFLICT', { reason: 'voided' });
        projectPerson(db, current.personId);
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
        projectPerson(db, episode.personId);
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
        projectPerson(db, current.personId);
        audit('entry.update', current.personId, { entryId });
      })();
      return requireEntry(db, entryId);
    },

    async voidEntry({ entryId, reason }) {
      const { db, stamp, audit } = session();
      db.transaction(() => {
        const current = requireEntry(db, entryId);
        if (!repo.voidRow(db, 'entry', entryId, reason, stamp)) throw new AppError('CONFLICT', { reason: 'voided' });
        projectPerson(db, current.personId);
        audit('entry.void', current.personId, { entryId });
      })();
      return requireEntry(db, entryId);
    },

    async search(input) {
      const { db } = session();
      return searchPersons(db, matcher, input, context.now().toISOString().slice(0, 10));
    },

    async checkDuplicates({ person, excludeId }) {
      const { db } = session();
      return { candidates: findDuplicates(db, matcher, person, excludeId) };
    },

    async listDuplicates() {
      const { db, audit } = session();
      const pairs = duplicatePairs(db, matcher);
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
        projectPerson(db, keepId);
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
        projectPerson(db, mergedId);
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
