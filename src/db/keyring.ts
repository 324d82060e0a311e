// The keyring file beside the database. It holds the random data key, sealed once per user and once
// for the recovery key, and nothing clinical (usernames and ids only).
//
// Each user has an X25519 key pair; the private key is encrypted under a key derived from the
// password (Argon2id -> AES-256-GCM). The data key is sealed to each public key (ephemeral X25519 +
// HKDF-SHA256 -> AES-256-GCM), so an admin can add users and rotate the data key without knowing
// anyone's password. The recovery key derives a key pair of its own.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { argon2id } from 'hash-wasm';
import { z } from '../api/zod.ts';
import { AppError } from '../api/errors.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

export const KEYRING_FORMAT = 'carnet-keyring';
export const KEYRING_VERSION = 1;

/** Argon2id cost, measured at ~250 ms per derivation on the reference 2-core machine (npm run bench). */
export const DEFAULT_KDF = { memoryKiB: 40 * 1024, iterations: 2, parallelism: 1 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const SealedSchema = z.object({ epk: b64, iv: b64, ct: b64 }).strict();
const KdfSchema = z
  .object({ alg: z.literal('argon2id'), memoryKiB: z.number().int().min(8192), iterations: z.number().int().min(1), parallelism: z.number().int().min(1), salt: b64 })
  .strict();
const UserEntrySchema = z
  .object({
    userId: z.string(),
    kdf: KdfSchema,
    privateKey: z.object({ iv: b64, ct: b64 }).strict(),
    publicKey: b64,
    wraps: z.record(z.string().regex(/^\d+$/), SealedSchema),
  })
  .strict();
const KeyringSchema = z
  .object({
    format: z.literal(KEYRING_FORMAT),
    version: z.number().int(),
    storeId: z.string().min(8),
    keyVersion: z.number().int().min(1),
    pendingKeyVersion: z.number().int().min(2).optional(),
    users: z.record(z.string(), UserEntrySchema),
    recovery: z.object({ publicKey: b64, wraps: z.record(z.string().regex(/^\d+$/), SealedSchema) }).strict(),
  })
  .strict();

export type Keyring = z.infer<typeof KeyringSchema>;
export type UserEntry = z.infer<typeof UserEntrySchema>;
type Sealed = z.infer<typeof SealedSchema>;

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

function aad(storeId: string, kind: string, id: string, keyVersion?: number): Buffer {
  return Buffer.from(`${KEYRING_FORMAT}/${KEYRING_VERSION}/${storeId}/${kind}/${id}${keyVersion === undefined ? '' : `/${keyVersion}`}`);
}

function aesEncrypt(key: Uint8Array, plaintext: Uint8Array, additional: Buffer): { iv: string; ct: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additional);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv: iv.toString('base64'), ct: ct.toString('base64') };
}

/** Undefined when the key is wrong or anything was changed (GCM authenticates all of it). */
function aesDecrypt(key: Uint8Array, box: { iv: string; ct: string }, additional: Buffer): Buffer | undefined {
  try {
    const data = Buffer.from(box.ct, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(box.iv, 'base64'));
    decipher.setAAD(additional);
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}

function publicKeyB64(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

function sealKey(dataKey: Uint8Array, recipientPublic: string, additional: Buffer): Sealed {
  const ephemeral = generateKeyPairSync('x25519');
  const recipient = createPublicKey({ key: Buffer.from(recipientPublic, 'base64'), format: 'der', type: 'spki' });
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  const epk = publicKeyB64(ephemeral.publicKey);
  const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.from(epk + recipientPublic), additional, 32));
  return { epk, ...aesEncrypt(wrapKey, dataKey, additional) };
}

function openSealed(sealed: Sealed, privateKey: KeyObject, recipientPublic: string, additional: Buffer): Buffer | undefined {
  try {
    const epk = createPublicKey({ key: Buffer.from(sealed.epk, 'base64'), format: 'der', type: 'spki' });
    const shared = diffieHellman({ privateKey, publicKey: epk });
    const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.from(sealed.epk + recipientPublic), additional, 32));
    return aesDecrypt(wrapKey, sealed, additional);
  } catch {
    return undefined;
  }
}

