// Plain functions over the record's tables. Every write of a versioned row also writes the version
// it replaces into *_version; callers (the services) hold the transaction.
import type { EntryRecord, EpisodeRecord, PersonRecord } from '../../api/schemas/record.ts';
import type { EntryBody, Episode } from '../../domain/entries.ts';
import type { Person } from '../../domain/person.ts';
import type { Db } from '../open.ts';

export interface Stamp {
  at: string;
  by: string;
  siteId: string;
}

interface VersionedRow {
  id: string;
  site_id: string;
  version: number;
  status: string;
  void_reason: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  data: string;
}

interface PersonRow extends VersionedRow {
  record_number: string;
  merged_into: string | null;
}

interface EpisodeRow extends VersionedRow {
  person_id: string;
}

interface EntryRow extends VersionedRow {
  person_id: string;
  episode_id: string;
}

function stampOf(row: VersionedRow) {
  return {
    id: row.id,
    siteId: row.site_id,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    ...(row.void_reason !== null && { voidReason: row.void_reason }),
  };
}

export function rowToPerson(row: PersonRow): PersonRecord {
  return {
    ...stampOf(row),
    recordNumber: row.record_number,
    status: row.status as PersonRecord['status'],
    ...(row.merged_into !== null && { mergedInto: row.merged_into }),
    person: JSON.parse(row.data) as Person,
  };
}

function rowToEpisode(row: EpisodeRow): EpisodeRecord {
  return { ...stampOf(row), personId: row.person_id, status: row.status as EpisodeRecord['status'], episode: JSON.parse(row.data) as Episode };
}

function rowToEntry(row: EntryRow): EntryRecord {
  return {
    ...stampOf(row),
    personId: row.person_id,
    episodeId: row.episode_id,
    status: row.status as EntryRecord['status'],
    body: JSON.parse(row.data) as EntryBody,
  };
}

/** The next record number of the year: CODE-2026-00042. */
export function nextRecordNumber(db: Db, centreCode: string, year: number): string {
  const row = db
    .prepare('INSERT INTO record_counter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last')
    .get(year) as { last: number };
  return `${centreCode}-${year}-${String(row.last).padStart(5, '0')}`;
}

/** Fields of a person copied into columns for filtering. */
export interface PersonColumns {
  sex: string;
  birthFrom: string;
  birthTo: string;
  nationality: string | null;
  legalStatus: string;
  arrivalDate: string | null;
  phoneDigits: string | null;
}

export function insertPerson(db: Db, id: string, recordNumber: string, person: Person, columns: PersonColumns, stamp: Stamp): void {
  db.prepare(
    `INSERT INTO person (id, record_number, site_id, version, status, created_at, created_by, updated_at, updated_by, data,
       sex, birth_from, birth_to, nationality, legal_status, arrival_date, phone_digits)
     VALUES (@id, @recordNumber, @siteId, 1, 'active', @at, @by, @at, @by, @data,
       @sex, @birthFrom, @birthTo, @nationality, @legalStatus, @arrivalDate, @phoneDigits)`,
  ).run({ id, recordNumber, ...stamp, data: JSON.stringify(person), ...columns });
}

function archive(db: Db, table: 'person' | 'episode' | 'entry', id: string): void {
  const column = `${table}_id`;
  db.prepare(
    `INSERT INTO ${table}_version (${column}, version, status, void_reason, data, at, by)
     SELECT id, version, status, void_reason, data, updated_at, updated_by FROM ${table} WHERE id = ?`,
  ).run(id);
}

/** Replace a person's current version; false when `baseVersion` is no longer current (someone else saved). */
export function updatePerson(db: Db, id: string, baseVersion: number, person: Person, columns: PersonColumns, stamp: Stamp): boolean {
  archive(db, 'person', id);
  const changed = db
    .prepare(
      `UPDATE person SET version = version + 1, data = @data, updated_at = @at, updated_by = @by,
         sex = @sex, birth_from = @birthFrom, birth_to = @birthTo, nationality = @nationality,
         legal_status = @legalStatus, arrival_date = @arrivalDate, phone_digits = @phoneDigits
       WHERE id = @id AND version = @baseVersion AND status = 'active'`,
    )
    .run({ id, baseVersion, data: JSON.stringify(person), ...columns, at: stamp.at, by: stamp.by }).changes;
  return changed === 1;
}

