// This centre as a transfer site: its keys (made once, kept in the encrypted database), its card and
// certificate, the network authority it pinned, the trust list it holds and the centres it paired
// with. Every change is one transaction with its access-log row; reads verify what they load.
import type { KeyObject } from 'node:crypto';
import { AppError } from '../api/errors.ts';
import type { z } from '../api/zod.ts';
import type {
  ImportCertificateInputSchema,
  ImportTrustListInputSchema,
  PairInputSchema,
  SetAuthorityInputSchema,
  SiteIdentityView,
  TrustedSite,
  UnpairInputSchema,
} from '../api/schemas/transfer.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { getCentre, type CentreRecord } from '../db/repositories/centre.repository.ts';
import * as repo from '../db/repositories/transfer.repository.ts';
import type { Db } from '../db/open.ts';
import type { StoreContext } from '../access/store-context.ts';
import { authorityFingerprint, confirmAuthorityKey } from './authority-key.ts';
import { createSiteCard, unverifiedCertificate, validityAt, verifySiteCertificate, type SiteCertificate } from './certificate.ts';
import { TransferError, invalidRequest } from './errors.ts';
import { exportSiteKeys, generateSiteKeys, importSiteKeys, keyIdOf, publicKeyFromSpki, siteFingerprint, type SiteKeys } from './site-keys.ts';
import { acceptTrustList, lookupSite, pairSite, restorePairing, storePairing, verifyTrustList, type PairedSite, type TrustList, type TrustStore } from './trust-list.ts';

type In<S extends z.ZodType> = z.output<S>;

export interface SiteService {
  identity(): Promise<SiteIdentityView>;
  ensureIdentity(): Promise<SiteIdentityView>;
  setAuthority(input: In<typeof SetAuthorityInputSchema>): Promise<SiteIdentityView>;
  importCertificate(input: In<typeof ImportCertificateInputSchema>): Promise<SiteIdentityView>;
  importTrustList(input: In<typeof ImportTrustListInputSchema>): Promise<{ sequence: number; certificates: number; revocations: number; certificateAdopted: boolean }>;
  pair(input: In<typeof PairInputSchema>): Promise<TrustedSite>;
  unpair(input: In<typeof UnpairInputSchema>): Promise<Record<string, never>>;
  trustedSites(): Promise<{ sites: TrustedSite[] }>;
}

/** This site as the exchange uses it: who it is, its keys, and whom it trusts now. */
export interface LocalSite {
  siteId: string;
  name: string;
  country: string;
  keys: SiteKeys;
  card: string;
  trust: TrustStore;
}

// Verifying a trust list checks every certificate in it; the list changes rarely, so the last one
// verified is kept (by its text and the authority that signed it).
let verifiedList: { jws: string; authorityKeyId: string; list: TrustList } | undefined;

async function loadTrustList(db: Db): Promise<{ list: TrustList; authority: KeyObject } | undefined> {
  const authority = repo.getAuthority(db);
  const stored = repo.getTrustList(db);
  if (!authority || !stored) return undefined;
  const key = publicKeyFromSpki('ed25519', authority.publicSpki);
  if (verifiedList?.jws === stored.jws && verifiedList.authorityKeyId === authority.keyId) return { list: verifiedList.list, authority: key };
  const list = await verifyTrustList(stored.jws, key);
  verifiedList = { jws: stored.jws, authorityKeyId: authority.keyId, list };
  return { list, authority: key };
}

async function loadPairings(db: Db): Promise<PairedSite[]> {
  const out: PairedSite[] = [];
  for (const row of repo.listPairedSites(db)) out.push(await restorePairing({ card: row.card, fingerprint: row.fingerprint, pairedAt: row.pairedAt }));
  return out;
}

export async function loadTrustStore(db: Db): Promise<TrustStore> {
  return { trustList: (await loadTrustList(db))?.list, paired: await loadPairings(db) };
}

