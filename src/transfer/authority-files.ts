// The coordinating office's side of `carnet authority init|sign|revoke|publish`, over files: the
// authority key (encrypted under a passphrase: Argon2id, then AES-256-GCM), the state file
// (authority.ts: issued certificates, revocations, last sequence), the public file centres pin, and
// the published trust list. The CLI parses arguments and prompts; everything else is here. Files are
// written whole into a temporary file beside the target and renamed into place.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { argon2id } from 'hash-wasm';
import { z } from '../api/zod.ts';
import {
  addCertificate,
  createAuthority,
  exportAuthorityKey,
  importAuthorityKey,
  issueSiteCertificate,
  newAuthorityState,
  parseAuthorityState,
  publishTrustList,
  revokeCertificate,
  revokeSite,
  type Authority,
  type AuthorityState,
} from './authority.ts';
import { authorityFingerprint, authorityPublicFile, type AuthorityPublicFile } from './authority-key.ts';
import { KeyIdSchema, unverifiedCertificate, verifySiteCard } from './certificate.ts';
import { DEFAULT_PASSPHRASE_KDF, type KdfParameters } from './envelope.ts';
import { TransferError, invalidRequest } from './errors.ts';
import { fingerprintsMatch } from './site-keys.ts';
import type { Revocation } from './trust-list.ts';

export const AUTHORITY_KEY_FORMAT = 'carnet-authority-key' as const;
export const MIN_AUTHORITY_PASSPHRASE = 12;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Two years: a centre renews its certificate long before, and a lost laptop is revoked. */
export const DEFAULT_CERTIFICATE_DAYS = 730;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const KeyFileSchema = z
  .object({
    format: z.literal(AUTHORITY_KEY_FORMAT),
    version: z.literal(1),
    keyId: KeyIdSchema,
    kdf: z
      .object({
        alg: z.literal('argon2id'),
        memoryKiB: z.number().int().min(8192).max(1024 * 1024),
        iterations: z.number().int().min(1).max(20),
        parallelism: z.number().int().min(1).max(16),
        salt: b64,
      })
      .strict(),
    cipher: z.object({ alg: z.literal('aes-256-gcm'), nonce: b64, ciphertext: b64, tag: b64 }).strict(),
  })
  .strict();
type KeyFile = z.infer<typeof KeyFileSchema>;

async function kdfKey(passphrase: string, kdf: KeyFile['kdf']): Promise<Buffer> {
  const key = await argon2id({
    password: passphrase.normalize('NFC'),
    salt: Buffer.from(kdf.salt, 'base64'),
    memorySize: kdf.memoryKiB,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return Buffer.from(key);
}

/** The fields bound to the ciphertext: changing the key id or the KDF cost in the file breaks the tag. */
function additionalData(file: Pick<KeyFile, 'format' | 'version' | 'keyId' | 'kdf'>): Buffer {
  return Buffer.from(JSON.stringify([file.format, file.version, file.keyId, file.kdf]), 'utf8');
}

/** Write a whole file atomically: temp file beside it, fsync, rename. */
export async function writeFileAtomic(path: string, content: string | Buffer, mode = 0o644): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    const errno = (error as NodeJS.ErrnoException).code;
    throw typeof errno === 'string' ? new TransferError('TRANSFER_IO_FAILED', { operation: 'write', errno }) : error;
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new TransferError('TRANSFER_IO_FAILED', { operation: 'read', errno: (error as NodeJS.ErrnoException).code ?? 'unknown' });
  }
}

