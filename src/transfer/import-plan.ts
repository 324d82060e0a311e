// What importing a checked file would do here, record by record: read-only, so the preview and the
// apply (inside its transaction, against the database as it is then) compute it the same way.
import type { Db } from '../db/open.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import { TransferError } from './errors.ts';
import { personPartName, type IncomingPerson, type IncomingRecord } from './exchange-format.ts';
import { classify, mergeFields, type MergeResult, type RecordAction } from './merge.ts';

export interface RecordPlan {
  type: repo.RecordType;
  id: string;
  action: RecordAction;
  incoming: IncomingRecord;
  local: repo.StoredRow | undefined;
  /** For a merge: the settled fields and the conflicts. */
  merge?: MergeResult;
}

export interface PersonPlan {
  incoming: IncomingPerson;
  person: RecordPlan;
  episodes: RecordPlan[];
  entries: RecordPlan[];
  /** Document entries whose bytes this centre does not hold yet. */
  newDocuments: string[];
}

export function stateOf(row: repo.StoredRow): repo.RecordState {
  return { status: row.status, voidReason: row.voidReason, mergedInto: row.mergedInto, data: row.data };
}

function kindOf(data: string): string | undefined {
  return (JSON.parse(data) as { kind?: string }).kind;
}

/** A record id that is here under another person (or episode, or kind) is not an update of it. */
function checkParentage(record: IncomingRecord, local: repo.StoredRow): void {
  const part = personPartName(record.personId);
  const moved =
    (record.type !== 'person' && local.personId !== record.personId) ||
    (record.type === 'entry' && (local.episodeId !== record.episodeId || kindOf(local.data) !== kindOf(record.state.data)));
  if (moved) throw new TransferError('TRANSFER_INVALID_PART', { part, reason: 'inconsistent-with-local', recordType: record.type, id: record.id });
}

function planRecord(db: Db, record: IncomingRecord, senderSiteId: string): RecordPlan {
  const local = repo.getStoredRow(db, record.type, record.id);
  if (local) checkParentage(record, local);
  const base = repo.getSyncBase(db, record.type, record.id);
  const earlier = new Map(record.history.map((v) => [v.version, v]));
  const { action, ancestor } = classify({
    local: local && { version: local.version, state: stateOf(local) },
    incoming: { version: record.version, state: record.state },
    base: base && { version: base.version, state: base, direction: base.direction, peerSiteId: base.peerSiteId },
    senderSiteId,
    localAt: (v) => repo.earlierVersion(db, record.type, record.id, v),
    incomingAt: (v) => earlier.get(v),
  });
  const plan: RecordPlan = { type: record.type, id: record.id, action, incoming: record, local };
  if (action === 'merge' && local) plan.merge = mergeFields(ancestor, stateOf(local), record.state);
  return plan;
}

export function planImport(db: Db, persons: readonly IncomingPerson[], senderSiteId: string): PersonPlan[] {
  return persons.map((incoming) => {
    const entries = incoming.entries.map((e) => planRecord(db, e, senderSiteId));
    return {
      incoming,
      person: planRecord(db, incoming.person, senderSiteId),
      episodes: incoming.episodes.map((e) => planRecord(db, e, senderSiteId)),
      entries,
      newDocuments: incoming.entries.filter((e) => kindOf(e.state.data) === 'document' && !repo.hasDocumentBlob(db, e.id)).map((e) => e.id),
    };
  });
}

export function conflictKey(type: string, id: string, field: string): string {
  return `${type}/${id}/${field}`;
}

/** Every conflict of a plan, as keys. */
export function conflictKeys(plans: readonly PersonPlan[]): Set<string> {
  const keys = new Set<string>();
  for (const p of plans) {
    for (const r of [p.person, ...p.episodes, ...p.entries]) for (const c of r.merge?.conflicts ?? []) keys.add(conflictKey(r.type, r.id, c.field));
  }
  return keys;
}