/** This site's keys and trust, or undefined before ensureIdentity. */
export async function loadLocalSite(db: Db): Promise<LocalSite | undefined> {
  const row = repo.getSiteIdentity(db);
  const centre = getCentre(db);
  if (!row || !centre) return undefined;
  const keys = importSiteKeys({ signingPkcs8: row.signingPkcs8, encryptionPkcs8: row.encryptionPkcs8 });
  return { siteId: row.siteId, name: centre.name, country: centre.country, keys, card: row.card, trust: await loadTrustStore(db) };
}

function requireCentre(db: Db): CentreRecord {
  const centre = getCentre(db);
  if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
  return centre;
}

function matchesKeys(certificate: SiteCertificate, row: repo.SiteIdentityRow): boolean {
  return certificate.siteId === row.siteId && certificate.signingKeyId === row.signingKeyId && certificate.encryptionKeyId === row.encryptionKeyId;
}

export function createSiteService(context: StoreContext): SiteService {
  function session() {
    const open = context.requireOpen();
    const now = context.now();
    const audit = (method: string, changes: Record<string, unknown>) =>
      appendAudit(open.db, actionBy(open.user, method, { personId: null, changes }), now);
    return { db: open.db, user: open.user, now, audit };
  }

  function requireIdentity(db: Db): repo.SiteIdentityRow {
    const row = repo.getSiteIdentity(db);
    if (!row) throw new AppError('CONFLICT', { reason: 'no-site-identity' });
    return row;
  }

  function requireAuthority(db: Db, code: 'TRUST_CERTIFICATE_INVALID' | 'TRUST_LIST_INVALID'): { key: KeyObject; keyId: string } {
    const row = repo.getAuthority(db);
    if (!row) throw new TransferError(code, { reason: 'no-authority' });
    return { key: publicKeyFromSpki('ed25519', row.publicSpki), keyId: row.keyId };
  }

  async function certificateView(db: Db, row: repo.SiteIdentityRow, now: Date): Promise<SiteIdentityView['certificate']> {
    if (!row.certificate) return { status: 'none' };
    const authority = repo.getAuthority(db);
    const claimed = unverifiedCertificate(row.certificate);
    const shown = { serial: claimed.serial, notBefore: claimed.notBefore, notAfter: claimed.notAfter, name: claimed.name, country: claimed.country };
    if (!authority || claimed.issuer !== authority.keyId) return { status: 'unverified', ...shown };
    const certificate = await verifySiteCertificate(row.certificate, publicKeyFromSpki('ed25519', authority.publicSpki));
    const list = (await loadTrustList(db))?.list;
    if (list?.revocations.some((r) => r.serial === certificate.serial)) return { status: 'revoked', ...shown };
    return { status: validityAt(certificate, now), ...shown };
  }

  async function view(db: Db, now: Date): Promise<SiteIdentityView> {
    const centre = requireCentre(db);
    const row = repo.getSiteIdentity(db);
    const authority = repo.getAuthority(db);
    const stored = repo.getTrustList(db);
    const list = stored && (await loadTrustList(db))?.list;
    const keys = row && importSiteKeys({ signingPkcs8: row.signingPkcs8, encryptionPkcs8: row.encryptionPkcs8 });
    return {
      siteId: row?.siteId ?? centre.siteId,
      name: centre.name,
      country: centre.country,
      configured: row !== undefined,
      signingKeyId: row?.signingKeyId ?? null,
      encryptionKeyId: row?.encryptionKeyId ?? null,
      fingerprint: row && keys ? siteFingerprint(row.siteId, keys.signingPublicKey, keys.encryptionPublicKey) : null,
      card: row?.card ?? null,
      createdAt: row?.createdAt ?? null,
      certificate: row ? await certificateView(db, row, now) : { status: 'none' },
      authority: authority ? { keyId: authority.keyId, fingerprint: authorityFingerprint(publicKeyFromSpki('ed25519', authority.publicSpki)), pinnedAt: authority.pinnedAt } : null,
      trustList:
        stored && list
          ? { sequence: stored.sequence, issuedAt: stored.issuedAt, importedAt: stored.importedAt, certificates: list.certificates.length, revocations: list.revocations.length }
          : null,
      pairedSites: repo.listPairedSites(db).length,
    };
  }

  /** The trust list's certificate for this site's own keys, when it is newer than the one held. */
  function certificateToAdopt(row: repo.SiteIdentityRow, list: TrustList, now: Date): SiteCertificate | undefined {
    const revoked = new Set(list.revocations.map((r) => r.serial));
    const held = row.certificate ? unverifiedCertificate(row.certificate) : undefined;
    return list.certificates
      .filter((c) => matchesKeys(c, row) && !revoked.has(c.serial) && validityAt(c, now) === 'valid')
      .filter((c) => !held || c.serial !== held.serial)
      .filter((c) => !held || held.issuer !== list.authorityKeyId || c.notAfter.getTime() > Date.parse(held.notAfter))
      .sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
  }

  return {
    async identity() {
      const { db, now } = session();
      return view(db, now);
    },

    async ensureIdentity() {
      const { db, user, now, audit } = session();
      if (repo.getSiteIdentity(db)) return view(db, now);
      const centre = requireCentre(db);
      const keys = generateSiteKeys();
      const card = await createSiteCard(keys, { siteId: centre.siteId, name: centre.name, country: centre.country }, now);
      const exported = exportSiteKeys(keys);
      db.transaction(() => {
        // Another call may have made them while the card was being signed.
        if (repo.getSiteIdentity(db)) return;
        repo.insertSiteIdentity(db, {
          siteId: centre.siteId,
          signingPkcs8: exported.signingPkcs8 as Buffer,
          encryptionPkcs8: exported.encryptionPkcs8 as Buffer,
          signingKeyId: keys.signingKeyId,
          encryptionKeyId: keys.encryptionKeyId,
          card,
          certificate: null,
          createdAt: now.toISOString(),
          createdBy: user.id,
        });
        audit('site.createIdentity', { siteId: centre.siteId, signingKeyId: keys.signingKeyId, encryptionKeyId: keys.encryptionKeyId });
      })();
      return view(db, now);
    },

    async setAuthority({ publicKey, fingerprint }) {
      const { db, user, now, audit } = session();
      const key = confirmAuthorityKey(publicKey, fingerprint);
      const keyId = keyIdOf(key);
      const current = repo.getAuthority(db);
      if (current?.keyId === keyId) return view(db, now);
      db.transaction(() => {
        repo.putAuthority(db, { publicSpki: key.export({ type: 'spki', format: 'der' }), keyId, pinnedAt: now.toISOString(), pinnedBy: user.id });
        // A list signed by another authority means nothing under this one.
        if (current) repo.deleteTrustList(db);
        audit('site.setAuthority', { keyId, replaced: current?.keyId ?? null });
      })();
      return view(db, now);
    },

    async importCertificate({ certificate: jws }) {
      const { db, now, audit } = session();
      const row = requireIdentity(db);
      const authority = requireAuthority(db, 'TRUST_CERTIFICATE_INVALID');
      const certificate = await verifySiteCertificate(jws, authority.key);
      if (!matchesKeys(certificate, row)) throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'not-this-site', serial: certificate.serial });
      const validity = validityAt(certificate, now);
      if (validity === 'expired') throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'expired', serial: certificate.serial });
      const list = (await loadTrustList(db))?.list;
      if (list?.revocations.some((r) => r.serial === certificate.serial)) throw new TransferError('TRUST_CERTIFICATE_INVALID', { reason: 'revoked', serial: certificate.serial });
      db.transaction(() => {
        repo.setSiteCertificate(db, jws);
        audit('site.importCertificate', { serial: certificate.serial, notAfter: certificate.notAfter.toISOString() });
      })();
      return view(db, now);
    },

    async importTrustList({ trustList: jws }) {
      const { db, user, now, audit } = session();
      const authority = requireAuthority(db, 'TRUST_LIST_INVALID');
      const incoming = await verifyTrustList(jws, authority.key);
      const current = (await loadTrustList(db))?.list;
      const accepted = acceptTrustList(current, incoming);
      const row = repo.getSiteIdentity(db);
      const adopt = row && certificateToAdopt(row, accepted, now);
      db.transaction(() => {
        const stored = repo.getTrustList(db);
        // Checked again inside the transaction: two imports at once must not go backwards.
        if (stored && stored.sequence >= accepted.sequence) throw new TransferError('TRUST_LIST_OLDER', { current: stored.sequence, incoming: accepted.sequence });
        repo.putTrustList(db, {
          authorityKeyId: accepted.authorityKeyId,
          sequence: accepted.sequence,
          issuedAt: accepted.issuedAt.toISOString(),
          jws: accepted.jws,
          importedAt: now.toISOString(),
          importedBy: user.id,
        });
        if (adopt) repo.setSiteCertificate(db, adopt.jws);
        audit('site.importTrustList', {
          sequence: accepted.sequence,
          certificates: accepted.certificates.length,
          revocations: accepted.revocations.length,
          ...(adopt && { adoptedSerial: adopt.serial }),
        });
      })();
      verifiedList = { jws: accepted.jws, authorityKeyId: accepted.authorityKeyId, list: accepted };
      return { sequence: accepted.sequence, certificates: accepted.certificates.length, revocations: accepted.revocations.length, certificateAdopted: adopt !== undefined };
    },

    async pair({ card, fingerprint }) {
      const { db, user, now, audit } = session();
      const paired = await pairSite(card, fingerprint, now);
      const own = repo.getSiteIdentity(db)?.siteId ?? requireCentre(db).siteId;
      if (paired.card.siteId === own) throw invalidRequest('own-site');
      const stored = storePairing(paired);
      db.transaction(() => {
        repo.putPairedSite(db, { siteId: paired.card.siteId, signingKeyId: paired.card.signingKeyId, card: stored.card, fingerprint: stored.fingerprint, pairedAt: stored.pairedAt, pairedBy: user.id });
        audit('site.pair', { siteId: paired.card.siteId, signingKeyId: paired.card.signingKeyId });
      })();
      const trust = await loadTrustStore(db);
      const found = lookupSite(trust, paired.card.siteId, now);
      return toTrustedSite(found.identity ?? paired.card, found.source ?? 'paired', found.status === 'unknown' ? 'valid' : found.status, found.certificate);
    },

    async unpair({ siteId }) {
      const { db, audit } = session();
      db.transaction(() => {
        if (!repo.deletePairedSite(db, siteId)) throw new AppError('NOT_FOUND', { siteId });
        audit('site.unpair', { siteId });
      })();
      return {};
    },

    async trustedSites() {
      const { db, now } = session();
      const trust = await loadTrustStore(db);
      const own = repo.getSiteIdentity(db)?.siteId ?? requireCentre(db).siteId;
      const ids = new Set([...(trust.trustList?.certificates ?? []).map((c) => c.siteId), ...(trust.paired ?? []).map((p) => p.card.siteId)]);
      ids.delete(own);
      const sites: TrustedSite[] = [];
      for (const id of ids) {
        const found = lookupSite(trust, id, now);
        if (found.status === 'unknown' || !found.identity || !found.source) continue;
        sites.push(toTrustedSite(found.identity, found.source, found.status, found.certificate));
      }
      sites.sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name));
      return { sites };
    },
  };
}

function toTrustedSite(
  identity: { siteId: string; name: string; country: string; fingerprint: string },
  source: 'authority' | 'paired',
  status: TrustedSite['status'],
  certificate: SiteCertificate | undefined,
): TrustedSite {
  return {
    siteId: identity.siteId,
    name: identity.name,
    country: identity.country,
    fingerprint: identity.fingerprint,
    source,
    status,
    ...(certificate && { notAfter: certificate.notAfter.toISOString() }),
  };
}
