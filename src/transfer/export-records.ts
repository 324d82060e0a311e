// Reading what an export sends: which persons a selection means, each person's rows with their
// earlier versions, and a document's bytes in slices (never the whole blob in memory at once).
import { AppError } from '../api/errors.ts';
import type { ExportSelection } from '../api/schemas/transfer.ts';
import type { Db } from '../db/open.ts';
import { readDocumentBlob } from '../db/repositories/record.repository.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import { throwIfCancelled } from './errors.ts';
import type { ExportedPerson } from './exchange-format.ts';

const BLOB_CHUNK = 1024 * 1024;

/**
 * The persons a selection means. A person merged into another travels with that one, and every
 * person merged into a sent one travels with it: a record and the records folded into it go together.
 */
export function selectPersons(db: Db, selection: ExportSelection): string[] {
  let chosen: string[];
  if (selection.kind === 'persons') {
    chosen = selection.personIds;
    for (const id of chosen) if (!repo.getStoredRow(db, 'person', id)) throw new AppError('NOT_FOUND', { personId: id });
  } else if (selection.kind === 'arrived') {
    chosen = repo.personsArrived(db, selection.from, selection.to);
  } else {
    chosen = repo.personsChangedSince(db, selection.since);
  }
  const out = new Set<string>();
  for (const id of chosen) {
    let root = repo.getStoredRow(db, 'person', id);
    for (let hops = 0; root?.status === 'merged' && root.mergedInto && hops < 10; hops++) root = repo.getStoredRow(db, 'person', root.mergedInto);
    if (!root || out.has(root.id)) continue;
    out.add(root.id);
    for (const m of repo.mergedIds(db, root.id)) out.add(m);
  }
  return [...out];
}

/** A person's rows, read in one go (no other write can come between them). */
export function readPerson(db: Db, id: string): ExportedPerson {
  const person = repo.getStoredRow(db, 'person', id);
  if (!person) throw new AppError('NOT_FOUND', { personId: id });
  const episodes = repo.listStoredRows(db, 'episode', [id]);
  const entries = repo.listStoredRows(db, 'entry', [id]);
  const history = new Map<string, repo.VersionState[]>();
  for (const [type, rows] of [['person', [person]], ['episode', episodes], ['entry', entries]] as const) {
    for (const [k, v] of repo.listEarlierVersions(db, type, rows.map((r) => r.id))) history.set(k, v);
  }
  return { person, episodes, entries, history };
}

/** A document's bytes, a megabyte at a time; `check` runs before each slice (cancel, store still open). */
export async function* documentBytes(db: Db, entryId: string, signal: AbortSignal | undefined, check: () => void): AsyncGenerator<Buffer> {
  const size = repo.documentBlobSize(db, entryId);
  if (size === undefined) throw new AppError('INTERNAL', { reason: 'document-bytes-missing', entryId });
  for (let offset = 0; offset < size; offset += BLOB_CHUNK) {
    throwIfCancelled(signal);
    check();
    yield readDocumentBlob(db, entryId, offset, BLOB_CHUNK) as Buffer;
  }
}
