// Plain functions over the transfer tables (migrations/0050-transfer.sql) and the record rows as a
// transfer reads and writes them: whole rows with their own ids, versions, authors and times, which
// the record repository (always "this user, now, next version") cannot write. Callers hold the
// transaction.
import type { Db } from '../open.ts';

// ---------------------------------------------------------------------------------------------
// Site identity and trust

export interface SiteIdentityRow {
  siteId: string;
  signingPkcs8: Buffer;
  encryptionPkcs8: Buffer;
  signingKeyId: string;
  encryptionKeyId: string;
  card: string;
  certificate: string | null;
  createdAt: string;
  createdBy: string;
}

interface IdentityDbRow {
  site_id: string;
  signing_pkcs8: Buffer;
  encryption_pkcs8: Buffer;
  signing_key_id: string;
  encryption_key_id: string;
  card: string;
  certificate: string | null;
  created_at: string;
  created_by: string;
}

export function getSiteIdentity(db: Db): SiteIdentityRow | undefined {
  const row = db.prepare('SELECT * FROM site_identity WHERE id = 1').get() as IdentityDbRow | undefined;
  return (
    row && {
      siteId: row.site_id,
      signingPkcs8: row.signing_pkcs8,
      encryptionPkcs8: row.encryption_pkcs8,
      signingKeyId: row.signing_key_id,
      encryptionKeyId: row.encryption_key_id,
      card: row.card,
      certificate: row.certificate,
      createdAt: row.created_at,
      createdBy: row.created_by,
    }
  );
}

export function insertSiteIdentity(db: Db, row: SiteIdentityRow): void {
  db.prepare(
    `INSERT INTO site_identity (id, site_id, signing_pkcs8, encryption_pkcs8, signing_key_id, encryption_key_id, card, certificate, created_at, created_by)
     VALUES (1, @siteId, @signingPkcs8, @encryptionPkcs8, @signingKeyId, @encryptionKeyId, @card, @certificate, @createdAt, @createdBy)`,
  ).run(row);
}

export function setSiteCertificate(db: Db, certificate: string | null): void {
  db.prepare('UPDATE site_identity SET certificate = ? WHERE id = 1').run(certificate);
}

export interface AuthorityRow {
  publicSpki: Buffer;
  keyId: string;
  pinnedAt: string;
  pinnedBy: string;
}

export function getAuthority(db: Db): AuthorityRow | undefined {
  const row = db.prepare('SELECT public_spki, key_id, pinned_at, pinned_by FROM trust_authority WHERE id = 1').get() as
    | { public_spki: Buffer; key_id: string; pinned_at: string; pinned_by: string }
    | undefined;
  return row && { publicSpki: row.public_spki, keyId: row.key_id, pinnedAt: row.pinned_at, pinnedBy: row.pinned_by };
}

export function putAuthority(db: Db, row: AuthorityRow): void {
  db.prepare(
    `INSERT INTO trust_authority (id, public_spki, key_id, pinned_at, pinned_by) VALUES (1, @publicSpki, @keyId, @pinnedAt, @pinnedBy)
     ON CONFLICT (id) DO UPDATE SET public_spki = excluded.public_spki, key_id = excluded.key_id, pinned_at = excluded.pinned_at, pinned_by = excluded.pinned_by`,
  ).run(row);
}

export interface TrustListRow {
  authorityKeyId: string;
  sequence: number;
  issuedAt: string;
  jws: string;
  importedAt: string;
  importedBy: string;
}

export function getTrustList(db: Db): TrustListRow | undefined {
  const row = db.prepare('SELECT * FROM trust_list WHERE id = 1').get() as
    | { authority_key_id: string; sequence: number; issued_at: string; jws: string; imported_at: string; imported_by: string }
    | undefined;
  return (
    row && { authorityKeyId: row.authority_key_id, sequence: row.sequence, issuedAt: row.issued_at, jws: row.jws, importedAt: row.imported_at, importedBy: row.imported_by }
  );
}

