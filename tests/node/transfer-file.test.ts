// A .carnet file end to end: written atomically by one centre, read by another with every check, and
// refused with the right name for each thing that can be wrong with it. Where the damage is to be
// inside the encryption (a changed manifest, a changed attachment, a forwarded file), the test plays
// a party that holds the file key: it opens the package, changes it and seals it again.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishTrustList, revokeSite } from '../../src/transfer/authority.ts';
import { verifySiteCard } from '../../src/transfer/certificate.ts';
import { ByteReader } from '../../src/transfer/byte-reader.ts';
import { openEnvelope, sealEnvelope } from '../../src/transfer/envelope.ts';
import { writePackage, type ManifestRecipient, type PartInput } from '../../src/transfer/package.ts';
import { inspectTransferFile, readTransferFile, writeTransferFile, type ReadTransferFileOptions, type TransferProgress } from '../../src/transfer/transfer-file.ts';
import { pairSite, verifyTrustList, type TrustStore } from '../../src/transfer/trust-list.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { DAY, FAST_KDF, NOW, collect, expectCode, makeNetwork, patterned, type TestSite } from '../fixtures/transfer/network.ts';

const temp = makeTempDir('carnet-transfer-');
afterAll(() => temp.cleanup());
const network = await makeNetwork();
const { lesvos, belgrade, athens, skopje, expired, stranger } = network;
const trust: TrustStore = { trustList: network.trustList };

// Synthetic content only: no real person.
const bundle = Buffer.from(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', id: 'p-1' } }] }));
const scan = patterned(300_000, 7);
const parts = (): PartInput[] => [
  { name: 'bundle.json', data: bundle },
  { name: 'attachments/scan-1', data: [scan.subarray(0, 100_000), scan.subarray(100_000)] },
  { name: 'attachments/empty', data: new Uint8Array(0) },
];

let counter = 0;
function newPath(): string {
  counter += 1;
  return join(temp.dir, `out-${counter}`, 'transfer.carnet');
}

async function send(from: TestSite, to: TestSite[], extra: { passphrase?: string; parts?: PartInput[]; outPath?: string } = {}): Promise<string> {
  const outPath = extra.outPath ?? newPath();
  mkdirSync(join(outPath, '..'), { recursive: true });
  await writeTransferFile({
    outPath,
    parts: extra.parts ?? parts(),
    sender: from.sender,
    recipients: to.map((s) => s.keys),
    passphrase: extra.passphrase,
    kdf: FAST_KDF,
    now: NOW,
  });
  return outPath;
}

function readAs(site: TestSite | undefined, path: string, extra: Partial<ReadTransferFileOptions> = {}): ReturnType<typeof readTransferFile> {
  return readTransferFile({ path, me: site?.keys, trust, now: NOW, ...extra });
}

async function expectParts(path: string, site: TestSite | undefined, extra: Partial<ReadTransferFileOptions> = {}): Promise<void> {
  const result = await readAs(site, path, extra);
  try {
    expect(result.parts.map((p) => p.name)).toEqual(['bundle.json', 'attachments/scan-1', 'attachments/empty']);
    expect(await result.part('bundle.json')?.bytes()).toEqual(bundle);
    expect(await collect((result.part('attachments/scan-1') as NonNullable<ReturnType<typeof result.part>>).stream())).toEqual(scan);
    expect(await result.part('attachments/empty')?.bytes()).toEqual(Buffer.alloc(0));
  } finally {
    await result.dispose();
  }
}

// ---- helpers to play a party that holds a file key ----

async function plaintextOf(from: TestSite, recipients: ManifestRecipient[], partList = parts()): Promise<Buffer> {
  return collect(writePackage({ parts: partList, sender: from.sender, recipients, createdAt: NOW }));
}

async function sealTo(plain: Buffer, senderKeyId: string, to: TestSite[]): Promise<string> {
  const path = newPath();
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, await collect(sealEnvelope([plain], { senderKeyId, recipients: to.map((s) => s.keys.encryptionPublicKey) })));
  return path;
}

const forBelgrade: ManifestRecipient[] = [{ kind: 'site', keyId: belgrade.keys.encryptionKeyId }];

