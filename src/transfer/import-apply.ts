// Writing a planned import, inside the caller's transaction. Records keep their global ids, the site
// that created them, their authors, times and versions; the versions of the incoming record that
// this centre lacks go to its history tables; a merge (both sides changed) is written as a new local
// version by the importing user. Persons first (those merged into another last, so that the one they
// point to exists), then episodes, entries and document bytes.
import { AppError } from '../api/errors.ts';
import type { z } from '../api/zod.ts';
import { birthRange } from '../domain/age.ts';
import { EntryBodySchema, EpisodeSchema, type EntryBody } from '../domain/entries.ts';
import { PersonSchema, type Person } from '../domain/person.ts';
import type { Db } from '../db/open.ts';
import { entryCode, nextRecordNumber } from '../db/repositories/record.repository.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import { phoneDigits } from '../record/matching.ts';
import type { IncomingRecord } from './exchange-format.ts';
import { conflictKey, stateOf, type PersonPlan, type RecordPlan } from './import-plan.ts';
import { mergedState } from './merge.ts';

export interface ApplyOptions {
  /** The importing user and the time of the import. */
  stamp: { at: string; by: string };
  centreCode: string;
  senderSiteId: string;
  transferId: string;
  /** conflictKey -> the side the user chose. */
  resolutions: ReadonlyMap<string, 'local' | 'incoming'>;
  /** Incoming person id -> the local person it is the same as. */
  links: ReadonlyMap<string, string>;
  /** Document bytes, by entry id, for the entries whose bytes are not here yet. */
  documents: ReadonlyMap<string, Buffer>;
}

export interface ApplyCounts {
  persons: { created: number; updated: number; linked: number };
  episodes: { created: number; updated: number };
  entries: { created: number; updated: number };
  documents: number;
  conflictsResolved: number;
  /** Persons whose search keys must be refreshed (written, or what they are merged into). */
  reindex: Set<string>;
}

const SCHEMA: Record<repo.RecordType, z.ZodType> = { person: PersonSchema, episode: EpisodeSchema, entry: EntryBodySchema };

