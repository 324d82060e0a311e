// How an incoming version of a record relates to the one here, and what to write. Pure functions
// over record states (status, void reason, "merged into", the domain object).
//
// The model, in order:
//   new        not here.
//   unchanged  the same content (whatever the version numbers say).
//   older      the file is stale: its version is below what this centre last imported from the same
//              sender, or it is one of this record's own earlier versions. Nothing is written.
//   update     this record is one of the incoming record's earlier versions, or has not changed since
//              the two centres last exchanged it (the sync base): the incoming version replaces it.
//   merge      both changed since the common ancestor (the sync base, or else the latest version
//              number both histories hold with the same content): field by field, a field changed
//              on one side only takes that side; changed on both to different values, it is a
//              conflict the user resolves. The result is written as a new local version.
// Fields are the top-level fields of the domain object plus `recordStatus` (status, void reason,
// merged into). Nothing is deleted: every replaced version stays in the record's history.
import type { RecordState } from '../db/repositories/transfer.repository.ts';
import { canonical } from './exchange-format.ts';

export type RecordAction = 'new' | 'unchanged' | 'older' | 'update' | 'merge';

export const STATUS_FIELD = 'recordStatus';

export interface Versioned {
  version: number;
  state: RecordState;
}

export interface SyncBase extends Versioned {
  direction: 'export' | 'import';
  peerSiteId: string | null;
}

export interface ClassifyInput {
  local: Versioned | undefined;
  incoming: Versioned;
  base: SyncBase | undefined;
  senderSiteId: string;
  /** An earlier version of the local record, from its history. */
  localAt(version: number): RecordState | undefined;
  /** An earlier version of the incoming record, from the file. */
  incomingAt(version: number): RecordState | undefined;
}

export interface Classified {
  action: RecordAction;
  /** For a merge: the state both sides started from, when one is known. */
  ancestor?: RecordState | undefined;
}

export function sameState(a: RecordState, b: RecordState): boolean {
  return a.status === b.status && a.voidReason === b.voidReason && a.mergedInto === b.mergedInto && canonical(JSON.parse(a.data)) === canonical(JSON.parse(b.data));
}

export function classify(input: ClassifyInput): Classified {
  const { local, incoming, base } = input;
  if (!local) return { action: 'new' };
  if (sameState(local.state, incoming.state)) return { action: 'unchanged' };
  // A sender's versions of a record only go up (every write, imports included, makes a higher one),
  // so a version below the one last imported from that sender was written before that file.
  if (base && base.direction === 'import' && base.peerSiteId === input.senderSiteId && incoming.version < base.version) return { action: 'older' };
  if (incoming.version < local.version) {
    const past = input.localAt(incoming.version);
    if (past && sameState(past, incoming.state)) return { action: 'older' };
  }
  if (local.version < incoming.version) {
    const past = input.incomingAt(local.version);
    if (past && sameState(past, local.state)) return { action: 'update' };
  }
  // The sync base is per record: when it was exchanged with another centre than this sender, the
  // histories say better where the two versions parted.
  const baseFits = base && (base.peerSiteId === null || base.peerSiteId === input.senderSiteId);
  const ancestor = baseFits ? base.state : (commonAncestor(input) ?? base?.state);
  if (ancestor) {
    if (sameState(local.state, ancestor)) return { action: 'update' };
    if (sameState(incoming.state, ancestor)) return { action: 'older' };
  }
  return { action: 'merge', ancestor };
}

function commonAncestor(input: ClassifyInput): RecordState | undefined {
  const top = Math.min(input.local?.version ?? 0, input.incoming.version);
  for (let v = top; v >= 1; v--) {
    const mine = v === input.local?.version ? input.local.state : input.localAt(v);
    const theirs = v === input.incoming.version ? input.incoming.state : input.incomingAt(v);
    if (mine && theirs && sameState(mine, theirs)) return mine;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Field by field

export interface FieldConflict {
  field: string;
  local: unknown;
  incoming: unknown;
}

function fields(state: RecordState): Map<string, unknown> {
  const out = new Map<string, unknown>(Object.entries(JSON.parse(state.data) as Record<string, unknown>));
  out.set(STATUS_FIELD, {
    status: state.status,
    ...(state.voidReason !== null && { voidReason: state.voidReason }),
    ...(state.mergedInto !== null && { mergedInto: state.mergedInto }),
  });
  return out;
}

export interface MergeResult {
  /** Field -> value, where only one side changed it or both agree. */
  settled: Map<string, unknown>;
  conflicts: FieldConflict[];
}

/** Three-way merge of the fields; without an ancestor, every field the two sides disagree on is a conflict. */
export function mergeFields(ancestor: RecordState | undefined, local: RecordState, incoming: RecordState): MergeResult {
  const a = ancestor ? fields(ancestor) : undefined;
  const l = fields(local);
  const i = fields(incoming);
  const names = [...new Set([...l.keys(), ...i.keys()])].sort();
  const settled = new Map<string, unknown>();
  const conflicts: FieldConflict[] = [];
  for (const name of names) {
    const lv = l.get(name);
    const iv = i.get(name);
    const lc = canonical(lv);
    const ic = canonical(iv);
    if (lc === ic) settled.set(name, lv);
    else if (a && lc === canonical(a.get(name))) settled.set(name, iv);
    else if (a && ic === canonical(a.get(name))) settled.set(name, lv);
    else conflicts.push({ field: name, local: lv, incoming: iv });
  }
  return { settled, conflicts };
}

/** The merged state: settled fields plus the user's choice for each conflict. */
export function mergedState(result: MergeResult, choose: (conflict: FieldConflict) => 'local' | 'incoming'): RecordState {
  const values = new Map(result.settled);
  for (const c of result.conflicts) values.set(c.field, choose(c) === 'local' ? c.local : c.incoming);
  const status = (values.get(STATUS_FIELD) ?? { status: 'active' }) as { status: string; voidReason?: string; mergedInto?: string };
  values.delete(STATUS_FIELD);
  const data: Record<string, unknown> = {};
  for (const [k, v] of values) if (v !== undefined) data[k] = v;
  return { status: status.status, voidReason: status.voidReason ?? null, mergedInto: status.mergedInto ?? null, data: JSON.stringify(data) };
}
