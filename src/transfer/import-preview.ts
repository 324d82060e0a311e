// From a verified file to what the user sees before anything is written: every part read and checked
// against the others (FHIR Bundles, records parts, document bytes), merge targets that exist, and per
// person what would change here, with likely duplicates of new persons and the conflicts to resolve.
import { AppError } from '../api/errors.ts';
import type { PersonSummary } from '../api/schemas/record.ts';
import type { ImportLinkSchema, ImportPreview, PersonPreview } from '../api/schemas/transfer.ts';
import type { z } from '../api/zod.ts';
import type { Person } from '../domain/person.ts';
import type { Db } from '../db/open.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import { TransferError, throwIfCancelled } from './errors.ts';
import { classifyPartName, documentPartName, personPartName, readIncomingPerson, recordsPartName, type IncomingPerson } from './exchange-format.ts';
import type { PersonPlan, RecordPlan } from './import-plan.ts';
import type { StagedPart } from './staging.ts';
import type { VerifiedTransfer } from './transfer-file.ts';

function invalid(part: string, reason: string, details: Record<string, unknown> = {}): TransferError {
  return new TransferError('TRANSFER_INVALID_PART', { part, reason, ...details });
}

/** Every part read and checked against the others. Reads no database. */
export async function readContent(transfer: VerifiedTransfer, run: { signal?: AbortSignal | undefined; onProgress?: ((p: { phase: 'checking'; done: number; total: number }) => void) | undefined }): Promise<IncomingPerson[]> {
  const persons = new Map<string, { bundle?: StagedPart; records?: StagedPart }>();
  const documents = new Map<string, StagedPart>();
  for (const part of transfer.parts) {
    const c = classifyPartName(part.name);
    if (!c) throw invalid(part.name, 'unexpected');
    if (c.kind === 'document') documents.set(c.id, part);
    else {
      const slot = persons.get(c.id) ?? {};
      slot[c.kind === 'person' ? 'bundle' : 'records'] = part;
      persons.set(c.id, slot);
    }
  }
  const out: IncomingPerson[] = [];
  const seen = new Set<string>();
  let done = 0;
  for (const [id, slot] of persons) {
    throwIfCancelled(run.signal);
    if (!slot.bundle) throw invalid(personPartName(id), 'missing');
    if (!slot.records) throw invalid(recordsPartName(id), 'missing');
    const person = readIncomingPerson(id, await slot.bundle.bytes(), await slot.records.bytes());
    for (const r of [person.person, ...person.episodes, ...person.entries]) {
      if (seen.has(r.id)) throw invalid(personPartName(id), 'duplicate-record', { id: r.id });
      seen.add(r.id);
    }
    out.push(person);
    run.onProgress?.({ phase: 'checking', done: ++done, total: persons.size });
  }
  // Each document's bytes against what its entry says (size, SHA-256); no bytes without an entry.
  for (const p of out) {
    for (const e of p.entries) {
      const body = JSON.parse(e.state.data) as { kind: string; bytes?: number; sha256?: string };
      if (body.kind !== 'document') continue;
      const part = documents.get(e.id);
      if (!part) throw invalid(documentPartName(e.id), 'missing');
      if (part.size !== body.bytes || part.sha256 !== body.sha256) throw invalid(documentPartName(e.id), 'document-digest');
      documents.delete(e.id);
    }
  }
  if (documents.size > 0) throw invalid(documentPartName([...documents.keys()][0] as string), 'unexpected');
  return out;
}

/** A person "merged into" another must point to one in the file or here. */
export function checkMergeTargets(db: Db, persons: readonly IncomingPerson[]): void {
  const ids = new Set(persons.map((p) => p.personId));
  for (const p of persons) {
    const target = p.person.state.mergedInto;
    if (target && !ids.has(target) && !repo.getStoredRow(db, 'person', target)) throw invalid(recordsPartName(p.personId), 'merged-into-unknown');
  }
}

type Counts = PersonPreview['episodes'];

function counts(records: RecordPlan[]): Counts {
  return {
    new: records.filter((r) => r.action === 'new').length,
    updated: records.filter((r) => r.action === 'update' || r.action === 'merge').length,
    unchanged: records.filter((r) => r.action === 'unchanged').length,
    older: records.filter((r) => r.action === 'older').length,
  };
}