export function putTrustList(db: Db, row: TrustListRow): void {
  db.prepare(
    `INSERT INTO trust_list (id, authority_key_id, sequence, issued_at, jws, imported_at, imported_by)
     VALUES (1, @authorityKeyId, @sequence, @issuedAt, @jws, @importedAt, @importedBy)
     ON CONFLICT (id) DO UPDATE SET authority_key_id = excluded.authority_key_id, sequence = excluded.sequence, issued_at = excluded.issued_at,
       jws = excluded.jws, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
  ).run(row);
}

export function deleteTrustList(db: Db): void {
  db.prepare('DELETE FROM trust_list').run();
}

export interface PairedSiteRow {
  siteId: string;
  signingKeyId: string;
  card: string;
  fingerprint: string;
  pairedAt: string;
  pairedBy: string;
}

export function listPairedSites(db: Db): PairedSiteRow[] {
  const rows = db.prepare('SELECT * FROM paired_site ORDER BY site_id').all() as {
    site_id: string;
    signing_key_id: string;
    card: string;
    fingerprint: string;
    paired_at: string;
    paired_by: string;
  }[];
  return rows.map((r) => ({ siteId: r.site_id, signingKeyId: r.signing_key_id, card: r.card, fingerprint: r.fingerprint, pairedAt: r.paired_at, pairedBy: r.paired_by }));
}

export function putPairedSite(db: Db, row: PairedSiteRow): void {
  db.prepare(
    `INSERT INTO paired_site (site_id, signing_key_id, card, fingerprint, paired_at, paired_by)
     VALUES (@siteId, @signingKeyId, @card, @fingerprint, @pairedAt, @pairedBy)
     ON CONFLICT (site_id) DO UPDATE SET signing_key_id = excluded.signing_key_id, card = excluded.card, fingerprint = excluded.fingerprint,
       paired_at = excluded.paired_at, paired_by = excluded.paired_by`,
  ).run(row);
}

export function deletePairedSite(db: Db, siteId: string): boolean {
  return db.prepare('DELETE FROM paired_site WHERE site_id = ?').run(siteId).changes === 1;
}

// ---------------------------------------------------------------------------------------------
// The transfer log

export interface TransferLogRow {
  transferId: string;
  direction: 'export' | 'import';
  peerSiteId: string | null;
  recipients: string[];
  passphrase: boolean;
  at: string;
  userId: string;
  persons: number;
  fileSha256: string;
}

export function insertTransferLog(db: Db, row: TransferLogRow): void {
  db.prepare(
    `INSERT INTO transfer_log (transfer_id, direction, peer_site_id, recipients, passphrase, at, user_id, persons, file_sha256)
     VALUES (@transferId, @direction, @peerSiteId, @recipients, @passphrase, @at, @userId, @persons, @fileSha256)`,
  ).run({ ...row, recipients: JSON.stringify(row.recipients), passphrase: row.passphrase ? 1 : 0 });
}

/** When this transfer was applied here, if it was. */
export function importedAt(db: Db, transferId: string): string | undefined {
  const row = db.prepare("SELECT at FROM transfer_log WHERE transfer_id = ? AND direction = 'import'").get(transferId) as { at: string } | undefined;
  return row?.at;
}

// ---------------------------------------------------------------------------------------------
// Sync base

export type RecordType = 'person' | 'episode' | 'entry';

/** A record's state, without who wrote it: what is compared to find changes and conflicts. */
export interface RecordState {
  status: string;
  voidReason: string | null;
  mergedInto: string | null;
  /** The domain object as JSON text. */
  data: string;
}

export interface SyncBaseRow extends RecordState {
  version: number;
  direction: 'export' | 'import';
  /** The other centre; null when the file went to several, or to a passphrase. */
  peerSiteId: string | null;
  transferId: string;
  at: string;
}

export function getSyncBase(db: Db, type: RecordType, id: string): SyncBaseRow | undefined {
  const row = db.prepare('SELECT * FROM sync_base WHERE record_type = ? AND record_id = ?').get(type, id) as
    | {
        version: number;
        status: string;
        void_reason: string | null;
        merged_into: string | null;
        data: string;
        direction: 'export' | 'import';
        peer_site_id: string | null;
        transfer_id: string;
        at: string;
      }
    | undefined;
  return (
    row && {
      version: row.version,
      status: row.status,
      voidReason: row.void_reason,
      mergedInto: row.merged_into,
      data: row.data,
      direction: row.direction,
      peerSiteId: row.peer_site_id,
      transferId: row.transfer_id,
      at: row.at,
    }
  );
}

export function putSyncBase(db: Db, type: RecordType, id: string, row: SyncBaseRow): void {
  db.prepare(
    `INSERT INTO sync_base (record_type, record_id, version, status, void_reason, merged_into, data, direction, peer_site_id, transfer_id, at)
     VALUES (@type, @id, @version, @status, @voidReason, @mergedInto, @data, @direction, @peerSiteId, @transferId, @at)
     ON CONFLICT (record_type, record_id) DO UPDATE SET version = excluded.version, status = excluded.status, void_reason = excluded.void_reason,
       merged_into = excluded.merged_into, data = excluded.data, direction = excluded.direction, peer_site_id = excluded.peer_site_id,
       transfer_id = excluded.transfer_id, at = excluded.at`,
  ).run({ type, id, ...row });
}

// ---------------------------------------------------------------------------------------------
// Record rows, whole

/** A person, episode or entry row as stored, with what it hangs from. */
export interface StoredRow extends RecordState {
  id: string;
  siteId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  /** Episodes and entries: their person. */
  personId: string | null;
  /** Entries: their episode. */
  episodeId: string | null;
  /** Persons: the record number here. */
  recordNumber: string | null;
}

const SELECT_ROW: Record<RecordType, string> = {
  person: `SELECT id, site_id, version, status, void_reason, merged_into, created_at, created_by, updated_at, updated_by, data,
             NULL AS person_id, NULL AS episode_id, record_number FROM person`,
  episode: `SELECT id, site_id, version, status, void_reason, NULL AS merged_into, created_at, created_by, updated_at, updated_by, data,
              person_id, NULL AS episode_id, NULL AS record_number FROM episode`,
  entry: `SELECT id, site_id, version, status, void_reason, NULL AS merged_into, created_at, created_by, updated_at, updated_by, data,
            person_id, episode_id, NULL AS record_number FROM entry`,
};

interface StoredDbRow {
  id: string;
  site_id: string;
  version: number;
  status: string;
  void_reason: string | null;
  merged_into: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  data: string;
  person_id: string | null;
  episode_id: string | null;
  record_number: string | null;
}

function rowToStored(r: StoredDbRow): StoredRow {
  return {
    id: r.id,
    siteId: r.site_id,
    version: r.version,
    status: r.status,
    voidReason: r.void_reason,
    mergedInto: r.merged_into,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
    data: r.data,
    personId: r.person_id,
    episodeId: r.episode_id,
    recordNumber: r.record_number,
  };
}

export function getStoredRow(db: Db, type: RecordType, id: string): StoredRow | undefined {
  const row = db.prepare(`${SELECT_ROW[type]} WHERE id = ?`).get(id) as StoredDbRow | undefined;
  return row && rowToStored(row);
}

/** Every episode (or entry) of some persons, oldest first. */
export function listStoredRows(db: Db, type: 'episode' | 'entry', personIds: readonly string[]): StoredRow[] {
  return (db.prepare(`${SELECT_ROW[type]} WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`).all(JSON.stringify(personIds)) as StoredDbRow[]).map(
    rowToStored,
  );
}

export interface VersionState extends RecordState {
  version: number;
  at: string;
  by: string;
}

/** The earlier versions of some records (not the current one), oldest first per record. */
export function listEarlierVersions(db: Db, type: RecordType, ids: readonly string[]): Map<string, VersionState[]> {
  const rows = db
    .prepare(
      `SELECT ${type}_id AS id, version, status, void_reason, data, at, by FROM ${type}_version
       WHERE ${type}_id IN (SELECT value FROM json_each(?)) ORDER BY ${type}_id, version`,
    )
    .all(JSON.stringify(ids)) as { id: string; version: number; status: string; void_reason: string | null; data: string; at: string; by: string }[];
  const out = new Map<string, VersionState[]>();
  for (const r of rows) {
    const list = out.get(r.id) ?? [];
    list.push({ version: r.version, status: r.status, voidReason: r.void_reason, mergedInto: null, data: r.data, at: r.at, by: r.by });
    out.set(r.id, list);
  }
  return out;
}

/** One earlier version of a record, as its history table holds it. */
export function earlierVersion(db: Db, type: RecordType, id: string, version: number): RecordState | undefined {
  const row = db.prepare(`SELECT status, void_reason, data FROM ${type}_version WHERE ${type}_id = ? AND version = ?`).get(id, version) as
    | { status: string; void_reason: string | null; data: string }
    | undefined;
  return row && { status: row.status, voidReason: row.void_reason, mergedInto: null, data: row.data };
}

export function insertVersion(db: Db, type: RecordType, id: string, v: VersionState): void {
  db.prepare(`INSERT INTO ${type}_version (${type}_id, version, status, void_reason, data, at, by) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
    id,
    v.version,
    v.status,
    v.voidReason,
    v.data,
    v.at,
    v.by,
  );
}

