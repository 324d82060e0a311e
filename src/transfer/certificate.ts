// Who a site is: its certificate (signed by the network's authority) and its card (signed by the site
// itself, for pairing by fingerprint with a centre that has no certificate for it). Both carry the
// same identity: site id, name, country and the two public keys.
import type { KeyObject } from 'node:crypto';
import { z } from '../api/zod.ts';
import { TransferError } from './errors.ts';
import { JwsRejected, jwsKeyId, signJws, unverifiedPayload, verifyJws } from './jws.ts';
import { keyIdOf, publicKeyFromRaw, publicKeyRaw, siteFingerprint, type SiteKeys } from './site-keys.ts';

export const CERTIFICATE_TYP = 'carnet-site-certificate+jws';
export const CARD_TYP = 'carnet-site-card+jws';

const rawKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export const KeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
export const IsoTimeSchema = z.iso.datetime({ offset: false });

const IdentityFields = {
  siteId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
  name: z.string().min(1).max(200),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/),
  /** Raw 32-byte public keys, base64url. */
  signingKey: rawKey,
  encryptionKey: rawKey,
};

export const CertificatePayloadSchema = z
  .object({
    type: z.literal('carnet-site-certificate'),
    version: z.literal(1),
    serial: z.string().regex(/^[0-9a-f]{32}$/),
    ...IdentityFields,
    notBefore: IsoTimeSchema,
    notAfter: IsoTimeSchema,
    issuer: KeyIdSchema,
  })
  .strict();
export type CertificatePayload = z.infer<typeof CertificatePayloadSchema>;

export const CardPayloadSchema = z
  .object({ type: z.literal('carnet-site-card'), version: z.literal(1), ...IdentityFields, createdAt: IsoTimeSchema })
  .strict();
export type CardPayload = z.infer<typeof CardPayloadSchema>;

export interface SiteIdentityInput {
  siteId: string;
  name: string;
  country: string;
}

export interface SiteIdentity extends SiteIdentityInput {
  signingPublicKey: KeyObject;
  encryptionPublicKey: KeyObject;
  signingKeyId: string;
  encryptionKeyId: string;
  /** siteFingerprint(siteId, keys): the digits read aloud. */
  fingerprint: string;
}

export interface SiteCertificate extends SiteIdentity {
  serial: string;
  notBefore: Date;
  notAfter: Date;
  issuerKeyId: string;
  /** The signed form, as stored and published. */
  jws: string;
}

export interface SiteCard extends SiteIdentity {
  createdAt: Date;
  jws: string;
}

export type ValidityStatus = 'valid' | 'expired' | 'not-yet-valid';

function identityOf(payload: CertificatePayload | CardPayload): SiteIdentity {
  const signingPublicKey = publicKeyFromRaw('ed25519', Buffer.from(payload.signingKey, 'base64url'));
  const encryptionPublicKey = publicKeyFromRaw('x25519', Buffer.from(payload.encryptionKey, 'base64url'));
  return {
    siteId: payload.siteId,
    name: payload.name,
    country: payload.country,
    signingPublicKey,
    encryptionPublicKey,
    signingKeyId: keyIdOf(signingPublicKey),
    encryptionKeyId: keyIdOf(encryptionPublicKey),
    fingerprint: siteFingerprint(payload.siteId, signingPublicKey, encryptionPublicKey),
  };
}

/** The identity fields as they are written into a certificate or a card. */
export function identityFields(identity: SiteIdentityInput, signingPublicKey: KeyObject, encryptionPublicKey: KeyObject): z.infer<z.ZodObject<typeof IdentityFields>> {
  return {
    siteId: identity.siteId,
    name: identity.name,
    country: identity.country,
    signingKey: publicKeyRaw(signingPublicKey).toString('base64url'),
    encryptionKey: publicKeyRaw(encryptionPublicKey).toString('base64url'),
  };
}

/** Verify an authority-signed certificate (signature and form only; validity is asked at a time). */
export async function verifySiteCertificate(jws: string, authorityPublicKey: KeyObject): Promise<SiteCertificate> {
  const authorityKeyId = keyIdOf(authorityPublicKey);
  let payload: CertificatePayload;
  try {
    const verified = await verifyJws(jws, authorityPublicKey, CERTIFICATE_TYP, CertificatePayloadSchema);
    payload = verified.payload;
    if (verified.kid !== authorityKeyId || payload.issuer !== authorityKeyId) throw new JwsRejected('content');
  } catch (error) {
    if (error instanceof JwsRejected) throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: error.reason, issuer: authorityKeyId });
    throw error;
  }
  const notBefore = new Date(payload.notBefore);
  const notAfter = new Date(payload.notAfter);
  if (!(notBefore < notAfter)) throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'validity', serial: payload.serial });
  let identity: SiteIdentity;
  try {
    identity = identityOf(payload);
  } catch {
    throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'key', serial: payload.serial });
  }
  return { ...identity, serial: payload.serial, notBefore, notAfter, issuerKeyId: payload.issuer, jws };
}

export function validityAt(window: { notBefore: Date; notAfter: Date }, now: Date): ValidityStatus {
  if (now < window.notBefore) return 'not-yet-valid';
  if (now >= window.notAfter) return 'expired';
  return 'valid';
}

/** A site's self-signed card: what it hands to a centre that will pair with it by fingerprint. */
export async function createSiteCard(keys: SiteKeys, identity: SiteIdentityInput, now: Date): Promise<string> {
  const payload: CardPayload = CardPayloadSchema.parse({
    type: 'carnet-site-card',
    version: 1,
    ...identityFields(identity, keys.signingPublicKey, keys.encryptionPublicKey),
    createdAt: now.toISOString(),
  });
  return signJws(payload, keys.signingPrivateKey, CARD_TYP, keys.signingKeyId);
}

/**
 * Verify a card's self-signature: proof that whoever made it holds the signing key in it. It says
 * nothing about who that is; that is what comparing the fingerprint is for.
 */
export async function verifySiteCard(jws: string): Promise<SiteCard> {
  try {
    const claimed = CardPayloadSchema.safeParse(unverifiedPayload(jws));
    if (!claimed.success) throw new JwsRejected('content');
    const signingKey = publicKeyFromRaw('ed25519', Buffer.from(claimed.data.signingKey, 'base64url'));
    if (jwsKeyId(jws) !== keyIdOf(signingKey)) throw new JwsRejected('content');
    const { payload } = await verifyJws(jws, signingKey, CARD_TYP, CardPayloadSchema);
    return { ...identityOf(payload), createdAt: new Date(payload.createdAt), jws };
  } catch (error) {
    if (error instanceof JwsRejected) throw new TransferError('TRUST_CARD_INVALID', { reason: error.reason });
    if (error instanceof TransferError && error.code === 'TRUST_KEY_INVALID') throw new TransferError('TRUST_CARD_INVALID', { reason: 'key' });
    throw error;
  }
}

/** A certificate's fields without checking its signature: only for the authority's own records. */
export function unverifiedCertificate(jws: string): CertificatePayload {
  let parsed: ReturnType<typeof CertificatePayloadSchema.safeParse>;
  try {
    parsed = CertificatePayloadSchema.safeParse(unverifiedPayload(jws));
  } catch {
    throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'malformed' });
  }
  if (!parsed.success) throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'content' });
  return parsed.data;
}