/** Where the manifest record starts: [3][u32 length][the manifest JWS], the last record. */
function manifestStart(plain: Buffer): number {
  return plain.lastIndexOf('eyJhbGci') - 5;
}

describe('a transfer file', () => {
  it('goes from Lesvos to Belgrade with every part intact and the sender named', async () => {
    const path = await send(lesvos, [belgrade]);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(path, '..'))).toEqual(['transfer.carnet']);
    await expectParts(path, belgrade);
    const result = await readAs(belgrade, path);
    expect(result.sender).toMatchObject({ siteId: lesvos.siteId, name: lesvos.name, country: 'GR', signingKeyId: lesvos.keys.signingKeyId, source: 'authority' });
    expect(result.openedBy).toEqual({ kind: 'site', keyId: belgrade.keys.encryptionKeyId });
    expect(result.createdAt).toEqual(NOW);
    expect(result.manifest.parts[1]).toMatchObject({ name: 'attachments/scan-1', size: scan.length });
    await result.dispose();
  });

  it('goes to three centres at once, each able to read it', async () => {
    const path = await send(lesvos, [belgrade, athens, skopje]);
    for (const site of [belgrade, athens, skopje]) await expectParts(path, site);
  });

  it('goes to a centre with no certificate under a passphrase', async () => {
    const path = await send(lesvos, [], { passphrase: 'TQ4M-81XZ-CC2P-H7RA-W0KD-9E3N' });
    await expectParts(path, undefined, { passphrase: 'TQ4M-81XZ-CC2P-H7RA-W0KD-9E3N' });
    await expectCode(readAs(undefined, path, { passphrase: 'TQ4M-81XZ-CC2P-H7RA-W0KD-9E3X' }), 'TRANSFER_BAD_PASSPHRASE');
    await expectCode(readAs(belgrade, path), 'TRANSFER_PASSPHRASE_REQUIRED');
    expect(await inspectTransferFile(path)).toMatchObject({ passphrase: true, recipientKeyIds: [], senderKeyId: lesvos.keys.signingKeyId });
    expect(await expectCode(inspectTransferFile(join(temp.dir, 'nowhere.carnet')), 'TRANSFER_IO_FAILED')).toMatchObject({ errno: 'ENOENT' });
  });

  it('reports progress up to the size of the file', async () => {
    const events: TransferProgress[] = [];
    const outPath = newPath();
      mkdirSync(join(outPath, '..'), { recursive: true });
    const big = patterned(3 * 1024 * 1024, 3);
    const written = await writeTransferFile({ outPath, parts: [{ name: 'a', data: big }], sender: lesvos.sender, recipients: [belgrade.keys], now: NOW, onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)).toEqual({ phase: 'writing', bytes: written.bytes });
    expect(written.bytes).toBe(statSync(outPath).size);
    const reading: TransferProgress[] = [];
    await (await readAs(belgrade, outPath, { onProgress: (p) => reading.push(p) })).dispose();
    expect(reading.at(-1)).toEqual({ phase: 'reading', bytes: written.bytes, totalBytes: written.bytes });
    expect(reading.map((p) => p.bytes)).toEqual([...reading.map((p) => p.bytes)].sort((a, b) => a - b));
  });
});

describe('a transfer file that is not for us', () => {
  it('is refused as for another site, naming the sites it is for', async () => {
    const path = await send(lesvos, [belgrade]);
    expect(await expectCode(readAs(athens, path), 'TRANSFER_WRONG_RECIPIENT')).toEqual({ recipients: [belgrade.keys.encryptionKeyId] });
  });

  it('is refused when a recipient forwarded it re-encrypted to a site the sender did not choose', async () => {
    const path = await send(lesvos, [belgrade]);
    const envelope = await openEnvelope(new ByteReader([readFileSync(path)]), { encryption: { privateKey: belgrade.keys.encryptionPrivateKey, publicKey: belgrade.keys.encryptionPublicKey } });
    const plain = await collect(envelope.payload);
    const forwarded = await sealTo(plain, lesvos.keys.signingKeyId, [athens]);
    expect(await expectCode(readAs(athens, forwarded), 'TRANSFER_WRONG_RECIPIENT')).toMatchObject({ reason: 'not-addressed-by-sender' });
  });
});

