// The .carnet envelope on its own: who can open it, and how each kind of damage is named. Files are
// built in memory and read back in uneven pieces, as a USB stick's reads would come.
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../src/transfer/byte-reader.ts';
import {
  DEFAULT_CHUNK_SIZE,
  FORMAT_VERSION,
  MAGIC,
  generatePassphrase,
  inspectEnvelope,
  openEnvelope,
  sealEnvelope,
  type EnvelopeKeys,
  type SealOptions,
} from '../../src/transfer/envelope.ts';
import { generateSiteKeys, type SiteKeys } from '../../src/transfer/site-keys.ts';
import { wireChunkBytes } from '../../src/transfer/stream-cipher.ts';
import { FAST_KDF, collect, expectCode, patterned } from '../fixtures/transfer/network.ts';

const sender = generateSiteKeys();
const [alice, bob, carol, mallory] = [generateSiteKeys(), generateSiteKeys(), generateSiteKeys(), generateSiteKeys()];
const WIRE = wireChunkBytes(DEFAULT_CHUNK_SIZE);
const PREFIX = 49;
const STANZA = 99;
const MAC = 32;

function keysOf(site: SiteKeys): EnvelopeKeys {
  return { encryption: { privateKey: site.encryptionPrivateKey, publicKey: site.encryptionPublicKey } };
}

async function seal(payload: Buffer, options: Partial<SealOptions> = {}): Promise<Buffer> {
  return collect(sealEnvelope([payload], { senderKeyId: sender.signingKeyId, recipients: [alice.encryptionPublicKey], kdf: FAST_KDF, ...options }));
}

/** The bytes in pieces of uneven sizes, so that reads straddle chunk and field boundaries. */
function* pieces(file: Buffer): Generator<Buffer> {
  const sizes = [7, 1000, 65_000, 3, 131_072];
  let at = 0;
  for (let i = 0; at < file.length; i += 1) {
    const size = sizes[i % sizes.length] as number;
    yield file.subarray(at, at + size);
    at += size;
  }
}

async function open(file: Buffer, keys: EnvelopeKeys): Promise<Buffer> {
  const envelope = await openEnvelope(new ByteReader(pieces(file)), keys);
  return collect(envelope.payload);
}

function flipped(file: Buffer, at: number, mask = 0x01): Buffer {
  const copy = Buffer.from(file);
  copy[at] = (copy[at] as number) ^ mask;
  return copy;
}

const payload = patterned(3 * DEFAULT_CHUNK_SIZE + 1234);