export async function sealAuthorityKey(authority: Authority, passphrase: string, kdf: KdfParameters = DEFAULT_PASSPHRASE_KDF): Promise<string> {
  if (passphrase.length < MIN_AUTHORITY_PASSPHRASE) throw invalidRequest('passphrase-too-short', { min: MIN_AUTHORITY_PASSPHRASE });
  const header = { format: AUTHORITY_KEY_FORMAT, version: 1 as const, keyId: authority.keyId, kdf: { alg: 'argon2id' as const, ...kdf, salt: randomBytes(16).toString('base64') } };
  const key = await kdfKey(passphrase, header.kdf);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(header));
  const ciphertext = Buffer.concat([cipher.update(exportAuthorityKey(authority)), cipher.final()]);
  const file: KeyFile = { ...header, cipher: { alg: 'aes-256-gcm', nonce: nonce.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') } };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The authority from its key file's text; a wrong passphrase is TRANSFER_BAD_PASSPHRASE. */
export async function unsealAuthorityKey(text: string, passphrase: string): Promise<Authority> {
  let file: KeyFile;
  try {
    file = KeyFileSchema.parse(JSON.parse(text));
  } catch {
    throw new TransferError('TRUST_KEY_INVALID', { reason: 'authority-key-file' });
  }
  const key = await kdfKey(passphrase, file.kdf);
  let pkcs8: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.nonce, 'base64'));
    decipher.setAAD(additionalData(file));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
    pkcs8 = Buffer.concat([decipher.update(Buffer.from(file.cipher.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new TransferError('TRANSFER_BAD_PASSPHRASE', { file: 'authority-key' });
  }
  const authority = importAuthorityKey(pkcs8);
  if (authority.keyId !== file.keyId) throw new TransferError('TRUST_KEY_INVALID', { reason: 'key-id' });
  return authority;
}

export interface AuthorityFiles {
  /** The encrypted private key. */
  keyFile: string;
  /** The state JSON (authority.ts). */
  stateFile: string;
}

export async function openAuthority(keyFile: string, passphrase: string): Promise<Authority> {
  return unsealAuthorityKey(await readText(keyFile), passphrase);
}

export async function readAuthorityState(stateFile: string): Promise<AuthorityState> {
  const text = await readText(stateFile);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidRequest('authority-state', { reason: 'malformed' });
  }
  return parseAuthorityState(json);
}

export async function writeAuthorityState(stateFile: string, state: AuthorityState): Promise<void> {
  await writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`, 0o600);
}

async function openBoth(files: AuthorityFiles, passphrase: string): Promise<{ authority: Authority; state: AuthorityState }> {
  const authority = await openAuthority(files.keyFile, passphrase);
  const state = await readAuthorityState(files.stateFile);
  if (state.authority !== authority.keyId) throw invalidRequest('other-authority');
  return { authority, state };
}

export interface AuthorityInitResult {
  keyId: string;
  /** To read out to each centre's admin when they pin the key. */
  fingerprint: string;
  /** What the public file holds (also written to `publicFile`). */
  publicFile: AuthorityPublicFile;
}

/** `carnet authority init`: a new key, its encrypted file, an empty state and the public file. Refuses to overwrite. */
export async function initAuthority(
  files: AuthorityFiles & { publicFile: string },
  options: { passphrase: string; name?: string; kdf?: KdfParameters },
): Promise<AuthorityInitResult> {
  for (const path of [files.keyFile, files.stateFile]) if (existsSync(path)) throw invalidRequest('authority-exists', { file: basename(path) });
  const authority = createAuthority();
  const sealed = await sealAuthorityKey(authority, options.passphrase, options.kdf);
  const publicFile = authorityPublicFile(authority.publicKey, options.name);
  await writeFileAtomic(files.keyFile, sealed, 0o600);
  await writeAuthorityState(files.stateFile, newAuthorityState(authority));
  await writeFileAtomic(files.publicFile, `${JSON.stringify(publicFile, null, 2)}\n`);
  return { keyId: authority.keyId, fingerprint: authorityFingerprint(authority.publicKey), publicFile };
}

export interface SignCardOptions {
  passphrase: string;
  /** The site card (compact JWS) the centre sent. */
  card: string;
  /** The fingerprint the centre's admin read out on the phone: it must be the card's. */
  fingerprint: string;
  now: Date;
  validDays?: number;
  /** The authority may name the site as the network knows it. */
  name?: string;
  country?: string;
}

export interface SignedCard {
  certificate: string;
  serial: string;
  siteId: string;
  name: string;
  country: string;
  notBefore: string;
  notAfter: string;
}

/** `carnet authority sign`: a certificate for a site's card, recorded in the state for the next list. */
export async function signSiteCard(files: AuthorityFiles, options: SignCardOptions): Promise<SignedCard> {
  const card = await verifySiteCard(options.card);
  if (!fingerprintsMatch(options.fingerprint, card.fingerprint)) throw new TransferError('TRUST_FINGERPRINT_MISMATCH', { siteId: card.siteId, keyId: card.signingKeyId });
  const { authority, state } = await openBoth(files, options.passphrase);
  const notBefore = new Date(options.now.getTime() - 60_000);
  const notAfter = new Date(options.now.getTime() + (options.validDays ?? DEFAULT_CERTIFICATE_DAYS) * DAY_MS);
  const name = options.name ?? card.name;
  const country = options.country ?? card.country;
  const certificate = await issueSiteCertificate(authority, {
    siteId: card.siteId,
    name,
    country,
    signingPublicKey: card.signingPublicKey,
    encryptionPublicKey: card.encryptionPublicKey,
    notBefore,
    notAfter,
  });
  const next = addCertificate(state, certificate);
  await writeAuthorityState(files.stateFile, next);
  return { certificate, serial: unverifiedCertificate(certificate).serial, siteId: card.siteId, name, country, notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
}

/** `carnet authority revoke`: by site (every certificate it holds) or by serial. Needs no key: publishing signs. */
export async function revokeInState(
  stateFile: string,
  target: { siteId: string } | { serial: string },
  options: { now: Date; reason?: Revocation['reason'] },
): Promise<{ revoked: string[] }> {
  const state = await readAuthorityState(stateFile);
  const next = 'siteId' in target ? revokeSite(state, target.siteId, options.now, options.reason) : revokeCertificate(state, target.serial, options.now, options.reason);
  const before = new Set(state.revocations.map((r) => r.serial));
  await writeAuthorityState(stateFile, next);
  return { revoked: next.revocations.filter((r) => !before.has(r.serial)).map((r) => r.serial) };
}

/** `carnet authority publish`: the next signed trust list, written to `outFile`; the state keeps its sequence. */
export async function publishTrustListFile(
  files: AuthorityFiles,
  options: { passphrase: string; outFile: string; now: Date },
): Promise<{ sequence: number; certificates: number; revocations: number; trustList: string }> {
  const { authority, state } = await openBoth(files, options.passphrase);
  const { trustList, state: next } = await publishTrustList(authority, state, options.now);
  // The list first: a state that says "published n" with no list n on disk would skip a number.
  await writeFileAtomic(options.outFile, `${trustList}\n`);
  await writeAuthorityState(files.stateFile, next);
  return { sequence: next.sequence, certificates: next.certificates.length, revocations: next.revocations.length, trustList };
}
