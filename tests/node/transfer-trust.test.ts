// The authority, its trust lists, and how a centre decides whether to trust a sender.
import { describe, expect, it } from 'vitest';
import {
  addCertificate,
  createAuthority,
  exportAuthorityKey,
  importAuthorityKey,
  newAuthorityState,
  parseAuthorityState,
  publishTrustList,
  revokeCertificate,
  revokeSite,
} from '../../src/transfer/authority.ts';
import { verifySiteCard } from '../../src/transfer/certificate.ts';
import { signJws } from '../../src/transfer/jws.ts';
import {
  TRUST_LIST_TYP,
  acceptTrustList,
  lookupSender,
  lookupSite,
  pairSite,
  restorePairing,
  storePairing,
  trustedSites,
  verifyTrustList,
} from '../../src/transfer/trust-list.ts';
import { DAY, NOW, certify, expectCode, makeNetwork } from '../fixtures/transfer/network.ts';

const network = await makeNetwork();
const { authority, lesvos, belgrade, expired, stranger } = network;

describe('the authority', () => {
  it('keeps its key through export and import', () => {
    expect(importAuthorityKey(exportAuthorityKey(authority)).keyId).toBe(authority.keyId);
  });

  it('numbers each published list one higher than the last', async () => {
    const first = await publishTrustList(authority, network.state, NOW);
    const second = await publishTrustList(authority, first.state, NOW);
    expect((await verifyTrustList(first.trustList, authority.publicKey)).sequence).toBe(network.trustList.sequence + 1);
    expect((await verifyTrustList(second.trustList, authority.publicKey)).sequence).toBe(network.trustList.sequence + 2);
  });

  it('keeps a state that survives JSON', () => {
    expect(parseAuthorityState(JSON.parse(JSON.stringify(network.state)))).toEqual(network.state);
    expect(() => parseAuthorityState({ ...network.state, sequence: -1 })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('refuses to record a certificate twice or one from another authority', async () => {
    const again = network.state.certificates[0] as string;
    expect(() => addCertificate(network.state, again)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    const foreign = await certify(createAuthority(), stranger);
    expect(() => addCertificate(network.state, foreign.jws)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });

  it('revokes one serial, or every certificate of a site', () => {
    const serial = network.certificates.get(lesvos.siteId)?.serial as string;
    const one = revokeCertificate(network.state, serial, NOW, 'key-compromise');
    expect(one.revocations).toEqual([{ serial, revokedAt: NOW.toISOString(), reason: 'key-compromise' }]);
    expect(revokeCertificate(one, serial, NOW)).toBe(one);
    const site = revokeSite(network.state, belgrade.siteId, NOW, 'site-closed');
    expect(site.revocations.map((r) => r.serial)).toEqual([network.certificates.get(belgrade.siteId)?.serial]);
    expect(() => revokeCertificate(network.state, 'f'.repeat(32), NOW)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => revokeSite(network.state, 'nowhere', NOW)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('a trust list', () => {
  it('verifies against the pinned authority key, with every certificate in it', () => {
    expect(network.trustList.certificates.map((c) => c.siteId).sort()).toEqual(['gr-athens-02', 'gr-lesvos-01', 'mk-skopje-01', 'rs-belgrade-01', 'xx-expired-01']);
    expect(network.trustList.authorityKeyId).toBe(authority.keyId);
  });

  it('is refused when signed by another key', async () => {
    const impostor = createAuthority();
    const published = await publishTrustList(impostor, { ...network.state, authority: impostor.keyId }, NOW);
    expect(await expectCode(verifyTrustList(published.trustList, authority.publicKey), 'TRUST_LIST_INVALID')).toMatchObject({ reason: 'signature' });
  });

  it('is refused when its content was changed after signing', async () => {
    const [head, body, sig] = network.trustList.jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { certificates: string[]; sequence: number };
    const changes = [{ ...payload, certificates: payload.certificates.slice(1) }, { ...payload, sequence: payload.sequence + 100 }];
    for (const changed of changes) {
      const tampered = `${head}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${sig}`;
      await expectCode(verifyTrustList(tampered, authority.publicKey), 'TRUST_LIST_INVALID');
    }
  });

  it('is refused when it carries a certificate the authority did not sign', async () => {
    const foreign = await certify(createAuthority(), stranger);
    const payload = JSON.parse(Buffer.from(network.trustList.jws.split('.')[1] as string, 'base64url').toString()) as { certificates: string[] };
    const signed = await signJws({ ...payload, certificates: [...payload.certificates, foreign.jws] }, authority.privateKey, TRUST_LIST_TYP, authority.keyId);
    expect(await expectCode(verifyTrustList(signed, authority.publicKey), 'TRUST_LIST_INVALID')).toMatchObject({ reason: 'certificate', index: 5 });
  });

  it('replaces the current one only when its sequence is higher', async () => {
    const next = await verifyTrustList((await publishTrustList(authority, network.state, NOW)).trustList, authority.publicKey);
    expect(acceptTrustList(undefined, network.trustList)).toBe(network.trustList);
    expect(acceptTrustList(network.trustList, next)).toBe(next);
    expect(() => acceptTrustList(next, network.trustList)).toThrow(expect.objectContaining({ code: 'TRUST_LIST_OLDER', details: { current: next.sequence, incoming: next.sequence - 1 } }));
    expect(() => acceptTrustList(next, next)).toThrow(expect.objectContaining({ code: 'TRUST_LIST_OLDER' }));
  });

  it('from another authority does not replace the current one', async () => {
    const other = createAuthority();
    const list = await verifyTrustList((await publishTrustList(other, { ...newAuthorityState(other), sequence: 99 }, NOW)).trustList, other.publicKey);
    expect(() => acceptTrustList(network.trustList, list)).toThrow(expect.objectContaining({ code: 'TRUST_LIST_INVALID' }));
  });
});

describe('looking up a sender', () => {
  const store = { trustList: network.trustList };

  it('finds a certified site as valid', () => {
    const found = lookupSender(store, lesvos.keys.signingKeyId, NOW);
    expect(found).toMatchObject({ status: 'valid', source: 'authority', identity: { siteId: lesvos.siteId } });
    expect(lookupSite(store, lesvos.siteId, NOW).status).toBe('valid');
  });

  it('says expired, not yet valid, unknown', async () => {
    expect(lookupSender(store, expired.keys.signingKeyId, NOW).status).toBe('expired');
    expect(lookupSender(store, lesvos.keys.signingKeyId, new Date(NOW.getTime() - 400 * DAY)).status).toBe('not-yet-valid');
    expect(lookupSender(store, lesvos.keys.signingKeyId, new Date(NOW.getTime() + 400 * DAY)).status).toBe('expired');
    expect(lookupSender(store, stranger.keys.signingKeyId, NOW)).toEqual({ status: 'unknown' });
    // The encryption key id is not a signing key id
    expect(lookupSender(store, lesvos.keys.encryptionKeyId, NOW).status).toBe('unknown');
  });

  it('says revoked once a list with the revocation is in force', async () => {
    const state = revokeSite(network.state, lesvos.siteId, NOW, 'key-compromise');
    const list = await verifyTrustList((await publishTrustList(authority, state, NOW)).trustList, authority.publicKey);
    const found = lookupSender({ trustList: list }, lesvos.keys.signingKeyId, NOW);
    expect(found).toMatchObject({ status: 'revoked', revocation: { reason: 'key-compromise' } });
    expect(trustedSites({ trustList: list }, NOW).map((s) => s.siteId)).not.toContain(lesvos.siteId);
  });

  it('prefers a renewed certificate over an expired one for the same keys', async () => {
    const renewed = await certify(authority, expired);
    const list = await verifyTrustList((await publishTrustList(authority, addCertificate(network.state, renewed.jws), NOW)).trustList, authority.publicKey);
    expect(lookupSender({ trustList: list }, expired.keys.signingKeyId, NOW)).toMatchObject({ status: 'valid', certificate: { serial: renewed.certificate.serial } });
  });
});

describe('pairing by fingerprint', () => {
  it('trusts an uncertified centre once its fingerprint was confirmed', async () => {
    const pairing = await pairSite(stranger.card, (await verifySiteCard(stranger.card)).fingerprint, NOW);
    const found = lookupSender({ trustList: network.trustList, paired: [pairing] }, stranger.keys.signingKeyId, NOW);
    expect(found).toMatchObject({ status: 'valid', source: 'paired', identity: { siteId: stranger.siteId } });
    expect(trustedSites({ trustList: network.trustList, paired: [pairing] }, NOW).map((s) => s.siteId)).toContain(stranger.siteId);
  });

  it('refuses a fingerprint that does not match the card', async () => {
    const other = await pairSite(lesvos.card, (await verifySiteCard(lesvos.card)).fingerprint, NOW);
    expect(await expectCode(pairSite(stranger.card, other.card.fingerprint, NOW), 'TRUST_FINGERPRINT_MISMATCH')).toMatchObject({ siteId: stranger.siteId });
  });

  it('survives storing and is checked again when restored', async () => {
    const pairing = await pairSite(stranger.card, (await verifySiteCard(stranger.card)).fingerprint, NOW);
    const stored = JSON.parse(JSON.stringify(storePairing(pairing))) as ReturnType<typeof storePairing>;
    expect((await restorePairing(stored)).card.signingKeyId).toBe(stranger.keys.signingKeyId);
    await expectCode(restorePairing({ ...stored, card: lesvos.card }), 'TRUST_FINGERPRINT_MISMATCH');
  });

  it('does not outrank the authority revoking the same key', async () => {
    const pairing = await pairSite(lesvos.card, (await verifySiteCard(lesvos.card)).fingerprint, NOW);
    const state = revokeSite(network.state, lesvos.siteId, NOW, 'key-compromise');
    const list = await verifyTrustList((await publishTrustList(authority, state, NOW)).trustList, authority.publicKey);
    expect(lookupSender({ trustList: list, paired: [pairing] }, lesvos.keys.signingKeyId, NOW).status).toBe('revoked');
  });
});
