// Documents attached to an episode (scanned lab reports, letters, photos of vaccination cards): PDF,
// JPEG, PNG or TIFF up to 50 MB. They arrive in chunks (so the interface can show progress and
// cancel), are held in memory only until complete, checked (size, SHA-256, the file's own signature),
// then written with their entry in one transaction. They are read back in chunks, never as temp files.
import { createHash, randomUUID } from 'node:crypto';
import { projectPerson } from '../reports/projection.ts';
import { AppError } from '../api/errors.ts';
import type { EntryRecord } from '../api/schemas/record.ts';
import type { z } from '../api/zod.ts';
import type { DocumentBeginInputSchema, DocumentReadInputSchema } from '../api/schemas/record.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { sniffMediaType, type DocumentMediaType } from '../domain/documents.ts';
import { newGlobalId } from '../domain/envelope.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/record.repository.ts';
import type { StoreContext } from '../access/store-context.ts';

export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** Bytes per upload or read chunk (before base64). */
export const DOCUMENT_CHUNK_BYTES = 1024 * 1024;
const MAX_OPEN_UPLOADS = 3;
const UPLOAD_TTL_MS = 15 * 60_000;

type MediaType = DocumentMediaType;

interface Upload {
  userId: string;
  episodeId: string;
  title: string;
  mediaType: MediaType;
  bytes: number;
  sha256: string;
  chunks: Buffer[];
  received: number;
  startedAt: number;
}

export interface DocumentsService {
  begin(input: z.output<typeof DocumentBeginInputSchema>): Promise<{ uploadId: string; chunkBytes: number }>;
  chunk(input: { uploadId: string; index: number; data: string }): Promise<{ received: number }>;
  finish(input: { uploadId: string }): Promise<EntryRecord>;
  cancel(input: { uploadId: string }): Promise<Record<string, never>>;
  read(input: z.output<typeof DocumentReadInputSchema>): Promise<{ data: string; total: number; mediaType: string }>;
}

export function createDocumentsService(context: StoreContext): DocumentsService {
  const uploads = new Map<string, Upload>();

  function mine(uploadId: string): Upload {
    const open = context.requireOpen();
    const upload = uploads.get(uploadId);
    // Another user's upload is as good as none.
    if (!upload || upload.userId !== open.user.id) throw new AppError('NOT_FOUND', { uploadId });
    return upload;
  }

  function sweep(now: number): void {
    const open = context.current();
    for (const [id, u] of uploads) if (now - u.startedAt > UPLOAD_TTL_MS || !open || u.userId !== open.user.id) uploads.delete(id);
  }

  return {
    async begin({ episodeId, title, mediaType, bytes, sha256 }) {
      const open = context.requireOpen();
      sweep(Date.now());
      const episode = repo.getEpisode(open.db, episodeId);
      if (!episode) throw new AppError('NOT_FOUND', { episodeId });
      if (episode.status !== 'active') throw new AppError('CONFLICT', { reason: 'voided' });
      if ([...uploads.values()].filter((u) => u.userId === open.user.id).length >= MAX_OPEN_UPLOADS) throw new AppError('CONFLICT', { reason: 'too-many-uploads' });
      const uploadId = randomUUID();
      uploads.set(uploadId, { userId: open.user.id, episodeId, title, mediaType, bytes, sha256, chunks: [], received: 0, startedAt: Date.now() });
      return { uploadId, chunkBytes: DOCUMENT_CHUNK_BYTES };
    },

    async chunk({ uploadId, index, data }) {
      const upload = mine(uploadId);
      if (index !== upload.chunks.length) throw new AppError('VALIDATION', { reason: 'chunk-order', expected: upload.chunks.length });
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0 || bytes.length > DOCUMENT_CHUNK_BYTES) throw new AppError('VALIDATION', { reason: 'chunk-size' });
      if (upload.received + bytes.length > upload.bytes) {
        uploads.delete(uploadId);
        throw new AppError('VALIDATION', { reason: 'larger-than-declared' });
      }
      if (index === 0 && sniffMediaType(bytes) !== upload.mediaType) {
        uploads.delete(uploadId);
        throw new AppError('VALIDATION', { reason: 'not-this-type' });
      }
      upload.chunks.push(bytes);
      upload.received += bytes.length;
      return { received: upload.received };
    },

    async finish({ uploadId }) {
      const upload = mine(uploadId);
      uploads.delete(uploadId);
      const content = Buffer.concat(upload.chunks);
      if (content.length !== upload.bytes) throw new AppError('VALIDATION', { reason: 'incomplete', received: content.length });
      if (createHash('sha256').update(content).digest('hex') !== upload.sha256) throw new AppError('VALIDATION', { reason: 'checksum' });
      const open = context.requireOpen();
      const centre = getCentre(open.db);
      if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
      const stamp: repo.Stamp = { at: context.now().toISOString(), by: open.user.id, siteId: centre.siteId };
      const id = newGlobalId();
      open.db.transaction(() => {
        const episode = repo.getEpisode(open.db, upload.episodeId);
        if (!episode || episode.status !== 'active') throw new AppError('CONFLICT', { reason: 'voided' });
        repo.insertEntry(open.db, id, episode.personId, episode.id, { kind: 'document', title: upload.title, mediaType: upload.mediaType, bytes: upload.bytes, sha256: upload.sha256 }, stamp);
        repo.insertDocumentBlob(open.db, id, content);
        projectPerson(open.db, episode.personId);
        appendAudit(open.db, actionBy(open.user, 'document.add', { personId: episode.personId, changes: { entryId: id, episodeId: episode.id, mediaType: upload.mediaType, bytes: upload.bytes } }));
      })();
      const entry = repo.getEntry(open.db, id);
      if (!entry) throw new AppError('INTERNAL', { reason: 'document-missing' });
      return entry;
    },

    async cancel({ uploadId }) {
      mine(uploadId);
      uploads.delete(uploadId);
      return {};
    },

    async read({ entryId, offset, length }) {
      const open = context.requireOpen();
      const entry = repo.getEntry(open.db, entryId);
      if (!entry || entry.body.kind !== 'document') throw new AppError('NOT_FOUND', { entryId });
      const data = repo.readDocumentBlob(open.db, entryId, offset, Math.min(length, DOCUMENT_CHUNK_BYTES));
      if (!data) throw new AppError('NOT_FOUND', { entryId });
      // One log row per opening of a document, not per chunk.
      if (offset === 0) {
        appendAudit(open.db, actionBy(open.user, 'document.read', { personId: entry.personId, changes: { entryId } }));
      }
      return { data: data.toString('base64'), total: entry.body.bytes, mediaType: entry.body.mediaType };
    },
  };
}
