// The release signature: an Ed25519 signature over one metadata file (latest*.yml), in a small
// versioned envelope written beside it as `<file>.sig`. The signed message binds the file's name, so
// latest.yml signed for Windows cannot be served as latest-linux.yml. The app verifies the envelope
// and the signature before anything parses the metadata.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../api/errors.ts';

export const SIGNATURE_FORMAT = 'carnet-release-signature';
export const SIGNATURE_VERSION = 1;
/** Algorithm ids are never reused for another algorithm. */
export const SIGNATURE_ALGORITHM = 'ed25519';
export const SIGNATURE_SUFFIX = '.sig';

export interface TrustedKey {
  keyId: string;
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  comment?: string;
}

export interface SignatureEnvelope {
  format: typeof SIGNATURE_FORMAT;
  version: typeof SIGNATURE_VERSION;
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyId: string;
  file: string;
  signature: string;
}

function signedMessage(file: string, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${SIGNATURE_FORMAT}\0v${SIGNATURE_VERSION}\0${file}\0`, 'utf8'), content]);
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** The key's id: the first 16 hex digits of SHA-256 over the raw public key. */
export function keyIdOf(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 16);
}

function publicKeyObject(key: TrustedKey): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.publicKey, 'base64').toString('base64url') }, format: 'jwk' });
}

/** A new release key pair: the private key as PKCS#8 PEM (to keep offline), the public key to ship. */
export function generateReleaseKey(comment?: string): { privateKeyPem: string; trusted: TrustedKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey).toString('base64');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    trusted: { keyId: keyIdOf(raw), publicKey: raw, ...(comment ? { comment } : {}) },
  };
}

/** The public half of a PEM private key, as it goes into the trusted list. */
export function trustedKeyOf(privateKeyPem: string): TrustedKey {
  const raw = rawPublicKey(createPublicKey(createPrivateKey(privateKeyPem))).toString('base64');
  return { keyId: keyIdOf(raw), publicKey: raw };
}

export function signMetadata(file: string, content: Uint8Array, privateKeyPem: string): SignatureEnvelope {
  const key = createPrivateKey(privateKeyPem);
  const { keyId } = trustedKeyOf(privateKeyPem);
  const signature = sign(null, signedMessage(file, content), key).toString('base64');
  return { format: SIGNATURE_FORMAT, version: SIGNATURE_VERSION, algorithm: SIGNATURE_ALGORITHM, keyId, file, signature };
}

export function serializeSignature(envelope: SignatureEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

function invalid(reason: string): AppError {
  return new AppError('UPDATE_SIGNATURE_INVALID', { reason });
}

/**
 * Check `content` (the bytes of metadata file `file`) against its signature envelope and the keys this
 * copy of Carnet trusts. Throws UPDATE_UNSIGNED when there is no envelope, UPDATE_SIGNATURE_INVALID
 * (with a reason) for anything else that is not a good signature by a trusted key.
 */
export function verifyMetadataSignature(file: string, content: Uint8Array, envelopeText: string | null, trustedKeys: readonly TrustedKey[]): TrustedKey {
  if (envelopeText === null || envelopeText.trim() === '') throw new AppError('UPDATE_UNSIGNED');
  let envelope: Partial<SignatureEnvelope>;
  try {
    envelope = JSON.parse(envelopeText) as Partial<SignatureEnvelope>;
  } catch {
    throw invalid('unreadable');
  }
  if (typeof envelope !== 'object' || envelope === null || envelope.format !== SIGNATURE_FORMAT) throw invalid('unreadable');
  if (envelope.version !== SIGNATURE_VERSION || envelope.algorithm !== SIGNATURE_ALGORITHM) throw invalid('unknown-version');
  if (envelope.file !== file) throw invalid('wrong-file');
  const key = trustedKeys.find((k) => k.keyId === envelope.keyId && keyIdOf(k.publicKey) === k.keyId);
  if (!key) throw invalid('untrusted-key');
  const signature = Buffer.from(typeof envelope.signature === 'string' ? envelope.signature : '', 'base64');
  if (signature.length !== 64 || !verify(null, signedMessage(file, content), publicKeyObject(key), signature)) throw invalid('bad-signature');
  return key;
}
