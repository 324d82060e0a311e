// The content of a transfer file, inside the encryption: the sender's site card, then named parts
// (bundle.json, attachments/<id>, ...), then a manifest signed by the sending site that lists every
// part's name, size and SHA-256. The manifest comes last so that parts can be streamed in without
// knowing their size first. The reader stages every part and returns nothing before the manifest's
// signature, every digest and the set of parts (none missing, none extra) have been checked.
import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { z } from '../api/zod.ts';
import { ByteReader, chunksOf, u16, u32, type ByteSource } from './byte-reader.ts';
import { IsoTimeSchema, KeyIdSchema, verifySiteCard, type SiteCard } from './certificate.ts';
import { TransferError, invalidRequest, throwIfCancelled } from './errors.ts';
import { JwsRejected, signJws, verifyJws } from './jws.ts';
import type { SiteKeys } from './site-keys.ts';
import { Staging, type StagedPart, type StagingOptions } from './staging.ts';

export const PACKAGE_MAGIC = Buffer.from('CARNETPK', 'ascii');
export const PACKAGE_VERSION = 1;
export const MANIFEST_TYP = 'carnet-manifest+jws';
const RECORD_SENDER = 1;
const RECORD_PART = 2;
const RECORD_MANIFEST = 3;
const WRITE_SEGMENT = 256 * 1024;

export interface PackageLimits {
  maxParts: number;
  maxPartBytes: number;
  maxTotalBytes: number;
  maxManifestBytes: number;
  maxCardBytes: number;
  maxSegmentBytes: number;
}

export const DEFAULT_PACKAGE_LIMITS: PackageLimits = {
  maxParts: 100_000,
  maxPartBytes: 2 * 1024 ** 3,
  maxTotalBytes: 8 * 1024 ** 3,
  maxManifestBytes: 16 * 1024 * 1024,
  maxCardBytes: 64 * 1024,
  maxSegmentBytes: 1024 * 1024,
};

const PART_NAME_MAX = 255;
const NAME_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * Relative, '/'-separated, each segment starting with a letter, digit, '_' or '-': no '..', no
 * hidden names, no absolute paths, no backslashes, so a name can never leave a folder it is put in.
 */
export function isValidPartName(name: string): boolean {
  return name.length > 0 && name.length <= PART_NAME_MAX && name.split('/').every((segment) => NAME_SEGMENT.test(segment));
}

const ManifestRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), keyId: KeyIdSchema }).strict(),
  z.object({ kind: z.literal('passphrase') }).strict(),
]);
export type ManifestRecipient = z.infer<typeof ManifestRecipientSchema>;

