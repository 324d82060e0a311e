// The booklet's signed QR summary, with a real centre's site key and the trust list its authority
// published: it fits one QR code, verifies offline, and any change or an unknown signer is reported.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chart, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { BOOKLET_QR_SIZE, bookletPdf } from '../../src/booklet/booklet-pdf.ts';
import { BOOKLET_QR_PREFIX, bookletSummary, signBookletQr, verifyBookletQr } from '../../src/booklet/booklet-qr.ts';
import { PAGE_SIZES, mm } from '../../src/pdf/index.ts';
import { publishTrustList, revokeSite } from '../../src/transfer/authority.ts';
import { verifyTrustList } from '../../src/transfer/trust-list.ts';
import { loadLocalSite, type LocalSite } from '../../src/transfer/site.service.ts';
import { certifyAll, openCentre, type Centre, type TestAuthority } from '../fixtures/transfer/centres.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let centre: Centre;
let authority: TestAuthority;
let site: LocalSite;
let personId: string;
let episodeId: string;
const ISSUED = '2026-12-01';

async function chart(): Promise<Chart> {
  return centre.value<Chart>('person.chart', { personId });
}

async function sign(c: Chart): Promise<string> {
  return signBookletQr(bookletSummary(c, site.siteId, ISSUED), site.keys.signingPrivateKey, site.keys.signingKeyId);
}

/** The same text with one character of the JWS payload changed. */
function changeOneCharacter(text: string): string {
  const at = text.indexOf('.') + 10;
  const swapped = text[at] === 'A' ? 'B' : 'A';
  return `${text.slice(0, at)}${swapped}${text.slice(at + 1)}`;
}

beforeAll(async () => {
  centre = await openCentre({ name: 'Lesvos Reception Centre', country: 'GR', code: 'GR-LES' });
  authority = await certifyAll([centre]);
  site = (await loadLocalSite(centre.db())) as LocalSite;
  const person = await centre.value<PersonRecord>('person.register', {
    person: {
      names: [
        { given: 'Ahmad', family: 'Karimi', script: 'Latn', source: 'document', preferred: true },
        { given: 'احمد', family: 'کریمی', script: 'Arab', source: 'spoken' },
      ],
      birth: { kind: 'date', date: '1990-03-02' },
      sex: 'male',
      languages: ['fa'],
    },
  });
  personId = person.id;
  // A typical record after an assessment: a full childhood schedule plus two allergies and two problems.
  const antigens = ['measles', 'mumps', 'rubella', 'diphtheria', 'tetanus', 'pertussis', 'polio', 'hib', 'hepatitis-b', 'pneumococcal', 'covid-19'];
  const episode = await centre.value<EpisodeRecord>('episode.create', {
    personId,
    episode: { type: 'initial-assessment', date: '2026-11-20' },
    entries: [
      ...antigens.map((antigen, i) => ({ kind: 'immunization', antigen, dose: 1, date: `199${i % 10}-0${(i % 9) + 1}-15`, evidence: 'documented' })),
      { kind: 'allergy', assertion: 'present', substance: 'Penicillin', category: 'medication', criticality: 'high' },
      { kind: 'allergy', assertion: 'present', substance: 'Peanuts', category: 'food' },
      { kind: 'condition', icd10: 'J45.9', novelty: 'known', certainty: 'confirmed' },
      { kind: 'condition', icd10: 'E11.9', novelty: 'new', certainty: 'provisional' },
    ],
  });
  episodeId = episode.id;
}, 60_000);
afterAll(() => centre.cleanup());

const DPI = 200;

/** Page 1 rendered by poppler in grey levels: whether the pixel at (x, y) points from the top left is dark. */
function renderFirstPage(pdf: Uint8Array, dir: string): (x: number, y: number) => boolean {
  const file = join(dir, 'booklet.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', String(DPI), '-gray', '-f', '1', '-l', '1', '-singlefile', file, join(dir, 'page')]);
  const pgm = readFileSync(join(dir, 'page.pgm'));
  const header = /^P5\s+(\d+)\s+\d+\s+255\s/.exec(pgm.toString('latin1', 0, 40));
  if (!header) throw new Error('not a PGM');
  const [offset, width] = [header[0].length, Number(header[1])];
  return (x, y) => (pgm[offset + Math.round((y * DPI) / 72) * width + Math.round((x * DPI) / 72)] as number) < 128;
}