/** Move the current version of a row into its history table, before it is replaced. */
export function archiveCurrent(db: Db, type: RecordType, id: string): void {
  db.prepare(
    `INSERT INTO ${type}_version (${type}_id, version, status, void_reason, data, at, by)
     SELECT id, version, status, void_reason, data, updated_at, updated_by FROM ${type} WHERE id = ?`,
  ).run(id);
}

/** Fields of a person copied into columns for filtering (as the record repository keeps them). */
export interface PersonColumnValues {
  sex: string;
  birthFrom: string;
  birthTo: string;
  nationality: string | null;
  legalStatus: string;
  arrivalDate: string | null;
  phoneDigits: string | null;
}

/** Columns of an episode or entry derived from its data. */
export interface EpisodeColumnValues {
  type: string;
  date: string;
}

export interface EntryColumnValues {
  kind: string;
  code: string | null;
  effectiveAt: string | null;
}

export type WrittenRow = Omit<StoredRow, 'recordNumber' | 'personId' | 'episodeId'>;

export function insertPersonRow(db: Db, row: WrittenRow, recordNumber: string, columns: PersonColumnValues): void {
  db.prepare(
    `INSERT INTO person (id, record_number, site_id, version, status, void_reason, merged_into, created_at, created_by, updated_at, updated_by, data,
       sex, birth_from, birth_to, nationality, legal_status, arrival_date, phone_digits)
     VALUES (@id, @recordNumber, @siteId, @version, @status, @voidReason, @mergedInto, @createdAt, @createdBy, @updatedAt, @updatedBy, @data,
       @sex, @birthFrom, @birthTo, @nationality, @legalStatus, @arrivalDate, @phoneDigits)`,
  ).run({ ...row, recordNumber, ...columns });
}