describe('the envelope round trip', () => {
  it.each([0, 1, DEFAULT_CHUNK_SIZE - 1, DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_SIZE + 1, 2 * DEFAULT_CHUNK_SIZE, payload.length])(
    'gives back a payload of %i bytes to its recipient',
    async (length) => {
      const data = payload.subarray(0, length);
      const file = await seal(data);
      expect((file.length - (PREFIX + STANZA + MAC)) % WIRE).toBe(0);
      expect(await open(file, keysOf(alice))).toEqual(data);
    },
  );

  it('opens for each of three receiving sites and for nobody else', async () => {
    const file = await seal(payload, { recipients: [alice.encryptionPublicKey, bob.encryptionPublicKey, carol.encryptionPublicKey] });
    for (const site of [alice, bob, carol]) expect(await open(file, keysOf(site))).toEqual(payload);
    const details = await expectCode(open(file, keysOf(mallory)), 'TRANSFER_WRONG_RECIPIENT');
    expect(details.recipients).toEqual([alice.encryptionKeyId, bob.encryptionKeyId, carol.encryptionKeyId]);
  });

  it('opens with the passphrase, and refuses a wrong one or none', async () => {
    const passphrase = generatePassphrase();
    expect(passphrase).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
    const file = await seal(payload, { recipients: [], passphrase });
    expect(await open(file, { passphrase })).toEqual(payload);
    await expectCode(open(file, { passphrase: `${passphrase}x` }), 'TRANSFER_BAD_PASSPHRASE');
    await expectCode(open(file, keysOf(alice)), 'TRANSFER_PASSPHRASE_REQUIRED');
    await expectCode(open(file, {}), 'TRANSFER_PASSPHRASE_REQUIRED');
  });

  it('opens a file made for sites and a passphrase either way', async () => {
    const file = await seal(payload, { recipients: [alice.encryptionPublicKey], passphrase: 'correct horse battery staple' });
    expect(await open(file, keysOf(alice))).toEqual(payload);
    expect(await open(file, { passphrase: 'correct horse battery staple' })).toEqual(payload);
    await expectCode(open(file, keysOf(bob)), 'TRANSFER_PASSPHRASE_REQUIRED');
  });

  it('says before any key is used whom a file is for and who sent it', async () => {
    const file = await seal(payload, { recipients: [alice.encryptionPublicKey, bob.encryptionPublicKey], passphrase: 'pw' });
    expect(await inspectEnvelope(pieces(file))).toEqual({
      version: FORMAT_VERSION,
      chunkSize: DEFAULT_CHUNK_SIZE,
      senderKeyId: sender.signingKeyId,
      recipientKeyIds: [alice.encryptionKeyId, bob.encryptionKeyId],
      passphrase: true,
      headerBytes: PREFIX + 2 * STANZA + 3 + 73 + MAC,
    });
  });

  it('never writes the same ciphertext twice for the same payload', async () => {
    const [a, b] = [await seal(payload), await seal(payload)];
    expect(a.subarray(PREFIX)).not.toEqual(b.subarray(PREFIX));
  });

  it('refuses to seal without a recipient, or to the same site twice', async () => {
    await expectCode(seal(payload, { recipients: [] }), 'VALIDATION');
    await expectCode(seal(payload, { recipients: [alice.encryptionPublicKey, alice.encryptionPublicKey] }), 'VALIDATION');
    await expectCode(seal(payload, { recipients: [alice.signingPublicKey] }), 'VALIDATION');
  });
});

