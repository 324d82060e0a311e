// A site's two key pairs: Ed25519 to sign what it sends, X25519 to receive what is encrypted to it.
// Private keys leave this module only as PKCS#8 (or raw 32-byte) bytes for the database layer to
// store encrypted; public keys travel in certificates as raw bytes and are named by their key id.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { TransferError } from './errors.ts';

export type KeyKind = 'ed25519' | 'x25519';

export interface SiteKeys {
  signingPrivateKey: KeyObject;
  signingPublicKey: KeyObject;
  encryptionPrivateKey: KeyObject;
  encryptionPublicKey: KeyObject;
  /** keyIdOf(signingPublicKey): the sender key id written in a transfer file's header. */
  signingKeyId: string;
  /** keyIdOf(encryptionPublicKey): names the recipient stanza meant for this site. */
  encryptionKeyId: string;
}

/** What the database stores (encrypted): both private keys as PKCS#8 DER. Public keys are derived. */
export interface ExportedSiteKeys {
  signingPkcs8: Uint8Array;
  encryptionPkcs8: Uint8Array;
}

export const KEY_ID_BYTES = 16;
const JWK_CURVE: Record<KeyKind, string> = { ed25519: 'Ed25519', x25519: 'X25519' };
/** The fixed DER head of a PKCS#8 OKP private key (RFC 8410): SEQUENCE, version 0, the OID, OCTET STRING. */
const PKCS8_PREFIX: Record<KeyKind, Buffer> = {
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
};

function keyInvalid(reason: string, details: Record<string, unknown> = {}): TransferError {
  return new TransferError('TRUST_KEY_INVALID', { reason, ...details });
}

function assertKind(key: KeyObject, kind: KeyKind, type: 'public' | 'private'): KeyObject {
  if (key.type !== type || key.asymmetricKeyType !== kind) throw keyInvalid('wrong-key-type', { expected: `${kind}-${type}` });
  return key;
}

export function publicKeySpki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** The 32 raw bytes of an Ed25519 or X25519 public key (as RFC 8032 / 7748 encode it). */
export function publicKeyRaw(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || typeof jwk.x !== 'string') throw keyInvalid('not-an-okp-key');
  return Buffer.from(jwk.x, 'base64url');
}

export function publicKeyFromRaw(kind: KeyKind, raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw keyInvalid('wrong-length', { kind, length: raw.length });
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: JWK_CURVE[kind], x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
  } catch {
    throw keyInvalid('unreadable', { kind });
  }
}

export function publicKeyFromSpki(kind: KeyKind, spki: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    throw keyInvalid('unreadable', { kind });
  }
  return assertKind(key, kind, 'public');
}

export function privateKeyPkcs8(key: KeyObject): Buffer {
  return key.export({ type: 'pkcs8', format: 'der' });
}

export function privateKeyFromPkcs8(kind: KeyKind, pkcs8: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  } catch {
    throw keyInvalid('unreadable', { kind });
  }
  return assertKind(key, kind, 'private');
}

/** The raw 32-byte private key (Ed25519 seed / X25519 scalar), for stores that keep raw bytes. */
export function privateKeyRaw(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || typeof jwk.d !== 'string') throw keyInvalid('not-an-okp-key');
  return Buffer.from(jwk.d, 'base64url');
}

export function privateKeyFromRaw(kind: KeyKind, raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw keyInvalid('wrong-length', { kind, length: raw.length });
  return privateKeyFromPkcs8(kind, Buffer.concat([PKCS8_PREFIX[kind], raw]));
}

/** base64url of the first 16 bytes of SHA-256 over the key's SPKI DER: 22 characters. */
export function keyIdOf(publicKey: KeyObject): string {
  return keyIdBytesOf(publicKey).toString('base64url');
}

export function keyIdBytesOf(publicKey: KeyObject): Buffer {
  return createHash('sha256').update(publicKeySpki(publicKey)).digest().subarray(0, KEY_ID_BYTES);
}

export function keyIdFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

export function keyIdToBytes(keyId: string): Buffer {
  const bytes = Buffer.from(keyId, 'base64url');
  if (bytes.length !== KEY_ID_BYTES || bytes.toString('base64url') !== keyId) throw keyInvalid('bad-key-id');
  return bytes;
}

function assemble(signingPrivateKey: KeyObject, encryptionPrivateKey: KeyObject): SiteKeys {
  const signingPublicKey = createPublicKey(signingPrivateKey);
  const encryptionPublicKey = createPublicKey(encryptionPrivateKey);
  return {
    signingPrivateKey,
    signingPublicKey,
    encryptionPrivateKey,
    encryptionPublicKey,
    signingKeyId: keyIdOf(signingPublicKey),
    encryptionKeyId: keyIdOf(encryptionPublicKey),
  };
}

export function generateSiteKeys(): SiteKeys {
  return assemble(generateKeyPairSync('ed25519').privateKey, generateKeyPairSync('x25519').privateKey);
}

export function exportSiteKeys(keys: SiteKeys): ExportedSiteKeys {
  return { signingPkcs8: privateKeyPkcs8(keys.signingPrivateKey), encryptionPkcs8: privateKeyPkcs8(keys.encryptionPrivateKey) };
}

export function importSiteKeys(exported: ExportedSiteKeys): SiteKeys {
  return assemble(privateKeyFromPkcs8('ed25519', exported.signingPkcs8), privateKeyFromPkcs8('x25519', exported.encryptionPkcs8));
}

// ---- the fingerprint read aloud ----

const FINGERPRINT_DOMAIN = 'carnet-site-fingerprint\0v1\0';
const FINGERPRINT_GROUPS = 8;

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * Eight groups of four digits ("0412 9931 ..."), about 106 bits, computed from the site id and both
 * public keys, so the site's own admin screen and the other centre (from a card or a certificate)
 * show the same digits. Digits, because they are read aloud over a phone line between people who do
 * not share a first language, and every language can say digits. Each group is 40 bits of SHA-512
 * reduced mod 10000 (the bias, under 1e-8, is negligible).
 */
export function siteFingerprint(siteId: string, signingPublicKey: KeyObject, encryptionPublicKey: KeyObject): string {
  assertKind(signingPublicKey, 'ed25519', 'public');
  assertKind(encryptionPublicKey, 'x25519', 'public');
  const digest = createHash('sha512')
    .update(FINGERPRINT_DOMAIN)
    .update(lengthPrefixed(Buffer.from(siteId, 'utf8')))
    .update(lengthPrefixed(publicKeySpki(signingPublicKey)))
    .update(lengthPrefixed(publicKeySpki(encryptionPublicKey)))
    .digest();
  const groups: string[] = [];
  for (let i = 0; i < FINGERPRINT_GROUPS; i += 1) {
    groups.push(String(digest.readUIntBE(i * 5, 5) % 10000).padStart(4, '0'));
  }
  return groups.join(' ');
}

/** Compare a typed or read-aloud fingerprint with a computed one, ignoring spaces and dashes. */
export function fingerprintsMatch(a: string, b: string): boolean {
  const normal = (s: string): string => s.replace(/[\s\-–—.]/g, '');
  const left = normal(a);
  return /^\d{32}$/.test(left) && left === normal(b);
}