describe('a transfer file from a sender we should not trust', () => {
  it('is refused when the sender was revoked', async () => {
    const state = revokeSite(network.state, lesvos.siteId, NOW, 'key-compromise');
    const list = await verifyTrustList((await publishTrustList(network.authority, state, NOW)).trustList, network.authority.publicKey);
    const path = await send(lesvos, [belgrade]);
    expect(await expectCode(readAs(belgrade, path, { trust: { trustList: list } }), 'TRANSFER_REVOKED')).toMatchObject({
      keyId: lesvos.keys.signingKeyId,
      siteId: lesvos.siteId,
      serial: network.certificates.get(lesvos.siteId)?.serial,
    });
  });

  it('is refused when the sender’s certificate has expired, or is not valid yet', async () => {
    const path = await send(expired, [belgrade]);
    expect(await expectCode(readAs(belgrade, path), 'TRANSFER_EXPIRED')).toMatchObject({ siteId: expired.siteId });
    const early = await send(lesvos, [belgrade]);
    await expectCode(readAs(belgrade, early, { now: new Date(NOW.getTime() - 400 * DAY) }), 'TRANSFER_NOT_YET_VALID');
    await expectCode(readAs(belgrade, early, { now: new Date(NOW.getTime() + 400 * DAY) }), 'TRANSFER_EXPIRED');
  });

  it('is refused from an unknown sender, with what is needed to pair with it', async () => {
    const path = await send(stranger, [belgrade]);
    const details = await expectCode(readAs(belgrade, path), 'TRANSFER_UNKNOWN_SENDER');
    const card = await verifySiteCard(stranger.card);
    expect(details).toEqual({ keyId: stranger.keys.signingKeyId, siteId: stranger.siteId, fingerprint: card.fingerprint, siteCard: stranger.card });
  });

  it('is read from a sender paired directly by fingerprint', async () => {
    const path = await send(stranger, [belgrade]);
    const details = await expectCode(readAs(belgrade, path), 'TRANSFER_UNKNOWN_SENDER');
    // The Belgrade admin phones the sender, who reads out the digits from its own admin screen.
    const spoken = (await verifySiteCard(stranger.card)).fingerprint;
    const pairing = await pairSite(details.siteCard as string, spoken, NOW);
    await expectParts(path, belgrade, { trust: { trustList: network.trustList, paired: [pairing] } });
    const result = await readAs(belgrade, path, { trust: { paired: [pairing] } });
    expect(result.sender).toMatchObject({ siteId: stranger.siteId, source: 'paired' });
    await result.dispose();
  });

  it('is refused when the header names one trusted site and the content another', async () => {
    const plain = await plaintextOf(lesvos, forBelgrade);
    const path = await sealTo(plain, athens.keys.signingKeyId, [belgrade]);
    expect(await expectCode(readAs(belgrade, path), 'TRANSFER_TAMPERED')).toEqual({ part: 'sender-card', reason: 'key-mismatch' });
  });
});