/** Replace a person's current version (archive it first). */
export function replacePersonRow(db: Db, row: WrittenRow, columns: PersonColumnValues): void {
  archiveCurrent(db, 'person', row.id);
  db.prepare(
    `UPDATE person SET version = @version, status = @status, void_reason = @voidReason, merged_into = @mergedInto,
       updated_at = @updatedAt, updated_by = @updatedBy, data = @data,
       sex = @sex, birth_from = @birthFrom, birth_to = @birthTo, nationality = @nationality,
       legal_status = @legalStatus, arrival_date = @arrivalDate, phone_digits = @phoneDigits
     WHERE id = @id`,
  ).run({ ...row, ...columns });
}

export function insertEpisodeRow(db: Db, row: WrittenRow, personId: string, columns: EpisodeColumnValues): void {
  db.prepare(
    `INSERT INTO episode (id, person_id, site_id, type, date, version, status, void_reason, created_at, created_by, updated_at, updated_by, data)
     VALUES (@id, @personId, @siteId, @type, @date, @version, @status, @voidReason, @createdAt, @createdBy, @updatedAt, @updatedBy, @data)`,
  ).run({ ...row, personId, ...columns });
}

export function replaceEpisodeRow(db: Db, row: WrittenRow, columns: EpisodeColumnValues): void {
  archiveCurrent(db, 'episode', row.id);
  db.prepare(
    `UPDATE episode SET version = @version, status = @status, void_reason = @voidReason, type = @type, date = @date,
       updated_at = @updatedAt, updated_by = @updatedBy, data = @data WHERE id = @id`,
  ).run({ ...row, ...columns });
}