export type DuplicateCheck = (person: Person) => Promise<{ person: PersonSummary; score: number; reasons: string[] }[]>;

export async function personPreviews(plans: readonly PersonPlan[], duplicatesOf: DuplicateCheck): Promise<PersonPreview[]> {
  const out: PersonPreview[] = [];
  for (const plan of plans) {
    const all = [plan.person, ...plan.episodes, ...plan.entries];
    const person = JSON.parse(plan.incoming.person.state.data) as Person;
    const state = plan.incoming.person.state;
    const status: PersonPreview['status'] =
      plan.person.action === 'new'
        ? 'new'
        : all.some((r) => r.action === 'new' || r.action === 'update' || r.action === 'merge')
          ? 'update'
          : all.some((r) => r.action === 'older')
            ? 'older'
            : 'unchanged';
    const local = plan.person.local;
    out.push({
      personId: plan.incoming.personId,
      status,
      incoming: {
        names: person.names,
        sex: person.sex,
        birth: person.birth,
        ...(person.nationality && { nationality: person.nationality }),
        recordNumber: plan.incoming.recordNumber,
        status: state.status as PersonPreview['incoming']['status'],
        ...(state.mergedInto !== null && { mergedInto: state.mergedInto }),
      },
      local: local ? { recordNumber: local.recordNumber as string, status: local.status as 'active' | 'voided' | 'merged' } : null,
      duplicates: plan.person.action === 'new' && state.status === 'active' ? await duplicatesOf(person) : [],
      episodes: counts(plan.episodes),
      entries: counts(plan.entries),
      documents: plan.newDocuments.length,
      conflicts: all.flatMap((r) => (r.merge?.conflicts ?? []).map((c) => ({ recordType: r.type, id: r.id, field: c.field, local: c.local, incoming: c.incoming }))),
    });
  }
  return out;
}

export function previewTotals(persons: readonly PersonPreview[]): ImportPreview['totals'] {
  const sum = (pick: (p: PersonPreview) => Counts): Counts => {
    const total = { new: 0, updated: 0, unchanged: 0, older: 0 };
    for (const p of persons) {
      const c = pick(p);
      total.new += c.new;
      total.updated += c.updated;
      total.unchanged += c.unchanged;
      total.older += c.older;
    }
    return total;
  };
  return {
    persons: {
      new: persons.filter((p) => p.status === 'new').length,
      updated: persons.filter((p) => p.status === 'update').length,
      unchanged: persons.filter((p) => p.status === 'unchanged').length,
      older: persons.filter((p) => p.status === 'older').length,
    },
    episodes: sum((p) => p.episodes),
    entries: sum((p) => p.entries),
    documents: persons.reduce((n, p) => n + p.documents, 0),
    conflicts: persons.reduce((n, p) => n + p.conflicts.length, 0),
    duplicates: persons.filter((p) => p.duplicates.length > 0).length,
  };
}

/**
 * "This incoming person is local person X": only for a person new here and active in the file, to
 * an active person here, each incoming person once.
 */
export function checkLinks(db: Db, plans: readonly PersonPlan[], links: readonly z.output<typeof ImportLinkSchema>[]): Map<string, string> {
  const byId = new Map(plans.map((p) => [p.incoming.personId, p]));
  const out = new Map<string, string>();
  for (const { incomingPersonId, localPersonId } of links) {
    const plan = byId.get(incomingPersonId);
    if (!plan) throw new AppError('NOT_FOUND', { reason: 'link-not-in-file', personId: incomingPersonId });
    if (plan.person.action !== 'new' || plan.incoming.person.state.status !== 'active') throw new AppError('VALIDATION', { reason: 'link-not-new', personId: incomingPersonId });
    if (out.has(incomingPersonId)) throw new AppError('VALIDATION', { reason: 'link-twice', personId: incomingPersonId });
    const target = repo.getStoredRow(db, 'person', localPersonId);
    if (!target) throw new AppError('NOT_FOUND', { personId: localPersonId });
    if (target.status !== 'active') throw new AppError('CONFLICT', { reason: 'link-target-not-active', personId: localPersonId });
    out.set(incomingPersonId, localPersonId);
  }
  return out;
}
