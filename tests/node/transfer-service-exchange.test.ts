// Records between two real centres (two encrypted stores in two folders), by file, through the
// exchange service: export, inspect, apply; back again; conflicts and their resolution; stale files;
// likely duplicates; passphrase files; cancel. A record read back compares whole: ids, versions,
// authors, times, voids, every earlier version and the bytes of documents.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRecord, EpisodeRecord, PersonRecord, PersonSummary } from '../../src/api/schemas/record.ts';
import { ApplyOutputSchema, ExportOutputSchema, ImportPreviewSchema } from '../../src/api/schemas/transfer.ts';
import type { PersonInput } from '../../src/domain/person.ts';
import { canonical } from '../../src/transfer/exchange-format.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { certifyAll, databaseDigest, expectCode, openCentre, pngBytes, type Centre } from '../fixtures/transfer/centres.ts';

const out = makeTempDir('carnet-transfer-out-');
let lesvos: Centre;
let belgrade: Centre;

beforeAll(async () => {
  lesvos = await openCentre({ name: 'Lesvos Reception Centre', country: 'GR', code: 'GR-LES' });
  belgrade = await openCentre({ name: 'Belgrade Health Point', country: 'RS', code: 'RS-BEL' });
  await certifyAll([lesvos, belgrade]);
});
afterAll(() => {
  lesvos.cleanup();
  belgrade.cleanup();
  out.cleanup();
});

let files = 0;
function outPath(): string {
  files += 1;
  const dir = join(out.dir, `usb-${files}`);
  mkdirSync(dir);
  return join(dir, 'records.carnet');
}

function person(overrides: Partial<PersonInput> = {}): PersonInput {
  return {
    names: [
      { given: 'Yusuf', family: 'Haddad', script: 'Latn', source: 'document', preferred: true },
      { given: 'يوسف', family: 'حداد', script: 'Arab', source: 'spoken' },
    ],
    identifiers: [{ kind: 'unhcr', value: '555-12C34567', issuer: 'GR' }],
    birth: { kind: 'date', date: '1988-07-21' },
    sex: 'male',
    nationality: 'SY',
    languages: ['ar'],
    arrivalDate: '2026-09-14',
    legalStatus: 'asylum-seeker',
    phone: '+30 690 000 0001',
    ...overrides,
  };
}

const AT = '2026-09-15T08:30:00.000Z';

async function addDocument(c: Centre, episodeId: string, seed: number): Promise<EntryRecord> {
  const bytes = pngBytes(seed);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { uploadId } = await c.value<{ uploadId: string }>('document.beginUpload', { episodeId, title: 'Chest X-ray report', mediaType: 'image/png', bytes: bytes.length, sha256 });
  await c.value('document.uploadChunk', { uploadId, index: 0, data: bytes.toString('base64') });
  return c.value<EntryRecord>('document.finishUpload', { uploadId });
}

/** A person with an assessment, entries of several kinds (one voided, one corrected), a document, and a second version. */
async function assessedPerson(c: Centre, p: PersonInput = person()): Promise<{ person: PersonRecord; episode: EpisodeRecord; entries: EntryRecord[] }> {
  const registered = await c.value<PersonRecord>('person.register', { person: p });
  const episode = await c.value<EpisodeRecord>('episode.create', {
    personId: registered.id,
    episode: { type: 'initial-assessment', date: '2026-09-15', language: 'ar', mediatorPresent: true },
    entries: [
      { kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 92, unit: '/min' }, effectiveAt: AT },
      { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' },
      { kind: 'allergy', assertion: 'none-known' },
      { kind: 'medication', name: 'Permethrin 5% cream', status: 'given' },
      { kind: 'immunization', antigen: 'measles', evidence: 'documented', date: '2019-03-01', dose: 1 },
    ],
  });
  const entries = await c.value<EntryRecord[]>('person.chart', { personId: registered.id }).then((chart) => (chart as unknown as { entries: EntryRecord[] }).entries);
  const pulse = entries.find((e) => e.body.kind === 'observation') as EntryRecord;
  const condition = entries.find((e) => e.body.kind === 'condition') as EntryRecord;
  await c.value('entry.update', { entryId: pulse.id, baseVersion: 1, body: { ...pulse.body, value: { type: 'quantity', value: 88, unit: '/min' } } });
  await c.value('entry.void', { entryId: condition.id, reason: 'Entered for the wrong person' });
  await addDocument(c, episode.id, 3);
  const updated = await c.value<PersonRecord>('person.update', { personId: registered.id, baseVersion: 1, person: { ...p, phone: '+30 690 000 0002' } });
  return { person: updated, episode, entries };
}

