// The network authority's public key as centres receive it: a small JSON file (or its bare SPKI in
// base64), and the fingerprint the coordinating office reads out so that an admin pins the right
// key. Pinning is what every later trust decision rests on, so the typed digits must match.
import { createHash, type KeyObject } from 'node:crypto';
import { z } from '../api/zod.ts';
import { KeyIdSchema } from './certificate.ts';
import { TransferError } from './errors.ts';
import { fingerprintsMatch, keyIdOf, publicKeyFromSpki, publicKeySpki } from './site-keys.ts';

export const AUTHORITY_PUBLIC_FORMAT = 'carnet-authority-public';

export const AuthorityPublicFileSchema = z
  .object({
    format: z.literal(AUTHORITY_PUBLIC_FORMAT),
    version: z.literal(1),
    keyId: KeyIdSchema,
    /** The Ed25519 public key, SPKI DER in base64. */
    publicKey: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(200),
    /** For people to compare; recomputed, never trusted from the file. */
    fingerprint: z.string().max(64),
    name: z.string().max(200).optional(),
  })
  .strict();
export type AuthorityPublicFile = z.infer<typeof AuthorityPublicFileSchema>;

const FINGERPRINT_DOMAIN = 'carnet-authority-fingerprint\0v1\0';

/** Eight groups of four digits over the authority key's SPKI, as siteFingerprint does for sites. */
export function authorityFingerprint(publicKey: KeyObject): string {
  const digest = createHash('sha512').update(FINGERPRINT_DOMAIN).update(publicKeySpki(publicKey)).digest();
  const groups: string[] = [];
  for (let i = 0; i < 8; i += 1) groups.push(String(digest.readUIntBE(i * 5, 5) % 10000).padStart(4, '0'));
  return groups.join(' ');
}

export function authorityPublicFile(publicKey: KeyObject, name?: string): AuthorityPublicFile {
  return {
    format: AUTHORITY_PUBLIC_FORMAT,
    version: 1,
    keyId: keyIdOf(publicKey),
    publicKey: publicKeySpki(publicKey).toString('base64'),
    fingerprint: authorityFingerprint(publicKey),
    ...(name !== undefined && { name }),
  };
}

/**
 * The authority key from what an admin pasted or a file held: the JSON above, or the bare SPKI in
 * base64. A JSON whose key id does not match its key is refused as an invalid key.
 */
export function parseAuthorityPublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new TransferError('TRUST_KEY_INVALID', { reason: 'malformed' });
    }
    const parsed = AuthorityPublicFileSchema.safeParse(json);
    if (!parsed.success) throw new TransferError('TRUST_KEY_INVALID', { reason: 'content' });
    const key = publicKeyFromSpki('ed25519', Buffer.from(parsed.data.publicKey, 'base64'));
    if (keyIdOf(key) !== parsed.data.keyId) throw new TransferError('TRUST_KEY_INVALID', { reason: 'key-id' });
    return key;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new TransferError('TRUST_KEY_INVALID', { reason: 'malformed' });
  return publicKeyFromSpki('ed25519', Buffer.from(trimmed, 'base64'));
}

/** The key, when the fingerprint typed (or read aloud) is this key's. */
export function confirmAuthorityKey(text: string, typedFingerprint: string): KeyObject {
  const key = parseAuthorityPublicKey(text);
  if (!fingerprintsMatch(typedFingerprint, authorityFingerprint(key))) throw new TransferError('TRUST_FINGERPRINT_MISMATCH', { keyId: keyIdOf(key) });
  return key;
}
