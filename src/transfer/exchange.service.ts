// Records between centres, by file: export chosen persons to a signed and encrypted .carnet file;
// inspect a received one (every check first, then what it would change here: new persons, updates,
// likely duplicates, conflicts); apply it in one transaction with the user's choices; and the FHIR
// International Patient Summary of one person. See README.md here for the file and the merge model.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle } from 'fhir/r4.js';
import { AppError } from '../api/errors.ts';
import type { z } from '../api/zod.ts';
import type { DuplicateCheckInputSchema, PersonSummary } from '../api/schemas/record.ts';
import type { ApplyInputSchema, ApplyResult, ExchangeProgress, ExportInputSchema, ExportResult, ImportPreview, InspectInputSchema } from '../api/schemas/transfer.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { getCentre, type CentreRecord } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import type { Db } from '../db/open.ts';
import type { StoreContext } from '../access/store-context.ts';
import { DEFAULT_PASSPHRASE_KDF, generatePassphrase, type KdfParameters } from './envelope.ts';
import { TransferError, invalidRequest, throwIfCancelled } from './errors.ts';
import { documentPartName, fhirRecords, personPartName, personParts, recordsPartName, type IncomingPerson } from './exchange-format.ts';
import { documentBytes, readPerson, selectPersons } from './export-records.ts';
import { applyPlans } from './import-apply.ts';
import { conflictKey, conflictKeys, planImport } from './import-plan.ts';
import { checkLinks, checkMergeTargets, personPreviews, previewTotals, readContent } from './import-preview.ts';
import { buildIps } from './ips.ts';
import type { PartInput } from './package.ts';
import { loadLocalSite, loadTrustStore } from './site.service.ts';
import type { StagedPart } from './staging.ts';
import { readTransferFile, writeTransferFile, type VerifiedTransfer } from './transfer-file.ts';
import { lookupSite } from './trust-list.ts';

type In<S extends z.ZodType> = z.output<S>;

/** The checked content of an inspected file waits this long for apply. */
export const IMPORT_TTL_MS = 30 * 60_000;

export interface RunOptions {
  onProgress?: ((progress: ExchangeProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface ExchangeService {
  export(input: In<typeof ExportInputSchema>, options?: RunOptions): Promise<ExportResult>;
  inspect(input: In<typeof InspectInputSchema>, options?: RunOptions): Promise<ImportPreview>;
  apply(input: In<typeof ApplyInputSchema>): Promise<ApplyResult>;
  discard(input: { importId: string }): Promise<Record<string, never>>;
  ips(input: { personId: string }): Promise<{ bundle: Bundle }>;
}

/** What the exchange needs of the record service: its duplicate check, and refreshing a person's search keys. */
export interface RecordPieces {
  checkDuplicates(input: In<typeof DuplicateCheckInputSchema>): Promise<{ candidates: { person: PersonSummary; score: number; reasons: string[] }[] }>;
  reindex(personId: string): void;
}

export interface ExchangeOptions {
  /** Argon2id cost for passphrase-protected files (tests lower it). */
  kdf?: KdfParameters;
  /** Where parts wait, encrypted, while a file is checked; default: `transfer-staging` in the data folder. */
  stagingDir?: string;
}

interface PendingImport {
  userId: string;
  expiresAt: number;
  transfer: VerifiedTransfer;
  persons: IncomingPerson[];
  fileSha256: string;
  conflictKeys: Set<string>;
  timer: NodeJS.Timeout;
}

async function sha256OfFile(path: string, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const piece of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      throwIfCancelled(signal);
      hash.update(piece);
    }
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (error instanceof TransferError || typeof errno !== 'string') throw error;
    throw new TransferError('TRANSFER_IO_FAILED', { operation: 'read', errno });
  }
  return hash.digest('hex');
}

/** Staging folders left by a process that stopped (their key died with it: unreadable, only litter). */
async function removeStaleStaging(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith('carnet-staging-')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 2 * IMPORT_TTL_MS) await rm(path, { recursive: true, force: true });
  }
}