export const ManifestSchema = z
  .object({
    type: z.literal('carnet-transfer-manifest'),
    version: z.literal(1),
    /** Lets the importer recognise a file it has already applied. */
    transferId: z.uuid(),
    createdAt: IsoTimeSchema,
    sender: z.object({ siteId: z.string().min(1).max(128), keyId: KeyIdSchema }).strict(),
    /** Who the sender meant the file for: a receiver not listed got it re-encrypted by someone else. */
    recipients: z.array(ManifestRecipientSchema).min(1).max(64),
    parts: z
      .array(z.object({ name: z.string().refine(isValidPartName), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict())
      .max(DEFAULT_PACKAGE_LIMITS.maxParts),
  })
  .strict();
export type Manifest = z.infer<typeof ManifestSchema>;

// ---- writing ----

export interface PartInput {
  name: string;
  data: Uint8Array | ByteSource;
}

export interface PackageSender {
  siteId: string;
  keys: SiteKeys;
  /** The site's own card (createSiteCard): lets a receiver that does not know it yet pair with it. */
  card: string;
}

export interface WritePackageOptions {
  parts: Iterable<PartInput> | AsyncIterable<PartInput>;
  sender: PackageSender;
  recipients: readonly ManifestRecipient[];
  createdAt: Date;
  transferId?: string | undefined;
  signal?: AbortSignal | undefined;
}

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The package's plaintext bytes, streamed; parts are read once, as they come. */
export async function* writePackage(options: WritePackageOptions): AsyncGenerator<Buffer> {
  const { sender, signal } = options;
  const card = await verifySiteCard(sender.card);
  if (card.signingKeyId !== sender.keys.signingKeyId || card.siteId !== sender.siteId) throw invalidRequest('card-not-this-site');
  yield Buffer.concat([PACKAGE_MAGIC, Buffer.from([PACKAGE_VERSION, RECORD_SENDER]), u32(utf8(sender.card).length), utf8(sender.card)]);

  const listed: Manifest['parts'] = [];
  const names = new Set<string>();
  for await (const part of options.parts) {
    throwIfCancelled(signal);
    if (!isValidPartName(part.name)) throw invalidRequest('part-name', { index: listed.length });
    if (names.has(part.name)) throw invalidRequest('duplicate-part', { name: part.name });
    names.add(part.name);
    const name = utf8(part.name);
    yield Buffer.concat([Buffer.from([RECORD_PART]), u16(name.length), name]);
    const hash = createHash('sha256');
    let size = 0;
    for await (const data of chunksOf(part.data)) {
      throwIfCancelled(signal);
      for (let offset = 0; offset < data.length; offset += WRITE_SEGMENT) {
        const segment = data.subarray(offset, Math.min(offset + WRITE_SEGMENT, data.length));
        hash.update(segment);
        size += segment.length;
        yield u32(segment.length);
        yield Buffer.from(segment.buffer, segment.byteOffset, segment.length);
      }
    }
    yield u32(0);
    listed.push({ name: part.name, size, sha256: hash.digest('hex') });
  }

  const manifest = ManifestSchema.parse({
    type: 'carnet-transfer-manifest',
    version: 1,
    transferId: options.transferId ?? randomUUID(),
    createdAt: options.createdAt.toISOString(),
    sender: { siteId: sender.siteId, keyId: sender.keys.signingKeyId },
    recipients: options.recipients,
    parts: listed,
  });
  const signed = utf8(await signJws(manifest, sender.keys.signingPrivateKey, MANIFEST_TYP, sender.keys.signingKeyId));
  yield Buffer.concat([Buffer.from([RECORD_MANIFEST]), u32(signed.length), signed]);
}

// ---- reading ----

export interface ReadPackageOptions {
  /**
   * Called with the sender's card (its self-signature checked) before any part is read: return the
   * Ed25519 key to verify the manifest with, as the trust store knows it, or throw.
   */
  trustSender: (card: SiteCard) => KeyObject | Promise<KeyObject>;
  staging?: StagingOptions | undefined;
  limits?: Partial<PackageLimits> | undefined;
  signal?: AbortSignal | undefined;
}

export interface VerifiedPackage {
  manifest: Manifest;
  card: SiteCard;
  /** In manifest order. */
  parts: StagedPart[];
  /** Delete what staging holds; call when done with the parts. */
  dispose(): Promise<void>;
}

function tampered(part: string, reason: string, details: Record<string, unknown> = {}): TransferError {
  return new TransferError('TRANSFER_TAMPERED', { part, reason, ...details });
}

async function readExactly(reader: ByteReader, length: number, what: string): Promise<Buffer> {
  const bytes = await reader.read(length);
  if (bytes.length < length) throw tampered('package', 'incomplete', { record: what });
  return bytes;
}

async function readSized(reader: ByteReader, max: number, what: string): Promise<Buffer> {
  const length = (await readExactly(reader, 4, what)).readUInt32BE(0);
  if (length > max) throw new TransferError('TRANSFER_TOO_LARGE', { part: what, limit: max });
  return readExactly(reader, length, what);
}

export async function readPackage(source: ByteSource, options: ReadPackageOptions): Promise<VerifiedPackage> {
  const limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
  const { signal } = options;
  const reader = new ByteReader(source);
  const staging = new Staging(options.staging);
  try {
    const head = await readExactly(reader, PACKAGE_MAGIC.length + 2, 'package');
    if (!head.subarray(0, PACKAGE_MAGIC.length).equals(PACKAGE_MAGIC)) throw tampered('package', 'magic');
    if (head.readUInt8(PACKAGE_MAGIC.length) !== PACKAGE_VERSION) {
      throw new TransferError('TRANSFER_UNSUPPORTED_VERSION', { part: 'package', version: head.readUInt8(PACKAGE_MAGIC.length) });
    }
    if (head.readUInt8(PACKAGE_MAGIC.length + 1) !== RECORD_SENDER) throw tampered('package', 'record-order');
    const cardText = (await readSized(reader, limits.maxCardBytes, 'sender-card')).toString('utf8');
    let card: SiteCard;
    try {
      card = await verifySiteCard(cardText);
    } catch (error) {
      if (error instanceof TransferError) throw tampered('sender-card', String(error.details?.reason ?? 'invalid'));
      throw error;
    }
    const senderKey = await options.trustSender(card);

    const staged = new Map<string, StagedPart>();
    let total = 0;
    let record = (await readExactly(reader, 1, 'record')).readUInt8(0);
    while (record === RECORD_PART) {
      throwIfCancelled(signal);
      if (staged.size >= limits.maxParts) throw new TransferError('TRANSFER_TOO_LARGE', { part: 'package', reason: 'part-count', limit: limits.maxParts });
      const nameLength = (await readExactly(reader, 2, 'part')).readUInt16BE(0);
      const name = (await readExactly(reader, nameLength, 'part')).toString('utf8');
      if (!isValidPartName(name)) throw new TransferError('TRANSFER_INVALID_PART', { reason: 'bad-name', index: staged.size });
      if (staged.has(name)) throw new TransferError('TRANSFER_INVALID_PART', { reason: 'duplicate', part: name });
      const writer = staging.begin(name);
      let size = 0;
      for (;;) {
        const segment = await readSized(reader, limits.maxSegmentBytes, name);
        if (segment.length === 0) break;
        size += segment.length;
        total += segment.length;
        if (size > limits.maxPartBytes) throw new TransferError('TRANSFER_TOO_LARGE', { part: name, limit: limits.maxPartBytes });
        if (total > limits.maxTotalBytes) throw new TransferError('TRANSFER_TOO_LARGE', { part: 'package', limit: limits.maxTotalBytes });
        await writer.write(segment);
      }
      staged.set(name, await writer.end());
      record = (await readExactly(reader, 1, 'record')).readUInt8(0);
    }
    if (record !== RECORD_MANIFEST) throw tampered('package', 'record-type');
    const manifestText = (await readSized(reader, limits.maxManifestBytes, 'manifest')).toString('utf8');
    // Reading to the end drives the decryption through its final chunk: truncation shows here.
    if (!(await reader.atEnd())) throw tampered('package', 'data-after-manifest');

    let manifest: Manifest;
    try {
      const verified = await verifyJws(manifestText, senderKey, MANIFEST_TYP, ManifestSchema);
      if (verified.kid !== card.signingKeyId || verified.payload.sender.keyId !== card.signingKeyId) throw new JwsRejected('content');
      manifest = verified.payload;
    } catch (error) {
      if (error instanceof JwsRejected) throw tampered('manifest', error.reason);
      throw error;
    }
    const parts: StagedPart[] = [];
    const listedNames = new Set<string>();
    for (const entry of manifest.parts) {
      if (listedNames.has(entry.name)) throw tampered('manifest', 'duplicate-part');
      listedNames.add(entry.name);
      const part = staged.get(entry.name);
      if (!part) throw tampered(entry.name, 'missing');
      if (part.size !== entry.size) throw tampered(entry.name, 'size');
      if (part.sha256 !== entry.sha256) throw tampered(entry.name, 'digest');
      parts.push(part);
    }
    for (const name of staged.keys()) if (!listedNames.has(name)) throw tampered(name, 'unlisted');
    return { manifest, card, parts, dispose: () => staging.dispose() };
  } catch (error) {
    await staging.dispose();
    throw error;
  } finally {
    await reader.close();
  }
}