export function insertEntryRow(db: Db, row: WrittenRow, personId: string, episodeId: string, columns: EntryColumnValues): void {
  db.prepare(
    `INSERT INTO entry (id, person_id, episode_id, site_id, kind, code, effective_at, version, status, void_reason, created_at, created_by, updated_at, updated_by, data)
     VALUES (@id, @personId, @episodeId, @siteId, @kind, @code, @effectiveAt, @version, @status, @voidReason, @createdAt, @createdBy, @updatedAt, @updatedBy, @data)`,
  ).run({ ...row, personId, episodeId, ...columns });
}

export function replaceEntryRow(db: Db, row: WrittenRow, columns: EntryColumnValues): void {
  archiveCurrent(db, 'entry', row.id);
  db.prepare(
    `UPDATE entry SET version = @version, status = @status, void_reason = @voidReason, kind = @kind, code = @code, effective_at = @effectiveAt,
       updated_at = @updatedAt, updated_by = @updatedBy, data = @data WHERE id = @id`,
  ).run({ ...row, ...columns });
}

export function hasDocumentBlob(db: Db, entryId: string): boolean {
  return db.prepare('SELECT 1 FROM document_blob WHERE entry_id = ?').get(entryId) !== undefined;
}

export function documentBlobSize(db: Db, entryId: string): number | undefined {
  const row = db.prepare('SELECT length(bytes) AS n FROM document_blob WHERE entry_id = ?').get(entryId) as { n: number } | undefined;
  return row?.n;
}

// ---------------------------------------------------------------------------------------------
// Choosing persons to send

/** Persons who arrived between two dates (inclusive), active only: a relocation group. */
export function personsArrived(db: Db, from: string, to: string): string[] {
  return (db.prepare("SELECT id FROM person WHERE arrival_date BETWEEN ? AND ? AND status = 'active' ORDER BY arrival_date, rowid").all(from, to) as { id: string }[]).map(
    (r) => r.id,
  );
}

/** Persons whose record, episodes or entries changed at or after a time (voided ones too: voids travel). */
export function personsChangedSince(db: Db, since: string): string[] {
  return (
    db
      .prepare(
        `SELECT id FROM person WHERE updated_at >= @since
         UNION SELECT person_id FROM episode WHERE updated_at >= @since
         UNION SELECT person_id FROM entry WHERE updated_at >= @since`,
      )
      .all({ since }) as { id: string }[]
  ).map((r) => r.id);
}

/** The persons merged into one. */
export function mergedIds(db: Db, personId: string): string[] {
  return (db.prepare("SELECT id FROM person WHERE merged_into = ? AND status = 'merged' ORDER BY created_at, rowid").all(personId) as { id: string }[]).map((r) => r.id);
}
