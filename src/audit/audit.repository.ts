// The access log: append-only rows, each carrying the hash of the row before it. Editing or deleting
// any row breaks the chain; deleting rows from the end shows against audit_head.
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../api/schemas/store.ts';
import type { Db } from '../db/open.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  userId: string | null;
  username: string | null;
  role: string | null;
  method: string;
  personId?: string | null;
  outcome: AuditEntry['outcome'];
  /** Ids and field names only. */
  changes?: Record<string, unknown> | null;
}

/** The row for an action the logged-in user did (the access log records who, as what role, on whom). */
export function actionBy(
  user: { id: string; username: string; role: string },
  method: string,
  about: { personId?: string | null; changes?: Record<string, unknown> | null } = {},
): AuditRecord {
  return { userId: user.id, username: user.username, role: user.role, method, outcome: 'ok', ...about };
}

interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  username: string | null;
  role: string | null;
  method: string;
  person_id: string | null;
  outcome: AuditEntry['outcome'];
  changes: string | null;
  prev_hash: string;
  hash: string;
}

function rowHash(row: Omit<AuditRow, 'hash'>): string {
  const fields = [row.seq, row.at, row.user_id, row.username, row.role, row.method, row.person_id, row.outcome, row.changes, row.prev_hash];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function rowToEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    method: row.method,
    personId: row.person_id,
    outcome: row.outcome,
    changes: row.changes === null ? null : (JSON.parse(row.changes) as Record<string, unknown>),
  };
}

/** Append one row. Call inside the transaction of the change it records. */
export function appendAudit(db: Db, record: AuditRecord, now = new Date()): number {
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const row = {
    seq: (head?.seq ?? 0) + 1,
    at: now.toISOString(),
    user_id: record.userId,
    username: record.username,
    role: record.role,
    method: record.method,
    person_id: record.personId ?? null,
    outcome: record.outcome,
    changes: record.changes ? JSON.stringify(record.changes) : null,
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  const hash = rowHash(row);
  db.prepare(
    `INSERT INTO audit_log (seq, at, user_id, username, role, method, person_id, outcome, changes, prev_hash, hash)
     VALUES (@seq, @at, @user_id, @username, @role, @method, @person_id, @outcome, @changes, @prev_hash, @hash)`,
  ).run({ ...row, hash });
  db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(row.seq, hash);
  return row.seq;
}

export interface AuditFilter {
  userId?: string | undefined;
  personId?: string | undefined;
  method?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

export function listAudit(db: Db, filter: AuditFilter): { entries: AuditEntry[]; total: number } {
  const conditions: [string, string, unknown][] = [
    ['user_id = @userId', 'userId', filter.userId],
    ['person_id = @personId', 'personId', filter.personId],
    ['method = @method', 'method', filter.method],
    ['at >= @from', 'from', filter.from],
    ['at <= @to', 'to', filter.to],
  ];
  const active = conditions.filter(([, , value]) => value !== undefined && value !== '');
  const where = active.map(([sql]) => sql);
  const params: Record<string, unknown> = Object.fromEntries(active.map(([, name, value]) => [name, value]));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n;
  const paging = filter.beforeSeq ? `${clause ? `${clause} AND` : 'WHERE'} seq < @beforeSeq` : clause;
  const rows = db
    .prepare(`SELECT * FROM audit_log ${paging} ORDER BY seq DESC LIMIT @limit`)
    .all({ ...params, ...(filter.beforeSeq ? { beforeSeq: filter.beforeSeq } : {}), limit: filter.limit }) as AuditRow[];
  return { entries: rows.map(rowToEntry), total };
}

export interface AuditVerdict {
  intact: boolean;
  rows: number;
  firstBadSeq: number | null;
  problem: 'edited' | 'deleted' | 'truncated' | null;
}

/** Walk the whole chain: every hash recomputed, every link and sequence number checked. */
export function verifyAudit(db: Db): AuditVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>) {
    rows++;
    if (row.seq !== expectedSeq) return { intact: false, rows, firstBadSeq: expectedSeq, problem: 'deleted' };
    const { hash, ...rest } = row;
    if (row.prev_hash !== prevHash) return { intact: false, rows, firstBadSeq: row.seq, problem: expectedSeq === 1 ? 'deleted' : 'edited' };
    if (rowHash(rest) !== hash) return { intact: false, rows, firstBadSeq: row.seq, problem: 'edited' };
    prevHash = hash;
    expectedSeq++;
  }
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const lastSeq = expectedSeq - 1;
  if ((head?.seq ?? 0) !== lastSeq || (head && head.hash !== prevHash)) {
    return { intact: false, rows, firstBadSeq: lastSeq + 1, problem: 'truncated' };
  }
  return { intact: true, rows, firstBadSeq: null, problem: null };
}