async function passwordKey(password: string, kdf: z.infer<typeof KdfSchema>): Promise<Uint8Array> {
  return argon2id({
    password: password.normalize('NFC'),
    salt: Buffer.from(kdf.salt, 'base64'),
    memorySize: kdf.memoryKiB,
    iterations: kdf.iterations,
    parallelism: kdf.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}

function recoveryPrivateKey(recoveryKey: Uint8Array): KeyObject {
  const seed = Buffer.from(hkdfSync('sha256', recoveryKey, Buffer.alloc(0), Buffer.from(`${KEYRING_FORMAT}/recovery`), 32));
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

// ---- building and changing a keyring (pure: returns a new object) ----

export interface DataKeys {
  /** keyVersion -> key; the current one, plus the pending one while a rotation is under way. */
  [keyVersion: number]: Uint8Array;
}

export async function makeUserEntry(
  storeId: string,
  userId: string,
  password: string,
  dataKeys: DataKeys,
  kdfCost: { memoryKiB: number; iterations: number; parallelism: number } = DEFAULT_KDF,
): Promise<UserEntry> {
  const kdf = { alg: 'argon2id' as const, ...kdfCost, salt: randomBytes(16).toString('base64') };
  const pair = generateKeyPairSync('x25519');
  const publicKey = publicKeyB64(pair.publicKey);
  const privateDer = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  const privateKey = aesEncrypt(await passwordKey(password, kdf), privateDer, aad(storeId, 'user', userId));
  const wraps: Record<string, Sealed> = {};
  for (const [version, key] of Object.entries(dataKeys)) wraps[version] = sealKey(key, publicKey, aad(storeId, 'user', userId, Number(version)));
  return { userId, kdf, privateKey, publicKey, wraps };
}

export function recoveryEntry(storeId: string, recoveryKey: Uint8Array, dataKeys: DataKeys): Keyring['recovery'] {
  const publicKey = publicKeyB64(createPublicKey(recoveryPrivateKey(recoveryKey)));
  const wraps: Record<string, Sealed> = {};
  for (const [version, key] of Object.entries(dataKeys)) wraps[version] = sealKey(key, publicKey, aad(storeId, 'recovery', 'recovery', Number(version)));
  return { publicKey, wraps };
}

export function withUser(keyring: Keyring, username: string, entry: UserEntry): Keyring {
  return { ...keyring, users: { ...keyring.users, [usernameKey(username)]: entry } };
}

export function withoutUser(keyring: Keyring, userId: string): Keyring {
  return { ...keyring, users: Object.fromEntries(Object.entries(keyring.users).filter(([, e]) => e.userId !== userId)) };
}

export function userEntryById(keyring: Keyring, userId: string): [string, UserEntry] | undefined {
  return Object.entries(keyring.users).find(([, e]) => e.userId === userId);
}

/** Seal an extra data key version to every user and the recovery key (rotation, step 1). */
export function addKeyVersion(keyring: Keyring, version: number, key: Uint8Array): Keyring {
  const users = Object.fromEntries(
    Object.entries(keyring.users).map(([name, e]) => [
      name,
      { ...e, wraps: { ...e.wraps, [version]: sealKey(key, e.publicKey, aad(keyring.storeId, 'user', e.userId, version)) } },
    ]),
  );
  const recovery = {
    ...keyring.recovery,
    wraps: { ...keyring.recovery.wraps, [version]: sealKey(key, keyring.recovery.publicKey, aad(keyring.storeId, 'recovery', 'recovery', version)) },
  };
  return { ...keyring, users, recovery, pendingKeyVersion: version };
}

/** Keep only one key version (rotation, final step). */
export function keepOnlyKeyVersion(keyring: Keyring, version: number): Keyring {
  const only = (wraps: Record<string, Sealed>) => Object.fromEntries(Object.entries(wraps).filter(([v]) => Number(v) === version));
  const { pendingKeyVersion: _pending, ...rest } = keyring;
  return {
    ...rest,
    keyVersion: version,
    users: Object.fromEntries(Object.entries(keyring.users).map(([n, e]) => [n, { ...e, wraps: only(e.wraps) }])),
    recovery: { ...keyring.recovery, wraps: only(keyring.recovery.wraps) },
  };
}

// ---- unlocking ----

export interface Unlocked {
  userId: string;
  /** Candidate data keys by version, newest first: the current one and any pending rotation. */
  keys: { version: number; key: Buffer }[];
}

function candidateVersions(keyring: Keyring): number[] {
  return [keyring.pendingKeyVersion, keyring.keyVersion].filter((v): v is number => v !== undefined);
}

/** Undefined when there is no such user or the password is wrong (indistinguishable on purpose). */
export async function unlockWithPassword(keyring: Keyring, username: string, password: string): Promise<Unlocked | undefined> {
  const entry = keyring.users[usernameKey(username)];
  if (!entry) {
    // Same cost as a real attempt, so timing does not reveal which usernames exist.
    await passwordKey(password, { alg: 'argon2id', ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') });
    return undefined;
  }
  const privateDer = aesDecrypt(await passwordKey(password, entry.kdf), entry.privateKey, aad(keyring.storeId, 'user', entry.userId));
  if (!privateDer) return undefined;
  const privateKey = createPrivateKey({ key: privateDer, format: 'der', type: 'pkcs8' });
  return { userId: entry.userId, keys: openAll(keyring, entry.wraps, privateKey, entry.publicKey, (v) => aad(keyring.storeId, 'user', entry.userId, v)) };
}

export function unlockWithRecoveryKey(keyring: Keyring, recoveryKey: Uint8Array): Unlocked['keys'] | undefined {
  const privateKey = recoveryPrivateKey(recoveryKey);
  if (publicKeyB64(createPublicKey(privateKey)) !== keyring.recovery.publicKey) return undefined;
  const keys = openAll(keyring, keyring.recovery.wraps, privateKey, keyring.recovery.publicKey, (v) => aad(keyring.storeId, 'recovery', 'recovery', v));
  return keys.length > 0 ? keys : undefined;
}

function openAll(keyring: Keyring, wraps: Record<string, Sealed>, privateKey: KeyObject, publicKey: string, additional: (v: number) => Buffer) {
  const keys: { version: number; key: Buffer }[] = [];
  for (const version of candidateVersions(keyring)) {
    const sealed = wraps[String(version)];
    const key = sealed && openSealed(sealed, privateKey, publicKey, additional(version));
    if (key) keys.push({ version, key });
  }
  return keys;
}

/** Re-encrypt a user's private key under a new password (change password). */
export async function changeUserPassword(keyring: Keyring, username: string, currentPassword: string, newPassword: string): Promise<Keyring | undefined> {
  const entry = keyring.users[usernameKey(username)];
  if (!entry) return undefined;
  const additional = aad(keyring.storeId, 'user', entry.userId);
  const privateDer = aesDecrypt(await passwordKey(currentPassword, entry.kdf), entry.privateKey, additional);
  if (!privateDer) return undefined;
  const kdf = { ...entry.kdf, ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
  const privateKey = aesEncrypt(await passwordKey(newPassword, kdf), privateDer, additional);
  return withUser(keyring, username, { ...entry, kdf, privateKey });
}

// ---- the file ----

export function newKeyring(storeId: string, recovery: Keyring['recovery']): Keyring {
  return { format: KEYRING_FORMAT, version: KEYRING_VERSION, storeId, keyVersion: 1, users: {}, recovery };
}

export async function readKeyring(path: string): Promise<Keyring> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AppError('KEYRING_DAMAGED', { reason: 'missing' });
    throw new AppError('STORAGE_FAILED', { reason: (error as NodeJS.ErrnoException).code ?? 'io' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('KEYRING_DAMAGED', { reason: 'json' });
  }
  const head = z.object({ format: z.literal(KEYRING_FORMAT), version: z.number().int() }).safeParse(json);
  if (!head.success) throw new AppError('KEYRING_DAMAGED', { reason: 'format' });
  if (head.data.version > KEYRING_VERSION) throw new AppError('KEYRING_FROM_FUTURE', { version: head.data.version });
  const parsed = KeyringSchema.safeParse(json);
  if (!parsed.success) throw new AppError('KEYRING_DAMAGED', { reason: 'schema' });
  return parsed.data;
}

export async function writeKeyring(path: string, keyring: Keyring): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(KeyringSchema.parse(keyring), null, 1)}\n`);
}