describe('a damaged envelope', () => {
  const headerLength = PREFIX + STANZA + MAC;
  let file: Buffer;
  const ready = seal(payload).then((f) => (file = f));

  it('is not a carnet file when its magic is wrong or it is empty', async () => {
    await ready;
    await expectCode(open(Buffer.from('%PDF-1.7\n...'), keysOf(alice)), 'TRANSFER_NOT_CARNET_FILE');
    await expectCode(open(flipped(file, 3), keysOf(alice)), 'TRANSFER_NOT_CARNET_FILE');
    await expectCode(open(Buffer.alloc(0), keysOf(alice)), 'TRANSFER_NOT_CARNET_FILE');
  });

  it('names a format version from the future', async () => {
    await ready;
    const future = Buffer.from(file);
    future.writeUInt16BE(2, MAGIC.length);
    expect(await expectCode(open(future, keysOf(alice)), 'TRANSFER_UNSUPPORTED_VERSION')).toMatchObject({ version: 2, supported: 1 });
    const algorithm = Buffer.from(file);
    algorithm[10] = 9;
    expect(await expectCode(open(algorithm, keysOf(alice)), 'TRANSFER_UNSUPPORTED_VERSION')).toMatchObject({ algorithm: 9 });
  });

  it.each([
    ['the chunk size', 13],
    ['the sender key id', 20],
    ['the payload salt', 40],
    ['the stanza type', PREFIX],
    ['the recipient key id', PREFIX + 3 + 5],
    ['the ephemeral key', PREFIX + 3 + 16 + 4],
    ['the wrapped file key', PREFIX + 3 + 48 + 10],
    ['the header MAC', PREFIX + STANZA + 7],
  ])('names a changed byte in %s as a tampered header', async (_what, at) => {
    await ready;
    expect(await expectCode(open(flipped(file, at), keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'header' });
  });

  it('names a changed byte in another site’s stanza as a tampered header too', async () => {
    const shared = await seal(payload, { recipients: [alice.encryptionPublicKey, bob.encryptionPublicKey] });
    expect(await expectCode(open(flipped(shared, PREFIX + STANZA + 60), keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'header', reason: 'mac' });
  });

  it('refuses every single changed byte of the header', async () => {
    await ready;
    const codes = new Set<string>();
    for (let at = 0; at < headerLength; at += 1) {
      try {
        await open(flipped(file, at, 0x80), keysOf(alice));
        throw new Error(`byte ${at} changed and the file opened`);
      } catch (error) {
        const code = (error as { code?: string }).code;
        expect(code, `byte ${at}`).toMatch(/^TRANSFER_(TAMPERED|NOT_CARNET_FILE|UNSUPPORTED_VERSION|TRUNCATED|WRONG_RECIPIENT)$/);
        codes.add(code as string);
      }
    }
    expect(codes).toContain('TRANSFER_TAMPERED');
  });

  it('names a changed byte in a chunk with the chunk', async () => {
    await ready;
    for (const chunk of [0, 1, 3]) {
      const at = headerLength + chunk * WIRE + 100;
      expect(await expectCode(open(flipped(file, at), keysOf(alice)), 'TRANSFER_TAMPERED')).toEqual({ part: 'payload', chunk, reason: 'authentication' });
    }
    // The tag itself
    expect(await expectCode(open(flipped(file, file.length - 1), keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', chunk: 3 });
  });

  it('names a file cut anywhere as truncated', async () => {
    await ready;
    const cuts: [number, Record<string, unknown>][] = [
      [5, { part: 'header' }],
      [PREFIX + 10, { part: 'header' }],
      [headerLength - 1, { part: 'header' }],
      [headerLength, { part: 'payload', chunk: 0, reason: 'no-final-chunk' }],
      [headerLength + 100, { part: 'payload', chunk: 0, reason: 'partial-chunk' }],
      [headerLength + WIRE, { part: 'payload', chunk: 1, reason: 'no-final-chunk' }],
      [headerLength + 3 * WIRE, { part: 'payload', chunk: 3, reason: 'no-final-chunk' }],
      [file.length - 1, { part: 'payload', chunk: 3, reason: 'partial-chunk' }],
    ];
    for (const [cut, expected] of cuts) {
      expect(await expectCode(open(file.subarray(0, cut), keysOf(alice)), 'TRANSFER_TRUNCATED'), `cut at ${cut}`).toMatchObject(expected);
    }
  });

  it('refuses a chunk appended after the last one', async () => {
    await ready;
    const chunk1 = file.subarray(headerLength + WIRE, headerLength + 2 * WIRE);
    expect(await expectCode(open(Buffer.concat([file, chunk1]), keysOf(alice)), 'TRANSFER_TAMPERED')).toEqual({
      part: 'payload',
      chunk: 4,
      reason: 'data-after-final-chunk',
    });
    await expectCode(open(Buffer.concat([file, Buffer.from([0])]), keysOf(alice)), 'TRANSFER_TAMPERED');
  });

  it('refuses chunks in another order', async () => {
    await ready;
    const chunks = [0, 1, 2, 3].map((i) => file.subarray(headerLength + i * WIRE, headerLength + (i + 1) * WIRE));
    const header = file.subarray(0, headerLength);
    const swapped = Buffer.concat([header, chunks[0], chunks[2], chunks[1], chunks[3]] as Buffer[]);
    expect(await expectCode(open(swapped, keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', chunk: 1 });
    const finalFirst = Buffer.concat([header, chunks[3], chunks[1], chunks[2], chunks[0]] as Buffer[]);
    expect(await expectCode(open(finalFirst, keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', chunk: 0 });
    // Dropping a middle chunk shifts the rest
    const dropped = Buffer.concat([header, chunks[0], chunks[2], chunks[3]] as Buffer[]);
    expect(await expectCode(open(dropped, keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', chunk: 1 });
  });

  it('refuses a chunk taken from another file for the same site', async () => {
    await ready;
    const other = await seal(payload);
    const spliced = Buffer.concat([file.subarray(0, headerLength + WIRE), other.subarray(headerLength + WIRE)]);
    expect(await expectCode(open(spliced, keysOf(alice)), 'TRANSFER_TAMPERED')).toMatchObject({ part: 'payload', chunk: 1 });
  });
});