describe('a damaged transfer file', () => {
  it('names a changed header byte, a changed chunk, a cut and an unreadable file', async () => {
    const path = await send(lesvos, [belgrade]);
    const good = readFileSync(path);
    const write = (bytes: Buffer): string => {
      writeFileSync(path, bytes);
      return path;
    };
    const header = Buffer.from(good);
    header[20] = (header[20] as number) ^ 1;
    expect(await expectCode(readAs(belgrade, write(header)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'header' });
    const chunk = Buffer.from(good);
    chunk[good.length - 70_000] = (chunk[good.length - 70_000] as number) ^ 1;
    expect(await expectCode(readAs(belgrade, write(chunk)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', reason: 'authentication' });
    await expectCode(readAs(belgrade, write(good.subarray(0, good.length - 10))), 'TRANSFER_TRUNCATED');
    await expectCode(readAs(belgrade, write(Buffer.from('PK\x03\x04 a zip file'))), 'TRANSFER_NOT_CARNET_FILE');
    expect(await expectCode(readAs(belgrade, join(temp.dir, 'nowhere.carnet')), 'TRANSFER_IO_FAILED')).toEqual({ operation: 'open', errno: 'ENOENT' });
  });

  it('names a changed manifest', async () => {
    const plain = await plaintextOf(lesvos, forBelgrade);
    const at = plain.lastIndexOf('.') - 40; // inside the manifest's signed payload
    plain[at] = plain[at] === 0x41 ? 0x42 : 0x41;
    expect(await expectCode(readAs(belgrade, await sealTo(plain, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_TAMPERED')).toEqual({
      part: 'manifest',
      reason: 'signature',
    });
  });

  it('names a changed attachment by its part name', async () => {
    const plain = await plaintextOf(lesvos, forBelgrade);
    const at = plain.indexOf(scan.subarray(150_000, 150_064));
    expect(at).toBeGreaterThan(0);
    plain[at] = (plain[at] as number) ^ 0xff;
    expect(await expectCode(readAs(belgrade, await sealTo(plain, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_TAMPERED')).toEqual({
      part: 'attachments/scan-1',
      reason: 'digest',
    });
  });

  it('names a part that the manifest lists but the file lacks, and one it does not list', async () => {
    const full = await plaintextOf(lesvos, forBelgrade);
    const fewer = await plaintextOf(lesvos, forBelgrade, parts().slice(0, 2));
    const missing = Buffer.concat([fewer.subarray(0, manifestStart(fewer)), full.subarray(manifestStart(full))]);
    expect(await expectCode(readAs(belgrade, await sealTo(missing, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_TAMPERED')).toEqual({
      part: 'attachments/empty',
      reason: 'missing',
    });
    const extra = Buffer.concat([full.subarray(0, manifestStart(full)), fewer.subarray(manifestStart(fewer))]);
    expect(await expectCode(readAs(belgrade, await sealTo(extra, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_TAMPERED')).toEqual({
      part: 'attachments/empty',
      reason: 'unlisted',
    });
  });

  it('refuses a part whose name climbs out of its folder', async () => {
    await expectCode(send(lesvos, [belgrade], { parts: [{ name: '../etc/passwd', data: bundle }] }), 'VALIDATION');
    const plain = await plaintextOf(lesvos, forBelgrade, [{ name: 'xx/yy/zz', data: bundle }]);
    const at = plain.indexOf('xx/yy/zz');
    plain.write('../../zz', at);
    expect(await expectCode(readAs(belgrade, await sealTo(plain, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_INVALID_PART')).toEqual({ reason: 'bad-name', index: 0 });
  });

  it('refuses a huge declared size before reading it, and a part over the limit', async () => {
    const plain = await plaintextOf(lesvos, forBelgrade);
    const name = plain.indexOf('bundle.json');
    plain.writeUInt32BE(0xfffffff0, name + 'bundle.json'.length);
    expect(await expectCode(readAs(belgrade, await sealTo(plain, lesvos.keys.signingKeyId, [belgrade])), 'TRANSFER_TOO_LARGE')).toMatchObject({ part: 'bundle.json' });
    const path = await send(lesvos, [belgrade]);
    expect(await expectCode(readAs(belgrade, path, { limits: { maxPartBytes: 200_000 } }), 'TRANSFER_TOO_LARGE')).toEqual({ part: 'attachments/scan-1', limit: 200_000 });
  });
});

describe('writing a transfer file atomically', () => {
  async function* slowParts(signalAfter: () => void): AsyncGenerator<PartInput> {
    yield { name: 'bundle.json', data: bundle };
    yield {
      name: 'attachments/big',
      data: (async function* () {
        for (let i = 0; i < 64; i += 1) {
          if (i === 8) signalAfter();
          yield patterned(64 * 1024, i + 1);
        }
      })(),
    };
  }

  it('leaves no file behind when cancelled part-way', async () => {
    const outPath = newPath();
    const dir = join(outPath, '..');
      mkdirSync(dir, { recursive: true });
    const controller = new AbortController();
    let sawPartialFile = false;
    const written = writeTransferFile({
      outPath,
      parts: slowParts(() => {
        sawPartialFile = readdirSync(dir).some((f) => f.endsWith('.tmp'));
        controller.abort();
      }),
      sender: lesvos.sender,
      recipients: [belgrade.keys],
      now: NOW,
      signal: controller.signal,
    });
    await expectCode(written, 'TRANSFER_CANCELLED');
    expect(sawPartialFile).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no file behind when a part fails, and the previous file untouched', async () => {
    const outPath = newPath();
    const dir = join(outPath, '..');
      mkdirSync(dir, { recursive: true });
    writeFileSync(outPath, 'the previous export');
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      yield patterned(200_000);
      throw new Error('the database went away');
    };
    await expect(
      writeTransferFile({ outPath, parts: [{ name: 'bundle.json', data: failing() }], sender: lesvos.sender, recipients: [belgrade.keys], now: NOW }),
    ).rejects.toThrow('the database went away');
    expect(readdirSync(dir)).toEqual(['transfer.carnet']);
    expect(readFileSync(outPath, 'utf8')).toBe('the previous export');
  });

  it('does not start when already cancelled, and names a folder that does not exist', async () => {
    const controller = new AbortController();
    controller.abort();
    await expectCode(writeTransferFile({ outPath: newPath(), parts: parts(), sender: lesvos.sender, recipients: [belgrade.keys], now: NOW, signal: controller.signal }), 'TRANSFER_CANCELLED');
    expect(await expectCode(writeTransferFile({ outPath: join(temp.dir, 'no', 'such', 'x.carnet'), parts: parts(), sender: lesvos.sender, recipients: [belgrade.keys], now: NOW }), 'TRANSFER_IO_FAILED')).toMatchObject({ errno: 'ENOENT' });
  });

  it('stops reading when cancelled, leaving no staging behind', async () => {
    const path = await send(lesvos, [belgrade], { parts: [{ name: 'big', data: patterned(4 * 1024 * 1024) }] });
    const stagingDir = join(temp.dir, 'staging-cancel');
      mkdirSync(stagingDir);
    const controller = new AbortController();
    const reading = readAs(belgrade, path, { signal: controller.signal, staging: { dir: stagingDir, memoryBudget: 64 * 1024 }, onProgress: (p) => p.bytes > 1024 * 1024 && controller.abort() });
    await expectCode(reading, 'TRANSFER_CANCELLED');
    expect(readdirSync(stagingDir)).toEqual([]);
  });
});

describe('staging while the file is checked', () => {
  it('spills parts past the memory budget to encrypted files, and deletes them when done', async () => {
    const path = await send(lesvos, [belgrade]);
    const stagingDir = join(temp.dir, 'staging');
      mkdirSync(stagingDir);
    const result = await readAs(belgrade, path, { staging: { dir: stagingDir, memoryBudget: 64 * 1024 } });
    expect(result.part('bundle.json')?.location).toBe('memory');
    expect(result.part('attachments/scan-1')?.location).toBe('encrypted-file');
    const [folder] = readdirSync(stagingDir);
    const files = readdirSync(join(stagingDir, folder as string));
    expect(files).toHaveLength(1);
    const onDisk = readFileSync(join(stagingDir, folder as string, files[0] as string));
    expect(onDisk.indexOf(scan.subarray(1000, 1032))).toBe(-1);
    expect(await result.part('attachments/scan-1')?.bytes()).toEqual(scan);
    await result.dispose();
    expect(readdirSync(stagingDir)).toEqual([]);
  });

  it('deletes what it staged when a check fails', async () => {
    const plain = await plaintextOf(lesvos, forBelgrade);
    const at = plain.indexOf(scan.subarray(290_000, 290_064));
    plain[at] = (plain[at] as number) ^ 1;
    const path = await sealTo(plain, lesvos.keys.signingKeyId, [belgrade]);
    const stagingDir = join(temp.dir, 'staging-fail');
      mkdirSync(stagingDir);
    await expectCode(readAs(belgrade, path, { staging: { dir: stagingDir, memoryBudget: 1024 } }), 'TRANSFER_TAMPERED');
    expect(readdirSync(stagingDir)).toEqual([]);
    expect(existsSync(path)).toBe(true);
  });
});
