// What a centre trusts: the authority's signed trust list (every site certificate plus revocations,
// with a sequence number that only goes up) and the sites it paired with directly by comparing a
// fingerprint. `lookupSender` answers, for a signing key id, who that is and whether to trust it now.
import type { KeyObject } from 'node:crypto';
import { z } from '../api/zod.ts';
import { type SiteCard, type SiteCertificate, type SiteIdentity, IsoTimeSchema, KeyIdSchema, validityAt, verifySiteCard, verifySiteCertificate } from './certificate.ts';
import { TransferError } from './errors.ts';
import { JwsRejected, verifyJws } from './jws.ts';
import { fingerprintsMatch, keyIdOf } from './site-keys.ts';

export const TRUST_LIST_TYP = 'carnet-trust-list+jws';

export const RevocationSchema = z
  .object({
    serial: z.string().regex(/^[0-9a-f]{32}$/),
    revokedAt: IsoTimeSchema,
    reason: z.enum(['key-compromise', 'site-closed', 'superseded', 'other']),
  })
  .strict();
export type Revocation = z.infer<typeof RevocationSchema>;

export const TrustListPayloadSchema = z
  .object({
    type: z.literal('carnet-trust-list'),
    version: z.literal(1),
    authority: KeyIdSchema,
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    issuedAt: IsoTimeSchema,
    certificates: z.array(z.string().max(8192)).max(100_000),
    revocations: z.array(RevocationSchema).max(100_000),
  })
  .strict();
export type TrustListPayload = z.infer<typeof TrustListPayloadSchema>;

export interface TrustList {
  authorityKeyId: string;
  sequence: number;
  issuedAt: Date;
  certificates: readonly SiteCertificate[];
  revocations: readonly Revocation[];
  /** The signed form, as imported and stored. */
  jws: string;
}

/** Verify a published trust list against the authority key pinned at set-up, and every certificate in it. */
export async function verifyTrustList(jws: string, authorityPublicKey: KeyObject): Promise<TrustList> {
  const authorityKeyId = keyIdOf(authorityPublicKey);
  let payload: TrustListPayload;
  try {
    const verified = await verifyJws(jws, authorityPublicKey, TRUST_LIST_TYP, TrustListPayloadSchema);
    payload = verified.payload;
    if (verified.kid !== authorityKeyId || payload.authority !== authorityKeyId) throw new JwsRejected('content');
  } catch (error) {
    if (error instanceof JwsRejected) throw new TransferError('TRUST_LIST_INVALID', { reason: error.reason, authority: authorityKeyId });
    throw error;
  }
  const certificates: SiteCertificate[] = [];
  const serials = new Set<string>();
  for (const [index, certificateJws] of payload.certificates.entries()) {
    let certificate: SiteCertificate;
    try {
      certificate = await verifySiteCertificate(certificateJws, authorityPublicKey);
    } catch (error) {
      if (error instanceof TransferError) throw new TransferError('TRUST_LIST_INVALID', { reason: 'certificate', index, cause: error.details?.reason });
      throw error;
    }
    if (serials.has(certificate.serial)) throw new TransferError('TRUST_LIST_INVALID', { reason: 'duplicate-serial', serial: certificate.serial });
    serials.add(certificate.serial);
    certificates.push(certificate);
  }
  return { authorityKeyId, sequence: payload.sequence, issuedAt: new Date(payload.issuedAt), certificates, revocations: payload.revocations, jws };
}

/** The list to keep: `incoming` only when it is newer, from the same authority. */
export function acceptTrustList(current: TrustList | undefined, incoming: TrustList): TrustList {
  if (current === undefined) return incoming;
  if (current.authorityKeyId !== incoming.authorityKeyId) {
    throw new TransferError('TRUST_LIST_INVALID', { reason: 'other-authority', current: current.authorityKeyId, incoming: incoming.authorityKeyId });
  }
  if (incoming.sequence <= current.sequence) throw new TransferError('TRUST_LIST_OLDER', { current: current.sequence, incoming: incoming.sequence });
  return incoming;
}

