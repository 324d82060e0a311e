// Documents: chunked upload with progress, checks before anything is saved, encrypted at rest, read back
// in chunks.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryRecord, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';

let store: TestStore | undefined;
afterEach(() => store?.cleanup());

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MARKER = 'LAB-REPORT-MARKER-Zlatoslava';

function fakePng(bytes: number): Buffer {
  const body = randomBytes(bytes - PNG_SIGNATURE.length - MARKER.length);
  return Buffer.concat([PNG_SIGNATURE, Buffer.from(MARKER), body]);
}

async function withEpisode(): Promise<{ s: TestStore; episode: EpisodeRecord }> {
  const s = (store = await setUpStore());
  const person = await s.value<PersonRecord>('person.register', {
    person: { names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female' },
  });
  const episode = await s.value<EpisodeRecord>('episode.create', { personId: person.id, episode: { type: 'lab-only', date: '2026-11-20' } });
  return { s, episode };
}

async function upload(s: TestStore, episodeId: string, content: Buffer, declared: { mediaType?: string; sha256?: string; bytes?: number } = {}) {
  const begin = await s.value<{ uploadId: string; chunkBytes: number }>('document.beginUpload', {
    episodeId,
    title: 'Blood count, Lesvos lab',
    mediaType: declared.mediaType ?? 'image/png',
    bytes: declared.bytes ?? content.length,
    sha256: declared.sha256 ?? createHash('sha256').update(content).digest('hex'),
  });
  const progress: number[] = [];
  for (let i = 0, offset = 0; offset < content.length; i++, offset += begin.chunkBytes) {
    const result = await s.call('document.uploadChunk', { uploadId: begin.uploadId, index: i, data: content.subarray(offset, offset + begin.chunkBytes).toString('base64') });
    if (!result.ok) return { result, progress };
    progress.push((result.value as { received: number }).received);
  }
  return { result: await s.call('document.finishUpload', { uploadId: begin.uploadId }), progress };
}

async function readAll(s: TestStore, entryId: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const chunk = await s.value<{ data: string; total: number }>('document.read', { entryId, offset, length: 1024 * 1024 });
    parts.push(Buffer.from(chunk.data, 'base64'));
    offset += Buffer.from(chunk.data, 'base64').length;
    if (offset >= chunk.total) break;
  }
  return Buffer.concat(parts);
}

describe('documents', () => {
  it('uploads in chunks with progress, saves the entry and the bytes together, and reads them back', async () => {
    const { s, episode } = await withEpisode();
    const content = fakePng(2_600_000);
    const { result, progress } = await upload(s, episode.id, content);
    expect(result.ok).toBe(true);
    expect(progress).toEqual([1048576, 2097152, 2600000]);
    const entry = (result as { value: EntryRecord }).value;
    expect(entry.body).toMatchObject({ kind: 'document', mediaType: 'image/png', bytes: 2_600_000, title: 'Blood count, Lesvos lab' });
    expect((await readAll(s, entry.id)).equals(content)).toBe(true);
    const log = await s.value<{ entries: { method: string; personId: string | null }[] }>('audit.list', { personId: episode.personId });
    expect(log.entries.map((e) => e.method)).toEqual(expect.arrayContaining(['document.add', 'document.read']));
    // Encrypted at rest: the marker inside the file is nowhere in the database file.
    s.core.close();
    expect(readFileSync(join(s.dir, 'carnet.db')).includes(Buffer.from(MARKER))).toBe(false);
  });

  it.each([
    ['a file that is not what it says (JPEG declared as PDF)', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(5000)]), { mediaType: 'application/pdf' }, 'not-this-type'],
    ['a file whose checksum does not match', fakePng(5000), { sha256: 'a'.repeat(64) }, 'checksum'],
    ['a file larger than declared', fakePng(5000), { bytes: 4000 }, 'larger-than-declared'],
    ['a file smaller than declared', fakePng(5000), { bytes: 6000 }, 'incomplete'],
  ])('refuses %s and saves nothing', async (_what, content, declared, reason) => {
    const { s, episode } = await withEpisode();
    const { result } = await upload(s, episode.id, content, declared);
    expect(result.ok ? 'ok' : [result.error.code, result.error.details?.reason]).toEqual(['VALIDATION', reason]);
    const chart = await s.value<{ entries: unknown[] }>('person.chart', { personId: episode.personId });
    expect(chart.entries).toEqual([]);
  });

  it('refuses a file over 50 MB before any byte is sent', async () => {
    const { s, episode } = await withEpisode();
    const begin = await s.call('document.beginUpload', { episodeId: episode.id, title: 'Scan', mediaType: 'application/pdf', bytes: 50 * 1024 * 1024 + 1, sha256: 'a'.repeat(64) });
    expect(begin.ok ? 'ok' : begin.error.code).toBe('VALIDATION');
  });

  it("does not let another user continue or read someone's unfinished upload, and forgets it on cancel", async () => {
    const { s, episode } = await withEpisode();
    await s.value('users.add', { username: 'nurse', displayName: 'Nurse', role: 'clinician', password: 'nurse password 1' });
    const content = fakePng(3000);
    const begin = await s.value<{ uploadId: string }>('document.beginUpload', {
      episodeId: episode.id,
      title: 'Scan',
      mediaType: 'image/png',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    await s.value('session.lock');
    await s.value('session.login', { username: 'nurse', password: 'nurse password 1' });
    const other = await s.call('document.uploadChunk', { uploadId: begin.uploadId, index: 0, data: content.toString('base64') });
    expect(other.ok ? 'ok' : other.error.code).toBe('NOT_FOUND');
    const own = await s.value<{ uploadId: string }>('document.beginUpload', {
      episodeId: episode.id,
      title: 'Scan',
      mediaType: 'image/png',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    });
    await s.value('document.cancelUpload', { uploadId: own.uploadId });
    const after = await s.call('document.finishUpload', { uploadId: own.uploadId });
    expect(after.ok ? 'ok' : after.error.code).toBe('NOT_FOUND');
  });
});
