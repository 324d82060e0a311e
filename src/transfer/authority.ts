// The network authority, run by a coordinating office on its own machine (`carnet authority
// init|sign|revoke|publish`): one Ed25519 key that signs site certificates and trust lists, and a
// small state file (issued certificates, revocations, last sequence) that the CLI keeps beside it.
// Everything here is pure: it takes the state and returns the next one.
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { z } from '../api/zod.ts';
import { CERTIFICATE_TYP, CertificatePayloadSchema, KeyIdSchema, identityFields, unverifiedCertificate, type CertificatePayload, type SiteIdentityInput } from './certificate.ts';
import { invalidRequest } from './errors.ts';
import { signJws } from './jws.ts';
import { keyIdOf, privateKeyFromPkcs8, privateKeyPkcs8 } from './site-keys.ts';
import { RevocationSchema, TRUST_LIST_TYP, TrustListPayloadSchema, type Revocation } from './trust-list.ts';

export interface Authority {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function createAuthority(): Authority {
  return authorityOf(generateKeyPairSync('ed25519').privateKey);
}

function authorityOf(privateKey: KeyObject): Authority {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** PKCS#8 DER, for the CLI to keep encrypted (or offline). */
export function exportAuthorityKey(authority: Authority): Buffer {
  return privateKeyPkcs8(authority.privateKey);
}

export function importAuthorityKey(pkcs8: Uint8Array): Authority {
  return authorityOf(privateKeyFromPkcs8('ed25519', pkcs8));
}

export interface CertificateRequest extends SiteIdentityInput {
  signingPublicKey: KeyObject;
  encryptionPublicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  /** 32 hex digits; random when absent. */
  serial?: string;
}

export async function issueSiteCertificate(authority: Authority, request: CertificateRequest): Promise<string> {
  if (!(request.notBefore < request.notAfter)) throw invalidRequest('validity');
  const parsed = CertificatePayloadSchema.safeParse({
    type: 'carnet-site-certificate',
    version: 1,
    serial: request.serial ?? randomBytes(16).toString('hex'),
    ...identityFields(request, request.signingPublicKey, request.encryptionPublicKey),
    notBefore: request.notBefore.toISOString(),
    notAfter: request.notAfter.toISOString(),
    issuer: authority.keyId,
  });
  if (!parsed.success) throw invalidRequest('certificate-fields', { fields: parsed.error.issues.map((i) => i.path.join('.')) });
  return signJws(parsed.data, authority.privateKey, CERTIFICATE_TYP, authority.keyId);
}

// ---- the authority's state ----

export const AuthorityStateSchema = z
  .object({
    format: z.literal('carnet-authority-state'),
    version: z.literal(1),
    authority: KeyIdSchema,
    /** The sequence of the last published list; 0 before the first. */
    sequence: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    certificates: z.array(z.string()),
    revocations: z.array(RevocationSchema),
  })
  .strict();
export type AuthorityState = z.infer<typeof AuthorityStateSchema>;

export function newAuthorityState(authority: Authority): AuthorityState {
  return { format: 'carnet-authority-state', version: 1, authority: authority.keyId, sequence: 0, certificates: [], revocations: [] };
}

export function parseAuthorityState(json: unknown): AuthorityState {
  const parsed = AuthorityStateSchema.safeParse(json);
  if (!parsed.success) throw invalidRequest('authority-state', { fields: parsed.error.issues.map((i) => i.path.join('.')) });
  return parsed.data;
}

function payloads(state: AuthorityState): CertificatePayload[] {
  return state.certificates.map((jws) => unverifiedCertificate(jws));
}

/** Record an issued certificate so that the next published list carries it. */
export function addCertificate(state: AuthorityState, certificateJws: string): AuthorityState {
  const added = unverifiedCertificate(certificateJws);
  if (added.issuer !== state.authority) throw invalidRequest('other-authority');
  if (payloads(state).some((p) => p.serial === added.serial)) throw invalidRequest('duplicate-serial', { serial: added.serial });
  return { ...state, certificates: [...state.certificates, certificateJws] };
}

export function revokeCertificate(state: AuthorityState, serial: string, at: Date, reason: Revocation['reason'] = 'other'): AuthorityState {
  if (!payloads(state).some((p) => p.serial === serial)) throw invalidRequest('unknown-serial', { serial });
  if (state.revocations.some((r) => r.serial === serial)) return state;
  return { ...state, revocations: [...state.revocations, { serial, revokedAt: at.toISOString(), reason }] };
}

/** Revoke every certificate the site holds (a closed site, a stolen laptop). */
export function revokeSite(state: AuthorityState, siteId: string, at: Date, reason: Revocation['reason'] = 'other'): AuthorityState {
  const serials = payloads(state)
    .filter((p) => p.siteId === siteId)
    .map((p) => p.serial);
  if (serials.length === 0) throw invalidRequest('unknown-site', { siteId });
  return serials.reduce((next, serial) => revokeCertificate(next, serial, at, reason), state);
}

/** Sign the next trust list: every certificate, every revocation, sequence + 1. */
export async function publishTrustList(authority: Authority, state: AuthorityState, now: Date): Promise<{ trustList: string; state: AuthorityState }> {
  if (state.authority !== authority.keyId) throw invalidRequest('other-authority');
  const sequence = state.sequence + 1;
  const payload = TrustListPayloadSchema.parse({
    type: 'carnet-trust-list',
    version: 1,
    authority: authority.keyId,
    sequence,
    issuedAt: now.toISOString(),
    certificates: state.certificates,
    revocations: state.revocations,
  });
  const trustList = await signJws(payload, authority.privateKey, TRUST_LIST_TYP, authority.keyId);
  return { trustList, state: { ...state, sequence } };
}
