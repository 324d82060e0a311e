// The outer layer of a .carnet file: a versioned binary header naming the sender's key and wrapping
// a random file key once per receiving site (ephemeral X25519 + HKDF-SHA256 + AES-256-GCM) and/or
// once for a passphrase (Argon2id + AES-256-GCM), then the payload in STREAM chunks. The layout,
// byte by byte, is in README.md beside this file.
//
// Wrapping binds the fixed part of the header (as AAD); a MAC over the whole header, keyed from the
// file key, binds the rest. The recipient key id is deliberately outside the wrap's AAD: a reader
// tries its key on every X25519 stanza, so a changed key id is reported as a changed header by the
// MAC, not as "not for you".
import { createCipheriv, createDecipheriv, createHmac, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { argon2id } from 'hash-wasm';
import { ByteReader, u16, u32, type ByteSource } from './byte-reader.ts';
import { TransferError, invalidRequest, throwIfCancelled } from './errors.ts';
import { keyIdBytesOf, keyIdFromBytes, keyIdToBytes, publicKeyFromRaw, publicKeyRaw } from './site-keys.ts';
import { TAG_BYTES, openChunks, sealChunks } from './stream-cipher.ts';

export const MAGIC = Buffer.from([0x89, 0x43, 0x41, 0x52, 0x4e, 0x45, 0x54, 0x0a]); // "\x89CARNET\n"
export const FORMAT_VERSION = 1;
/** Algorithm ids are never reused for another algorithm. */
export const PAYLOAD_AES256GCM_STREAM = 1;
export const STANZA_X25519 = 1;
export const STANZA_ARGON2ID = 2;

export const DEFAULT_CHUNK_SIZE = 64 * 1024;
export const MIN_CHUNK_SIZE = 1024;
export const MAX_CHUNK_SIZE = 4 * 1024 * 1024;
export const MAX_STANZAS = 64;

/** About a second on the reference 2-core machine: a passphrase read over the phone is guessable offline. */
export const DEFAULT_PASSPHRASE_KDF: KdfParameters = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 };
/** What a reader agrees to spend on a file's say-so. */
const KDF_LIMITS = { memoryKiB: [8 * 1024, 256 * 1024], iterations: [1, 10], parallelism: [1, 8] } as const;

const FILE_KEY_BYTES = 32;
const KEY_ID_BYTES = 16;
const SALT_BYTES = 16;
const MAC_BYTES = 32;
const WRAPPED_BYTES = FILE_KEY_BYTES + TAG_BYTES;
const PREFIX_BYTES = MAGIC.length + 2 + 1 + 4 + KEY_ID_BYTES + SALT_BYTES + 2;
const X25519_BODY = KEY_ID_BYTES + 32 + WRAPPED_BYTES;
const ARGON2ID_BODY = SALT_BYTES + 4 + 4 + 1 + WRAPPED_BYTES;
const ZERO_NONCE = Buffer.alloc(12);
const INFO = {
  x25519: 'carnet/v1/x25519-wrap',
  payload: 'carnet/v1/payload',
  mac: 'carnet/v1/header-mac',
};

