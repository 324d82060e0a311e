// Files a centre must refuse, each with the name of what failed, and with its database exactly as it
// was (a digest of every row of every table, before and after): a changed byte, a cut file, a file
// for another centre, an unknown or revoked sender, and content that a trusted sender signed but
// that does not hold together (a broken FHIR Bundle, document bytes that are not the ones described,
// a part this format does not have, a records part from a newer Carnet).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import * as repo from '../../src/db/repositories/transfer.repository.ts';
import { publishTrustList, revokeSite } from '../../src/transfer/authority.ts';
import { verifySiteCard } from '../../src/transfer/certificate.ts';
import { documentPartName, personPartName, personParts, recordsPartName } from '../../src/transfer/exchange-format.ts';
import type { PartInput } from '../../src/transfer/package.ts';
import { loadLocalSite } from '../../src/transfer/site.service.ts';
import { writeTransferFile } from '../../src/transfer/transfer-file.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { certifyAll, databaseDigest, expectCode, openCentre, pngBytes, type Centre, type TestAuthority } from '../fixtures/transfer/centres.ts';

const out = makeTempDir('carnet-refusals-');
let lesvos: Centre;
let belgrade: Centre;
let athens: Centre;
let network: TestAuthority;
let personId: string;
let documentId: string;

beforeAll(async () => {
  [lesvos, belgrade, athens] = await Promise.all([
    openCentre({ name: 'Lesvos Reception Centre', country: 'GR', code: 'GR-LES' }),
    openCentre({ name: 'Belgrade Health Point', country: 'RS', code: 'RS-BEL' }),
    openCentre({ name: 'Athens Clinic', country: 'GR', code: 'GR-ATH' }),
  ]);
  network = await certifyAll([lesvos, belgrade, athens]);
  const p = await lesvos.value<PersonRecord>('person.register', {
    person: { names: [{ given: 'Ali', family: 'Rahimi', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1999-01-02' }, sex: 'male', legalStatus: 'migrant' },
  });
  const episode = await lesvos.value<EpisodeRecord>('episode.create', { personId: p.id, episode: { type: 'initial-assessment', date: '2026-09-01' } });
  const bytes = pngBytes(5);
  const { uploadId } = await lesvos.value<{ uploadId: string }>('document.beginUpload', {
    episodeId: episode.id,
    title: 'Lab report',
    mediaType: 'image/png',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  });
  await lesvos.value('document.uploadChunk', { uploadId, index: 0, data: bytes.toString('base64') });
  documentId = (await lesvos.value<{ id: string }>('document.finishUpload', { uploadId })).id;
  personId = p.id;
});
afterAll(() => {
  for (const c of [lesvos, belgrade, athens]) c.cleanup();
  out.cleanup();
});

let n = 0;
function path(name = 'records.carnet'): string {
  n += 1;
  const dir = join(out.dir, `f${n}`);
  mkdirSync(dir);
  return join(dir, name);
}

async function exportTo(from: Centre, to: Centre): Promise<string> {
  const p = path();
  await from.exchange.export({ selection: { kind: 'persons', personIds: [from === lesvos ? personId : await anyPerson(from)] }, recipients: [to.siteId], passphrase: false, outPath: p });
  return p;
}

async function anyPerson(c: Centre): Promise<string> {
  const p = await c.value<PersonRecord>('person.register', {
    person: { names: [{ given: 'Zainab', family: 'Kareem', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '2001-05-06' }, sex: 'female', legalStatus: 'refugee' },
  });
  return p.id;
}

/** Inspect must fail with `code` and leave Belgrade's database as it was. */
async function refused(file: string, code: string, extra: { passphrase?: string } = {}): Promise<Record<string, unknown>> {
  const before = databaseDigest(belgrade.db());
  const details = await expectCode(belgrade.exchange.inspect({ path: file, ...extra }), code);
  expect(databaseDigest(belgrade.db())).toBe(before);
  return details;
}

/** A file that Lesvos signs itself, with parts made by hand. */
async function signedByLesvos(parts: PartInput[]): Promise<string> {
  const site = await loadLocalSite(lesvos.db());
  if (!site) throw new Error('no site');
  const outPath = path();
  const recipient = (await belgrade.site.identity()).card as string;
  await writeTransferFile({ outPath, parts, sender: { siteId: site.siteId, keys: site.keys, card: site.card }, recipients: [await verifySiteCard(recipient)], now: new Date() });
  return outPath;
}

function lesvosParts(): { bundle: string; records: string } {
  const db = lesvos.db();
  const person = repo.getStoredRow(db, 'person', personId) as repo.StoredRow;
  const episodes = repo.listStoredRows(db, 'episode', [personId]);
  const entries = repo.listStoredRows(db, 'entry', [personId]);
  return personParts({ person, episodes, entries, history: new Map() });
}

describe('an import that fails changes nothing and says what failed', () => {
  it('refuses a file with a byte changed, in the header or deep in the payload', async () => {
    const good = await exportTo(lesvos, belgrade);
    const bytes = readFileSync(good);
    for (const at of [60, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const bad = Buffer.from(bytes);
      bad[at] = (bad[at] as number) ^ 0x01;
      const file = path();
      writeFileSync(file, bad);
      await refused(file, 'TRANSFER_TAMPERED');
    }
  });

  it('names a cut file as truncated', async () => {
    const bytes = readFileSync(await exportTo(lesvos, belgrade));
    const file = path();
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    await refused(file, 'TRANSFER_TRUNCATED');
  });

  it('refuses a file sent to another centre', async () => {
    await refused(await exportTo(lesvos, athens), 'TRANSFER_WRONG_RECIPIENT');
  });

  it('refuses an unknown sender, offering its card to pair with, and accepts it once paired', async () => {
    const stranger = await openCentre({ name: 'Centre Without Certificate', country: 'IT', code: 'IT-STR' });
    try {
      const p = await anyPerson(stranger);
      const file = path();
      const { passphrase } = await stranger.exchange.export({ selection: { kind: 'persons', personIds: [p] }, recipients: [], passphrase: true, outPath: file });
      const details = await refused(file, 'TRANSFER_UNKNOWN_SENDER', { passphrase: passphrase as string });
      const identity = await stranger.site.identity();
      expect(details).toMatchObject({ siteId: stranger.siteId, fingerprint: identity.fingerprint, siteCard: identity.card });
      // After a phone call: the digits read aloud are the card's.
      await belgrade.site.pair({ card: details.siteCard as string, fingerprint: identity.fingerprint as string });
      const preview = await belgrade.exchange.inspect({ path: file, passphrase: passphrase as string });
      expect(preview.sender).toMatchObject({ siteId: stranger.siteId, source: 'paired' });
      await belgrade.exchange.discard({ importId: preview.importId });
      await belgrade.site.unpair({ siteId: stranger.siteId });
    } finally {
      stranger.cleanup();
    }
  });

  it('refuses content a trusted centre signed that does not hold together', async () => {
    const { bundle, records } = lesvosParts();
    const doc = pngBytes(5);
    const base = (): PartInput[] => [
      { name: personPartName(personId), data: Buffer.from(bundle) },
      { name: recordsPartName(personId), data: Buffer.from(records) },
      { name: documentPartName(documentId), data: doc },
    ];
    // A Bundle with no Patient.
    const noPatient = JSON.parse(bundle) as { entry: { resource: { resourceType: string } }[] };
    noPatient.entry = noPatient.entry.filter((e) => e.resource.resourceType !== 'Patient');
    const broken = base();
    broken[0] = { name: personPartName(personId), data: Buffer.from(JSON.stringify(noPatient)) };
    expect(await refused(await signedByLesvos(broken), 'TRANSFER_INVALID_PART')).toMatchObject({ part: personPartName(personId), reason: 'fhir' });
    // Document bytes that are not the ones its entry describes.
    const swapped = base();
    swapped[2] = { name: documentPartName(documentId), data: pngBytes(6) };
    expect(await refused(await signedByLesvos(swapped), 'TRANSFER_INVALID_PART')).toMatchObject({ part: documentPartName(documentId), reason: 'document-digest' });
    // A document entry without its bytes, and a part this format does not have.
    expect(await refused(await signedByLesvos(base().slice(0, 2)), 'TRANSFER_INVALID_PART')).toMatchObject({ reason: 'missing' });
    expect(await refused(await signedByLesvos([...base(), { name: 'notes.txt', data: Buffer.from('hello') }]), 'TRANSFER_INVALID_PART')).toMatchObject({ part: 'notes.txt', reason: 'unexpected' });
    // A records part written by a newer Carnet.
    const newer = base();
    newer[1] = { name: recordsPartName(personId), data: Buffer.from(JSON.stringify({ ...JSON.parse(records), version: 2 })) };
    await refused(await signedByLesvos(newer), 'TRANSFER_UNSUPPORTED_VERSION');
    // The same parts as made: accepted (so the refusals above are about what was changed).
    const fine = await belgrade.exchange.inspect({ path: await signedByLesvos(base()) });
    expect(fine.persons[0]?.personId).toBe(personId);
    await belgrade.exchange.discard({ importId: fine.importId });
  });

  it('refuses a sender the authority revoked, whatever the file’s date', async () => {
    const file = await exportTo(athens, belgrade);
    const revoked = revokeSite(network.state, athens.siteId, new Date(), 'key-compromise');
    const published = await publishTrustList(network.authority, revoked, new Date());
    await belgrade.site.importTrustList({ trustList: published.trustList });
    await refused(file, 'TRANSFER_REVOKED');
    const sites = (await belgrade.site.trustedSites()).sites;
    expect(sites.find((s) => s.siteId === athens.siteId)?.status).toBe('revoked');
    // And Belgrade can no longer send to it.
    await expectCode(
      belgrade.exchange.export({ selection: { kind: 'persons', personIds: [await anyPerson(belgrade)] }, recipients: [athens.siteId], passphrase: false, outPath: path() }),
      'VALIDATION',
    );
  });
});
