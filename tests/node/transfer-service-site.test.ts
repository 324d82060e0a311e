// A centre's site identity and trust, stored in its database: keys made once, the fingerprint both
// sides compute alike, the authority pinned only with the right digits, certificates that must be
// this site's, trust lists that only go forward, pairing by fingerprint. And the coordinating
// office's files behind `carnet authority init|sign|revoke|publish`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SiteIdentitySchema, TrustedSitesOutputSchema } from '../../src/api/schemas/transfer.ts';
import { authorityFingerprint } from '../../src/transfer/authority-key.ts';
import { initAuthority, openAuthority, publishTrustListFile, readAuthorityState, revokeInState, signSiteCard } from '../../src/transfer/authority-files.ts';
import { createAuthority, issueSiteCertificate, newAuthorityState, publishTrustList } from '../../src/transfer/authority.ts';
import { verifySiteCard } from '../../src/transfer/certificate.ts';
import { publicKeyFromSpki } from '../../src/transfer/site-keys.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { databaseDigest, expectCode, openCentre, type Centre } from '../fixtures/transfer/centres.ts';
import { FAST_KDF } from '../fixtures/transfer/network.ts';

const office = makeTempDir('carnet-authority-');
const files = { keyFile: join(office.dir, 'authority.key'), stateFile: join(office.dir, 'authority-state.json'), publicFile: join(office.dir, 'authority.public.json') };
const PASSPHRASE = 'coordinating office 2026';
let lesvos: Centre;
let belgrade: Centre;

beforeAll(async () => {
  [lesvos, belgrade] = await Promise.all([
    openCentre({ name: 'Lesvos Reception Centre', country: 'GR', code: 'GR-LES' }),
    openCentre({ name: 'Belgrade Health Point', country: 'RS', code: 'RS-BEL' }),
  ]);
});
afterAll(() => {
  lesvos.cleanup();
  belgrade.cleanup();
  office.cleanup();
});

async function auditMethods(c: Centre): Promise<string[]> {
  const log = await c.value<{ entries: { method: string }[] }>('audit.list', {});
  return log.entries.map((e) => e.method);
}

describe('the site identity', () => {
  it('makes the keys once, and both centres compute the same fingerprint from the card', async () => {
    const first = await lesvos.site.identity();
    const again = await lesvos.site.ensureIdentity();
    expect(again).toMatchObject({ configured: true, siteId: first.siteId, signingKeyId: first.signingKeyId, encryptionKeyId: first.encryptionKeyId });
    expect(first.fingerprint).toMatch(/^\d{4}( \d{4}){7}$/);
    // What Belgrade computes from Lesvos's card is what Lesvos's admin reads out.
    const card = await verifySiteCard(first.card as string);
    expect(card.fingerprint).toBe(first.fingerprint);
    expect(card).toMatchObject({ siteId: lesvos.siteId, name: 'Lesvos Reception Centre', country: 'GR' });
    expect(first.siteId).not.toBe((await belgrade.site.identity()).siteId);
    expect((await auditMethods(lesvos)).filter((m) => m === 'site.createIdentity')).toHaveLength(1);
    // The private keys are in the (encrypted) database only.
    const row = lesvos.db().prepare('SELECT length(signing_pkcs8) AS s, length(encryption_pkcs8) AS e FROM site_identity').get();
    expect(row).toEqual({ s: 48, e: 48 });
  });
});