export function createExchangeService(context: StoreContext, record: RecordPieces, options: ExchangeOptions = {}): ExchangeService {
  const pending = new Map<string, PendingImport>();
  // Locked or logged out: what was waiting for apply goes at once.
  context.events.subscribe((name, payload) => {
    if (name === 'session:changed' && (payload as { state?: string }).state !== 'open') void sweep();
  });

  function session() {
    const open = context.requireOpen();
    const centre = getCentre(open.db);
    if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
    const now = context.now();
    const audit = (method: string, personId: string | null, changes: Record<string, unknown>) =>
      appendAudit(open.db, actionBy(open.user, method, { personId, changes }), now);
    return { db: open.db, user: open.user, centre, now, audit };
  }

  /** The same database still open (a lock during a long export or import closes it). */
  function stillOpen(db: Db): void {
    if (context.current()?.db !== db) throw new AppError('STORE_LOCKED');
  }

  async function forget(importId: string): Promise<void> {
    const p = pending.get(importId);
    if (!p) return;
    pending.delete(importId);
    clearTimeout(p.timer);
    await p.transfer.dispose();
  }

  async function sweep(): Promise<void> {
    const open = context.current();
    for (const [id, p] of pending) if (p.expiresAt <= Date.now() || !open || open.user.id !== p.userId) await forget(id);
  }

  return {
    async export({ selection, recipients, passphrase, outPath }, run = {}) {
      const { db, user, now } = session();
      const site = await loadLocalSite(db);
      if (!site) throw new AppError('CONFLICT', { reason: 'no-site-identity' });
      const receivers = [...new Set(recipients)].map((siteId) => {
        if (siteId === site.siteId) throw invalidRequest('own-site', { siteId });
        const found = lookupSite(site.trust, siteId, now);
        if (found.status !== 'valid' || !found.identity) throw invalidRequest('recipient-not-trusted', { siteId, status: found.status });
        return found.identity;
      });
      const personIds = selectPersons(db, selection);
      if (personIds.length === 0) throw invalidRequest('empty-selection');
      const secret = passphrase ? generatePassphrase() : undefined;

      const sent: { type: repo.RecordType; id: string; version: number; state: repo.RecordState }[] = [];
      const totals = { episodes: 0, entries: 0, documents: 0 };
      let done = 0;
      let bytes = 0;
      const report = () => run.onProgress?.({ phase: 'writing', done, total: personIds.length, bytes });
      async function* parts(): AsyncGenerator<PartInput> {
        for (const id of personIds) {
          throwIfCancelled(run.signal);
          stillOpen(db);
          const exported = readPerson(db, id);
          let text: { bundle: string; records: string };
          try {
            text = personParts(exported);
          } catch (error) {
            if (error instanceof AppError) throw new AppError(error.code, { ...error.details, personId: id });
            throw error;
          }
          for (const [type, rows] of [['person', [exported.person]], ['episode', exported.episodes], ['entry', exported.entries]] as const) {
            for (const r of rows) sent.push({ type, id: r.id, version: r.version, state: { status: r.status, voidReason: r.voidReason, mergedInto: r.mergedInto, data: r.data } });
          }
          totals.episodes += exported.episodes.length;
          totals.entries += exported.entries.length;
          yield { name: personPartName(id), data: Buffer.from(text.bundle, 'utf8') };
          yield { name: recordsPartName(id), data: Buffer.from(text.records, 'utf8') };
          for (const entry of exported.entries) {
            if ((JSON.parse(entry.data) as { kind: string }).kind !== 'document') continue;
            totals.documents++;
            yield { name: documentPartName(entry.id), data: documentBytes(db, entry.id, run.signal, () => stillOpen(db)) };
          }
          done++;
          report();
        }
      }

      const written = await writeTransferFile({
        outPath,
        parts: parts(),
        sender: { siteId: site.siteId, keys: site.keys, card: site.card },
        recipients: receivers,
        passphrase: secret,
        kdf: options.kdf ?? DEFAULT_PASSPHRASE_KDF,
        now,
        onProgress: (p) => {
          bytes = p.bytes;
          report();
        },
        signal: run.signal,
      });
      // The file is written: record it, or remove it if that cannot be done.
      try {
        stillOpen(db);
        const at = context.now().toISOString();
        const peer = receivers.length === 1 && !secret ? (receivers[0]?.siteId ?? null) : null;
        db.transaction(() => {
          for (const s of sent) repo.putSyncBase(db, s.type, s.id, { version: s.version, ...s.state, direction: 'export', peerSiteId: peer, transferId: written.transferId, at });
          repo.insertTransferLog(db, {
            transferId: written.transferId,
            direction: 'export',
            peerSiteId: null,
            recipients: receivers.map((r) => r.siteId),
            passphrase: secret !== undefined,
            at,
            userId: user.id,
            persons: personIds.length,
            fileSha256: written.sha256,
          });
          appendAudit(db, {
            userId: user.id,
            username: user.username,
            role: user.role,
            method: 'transfer.export',
            personId: null,
            outcome: 'ok',
            changes: { transferId: written.transferId, persons: personIds.length, recipients: receivers.map((r) => r.siteId), passphrase: secret !== undefined },
          });
        })();
      } catch (error) {
        await rm(outPath, { force: true });
        throw error;
      }
      return {
        transferId: written.transferId,
        path: written.path,
        persons: personIds.length,
        ...totals,
        bytes: written.bytes,
        sha256: written.sha256,
        ...(secret !== undefined && { passphrase: secret }),
      };
    },

    async inspect({ path, passphrase }, run = {}) {
      await sweep();
      const { db, user, now } = session();
      const site = await loadLocalSite(db);
      const trust = site?.trust ?? (await loadTrustStore(db));
      const stagingDir = options.stagingDir ?? join(context.dataDir, 'transfer-staging');
      await mkdir(stagingDir, { recursive: true });
      await removeStaleStaging(stagingDir);
      const fileSha256 = await sha256OfFile(path, run.signal);
      const transfer = await readTransferFile({
        path,
        me: site?.keys,
        passphrase,
        trust,
        now,
        staging: { dir: stagingDir },
        onProgress: (p) => run.onProgress?.({ phase: 'reading', bytes: p.bytes, ...(p.totalBytes !== undefined && { totalBytes: p.totalBytes }) }),
        signal: run.signal,
      });
      try {
        const persons = await readContent(transfer, run);
        stillOpen(db);
        checkMergeTargets(db, persons);
        const plans = planImport(db, persons, transfer.sender.siteId);
        const shown = await personPreviews(plans, async (person) => {
          const { candidates } = await record.checkDuplicates({ person });
          stillOpen(db);
          return candidates;
        });
        const importId = randomUUID();
        const expiresAt = Date.now() + IMPORT_TTL_MS;
        const importedAt = repo.importedAt(db, transfer.transferId);
        const timer = setTimeout(() => void forget(importId), IMPORT_TTL_MS);
        timer.unref();
        pending.set(importId, { userId: user.id, expiresAt, transfer, persons, fileSha256, conflictKeys: conflictKeys(plans), timer });
        const { sender } = transfer;
        return {
          importId,
          expiresAt: new Date(expiresAt).toISOString(),
          transferId: transfer.transferId,
          createdAt: transfer.createdAt.toISOString(),
          alreadyImported: importedAt !== undefined,
          ...(importedAt !== undefined && { importedAt }),
          sender: { siteId: sender.siteId, name: sender.name, country: sender.country, fingerprint: sender.fingerprint, source: sender.source },
          openedBy: transfer.openedBy.kind,
          totals: previewTotals(shown),
          persons: shown,
        };
      } catch (error) {
        await transfer.dispose();
        throw error;
      }
    },

    async apply({ importId, resolutions, links }) {
      await sweep();
      const { db, user, centre, now } = session();
      const held = pending.get(importId);
      if (!held || held.userId !== user.id) throw new AppError('NOT_FOUND', { importId });
      const { transfer } = held;
      const senderSiteId = transfer.sender.siteId;
      const nothing: ApplyResult = {
        transferId: transfer.transferId,
        alreadyImported: true,
        persons: { created: 0, updated: 0, linked: 0 },
        episodes: { created: 0, updated: 0 },
        entries: { created: 0, updated: 0 },
        documents: 0,
        conflictsResolved: 0,
      };
      if (repo.importedAt(db, transfer.transferId)) {
        await forget(importId);
        return nothing;
      }
      const chosen = new Map<string, 'local' | 'incoming'>();
      for (const r of resolutions) {
        const key = conflictKey(r.recordType, r.id, r.field);
        if (chosen.has(key)) throw new AppError('VALIDATION', { reason: 'resolution-twice', resolution: key });
        chosen.set(key, r.take);
      }
      const before = planImport(db, held.persons, senderSiteId);
      // Checked now for a prompt answer, and again inside the transaction.
      checkLinks(db, before, links);
      // Document bytes are read before the transaction (it cannot wait for them).
      const documents = new Map<string, Buffer>();
      for (const plan of before) for (const id of plan.newDocuments) documents.set(id, await (transfer.part(documentPartName(id)) as StagedPart).bytes());
      stillOpen(db);

      let result: ApplyResult = nothing;
      db.transaction(() => {
        if (repo.importedAt(db, transfer.transferId)) return;
        const plans = planImport(db, held.persons, senderSiteId);
        for (const key of conflictKeys(plans)) if (!held.conflictKeys.has(key)) throw new AppError('CONFLICT', { reason: 'changed-since-preview', conflict: key });
        const at = context.now().toISOString();
        const counts = applyPlans(db, plans, {
          stamp: { at, by: user.id },
          centreCode: centre.code,
          senderSiteId,
          transferId: transfer.transferId,
          resolutions: chosen,
          links: checkLinks(db, plans, links),
          documents,
        });
        for (const id of counts.reindex) record.reindex(id);
        repo.insertTransferLog(db, {
          transferId: transfer.transferId,
          direction: 'import',
          peerSiteId: senderSiteId,
          recipients: [],
          passphrase: transfer.openedBy.kind === 'passphrase',
          at,
          userId: user.id,
          persons: plans.length,
          fileSha256: held.fileSha256,
        });
        const { reindex: _reindex, ...written } = counts;
        appendAudit(
          db,
          {
            userId: user.id,
            username: user.username,
            role: user.role,
            method: 'transfer.import',
            personId: null,
            outcome: 'ok',
            changes: { transferId: transfer.transferId, senderSiteId, inFile: plans.length, ...written },
          },
          now,
        );
        result = { transferId: transfer.transferId, alreadyImported: false, ...written };
      })();
      await forget(importId);
      return result;
    },

    async discard({ importId }) {
      const { user } = session();
      const held = pending.get(importId);
      if (!held || held.userId !== user.id) throw new AppError('NOT_FOUND', { importId });
      await forget(importId);
      return {};
    },

    async ips({ personId }) {
      const { db, centre, now, audit } = session();
      let row = repo.getStoredRow(db, 'person', personId);
      if (!row) throw new AppError('NOT_FOUND', { personId });
      for (let hops = 0; row?.status === 'merged' && row.mergedInto && hops < 10; hops++) row = repo.getStoredRow(db, 'person', row.mergedInto);
      if (!row || row.status !== 'active') throw new AppError('CONFLICT', { reason: row?.status ?? 'missing' });
      const root = row;
      // Records merged into this one belong to its summary: under its Patient.
      const ids = [root.id, ...repo.mergedIds(db, root.id)];
      const records = fhirRecords(root, repo.listStoredRows(db, 'episode', ids), repo.listStoredRows(db, 'entry', ids));
      const documentId = randomUUID();
      const bundle = buildIps({ ...records, site: siteOf(db, centre), now, documentId });
      audit('transfer.ips', root.id, { documentId });
      return { bundle };
    },
  };
}

function siteOf(db: Db, centre: CentreRecord): { siteId: string; name: string; country: string } {
  return { siteId: repo.getSiteIdentity(db)?.siteId ?? centre.siteId, name: centre.name, country: centre.country };
}
