// Site keys, certificates, cards and fingerprints: the identity half of transfer between centres.
import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAuthority, issueSiteCertificate } from '../../src/transfer/authority.ts';
import { createSiteCard, validityAt, verifySiteCard, verifySiteCertificate } from '../../src/transfer/certificate.ts';
import { signJws } from '../../src/transfer/jws.ts';
import {
  exportSiteKeys,
  fingerprintsMatch,
  generateSiteKeys,
  importSiteKeys,
  keyIdOf,
  privateKeyFromRaw,
  privateKeyRaw,
  publicKeyFromRaw,
  publicKeyFromSpki,
  publicKeyRaw,
  publicKeySpki,
  siteFingerprint,
} from '../../src/transfer/site-keys.ts';
import { DAY, NOW, certify, expectCode, makeSite } from '../fixtures/transfer/network.ts';

describe('site keys', () => {
  it('survive export and import as PKCS#8 with the same key ids', () => {
    const keys = generateSiteKeys();
    const exported = exportSiteKeys(keys);
    const again = importSiteKeys(exported);
    expect(again.signingKeyId).toBe(keys.signingKeyId);
    expect(again.encryptionKeyId).toBe(keys.encryptionKeyId);
    expect(publicKeyRaw(again.encryptionPublicKey)).toEqual(publicKeyRaw(keys.encryptionPublicKey));
  });

  it('survive raw and SPKI round trips', () => {
    const keys = generateSiteKeys();
    expect(publicKeyRaw(keys.signingPublicKey)).toHaveLength(32);
    expect(keyIdOf(publicKeyFromRaw('ed25519', publicKeyRaw(keys.signingPublicKey)))).toBe(keys.signingKeyId);
    expect(keyIdOf(publicKeyFromSpki('x25519', publicKeySpki(keys.encryptionPublicKey)))).toBe(keys.encryptionKeyId);
    const seed = privateKeyRaw(keys.signingPrivateKey);
    expect(keyIdOf(createPublicKey(privateKeyFromRaw('ed25519', seed)))).toBe(keys.signingKeyId);
    const scalar = privateKeyRaw(keys.encryptionPrivateKey);
    expect(keyIdOf(createPublicKey(privateKeyFromRaw('x25519', scalar)))).toBe(keys.encryptionKeyId);
  });

  it('refuse a key of the wrong kind where one kind is expected', () => {
    const keys = generateSiteKeys();
    const swapped = { signingPkcs8: exportSiteKeys(keys).encryptionPkcs8, encryptionPkcs8: exportSiteKeys(keys).signingPkcs8 };
    expect(() => importSiteKeys(swapped)).toThrow(expect.objectContaining({ code: 'TRUST_KEY_INVALID' }));
    expect(() => publicKeyFromSpki('ed25519', publicKeySpki(keys.encryptionPublicKey))).toThrow(expect.objectContaining({ code: 'TRUST_KEY_INVALID' }));
    expect(() => importSiteKeys({ signingPkcs8: Buffer.from('nonsense'), encryptionPkcs8: Buffer.alloc(0) })).toThrow(expect.objectContaining({ code: 'TRUST_KEY_INVALID' }));
  });

  it('are named by 16 bytes of SHA-256 over the SPKI, base64url', () => {
    const keys = generateSiteKeys();
    expect(keys.signingKeyId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keys.signingKeyId).not.toBe(keys.encryptionKeyId);
  });
});

describe('the fingerprint read aloud', () => {
  it('is eight groups of four digits, the same from the keys, the card and the certificate', async () => {
    const site = await makeSite('gr-lesvos-01', 'Lesvos', 'GR');
    const own = siteFingerprint(site.siteId, site.keys.signingPublicKey, site.keys.encryptionPublicKey);
    expect(own).toMatch(/^\d{4}( \d{4}){7}$/);
    const card = await verifySiteCard(site.card);
    const { certificate } = await certify(createAuthority(), site);
    expect(card.fingerprint).toBe(own);
    expect(certificate.fingerprint).toBe(own);
  });

  it('changes with either key or the site id', async () => {
    const a = generateSiteKeys();
    const b = generateSiteKeys();
    const base = siteFingerprint('s1', a.signingPublicKey, a.encryptionPublicKey);
    expect(siteFingerprint('s2', a.signingPublicKey, a.encryptionPublicKey)).not.toBe(base);
    expect(siteFingerprint('s1', b.signingPublicKey, a.encryptionPublicKey)).not.toBe(base);
    expect(siteFingerprint('s1', a.signingPublicKey, b.encryptionPublicKey)).not.toBe(base);
  });

  it('matches when typed with dashes or without spaces, and not with one digit off', () => {
    const keys = generateSiteKeys();
    const fp = siteFingerprint('s1', keys.signingPublicKey, keys.encryptionPublicKey);
    expect(fingerprintsMatch(fp.replaceAll(' ', '-'), fp)).toBe(true);
    expect(fingerprintsMatch(fp.replaceAll(' ', ''), fp)).toBe(true);
    const wrong = `${fp.slice(0, -1)}${(Number(fp.slice(-1)) + 1) % 10}`;
    expect(fingerprintsMatch(wrong, fp)).toBe(false);
    expect(fingerprintsMatch('', fp)).toBe(false);
  });
});