describe('the booklet’s signed QR summary', { timeout: 30_000 }, () => {
  it('verifies as trusted against a trust list that certifies the issuing site', async () => {
    const text = await sign(await chart());
    expect(text.startsWith(BOOKLET_QR_PREFIX)).toBe(true);
    const verdict = await verifyBookletQr(text, site.trust, new Date());
    expect(verdict.status).toBe('trusted');
    if (verdict.status !== 'trusted') return;
    expect(verdict.site.siteId).toBe(site.siteId);
    expect(verdict.summary).toMatchObject({
      recordId: personId,
      siteId: site.siteId,
      name: 'Ahmad Karimi',
      birth: { date: '1990-03-02' },
      allergies: ['Penicillin', 'Peanuts'],
      noKnownAllergies: false,
      issuedOn: ISSUED,
    });
    expect(verdict.summary.immunizations).toHaveLength(11);
    expect(verdict.summary.immunizations).toContainEqual({ antigen: 'measles', date: '1990-01-15' });
  });

  it('fits one QR code at error correction M, under 1,000 characters for a typical person', async () => {
    const text = await sign(await chart());
    expect(text.length).toBeLessThan(1000);
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(25);
  });

  it('prints the code on the first page, module for module, at the end side of the title (the left in Arabic)', async () => {
    const temp = makeTempDir('carnet-booklet-qr-');
    try {
      const c = await chart();
      const text = await sign(c);
      const matrix = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
      for (const [lngA, lngB] of [
        ['el', 'fa'],
        ['ar', 'en'],
      ] as const) {
        const dark = renderFirstPage(await bookletPdf(c, { centre: centre.name, lngA, lngB, qr: text }), temp.dir);
        const left = lngA === 'ar' ? mm(12) : PAGE_SIZES.A5[0] - mm(12) - BOOKLET_QR_SIZE;
        const module = BOOKLET_QR_SIZE / (matrix.size + 8);
        let wrong = 0;
        for (let row = 0; row < matrix.size; row++) {
          for (let column = 0; column < matrix.size; column++) {
            if (dark(left + (column + 4.5) * module, mm(12) + (row + 4.5) * module) !== Boolean(matrix.get(row, column))) wrong++;
          }
        }
        expect(wrong, `${lngA}: modules that differ`).toBe(0);
      }
    } finally {
      temp.cleanup();
    }
  });

  it('carries problems only with the person’s consent', async () => {
    const without = await verifyBookletQr(await sign(await chart()), site.trust, new Date());
    expect(without.status === 'trusted' && without.summary.problems).toBeUndefined();
    await centre.value('entry.add', { episodeId, entries: [{ kind: 'consent', purpose: 'booklet-problems', decision: 'given', date: '2026-11-20' }] });
    const withConsent = await verifyBookletQr(await sign(await chart()), site.trust, new Date());
    expect(withConsent.status === 'trusted' && withConsent.summary.problems).toEqual(['J45.9', 'E11.9']);
  });

  it('reports a changed character as tampered, and an unknown site, a revoked or expired certificate or garbage as such', async () => {
    const text = await sign(await chart());
    expect(await verifyBookletQr(changeOneCharacter(text), site.trust, new Date())).toEqual({ status: 'untrusted', reason: 'tampered' });
    const signature = text.lastIndexOf('.') + 5;
    const badSignature = `${text.slice(0, signature)}${text[signature] === 'A' ? 'B' : 'A'}${text.slice(signature + 1)}`;
    expect(await verifyBookletQr(badSignature, site.trust, new Date())).toEqual({ status: 'untrusted', reason: 'tampered' });
    expect(await verifyBookletQr(text, {}, new Date())).toEqual({ status: 'untrusted', reason: 'unknown-site' });
    const inTwoYears = new Date(Date.now() + 2 * 365 * 24 * 3600_000);
    expect(await verifyBookletQr(text, site.trust, inTwoYears)).toEqual({ status: 'untrusted', reason: 'expired' });
    const revoked = await publishTrustList(authority.authority, revokeSite(authority.state, site.siteId, new Date(), 'key-compromise'), new Date());
    const afterRevocation = { trustList: await verifyTrustList(revoked.trustList, authority.authority.publicKey) };
    expect(await verifyBookletQr(text, afterRevocation, new Date())).toEqual({ status: 'untrusted', reason: 'revoked' });
    expect(await verifyBookletQr('https://example.org/not-a-booklet', site.trust, new Date())).toEqual({ status: 'untrusted', reason: 'malformed' });
    expect(await verifyBookletQr(`${BOOKLET_QR_PREFIX}a.b.c`, site.trust, new Date())).toEqual({ status: 'untrusted', reason: 'malformed' });
  });
});