describe('the coordinating office and the trust it hands out', () => {
  it('keeps its key under a passphrase, and refuses a wrong one and an overwrite', async () => {
    const made = await initAuthority(files, { passphrase: PASSPHRASE, name: 'Re-Health network', kdf: FAST_KDF });
    expect(made.fingerprint).toMatch(/^\d{4}( \d{4}){7}$/);
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(files.keyFile, 'utf8')).not.toContain('PRIVATE');
    const opened = await openAuthority(files.keyFile, PASSPHRASE);
    expect(opened.keyId).toBe(made.keyId);
    await expectCode(openAuthority(files.keyFile, 'not the passphrase at all'), 'TRANSFER_BAD_PASSPHRASE');
    await expectCode(initAuthority(files, { passphrase: PASSPHRASE, kdf: FAST_KDF }), 'VALIDATION');
    await expectCode(initAuthority({ ...files, keyFile: join(office.dir, 'other.key'), stateFile: join(office.dir, 'other.json') }, { passphrase: 'short', kdf: FAST_KDF }), 'VALIDATION');
  });

  it('is pinned by a centre only when the digits read out match', async () => {
    const publicFile = readFileSync(files.publicFile, 'utf8');
    const { fingerprint, keyId } = JSON.parse(publicFile) as { fingerprint: string; keyId: string };
    const before = databaseDigest(lesvos.db());
    const wrong = fingerprint.replace(/^\d/, (d) => String((Number(d) + 1) % 10));
    await expectCode(lesvos.site.setAuthority({ publicKey: publicFile, fingerprint: wrong }), 'TRUST_FINGERPRINT_MISMATCH');
    await expectCode(lesvos.site.setAuthority({ publicKey: 'not a key', fingerprint }), 'TRUST_KEY_INVALID');
    expect(databaseDigest(lesvos.db())).toBe(before);
    for (const c of [lesvos, belgrade]) {
      const identity = await c.site.setAuthority({ publicKey: publicFile, fingerprint: fingerprint.replace(/ /g, '-') });
      expect(identity.authority).toMatchObject({ keyId, fingerprint });
    }
    expect(await auditMethods(lesvos)).toContain('site.setAuthority');
  });

  it('certifies a centre’s card after checking its fingerprint; the centre accepts only its own certificate', async () => {
    const lesvosIdentity = await lesvos.site.identity();
    const belgradeIdentity = await belgrade.site.identity();
    await expectCode(
      signSiteCard(files, { passphrase: PASSPHRASE, card: lesvosIdentity.card as string, fingerprint: belgradeIdentity.fingerprint as string, now: new Date() }),
      'TRUST_FINGERPRINT_MISMATCH',
    );
    const forLesvos = await signSiteCard(files, { passphrase: PASSPHRASE, card: lesvosIdentity.card as string, fingerprint: lesvosIdentity.fingerprint as string, now: new Date() });
    expect(forLesvos).toMatchObject({ siteId: lesvos.siteId, name: 'Lesvos Reception Centre', country: 'GR' });
    const forBelgrade = await signSiteCard(files, { passphrase: PASSPHRASE, card: belgradeIdentity.card as string, fingerprint: belgradeIdentity.fingerprint as string, now: new Date() });

    const refused = await expectCode(lesvos.site.importCertificate({ certificate: forBelgrade.certificate }), 'TRUST_CERTIFICATE_INVALID');
    expect(refused.reason).toBe('not-this-site');
    // A certificate from an authority this centre did not pin.
    const other = createAuthority();
    const card = await verifySiteCard(lesvosIdentity.card as string);
    const stray = await issueSiteCertificate(other, {
      siteId: lesvos.siteId,
      name: 'x',
      country: 'GR',
      signingPublicKey: card.signingPublicKey,
      encryptionPublicKey: card.encryptionPublicKey,
      notBefore: new Date(Date.now() - 1000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    await expectCode(lesvos.site.importCertificate({ certificate: stray }), 'TRUST_CERTIFICATE_INVALID');
    const after = await lesvos.site.importCertificate({ certificate: forLesvos.certificate });
    expect(after.certificate).toMatchObject({ status: 'valid', serial: forLesvos.serial });
    expect((await readAuthorityState(files.stateFile)).certificates).toHaveLength(2);
  });

  it('publishes trust lists that centres take only forward; a centre finds its certificate in one', async () => {
    const first = await publishTrustListFile(files, { passphrase: PASSPHRASE, outFile: join(office.dir, 'trust-1.jws'), now: new Date() });
    expect(first).toMatchObject({ sequence: 1, certificates: 2, revocations: 0 });
    const list1 = readFileSync(join(office.dir, 'trust-1.jws'), 'utf8').trim();
    await lesvos.site.importTrustList({ trustList: list1 });
    // Belgrade never imported its certificate: the list carries it.
    expect(await belgrade.site.importTrustList({ trustList: list1 })).toMatchObject({ sequence: 1, certificateAdopted: true });
    expect((await belgrade.site.identity()).certificate.status).toBe('valid');
    const before = databaseDigest(lesvos.db());
    expect(await expectCode(lesvos.site.importTrustList({ trustList: list1 }), 'TRUST_LIST_OLDER')).toEqual({ current: 1, incoming: 1 });
    // A list signed by another authority.
    const stranger = createAuthority();
    const foreign = await publishTrustList(stranger, newAuthorityState(stranger), new Date());
    await expectCode(lesvos.site.importTrustList({ trustList: foreign.trustList }), 'TRUST_LIST_INVALID');
    expect(databaseDigest(lesvos.db())).toBe(before);

    const listed = await lesvos.site.trustedSites();
    expect(TrustedSitesOutputSchema.parse(listed)).toEqual(listed);
    expect(SiteIdentitySchema.parse(await lesvos.site.identity())).toMatchObject({ certificate: { status: 'valid' }, trustList: { sequence: 1 } });
    const sites = listed.sites;
    expect(sites).toEqual([expect.objectContaining({ siteId: belgrade.siteId, name: 'Belgrade Health Point', country: 'RS', source: 'authority', status: 'valid' })]);
    expect(sites[0]?.fingerprint).toBe((await belgrade.site.identity()).fingerprint);

    // Revoked and published again: Lesvos sees Belgrade revoked; the older list is then refused.
    expect((await revokeInState(files.stateFile, { siteId: belgrade.siteId }, { now: new Date(), reason: 'site-closed' })).revoked).toHaveLength(1);
    await publishTrustListFile(files, { passphrase: PASSPHRASE, outFile: join(office.dir, 'trust-2.jws'), now: new Date() });
    const identity = await lesvos.site.importTrustList({ trustList: readFileSync(join(office.dir, 'trust-2.jws'), 'utf8').trim() });
    expect(identity).toMatchObject({ sequence: 2, revocations: 1 });
    expect((await lesvos.site.trustedSites()).sites[0]?.status).toBe('revoked');
    await expectCode(lesvos.site.importTrustList({ trustList: list1 }), 'TRUST_LIST_OLDER');
    expect(existsSync(join(office.dir, 'trust-2.jws'))).toBe(true);
    const authorityKey = publicKeyFromSpki('ed25519', Buffer.from((JSON.parse(readFileSync(files.publicFile, 'utf8')) as { publicKey: string }).publicKey, 'base64'));
    expect((await lesvos.site.identity()).authority?.fingerprint).toBe(authorityFingerprint(authorityKey));
  });
});

describe('pairing with a centre that has no certificate', () => {
  it('pairs only when the fingerprint read aloud matches the card, and unpairs', async () => {
    const stranger = await openCentre({ name: 'Centre Without Certificate', country: 'IT', code: 'IT-STR' });
    try {
      const card = (await stranger.site.identity()).card as string;
      const right = (await stranger.site.identity()).fingerprint as string;
      const wrong = `${right.slice(0, -1)}${(Number(right.at(-1)) + 1) % 10}`;
      const before = databaseDigest(lesvos.db());
      await expectCode(lesvos.site.pair({ card, fingerprint: wrong }), 'TRUST_FINGERPRINT_MISMATCH');
      expect(databaseDigest(lesvos.db())).toBe(before);
      await expectCode(lesvos.site.pair({ card: (await lesvos.site.identity()).card as string, fingerprint: (await lesvos.site.identity()).fingerprint as string }), 'VALIDATION');

      const paired = await lesvos.site.pair({ card, fingerprint: right });
      expect(paired).toMatchObject({ siteId: stranger.siteId, source: 'paired', status: 'valid', country: 'IT' });
      expect((await lesvos.site.trustedSites()).sites.map((s) => s.siteId)).toContain(stranger.siteId);
      expect((await lesvos.site.identity()).pairedSites).toBe(1);
      await lesvos.site.unpair({ siteId: stranger.siteId });
      expect((await lesvos.site.trustedSites()).sites.map((s) => s.siteId)).not.toContain(stranger.siteId);
      await expectCode(lesvos.site.unpair({ siteId: stranger.siteId }), 'NOT_FOUND');
      expect(await auditMethods(lesvos)).toEqual(expect.arrayContaining(['site.pair', 'site.unpair']));
    } finally {
      stranger.cleanup();
    }
  });
});