// ---- direct pairing ----

export interface PairedSite {
  card: SiteCard;
  pairedAt: Date;
}

/** How a pairing is stored; restorePairing checks it again when it is loaded. */
export interface StoredPairing {
  card: string;
  fingerprint: string;
  pairedAt: string;
}

/**
 * Trust a site with no certificate: its card's self-signature must hold and the fingerprint that its
 * admin read aloud (or that was typed) must equal the one computed from the card.
 */
export async function pairSite(cardJws: string, confirmedFingerprint: string, now: Date): Promise<PairedSite> {
  const card = await verifySiteCard(cardJws);
  if (!fingerprintsMatch(confirmedFingerprint, card.fingerprint)) throw new TransferError('TRUST_FINGERPRINT_MISMATCH', { siteId: card.siteId, keyId: card.signingKeyId });
  return { card, pairedAt: now };
}

export function storePairing(pairing: PairedSite): StoredPairing {
  return { card: pairing.card.jws, fingerprint: pairing.card.fingerprint, pairedAt: pairing.pairedAt.toISOString() };
}

export async function restorePairing(stored: StoredPairing): Promise<PairedSite> {
  return pairSite(stored.card, stored.fingerprint, new Date(stored.pairedAt));
}

// ---- looking up a sender ----

export interface TrustStore {
  trustList?: TrustList | undefined;
  paired?: readonly PairedSite[] | undefined;
}

export type SenderStatus = 'valid' | 'revoked' | 'expired' | 'not-yet-valid' | 'unknown';

export interface SenderLookup {
  status: SenderStatus;
  /** Where the answer came from; absent when unknown. */
  source?: 'authority' | 'paired';
  identity?: SiteIdentity;
  certificate?: SiteCertificate;
  pairing?: PairedSite;
  revocation?: Revocation;
}

function lookup(store: TrustStore, now: Date, matches: (identity: SiteIdentity) => boolean): SenderLookup {
  const certificates = (store.trustList?.certificates ?? []).filter(matches);
  const revocations = new Map((store.trustList?.revocations ?? []).map((r) => [r.serial, r]));
  const valid = certificates.find((c) => !revocations.has(c.serial) && validityAt(c, now) === 'valid');
  if (valid) return { status: 'valid', source: 'authority', identity: valid, certificate: valid };
  // A revocation by the authority outranks a pairing: it is how a compromised key is stopped.
  const revoked = certificates.find((c) => revocations.has(c.serial));
  if (revoked) return { status: 'revoked', source: 'authority', identity: revoked, certificate: revoked, revocation: revocations.get(revoked.serial) as Revocation };
  const pairing = (store.paired ?? []).find((p) => matches(p.card));
  if (pairing) return { status: 'valid', source: 'paired', identity: pairing.card, pairing };
  const latest = [...certificates].sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
  if (latest) return { status: validityAt(latest, now), source: 'authority', identity: latest, certificate: latest };
  return { status: 'unknown' };
}

/** Who signs with this key id, and may it be trusted at `now`. */
export function lookupSender(store: TrustStore, signingKeyId: string, now: Date): SenderLookup {
  return lookup(store, now, (identity) => identity.signingKeyId === signingKeyId);
}

/** The same question by site id: for choosing whom to send a file to. */
export function lookupSite(store: TrustStore, siteId: string, now: Date): SenderLookup {
  return lookup(store, now, (identity) => identity.siteId === siteId);
}

/** Every site a file may be sent to now: valid certificates and pairings, one entry per site id. */
export function trustedSites(store: TrustStore, now: Date): SiteIdentity[] {
  const ids = new Set([...(store.trustList?.certificates ?? []).map((c) => c.siteId), ...(store.paired ?? []).map((p) => p.card.siteId)]);
  const sites: SiteIdentity[] = [];
  for (const id of ids) {
    const found = lookupSite(store, id, now);
    if (found.status === 'valid' && found.identity) sites.push(found.identity);
  }
  return sites;
}