export function setPersonStatus(
  db: Db,
  id: string,
  change: { status: PersonRecord['status']; voidReason: string | null; mergedInto: string | null },
  stamp: Stamp,
): void {
  archive(db, 'person', id);
  db.prepare(
    `UPDATE person SET version = version + 1, status = @status, void_reason = @voidReason, merged_into = @mergedInto,
       updated_at = @at, updated_by = @by WHERE id = @id`,
  ).run({ id, ...change, at: stamp.at, by: stamp.by });
}

export function getPerson(db: Db, id: string): PersonRecord | undefined {
  const row = db.prepare('SELECT * FROM person WHERE id = ?').get(id) as PersonRow | undefined;
  return row && rowToPerson(row);
}

export function getPersons(db: Db, ids: readonly string[]): PersonRecord[] {
  if (ids.length === 0) return [];
  const rows = db.prepare('SELECT * FROM person WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as PersonRow[];
  const byId = new Map(rows.map((r) => [r.id, rowToPerson(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function mergedInto(db: Db, id: string): PersonRecord[] {
  return (db.prepare("SELECT * FROM person WHERE merged_into = ? AND status = 'merged' ORDER BY created_at").all(id) as PersonRow[]).map(rowToPerson);
}

/** How many active persons and episodes the store holds. */
export function countActive(db: Db): { persons: number; episodes: number } {
  const persons = (db.prepare("SELECT count(*) AS n FROM person WHERE status = 'active'").get() as { n: number }).n;
  const episodes = (db.prepare("SELECT count(*) AS n FROM episode WHERE status = 'active'").get() as { n: number }).n;
  return { persons, episodes };
}

/** Replace the search keys of a person. */
export function setPersonKeys(db: Db, personId: string, keys: Iterable<string>): void {
  db.prepare('DELETE FROM person_key WHERE person_id = ?').run(personId);
  const insert = db.prepare('INSERT OR IGNORE INTO person_key (key, person_id) VALUES (?, ?)');
  for (const key of keys) insert.run(key, personId);
}

export function insertEpisode(db: Db, id: string, personId: string, episode: Episode, stamp: Stamp): void {
  db.prepare(
    `INSERT INTO episode (id, person_id, site_id, type, date, version, status, created_at, created_by, updated_at, updated_by, data)
     VALUES (@id, @personId, @siteId, @type, @date, 1, 'active', @at, @by, @at, @by, @data)`,
  ).run({ id, personId, ...stamp, type: episode.type, date: episode.date, data: JSON.stringify(episode) });
}

export function updateEpisode(db: Db, id: string, baseVersion: number, episode: Episode, stamp: Stamp): boolean {
  archive(db, 'episode', id);
  return (
    db
      .prepare(
        `UPDATE episode SET version = version + 1, type = @type, date = @date, data = @data, updated_at = @at, updated_by = @by
         WHERE id = @id AND version = @baseVersion AND status = 'active'`,
      )
      .run({ id, baseVersion, type: episode.type, date: episode.date, data: JSON.stringify(episode), at: stamp.at, by: stamp.by }).changes === 1
  );
}

export function voidRow(db: Db, table: 'episode' | 'entry', id: string, reason: string, stamp: Stamp): boolean {
  archive(db, table, id);
  return (
    db
      .prepare(
        `UPDATE ${table} SET version = version + 1, status = 'voided', void_reason = @reason, updated_at = @at, updated_by = @by
         WHERE id = @id AND status = 'active'`,
      )
      .run({ id, reason, at: stamp.at, by: stamp.by }).changes === 1
  );
}

export function getEpisode(db: Db, id: string): EpisodeRecord | undefined {
  const row = db.prepare('SELECT * FROM episode WHERE id = ?').get(id) as EpisodeRow | undefined;
  return row && rowToEpisode(row);
}

export function listEpisodes(db: Db, personIds: readonly string[]): EpisodeRecord[] {
  return (
    db
      .prepare('SELECT * FROM episode WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY date DESC, created_at DESC')
      .all(JSON.stringify(personIds)) as EpisodeRow[]
  ).map(rowToEpisode);
}

/** The code an entry is charted and filtered by. */
export function entryCode(body: EntryBody): string | null {
  switch (body.kind) {
    case 'observation':
      return body.code;
    case 'condition':
      return body.icd10;
    case 'immunization':
      return body.antigen;
    case 'consent':
      return body.purpose;
    default:
      return null;
  }
}

function entryTime(body: EntryBody): string | null {
  if (body.kind === 'observation') return body.effectiveAt;
  if (body.kind === 'immunization' || body.kind === 'consent') return body.date ?? null;
  return null;
}

export function insertEntry(db: Db, id: string, personId: string, episodeId: string, body: EntryBody, stamp: Stamp): void {
  db.prepare(
    `INSERT INTO entry (id, person_id, episode_id, site_id, kind, code, effective_at, version, status, created_at, created_by, updated_at, updated_by, data)
     VALUES (@id, @personId, @episodeId, @siteId, @kind, @code, @effectiveAt, 1, 'active', @at, @by, @at, @by, @data)`,
  ).run({ id, personId, episodeId, ...stamp, kind: body.kind, code: entryCode(body), effectiveAt: entryTime(body), data: JSON.stringify(body) });
}

export function updateEntry(db: Db, id: string, baseVersion: number, body: EntryBody, stamp: Stamp): boolean {
  archive(db, 'entry', id);
  return (
    db
      .prepare(
        `UPDATE entry SET version = version + 1, kind = @kind, code = @code, effective_at = @effectiveAt, data = @data,
           updated_at = @at, updated_by = @by
         WHERE id = @id AND version = @baseVersion AND status = 'active'`,
      )
      .run({ id, baseVersion, kind: body.kind, code: entryCode(body), effectiveAt: entryTime(body), data: JSON.stringify(body), at: stamp.at, by: stamp.by })
      .changes === 1
  );
}

export function getEntry(db: Db, id: string): EntryRecord | undefined {
  const row = db.prepare('SELECT * FROM entry WHERE id = ?').get(id) as EntryRow | undefined;
  return row && rowToEntry(row);
}

export function listEntries(db: Db, personIds: readonly string[]): EntryRecord[] {
  return (
    db
      .prepare('SELECT * FROM entry WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid')
      .all(JSON.stringify(personIds)) as EntryRow[]
  ).map(rowToEntry);
}

export interface VersionRow {
  version: number;
  status: string;
  voidReason?: string;
  at: string;
  by: string;
  byName: string | null;
  data: unknown;
}

/** Every version of a row, oldest first, the current one last. */
export function versions(db: Db, table: 'person' | 'episode' | 'entry', id: string): VersionRow[] {
  const rows = db
    .prepare(
      `SELECT version, status, void_reason, data, at, by FROM ${table}_version WHERE ${table}_id = @id
       UNION ALL
       SELECT version, status, void_reason, data, updated_at AS at, updated_by AS by FROM ${table} WHERE id = @id
       ORDER BY version`,
    )
    .all({ id }) as { version: number; status: string; void_reason: string | null; data: string; at: string; by: string }[];
  const names = db.prepare('SELECT display_name FROM users WHERE id = ?');
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    ...(r.void_reason !== null && { voidReason: r.void_reason }),
    at: r.at,
    by: r.by,
    byName: (names.get(r.by) as { display_name: string } | undefined)?.display_name ?? null,
    data: JSON.parse(r.data) as unknown,
  }));
}

export function saveDraft(db: Db, userId: string, key: string, personId: string | null, data: unknown, at: string): void {
  db.prepare(
    `INSERT INTO draft (user_id, key, person_id, data, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id, key) DO UPDATE SET person_id = excluded.person_id, data = excluded.data, updated_at = excluded.updated_at`,
  ).run(userId, key, personId, JSON.stringify(data), at);
}

export function getDraft(db: Db, userId: string, key: string): { data: Record<string, unknown>; updatedAt: string } | null {
  const row = db.prepare('SELECT data, updated_at FROM draft WHERE user_id = ? AND key = ?').get(userId, key) as
    | { data: string; updated_at: string }
    | undefined;
  return row ? { data: JSON.parse(row.data) as Record<string, unknown>, updatedAt: row.updated_at } : null;
}

export function deleteDraft(db: Db, userId: string, key: string): void {
  db.prepare('DELETE FROM draft WHERE user_id = ? AND key = ?').run(userId, key);
}

export function insertDocumentBlob(db: Db, entryId: string, bytes: Buffer): void {
  db.prepare('INSERT INTO document_blob (entry_id, bytes) VALUES (?, ?)').run(entryId, bytes);
}

/** A slice of a document's bytes (SQLite's substr works on blobs, 1-based), without loading the rest. */
export function readDocumentBlob(db: Db, entryId: string, offset: number, length: number): Buffer | undefined {
  const row = db.prepare('SELECT substr(bytes, ? + 1, ?) AS part FROM document_blob WHERE entry_id = ?').get(offset, length, entryId) as { part: Buffer } | undefined;
  return row?.part;
}