export interface KdfParameters {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

export interface SealOptions {
  /** The sending site's signing key id (keyIdOf its Ed25519 public key). */
  senderKeyId: string;
  /** X25519 public keys of the receiving sites. */
  recipients?: readonly KeyObject[] | undefined;
  passphrase?: string | undefined;
  kdf?: KdfParameters | undefined;
  chunkSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface EnvelopeHeader {
  version: number;
  chunkSize: number;
  senderKeyId: string;
  recipientKeyIds: string[];
  passphrase: boolean;
  /** Length of the whole header, MAC included: where the payload starts. */
  headerBytes: number;
}

export type OpenedBy = { kind: 'site'; keyId: string } | { kind: 'passphrase' };

export interface EnvelopeKeys {
  /** This site's X25519 key pair. */
  encryption?: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  passphrase?: string | undefined;
}

function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

/** Each wrapping key is used exactly once, so a fixed nonce is safe (as age does). */
function wrap(key: Uint8Array, fileKey: Uint8Array, aad: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, ZERO_NONCE, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

function unwrap(key: Uint8Array, wrapped: Buffer, aad: Uint8Array): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, ZERO_NONCE, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(wrapped.subarray(FILE_KEY_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(0, FILE_KEY_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

function x25519WrapKey(shared: Buffer, ephemeralRaw: Buffer, recipientRaw: Buffer): Buffer {
  return hkdf(shared, Buffer.concat([ephemeralRaw, recipientRaw]), INFO.x25519);
}

async function passphraseKey(passphrase: string, salt: Uint8Array, kdf: KdfParameters): Promise<Buffer> {
  const key = await argon2id({
    password: passphrase.normalize('NFC'),
    salt,
    memorySize: kdf.memoryKiB,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return Buffer.from(key);
}

function headerMac(fileKey: Uint8Array, payloadSalt: Uint8Array, header: Uint8Array): Buffer {
  return createHmac('sha256', hkdf(fileKey, payloadSalt, INFO.mac))
    .update(header)
    .digest();
}

function stanza(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u16(body.length), body]);
}

function withinKdfLimits(kdf: KdfParameters): boolean {
  return (Object.keys(KDF_LIMITS) as (keyof KdfParameters)[]).every((name) => {
    const [min, max] = KDF_LIMITS[name];
    return Number.isInteger(kdf[name]) && kdf[name] >= min && kdf[name] <= max;
  });
}

async function buildHeader(options: SealOptions): Promise<{ header: Buffer; payloadKey: Buffer }> {
  const recipients = options.recipients ?? [];
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (recipients.length === 0 && options.passphrase === undefined) throw invalidRequest('no-recipient');
  if (options.passphrase !== undefined && options.passphrase.trim().length === 0) throw invalidRequest('empty-passphrase');
  if (recipients.length + (options.passphrase === undefined ? 0 : 1) > MAX_STANZAS) throw invalidRequest('too-many-recipients');
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) throw invalidRequest('chunk-size');
  const kdf = options.kdf ?? DEFAULT_PASSPHRASE_KDF;
  if (!withinKdfLimits(kdf)) throw invalidRequest('kdf-parameters');
  for (const key of recipients) if (key.type !== 'public' || key.asymmetricKeyType !== 'x25519') throw invalidRequest('recipient-key-type');
  const recipientIds = recipients.map((key) => keyIdFromBytes(keyIdBytesOf(key)));
  if (new Set(recipientIds).size !== recipientIds.length) throw invalidRequest('duplicate-recipient');

  const fileKey = randomBytes(FILE_KEY_BYTES);
  const payloadSalt = randomBytes(SALT_BYTES);
  const stanzaCount = recipients.length + (options.passphrase === undefined ? 0 : 1);
  const prefix = Buffer.concat([
    MAGIC,
    u16(FORMAT_VERSION),
    Buffer.from([PAYLOAD_AES256GCM_STREAM]),
    u32(chunkSize),
    keyIdToBytes(options.senderKeyId),
    payloadSalt,
    u16(stanzaCount),
  ]);
  const stanzas: Buffer[] = [];
  for (const recipient of recipients) {
    const ephemeral = generateKeyPairSync('x25519');
    const ephemeralRaw = publicKeyRaw(ephemeral.publicKey);
    const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
    const wrapKey = x25519WrapKey(shared, ephemeralRaw, publicKeyRaw(recipient));
    stanzas.push(stanza(STANZA_X25519, Buffer.concat([keyIdBytesOf(recipient), ephemeralRaw, wrap(wrapKey, fileKey, prefix)])));
  }
  if (options.passphrase !== undefined) {
    const salt = randomBytes(SALT_BYTES);
    const key = await passphraseKey(options.passphrase, salt, kdf);
    stanzas.push(stanza(STANZA_ARGON2ID, Buffer.concat([salt, u32(kdf.memoryKiB), u32(kdf.iterations), Buffer.from([kdf.parallelism]), wrap(key, fileKey, prefix)])));
  }
  const unauthenticated = Buffer.concat([prefix, ...stanzas]);
  const header = Buffer.concat([unauthenticated, headerMac(fileKey, payloadSalt, unauthenticated)]);
  return { header, payloadKey: hkdf(fileKey, payloadSalt, INFO.payload) };
}

/** The whole .carnet byte stream for `payload`: header first, then sealed chunks. */
export async function* sealEnvelope(payload: ByteSource, options: SealOptions): AsyncGenerator<Buffer> {
  const { header, payloadKey } = await buildHeader(options);
  yield header;
  yield* sealChunks(payloadKey, payload, options.chunkSize ?? DEFAULT_CHUNK_SIZE, options.signal);
}

// ---- reading ----

interface Stanza {
  type: number;
  body: Buffer;
}

interface ParsedHeader extends EnvelopeHeader {
  prefix: Buffer;
  payloadSalt: Buffer;
  stanzas: Stanza[];
  /** Everything the MAC covers. */
  unauthenticated: Buffer;
  mac: Buffer;
}

function tamperedHeader(reason: string, details: Record<string, unknown> = {}): TransferError {
  return new TransferError('TRANSFER_TAMPERED', { part: 'header', reason, ...details });
}

async function readHeaderBytes(reader: ByteReader, length: number): Promise<Buffer> {
  const bytes = await reader.read(length);
  if (bytes.length < length) throw new TransferError('TRANSFER_TRUNCATED', { part: 'header', offset: reader.offset });
  return bytes;
}

async function parseHeader(reader: ByteReader): Promise<ParsedHeader> {
  const magic = await reader.read(MAGIC.length);
  if (magic.length === 0) throw new TransferError('TRANSFER_NOT_CARNET_FILE', { reason: 'empty' });
  if (!magic.equals(MAGIC.subarray(0, magic.length))) throw new TransferError('TRANSFER_NOT_CARNET_FILE', { reason: 'magic' });
  if (magic.length < MAGIC.length) throw new TransferError('TRANSFER_TRUNCATED', { part: 'header', offset: magic.length });
  const versionBytes = await readHeaderBytes(reader, 2);
  const version = versionBytes.readUInt16BE(0);
  if (version !== FORMAT_VERSION) throw new TransferError('TRANSFER_UNSUPPORTED_VERSION', { version, supported: FORMAT_VERSION });
  const rest = await readHeaderBytes(reader, PREFIX_BYTES - MAGIC.length - 2);
  const prefix = Buffer.concat([magic, versionBytes, rest]);
  let at = MAGIC.length + 2;
  const payloadAlgorithm = prefix.readUInt8(at);
  at += 1;
  if (payloadAlgorithm !== PAYLOAD_AES256GCM_STREAM) throw new TransferError('TRANSFER_UNSUPPORTED_VERSION', { version, algorithm: payloadAlgorithm });
  const chunkSize = prefix.readUInt32BE(at);
  at += 4;
  if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) throw tamperedHeader('chunk-size');
  const senderKeyId = keyIdFromBytes(prefix.subarray(at, at + KEY_ID_BYTES));
  at += KEY_ID_BYTES;
  const payloadSalt = prefix.subarray(at, at + SALT_BYTES);
  at += SALT_BYTES;
  const count = prefix.readUInt16BE(at);
  if (count === 0 || count > MAX_STANZAS) throw tamperedHeader('stanza-count');

  const stanzaBytes: Buffer[] = [];
  const stanzas: Stanza[] = [];
  for (let i = 0; i < count; i += 1) {
    const head = await readHeaderBytes(reader, 3);
    const type = head.readUInt8(0);
    const length = head.readUInt16BE(1);
    // An unknown stanza type is refused, not skipped: a new kind of recipient comes with a new format
    // version, and refusing keeps a changed type byte from reading as "not for this site".
    if (type !== STANZA_X25519 && type !== STANZA_ARGON2ID) throw tamperedHeader('stanza-type', { stanza: i });
    if (length !== (type === STANZA_X25519 ? X25519_BODY : ARGON2ID_BODY)) throw tamperedHeader('stanza-length', { stanza: i });
    const body = await readHeaderBytes(reader, length);
    stanzaBytes.push(head, body);
    stanzas.push({ type, body });
  }
  if (stanzas.filter((s) => s.type === STANZA_ARGON2ID).length > 1) throw tamperedHeader('stanza-type');
  const mac = await readHeaderBytes(reader, MAC_BYTES);
  const unauthenticated = Buffer.concat([prefix, ...stanzaBytes]);
  return {
    version,
    chunkSize,
    senderKeyId,
    recipientKeyIds: stanzas.filter((s) => s.type === STANZA_X25519).map((s) => keyIdFromBytes(s.body.subarray(0, KEY_ID_BYTES))),
    passphrase: stanzas.some((s) => s.type === STANZA_ARGON2ID),
    headerBytes: unauthenticated.length + MAC_BYTES,
    prefix,
    payloadSalt,
    stanzas,
    unauthenticated,
    mac,
  };
}

/** What a file says about itself before any key is used: for "this file needs a passphrase" and the like. */
export async function inspectEnvelope(source: ByteSource): Promise<EnvelopeHeader> {
  const reader = new ByteReader(source);
  try {
    const { version, chunkSize, senderKeyId, recipientKeyIds, passphrase, headerBytes } = await parseHeader(reader);
    return { version, chunkSize, senderKeyId, recipientKeyIds, passphrase, headerBytes };
  } finally {
    await reader.close();
  }
}

function tryX25519(header: ParsedHeader, body: Buffer, encryption: NonNullable<EnvelopeKeys['encryption']>): Buffer | undefined {
  try {
    const ephemeralRaw = body.subarray(KEY_ID_BYTES, KEY_ID_BYTES + 32);
    const shared = diffieHellman({ privateKey: encryption.privateKey, publicKey: publicKeyFromRaw('x25519', ephemeralRaw) });
    const wrapKey = x25519WrapKey(shared, ephemeralRaw, publicKeyRaw(encryption.publicKey));
    return unwrap(wrapKey, body.subarray(KEY_ID_BYTES + 32), header.prefix);
  } catch {
    // A low-order point gives an all-zero secret, which node refuses: not our stanza either way.
    return undefined;
  }
}

async function unwrapFileKey(header: ParsedHeader, keys: EnvelopeKeys): Promise<{ fileKey: Buffer; openedBy: OpenedBy }> {
  const encryption = keys.encryption;
  if (encryption) {
    const ourId = keyIdFromBytes(keyIdBytesOf(encryption.publicKey));
    const x25519 = header.stanzas.filter((s) => s.type === STANZA_X25519);
    // Ours first; then every other one, so that a changed key id is caught by the MAC as tampering.
    const ordered = [...x25519.filter((s) => keyIdFromBytes(s.body.subarray(0, KEY_ID_BYTES)) === ourId), ...x25519];
    for (const candidate of ordered) {
      const fileKey = tryX25519(header, candidate.body, encryption);
      if (fileKey) return { fileKey, openedBy: { kind: 'site', keyId: ourId } };
    }
    if (header.recipientKeyIds.includes(ourId)) throw tamperedHeader('recipient-stanza', { keyId: ourId });
  }
  const passphraseStanza = header.stanzas.find((s) => s.type === STANZA_ARGON2ID);
  if (passphraseStanza && keys.passphrase !== undefined) {
    const body = passphraseStanza.body;
    const kdf = { memoryKiB: body.readUInt32BE(SALT_BYTES), iterations: body.readUInt32BE(SALT_BYTES + 4), parallelism: body.readUInt8(SALT_BYTES + 8) };
    if (!withinKdfLimits(kdf)) throw tamperedHeader('kdf-parameters');
    const key = await passphraseKey(keys.passphrase, body.subarray(0, SALT_BYTES), kdf);
    const fileKey = unwrap(key, body.subarray(SALT_BYTES + 9), header.prefix);
    // A wrong passphrase and a changed passphrase stanza cannot be told apart; the first is far likelier.
    if (!fileKey) throw new TransferError('TRANSFER_BAD_PASSPHRASE');
    return { fileKey, openedBy: { kind: 'passphrase' } };
  }
  if (passphraseStanza) throw new TransferError('TRANSFER_PASSPHRASE_REQUIRED', { recipients: header.recipientKeyIds });
  throw new TransferError('TRANSFER_WRONG_RECIPIENT', { recipients: header.recipientKeyIds, ...(encryption ? {} : { reason: 'no-site-key' }) });
}

export interface OpenedEnvelope {
  header: EnvelopeHeader;
  openedBy: OpenedBy;
  /** The payload's plaintext, chunk by chunk; complete and authentic only once it ends without error. */
  payload: AsyncGenerator<Buffer>;
}

/** Read and authenticate the header, unwrap the file key; the payload is decrypted as it is consumed. */
export async function openEnvelope(reader: ByteReader, keys: EnvelopeKeys, signal?: AbortSignal): Promise<OpenedEnvelope> {
  const header = await parseHeader(reader);
  throwIfCancelled(signal);
  const { fileKey, openedBy } = await unwrapFileKey(header, keys);
  const expected = headerMac(fileKey, header.payloadSalt, header.unauthenticated);
  if (!timingSafeEqual(expected, header.mac)) throw tamperedHeader('mac');
  const payloadKey = hkdf(fileKey, header.payloadSalt, INFO.payload);
  const { version, chunkSize, senderKeyId, recipientKeyIds, passphrase, headerBytes } = header;
  return {
    header: { version, chunkSize, senderKeyId, recipientKeyIds, passphrase, headerBytes },
    openedBy,
    payload: openChunks(payloadKey, reader, chunkSize, { part: 'payload', signal }),
  };
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A passphrase to write down or read aloud: 6 groups of 4 Crockford base32 characters, 120 bits. */
export function generatePassphrase(): string {
  const bytes = randomBytes(24);
  const chars = [...bytes].map((b) => CROCKFORD[b & 31] as string);
  return Array.from({ length: 6 }, (_, i) => chars.slice(i * 4, i * 4 + 4).join('')).join('-');
}