interface Snapshot {
  rows: unknown[];
  versions: unknown[];
  documents: unknown[];
}

/** Everything of some persons that must be the same at both centres (the record number is each centre's own). */
function snapshot(c: Centre, personIds: string[]): Snapshot {
  const db = c.db();
  const ids = JSON.stringify(personIds);
  const norm = (r: Record<string, unknown>) => ({ ...r, data: canonical(JSON.parse(r.data as string)) });
  const rows = [
    ...(db.prepare('SELECT id, site_id, version, status, void_reason, merged_into, created_at, created_by, updated_at, updated_by, data FROM person WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(ids) as Record<string, unknown>[]),
    ...(db.prepare('SELECT id, person_id, site_id, version, status, void_reason, created_at, created_by, updated_at, updated_by, data FROM episode WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY id').all(ids) as Record<string, unknown>[]),
    ...(db.prepare('SELECT id, person_id, episode_id, site_id, kind, code, version, status, void_reason, created_at, created_by, updated_at, updated_by, data FROM entry WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY id').all(ids) as Record<string, unknown>[]),
  ].map(norm);
  const versions = [
    ...(db.prepare('SELECT person_id AS id, version, status, void_reason, data, at, by FROM person_version WHERE person_id IN (SELECT value FROM json_each(?)) ORDER BY 1, 2').all(ids) as Record<string, unknown>[]),
    ...(db.prepare('SELECT v.episode_id AS id, v.version, v.status, v.void_reason, v.data, v.at, v.by FROM episode_version v JOIN episode e ON e.id = v.episode_id WHERE e.person_id IN (SELECT value FROM json_each(?)) ORDER BY 1, 2').all(ids) as Record<string, unknown>[]),
    ...(db.prepare('SELECT v.entry_id AS id, v.version, v.status, v.void_reason, v.data, v.at, v.by FROM entry_version v JOIN entry e ON e.id = v.entry_id WHERE e.person_id IN (SELECT value FROM json_each(?)) ORDER BY 1, 2').all(ids) as Record<string, unknown>[]),
  ].map(norm);
  const documents = (db.prepare('SELECT b.entry_id, b.bytes FROM document_blob b JOIN entry e ON e.id = b.entry_id WHERE e.person_id IN (SELECT value FROM json_each(?)) ORDER BY 1').all(ids) as { entry_id: string; bytes: Buffer }[]).map(
    (d) => [d.entry_id, createHash('sha256').update(d.bytes).digest('hex')],
  );
  return { rows, versions, documents };
}

async function send(from: Centre, to: Centre, personIds: string[]) {
  const path = outPath();
  const result = await from.exchange.export({ selection: { kind: 'persons', personIds }, recipients: [to.siteId], passphrase: false, outPath: path });
  return { path, result };
}

async function receive(at: Centre, path: string, resolutions: { recordType: 'person' | 'episode' | 'entry'; id: string; field: string; take: 'local' | 'incoming' }[] = []) {
  const preview = await at.exchange.inspect({ path });
  const applied = await at.exchange.apply({ importId: preview.importId, resolutions, links: [] });
  return { preview, applied };
}

describe('a person from Lesvos to Belgrade and back', () => {
  it('arrives whole: ids, versions, authors, times, voids, history and document bytes', async () => {
    const { person: p } = await assessedPerson(lesvos);
    const { path, result } = await send(lesvos, belgrade, [p.id]);
    expect(result).toMatchObject({ persons: 1, episodes: 1, entries: 6, documents: 1 });
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);

    const before = databaseDigest(belgrade.db());
    const preview = await belgrade.exchange.inspect({ path });
    // Inspecting writes nothing.
    expect(databaseDigest(belgrade.db())).toBe(before);
    const lesvosIdentity = await lesvos.site.identity();
    expect(preview.sender).toEqual({ siteId: lesvos.siteId, name: 'Lesvos Reception Centre', country: 'GR', fingerprint: lesvosIdentity.fingerprint, source: 'authority' });
    expect(preview).toMatchObject({ transferId: result.transferId, alreadyImported: false, openedBy: 'site' });
    expect(preview.persons).toHaveLength(1);
    expect(preview.persons[0]).toMatchObject({ personId: p.id, status: 'new', local: null, documents: 1, conflicts: [], episodes: { new: 1 }, entries: { new: 6 } });
    expect(preview.totals.persons).toEqual({ new: 1, updated: 0, unchanged: 0, older: 0 });

    const applied = await belgrade.exchange.apply({ importId: preview.importId, resolutions: [], links: [] });
    expect(applied).toMatchObject({ alreadyImported: false, persons: { created: 1, updated: 0 }, episodes: { created: 1 }, entries: { created: 6 }, documents: 1 });
    expect(snapshot(belgrade, [p.id])).toEqual(snapshot(lesvos, [p.id]));
    // What the services return is what the contract's schemas describe.
    expect(() => [ExportOutputSchema.parse(result), ImportPreviewSchema.parse(preview), ApplyOutputSchema.parse(applied)]).not.toThrow();

    // Findable by name at Belgrade, under a record number of Belgrade's own.
    const found = await belgrade.value<{ results: PersonSummary[] }>('person.search', { text: 'Yusuf Haddad' });
    expect(found.results.map((r) => r.id)).toContain(p.id);
    expect(found.results.find((r) => r.id === p.id)?.recordNumber).toMatch(/^RS-BEL-/);
    // The document reads back, byte for byte.
    const doc = (await belgrade.value<{ entries: EntryRecord[] }>('person.chart', { personId: p.id })).entries.find((e) => e.body.kind === 'document') as EntryRecord;
    const read = await belgrade.value<{ data: string }>('document.read', { entryId: doc.id, offset: 0, length: 1024 * 1024 });
    expect(Buffer.from(read.data, 'base64')).toEqual(pngBytes(3));
    // Both logs say what happened with ids and counts, never a name.
    const sent = await lesvos.value<{ entries: { method: string; changes: Record<string, unknown> }[] }>('audit.list', { method: 'transfer.export' });
    expect(sent.entries.find((e) => e.changes.transferId === result.transferId)?.changes).toMatchObject({ persons: 1, recipients: [belgrade.siteId] });
    const got = await belgrade.value<{ entries: { method: string; changes: Record<string, unknown> }[] }>('audit.list', { method: 'transfer.import' });
    expect(got.entries.find((e) => e.changes.transferId === result.transferId)?.changes).toMatchObject({ senderSiteId: lesvos.siteId, persons: { created: 1 } });
    expect(JSON.stringify([sent, got])).not.toMatch(/Yusuf|Haddad/);
  });

  it('changes nothing when the same file is applied again', async () => {
    const { person: p } = await assessedPerson(lesvos, person({ names: [{ given: 'Samir', family: 'Nasser', script: 'Latn', source: 'document' }], identifiers: [] }));
    const { path } = await send(lesvos, belgrade, [p.id]);
    await receive(belgrade, path);
    const before = databaseDigest(belgrade.db());
    const again = await belgrade.exchange.inspect({ path });
    expect(again.alreadyImported).toBe(true);
    expect(again.persons[0]?.status).toBe('unchanged');
    const applied = await belgrade.exchange.apply({ importId: again.importId, resolutions: [], links: [] });
    expect(applied).toMatchObject({ alreadyImported: true, persons: { created: 0, updated: 0 } });
    expect(databaseDigest(belgrade.db())).toBe(before);
    // The import id is used up.
    await expectCode(belgrade.exchange.apply({ importId: again.importId, resolutions: [], links: [] }), 'NOT_FOUND');
  });

  it('brings Belgrade’s follow-up, edit and void back to Lesvos as an update without conflicts', async () => {
    const { person: p, entries } = await assessedPerson(lesvos, person({ names: [{ given: 'Rania', family: 'Khalil', script: 'Latn', source: 'document' }], sex: 'female', identifiers: [] }));
    await receive(belgrade, (await send(lesvos, belgrade, [p.id])).path);

    const current = await belgrade.value<PersonRecord>('person.update', {
      personId: p.id,
      baseVersion: 2,
      person: { ...p.person, phone: '+381 64 000 0003', legalStatus: 'refugee' },
    });
    expect(current.version).toBe(3);
    await belgrade.value('episode.create', {
      personId: p.id,
      episode: { type: 'follow-up', date: '2026-10-20' },
      entries: [{ kind: 'observation', category: 'laboratory', code: '718-7', value: { type: 'quantity', value: 11.2, unit: 'g/dL' }, effectiveAt: '2026-10-20T09:00:00.000Z' }],
    });
    const medication = entries.find((e) => e.body.kind === 'medication') as EntryRecord;
    await belgrade.value('entry.void', { entryId: medication.id, reason: 'Never given: stock ran out' });

    const { path } = await send(belgrade, lesvos, [p.id]);
    const { preview, applied } = await receive(lesvos, path);
    expect(preview.persons[0]).toMatchObject({ status: 'update', conflicts: [], episodes: { new: 1, unchanged: 1 }, entries: { new: 1, updated: 1 } });
    expect(applied).toMatchObject({ persons: { created: 0, updated: 1 }, episodes: { created: 1 }, entries: { created: 1, updated: 1 } });
    expect(snapshot(lesvos, [p.id])).toEqual(snapshot(belgrade, [p.id]));
  });

  it('lists a field changed at both centres as a conflict, merges the rest, and applies either choice', async () => {
    const base = person({ names: [{ given: 'Omar', family: 'Farouk', script: 'Latn', source: 'document' }], identifiers: [] });
    const { person: p } = await assessedPerson(lesvos, base);
    const p2 = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Leila', family: 'Farouk', script: 'Latn', source: 'document' }], identifiers: [], sex: 'female' }) });
    await receive(belgrade, (await send(lesvos, belgrade, [p.id, p2.id])).path);

    // The same field (phone) at both; other fields on one side each.
    await lesvos.value('person.update', { personId: p.id, baseVersion: 2, person: { ...p.person, phone: '+30 690 111 1111', nationality: 'IQ' } });
    await belgrade.value('person.update', { personId: p.id, baseVersion: 2, person: { ...p.person, phone: '+381 64 222 2222', languages: ['ar', 'en'] } });
    await lesvos.value('person.update', { personId: p2.id, baseVersion: 1, person: { ...p2.person, phone: '+30 690 333 3333' } });
    await belgrade.value('person.update', { personId: p2.id, baseVersion: 1, person: { ...p2.person, phone: '+381 64 444 4444' } });

    const { path } = await send(belgrade, lesvos, [p.id, p2.id]);
    const preview = await lesvos.exchange.inspect({ path });
    expect(ImportPreviewSchema.parse(preview)).toEqual(preview);
    const conflicts = preview.persons.flatMap((x) => x.conflicts);
    expect(conflicts).toEqual([
      { recordType: 'person', id: p.id, field: 'phone', local: '+30 690 111 1111', incoming: '+381 64 222 2222' },
      { recordType: 'person', id: p2.id, field: 'phone', local: '+30 690 333 3333', incoming: '+381 64 444 4444' },
    ]);
    expect(preview.totals.conflicts).toBe(2);
    const unresolved = await expectCode(lesvos.exchange.apply({ importId: preview.importId, resolutions: [], links: [] }), 'VALIDATION');
    expect(unresolved).toMatchObject({ reason: 'unresolved-conflicts', count: 2 });

    await lesvos.exchange.apply({
      importId: preview.importId,
      resolutions: [
        { recordType: 'person', id: p.id, field: 'phone', take: 'local' },
        { recordType: 'person', id: p2.id, field: 'phone', take: 'incoming' },
      ],
      links: [],
    });
    const omar = (await lesvos.value<{ person: PersonRecord }>('person.chart', { personId: p.id })).person;
    expect(omar.person).toMatchObject({ phone: '+30 690 111 1111', nationality: 'IQ', languages: ['ar', 'en'] });
    // A resolved conflict is a new version here, by the user who chose.
    expect(omar.version).toBe(4);
    const leila = (await lesvos.value<{ person: PersonRecord }>('person.chart', { personId: p2.id })).person;
    expect(leila.person.phone).toBe('+381 64 444 4444');
    const history = await lesvos.value<{ versions: { version: number; data: { phone?: string } }[] }>('record.history', { type: 'person', id: p.id });
    expect(history.versions.map((v) => v.data.phone)).toEqual(['+30 690 000 0001', '+30 690 000 0002', '+30 690 111 1111', '+30 690 111 1111']);

    // Sent back, the merge is a plain update at Belgrade, and both centres agree. Leila's merge took
    // Belgrade's side whole: the same content there, under its own version number.
    const back = await receive(belgrade, (await send(lesvos, belgrade, [p.id, p2.id])).path);
    expect(back.preview.totals.conflicts).toBe(0);
    expect(back.preview.persons.map((x) => [x.personId, x.status])).toEqual([
      [p.id, 'update'],
      [p2.id, 'unchanged'],
    ]);
    expect(snapshot(belgrade, [p.id]).rows).toEqual(snapshot(lesvos, [p.id]).rows);
    const dataOf = (s: Snapshot) => s.rows.map((r) => (r as { data: string }).data);
    expect(dataOf(snapshot(belgrade, [p2.id]))).toEqual(dataOf(snapshot(lesvos, [p2.id])));
  });

  it('loses nothing newer when an older file arrives after a newer one', async () => {
    const { person: p, episode } = await assessedPerson(lesvos, person({ names: [{ given: 'Hassan', family: 'Jaber', script: 'Latn', source: 'document' }], identifiers: [] }));
    const older = await send(lesvos, belgrade, [p.id]);
    await lesvos.value('person.update', { personId: p.id, baseVersion: 2, person: { ...p.person, phone: '+30 690 555 5555' } });
    await lesvos.value('entry.add', { episodeId: episode.id, entries: [{ kind: 'referral', to: 'Chest clinic', urgency: 'urgent', reason: { text: 'Cough for 3 weeks', lang: 'en' } }] });
    const newer = await send(lesvos, belgrade, [p.id]);

    await receive(belgrade, newer.path);
    const after = snapshot(belgrade, [p.id]);
    const { preview, applied } = await receive(belgrade, older.path);
    expect(preview.alreadyImported).toBe(false);
    expect(preview.persons[0]?.status).toBe('older');
    expect(applied).toMatchObject({ persons: { created: 0, updated: 0 }, entries: { created: 0, updated: 0 } });
    expect(snapshot(belgrade, [p.id])).toEqual(after);
    expect(snapshot(belgrade, [p.id])).toEqual(snapshot(lesvos, [p.id]));
  });

  it('shows a likely duplicate of a local person, and keeps the incoming record merged into it when told so', async () => {
    const local = await belgrade.value<PersonRecord>('person.register', {
      person: person({ names: [{ given: 'Mahmoud', family: 'Saleh', script: 'Latn', source: 'spoken' }], identifiers: [], phone: undefined }),
    });
    const { person: p } = await assessedPerson(lesvos, person({ names: [{ given: 'Mahmud', family: 'Salih', script: 'Latn', source: 'document' }], identifiers: [] }));
    const { path } = await send(lesvos, belgrade, [p.id]);
    const preview = await belgrade.exchange.inspect({ path });
    expect(ImportPreviewSchema.parse(preview)).toEqual(preview);
    expect(preview.persons[0]?.status).toBe('new');
    expect(preview.persons[0]?.duplicates.map((d) => d.person.id)).toContain(local.id);
    expect(preview.totals.duplicates).toBe(1);

    const applied = await belgrade.exchange.apply({ importId: preview.importId, resolutions: [], links: [{ incomingPersonId: p.id, localPersonId: local.id }] });
    expect(applied.persons).toEqual({ created: 1, updated: 0, linked: 1 });
    const chart = await belgrade.value<{ person: PersonRecord; merged: PersonRecord[]; episodes: EpisodeRecord[] }>('person.chart', { personId: p.id });
    expect(chart.person.id).toBe(local.id);
    expect(chart.merged.map((m) => m.id)).toEqual([p.id]);
    expect(chart.episodes).toHaveLength(1);
    const found = await belgrade.value<{ results: PersonSummary[] }>('person.search', { text: 'Mahmud Salih' });
    expect(found.results.map((r) => r.id)).toEqual([local.id]);
  });
});

describe('merges and voids travel; a preview goes stale', () => {
  it('sends a person merged into another with that one, and the merge holds at the other centre', async () => {
    const keep = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Bilal', family: 'Aziz', script: 'Latn', source: 'document' }], identifiers: [] }) });
    const twin = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Bilal', family: 'Abdulaziz', script: 'Latn', source: 'spoken' }], identifiers: [] }) });
    await lesvos.value('episode.create', { personId: twin.id, episode: { type: 'follow-up', date: '2026-09-30' } });
    await lesvos.value('person.merge', { keepId: keep.id, mergeId: twin.id });
    const gone = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Entered', family: 'Twice', script: 'Latn', source: 'document' }], identifiers: [] }) });
    await lesvos.value('person.void', { personId: gone.id, reason: 'Registered twice by mistake' });

    // Asking for the merged one sends the one it was merged into, with it.
    const { result, path } = await send(lesvos, belgrade, [twin.id, gone.id]);
    expect(result.persons).toBe(3);
    const { preview } = await receive(belgrade, path);
    expect(preview.persons.find((x) => x.personId === twin.id)?.incoming).toMatchObject({ status: 'merged', mergedInto: keep.id });
    const chart = await belgrade.value<{ person: PersonRecord; merged: PersonRecord[]; episodes: EpisodeRecord[] }>('person.chart', { personId: twin.id });
    expect([chart.person.id, chart.merged.map((m) => m.id), chart.episodes.length]).toEqual([keep.id, [twin.id], 1]);
    expect(snapshot(belgrade, [keep.id, twin.id, gone.id])).toEqual(snapshot(lesvos, [keep.id, twin.id, gone.id]));
    const found = await belgrade.value<{ results: PersonSummary[] }>('person.search', { text: 'Entered Twice' });
    expect(found.results).toEqual([]);
  });

  it('refuses to apply a preview when a new conflict appeared since', async () => {
    const p = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Salma', family: 'Idris', script: 'Latn', source: 'document' }], identifiers: [], sex: 'female' }) });
    await receive(belgrade, (await send(lesvos, belgrade, [p.id])).path);
    await lesvos.value('person.update', { personId: p.id, baseVersion: 1, person: { ...p.person, phone: '+30 690 777 7777' } });
    const { path } = await send(lesvos, belgrade, [p.id]);
    const preview = await belgrade.exchange.inspect({ path });
    expect(preview.persons[0]).toMatchObject({ status: 'update', conflicts: [] });
    // Someone at Belgrade saves the same field before the import is applied.
    await belgrade.value('person.update', { personId: p.id, baseVersion: 1, person: { ...p.person, phone: '+381 64 777 7777' } });
    const before = databaseDigest(belgrade.db());
    expect(await expectCode(belgrade.exchange.apply({ importId: preview.importId, resolutions: [], links: [] }), 'CONFLICT')).toMatchObject({ reason: 'changed-since-preview' });
    expect(databaseDigest(belgrade.db())).toBe(before);
    const again = await belgrade.exchange.inspect({ path });
    expect(again.persons[0]?.conflicts.map((c) => c.field)).toEqual(['phone']);
    await belgrade.exchange.discard({ importId: again.importId });
    await belgrade.exchange.discard({ importId: preview.importId });
  });
});

describe('files for a receiver without a certificate, and cancelled exports', () => {
  it('protects a file with a generated passphrase that opens it, and refuses a wrong one', async () => {
    const p = await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given: 'Amal', family: 'Darwish', script: 'Latn', source: 'document' }], identifiers: [], sex: 'female' }) });
    const path = outPath();
    const result = await lesvos.exchange.export({ selection: { kind: 'persons', personIds: [p.id] }, recipients: [], passphrase: true, outPath: path });
    expect(result.passphrase).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
    const before = databaseDigest(belgrade.db());
    await expectCode(belgrade.exchange.inspect({ path }), 'TRANSFER_PASSPHRASE_REQUIRED');
    await expectCode(belgrade.exchange.inspect({ path, passphrase: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF' }), 'TRANSFER_BAD_PASSPHRASE');
    expect(databaseDigest(belgrade.db())).toBe(before);
    const preview = await belgrade.exchange.inspect({ path, passphrase: result.passphrase });
    expect(preview).toMatchObject({ openedBy: 'passphrase', persons: [{ personId: p.id, status: 'new' }] });
    await belgrade.exchange.discard({ importId: preview.importId });
    expect(databaseDigest(belgrade.db())).toBe(before);
  });

  it('leaves no file and no record of an export cancelled half way', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { person: p } = await assessedPerson(lesvos, person({ names: [{ given: `Karim${'a'.repeat(i)}`, family: 'Mansour', script: 'Latn', source: 'document' }], identifiers: [] }));
      ids.push(p.id);
    }
    const path = outPath();
    const before = databaseDigest(lesvos.db());
    const controller = new AbortController();
    const exporting = lesvos.exchange.export(
      { selection: { kind: 'persons', personIds: ids }, recipients: [belgrade.siteId], passphrase: false, outPath: path },
      { signal: controller.signal, onProgress: (p) => (p.done ?? 0) >= 1 && controller.abort() },
    );
    await expectCode(exporting, 'TRANSFER_CANCELLED');
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(path, '..'))).toEqual([]);
    expect(databaseDigest(lesvos.db())).toBe(before);
  });

  it('sends a relocation group: everyone who arrived in a date range', async () => {
    const arrived = [];
    for (const [given, date] of [['Nadia', '2026-08-01'], ['Tarek', '2026-08-02']] as const) {
      arrived.push(await lesvos.value<PersonRecord>('person.register', { person: person({ names: [{ given, family: 'Group', script: 'Latn', source: 'document' }], identifiers: [], arrivalDate: date }) }));
    }
    const path = outPath();
    const result = await lesvos.exchange.export({ selection: { kind: 'arrived', from: '2026-08-01', to: '2026-08-02' }, recipients: [belgrade.siteId], passphrase: false, outPath: path });
    expect(result.persons).toBe(2);
    const preview = await belgrade.exchange.inspect({ path });
    expect(preview.persons.map((x) => x.personId).sort()).toEqual(arrived.map((a) => a.id).sort());
    await belgrade.exchange.discard({ importId: preview.importId });
  });
});