describe('a site certificate', () => {
  it('carries the identity and both keys, and verifies against its authority', async () => {
    const authority = createAuthority();
    const site = await makeSite('rs-belgrade-01', 'Belgrade Health Point', 'RS');
    const { certificate } = await certify(authority, site);
    expect(certificate).toMatchObject({
      siteId: 'rs-belgrade-01',
      name: 'Belgrade Health Point',
      country: 'RS',
      signingKeyId: site.keys.signingKeyId,
      encryptionKeyId: site.keys.encryptionKeyId,
      issuerKeyId: authority.keyId,
    });
    expect(certificate.serial).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is refused when another authority signed it', async () => {
    const site = await makeSite('s', 'S', 'GR');
    const { jws } = await certify(createAuthority(), site);
    expect(await expectCode(verifySiteCertificate(jws, createAuthority().publicKey), 'TRUST_CERTIFICATE_INVALID')).toMatchObject({ reason: 'signature' });
  });

  it('is refused when one character of it changed', async () => {
    const authority = createAuthority();
    const { jws } = await certify(authority, await makeSite('s', 'S', 'GR'));
    const [head, body, sig] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    const renamed = Buffer.from(JSON.stringify({ ...payload, name: 'Someone Else' })).toString('base64url');
    await expectCode(verifySiteCertificate(`${head}.${renamed}.${sig}`, authority.publicKey), 'TRUST_CERTIFICATE_INVALID');
    const otherSig = `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`;
    await expectCode(verifySiteCertificate(`${head}.${body}.${otherSig}`, authority.publicKey), 'TRUST_CERTIFICATE_INVALID');
    await expectCode(verifySiteCertificate('not a jws', authority.publicKey), 'TRUST_CERTIFICATE_INVALID');
  });

  it('is refused when the authority signed something else than a certificate', async () => {
    const authority = createAuthority();
    const { jws } = await certify(authority, await makeSite('s', 'S', 'GR'));
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()) as unknown;
    const asCard = await signJws(payload, authority.privateKey, 'carnet-site-card+jws', authority.keyId);
    expect(await expectCode(verifySiteCertificate(asCard, authority.publicKey), 'TRUST_CERTIFICATE_INVALID')).toMatchObject({ reason: 'type' });
  });

  it('is valid only inside its window', async () => {
    const authority = createAuthority();
    const window = { notBefore: new Date(NOW.getTime() + DAY), notAfter: new Date(NOW.getTime() + 10 * DAY) };
    const { certificate } = await certify(authority, await makeSite('s', 'S', 'GR'), window);
    expect(validityAt(certificate, NOW)).toBe('not-yet-valid');
    expect(validityAt(certificate, new Date(NOW.getTime() + 2 * DAY))).toBe('valid');
    expect(validityAt(certificate, window.notAfter)).toBe('expired');
  });

  it('is not issued with an empty window or a bad country code', async () => {
    const authority = createAuthority();
    const keys = generateSiteKeys();
    const request = { siteId: 's', name: 'S', country: 'GR', signingPublicKey: keys.signingPublicKey, encryptionPublicKey: keys.encryptionPublicKey };
    await expectCode(issueSiteCertificate(authority, { ...request, notBefore: NOW, notAfter: NOW }), 'VALIDATION');
    await expectCode(issueSiteCertificate(authority, { ...request, country: 'Greece', notBefore: NOW, notAfter: new Date(NOW.getTime() + DAY) }), 'VALIDATION');
  });
});

describe('a site card', () => {
  it('proves its maker holds the signing key in it', async () => {
    const keys = generateSiteKeys();
    const card = await createSiteCard(keys, { siteId: 'it-1', name: 'Centro', country: 'IT' }, NOW);
    expect(await verifySiteCard(card)).toMatchObject({ siteId: 'it-1', signingKeyId: keys.signingKeyId, createdAt: NOW });
  });

  it('is refused when it names keys its signer does not hold', async () => {
    const keys = generateSiteKeys();
    const other = generateSiteKeys();
    const card = await createSiteCard(keys, { siteId: 'it-1', name: 'Centro', country: 'IT' }, NOW);
    const payload = JSON.parse(Buffer.from(card.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
    const forged = await signJws({ ...payload, signingKey: publicKeyRaw(other.signingPublicKey).toString('base64url') }, keys.signingPrivateKey, 'carnet-site-card+jws', other.signingKeyId);
    await expectCode(verifySiteCard(forged), 'TRUST_CARD_INVALID');
  });
});