function personColumns(data: string): repo.PersonColumnValues {
  const person = JSON.parse(data) as Person;
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

function entryColumns(data: string): repo.EntryColumnValues {
  const body = JSON.parse(data) as EntryBody;
  const effectiveAt = body.kind === 'observation' ? body.effectiveAt : body.kind === 'immunization' || body.kind === 'consent' ? (body.date ?? null) : null;
  return { kind: body.kind, code: entryCode(body), effectiveAt };
}

function episodeColumns(data: string): repo.EpisodeColumnValues {
  const episode = JSON.parse(data) as { type: string; date: string };
  return { type: episode.type, date: episode.date };
}

/** One row to write: inserted or replacing the current one, with the history versions it brings. */
interface Write {
  type: repo.RecordType;
  mode: 'insert' | 'replace';
  row: repo.WrittenRow;
  /** Versions to add to the history table (after archiving the current one, for a replace). */
  history: repo.VersionState[];
  personId: string;
  episodeId: string | null;
}

function incomingRow(r: IncomingRecord, version = r.version): repo.WrittenRow {
  return {
    id: r.id,
    siteId: r.siteId,
    version,
    ...r.state,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

function writeFor(plan: RecordPlan, options: ApplyOptions): Write | undefined {
  const r = plan.incoming;
  const local = plan.local;
  const at = { type: r.type, personId: r.personId, episodeId: r.episodeId };
  switch (plan.action) {
    case 'new':
      return { ...at, mode: 'insert', row: incomingRow(r), history: r.history };
    case 'update': {
      if (!local) return undefined;
      // Replacing version n: the incoming one when it is higher (with the versions between that the
      // file brings), or else the incoming content as version n + 1, still with its author and time.
      if (r.version > local.version) return { ...at, mode: 'replace', row: incomingRow(r), history: r.history.filter((v) => v.version > local.version) };
      return { ...at, mode: 'replace', row: incomingRow(r, local.version + 1), history: [] };
    }
    case 'merge': {
      if (!local || !plan.merge) return undefined;
      const state = mergedState(plan.merge, (c) => options.resolutions.get(conflictKey(r.type, r.id, c.field)) as 'local' | 'incoming');
      const checked = SCHEMA[r.type].safeParse(JSON.parse(state.data));
      if (!checked.success) {
        throw new AppError('VALIDATION', { reason: 'merged-record-invalid', recordType: r.type, id: r.id, fields: checked.error.issues.slice(0, 5).map((i) => i.path.join('.')) });
      }
      const badStatus =
        (r.type !== 'person' && state.status === 'merged') ||
        (state.status === 'voided') !== (state.voidReason !== null) ||
        (state.status === 'merged') !== (state.mergedInto !== null);
      if (badStatus) throw new AppError('VALIDATION', { reason: 'merged-record-invalid', recordType: r.type, id: r.id, fields: ['recordStatus'] });
      const row: repo.WrittenRow = {
        ...incomingRow(r, Math.max(local.version, r.version) + 1),
        ...state,
        data: JSON.stringify(checked.data),
        siteId: local.siteId,
        createdAt: local.createdAt,
        createdBy: local.createdBy,
        updatedAt: options.stamp.at,
        updatedBy: options.stamp.by,
      };
      return { ...at, mode: 'replace', row, history: [] };
    }
    default:
      return undefined;
  }
}

function execute(db: Db, w: Write, options: ApplyOptions): void {
  const { row } = w;
  if (w.type === 'person') {
    const columns = personColumns(row.data);
    if (w.mode === 'insert') repo.insertPersonRow(db, row, nextRecordNumber(db, options.centreCode, Number(options.stamp.at.slice(0, 4))), columns);
    else repo.replacePersonRow(db, row, columns);
  } else if (w.type === 'episode') {
    if (w.mode === 'insert') repo.insertEpisodeRow(db, row, w.personId, episodeColumns(row.data));
    else repo.replaceEpisodeRow(db, row, episodeColumns(row.data));
  } else if (w.mode === 'insert') {
    repo.insertEntryRow(db, row, w.personId, w.episodeId as string, entryColumns(row.data));
  } else {
    repo.replaceEntryRow(db, row, entryColumns(row.data));
  }
  for (const v of w.history) repo.insertVersion(db, w.type, row.id, v);
}

/** Check that every conflict has a choice and every choice a conflict. */
export function checkResolutions(plans: readonly PersonPlan[], resolutions: ReadonlyMap<string, unknown>): void {
  const wanted = new Set<string>();
  for (const p of plans) for (const r of [p.person, ...p.episodes, ...p.entries]) for (const c of r.merge?.conflicts ?? []) wanted.add(conflictKey(r.type, r.id, c.field));
  const missing = [...wanted].filter((k) => !resolutions.has(k));
  if (missing.length > 0) throw new AppError('VALIDATION', { reason: 'unresolved-conflicts', conflicts: missing.slice(0, 20), count: missing.length });
  const unknown = [...resolutions.keys()].filter((k) => !wanted.has(k));
  if (unknown.length > 0) throw new AppError('VALIDATION', { reason: 'unknown-resolution', resolutions: unknown.slice(0, 20) });
}

export function applyPlans(db: Db, plans: readonly PersonPlan[], options: ApplyOptions): ApplyCounts {
  checkResolutions(plans, options.resolutions);
  const counts: ApplyCounts = {
    persons: { created: 0, updated: 0, linked: 0 },
    episodes: { created: 0, updated: 0 },
    entries: { created: 0, updated: 0 },
    documents: 0,
    conflictsResolved: options.resolutions.size,
    reindex: new Set(),
  };
  const count = (w: Write) => {
    const bucket = w.type === 'person' ? counts.persons : w.type === 'episode' ? counts.episodes : counts.entries;
    if (w.mode === 'insert') bucket.created++;
    else bucket.updated++;
  };

  const personWrites = plans.flatMap((p) => {
    const w = writeFor(p.person, options);
    return w ? [w] : [];
  });
  // The persons others are merged into first.
  personWrites.sort((a, b) => Number(a.row.status === 'merged') - Number(b.row.status === 'merged'));
  for (const w of personWrites) {
    execute(db, w, options);
    count(w);
  }
  for (const plan of plans) {
    for (const w of plan.episodes.flatMap((e) => writeFor(e, options) ?? [])) {
      execute(db, w, options);
      count(w);
    }
  }
  for (const plan of plans) {
    for (const w of plan.entries.flatMap((e) => writeFor(e, options) ?? [])) {
      execute(db, w, options);
      count(w);
    }
    for (const entryId of plan.newDocuments) {
      const bytes = options.documents.get(entryId);
      if (bytes && !repo.hasDocumentBlob(db, entryId)) {
        db.prepare('INSERT INTO document_blob (entry_id, bytes) VALUES (?, ?)').run(entryId, bytes);
        counts.documents++;
      }
    }
  }

  // What both centres now hold: the incoming version, for every record that was not stale.
  for (const plan of plans) {
    for (const r of [plan.person, ...plan.episodes, ...plan.entries]) {
      if (r.action === 'older') continue;
      repo.putSyncBase(db, r.type, r.id, {
        version: r.incoming.version,
        ...r.incoming.state,
        direction: 'import',
        peerSiteId: options.senderSiteId,
        transferId: options.transferId,
        at: options.stamp.at,
      });
    }
    const before = plan.person.local;
    const personId = plan.person.id;
    counts.reindex.add(personId);
    if (before?.mergedInto) counts.reindex.add(before.mergedInto);
  }

  // "This incoming person is local person X": kept under its own id, merged into X as a new version.
  for (const [incomingId, localId] of options.links) {
    linkPerson(db, incomingId, localId, options);
    counts.persons.linked++;
    counts.reindex.add(localId);
  }
  for (const plan of plans) {
    const now = repo.getStoredRow(db, 'person', plan.person.id);
    if (now?.mergedInto) counts.reindex.add(now.mergedInto);
  }
  return counts;
}

function linkPerson(db: Db, incomingId: string, localId: string, options: ApplyOptions): void {
  const target = repo.getStoredRow(db, 'person', localId);
  if (!target || target.status !== 'active') throw new AppError('CONFLICT', { reason: 'link-target-not-active', personId: localId });
  // Persons merged into the incoming one follow it, as a merge here does.
  for (const id of [...repo.mergedIds(db, incomingId), incomingId]) {
    const current = repo.getStoredRow(db, 'person', id) as repo.StoredRow;
    const row: repo.WrittenRow = {
      ...current,
      ...stateOf(current),
      status: 'merged',
      voidReason: null,
      mergedInto: localId,
      version: current.version + 1,
      updatedAt: options.stamp.at,
      updatedBy: options.stamp.by,
    };
    repo.replacePersonRow(db, row, personColumns(row.data));
  }
}
