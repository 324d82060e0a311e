// The booklet's QR code: a small summary signed by the issuing site, in the spirit of SMART Health
// Cards (deflated JSON in a compact JWS, header `zip: DEF`). Any Carnet verifies it offline against its
// trust list. The JWS is built with jose directly rather than signJws, because signJws serialises its
// payload as JSON: deflated bytes would have to travel as a base64 string inside base64, a third more
// characters in a code where every character makes the modules smaller.
import type { KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import { z } from '../api/zod.ts';
import type { Chart } from '../api/schemas/record.ts';
import type { SiteIdentity } from '../transfer/certificate.ts';
import { JWS_ALGORITHM } from '../transfer/jws.ts';
import { lookupSender, type TrustStore } from '../transfer/trust-list.ts';
import { displayNames, problemsConsented } from './booklet-content.ts';

export const BOOKLET_QR_TYP = 'carnet-booklet-qr+jws';
/** What a scanner looks for first; the digit is the format version (a new format gets a new prefix). */
export const BOOKLET_QR_PREFIX = 'CB1:';

/** Lists are cut so that a typical person's code stays under ~1,000 characters (one QR at level M). */
export const QR_LIMITS = { name: 60, allergies: 5, substance: 40, immunizations: 12, problems: 5 } as const;
const MAX_INFLATED = 8 * 1024;

export interface BookletSummary {
  recordId: string;
  siteId: string;
  name: string;
  birth: { date: string } | { years: number; estimatedOn: string };
  allergies: string[];
  noKnownAllergies: boolean;
  immunizations: { antigen: string; date?: string }[];
  /** ICD-10 codes; present only when the person agreed to print their problems. */
  problems?: string[];
  issuedOn: string;
}

const DateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The signed form, with one- and two-letter keys (every byte counts in a QR). */
const WireSchema = z
  .object({
    v: z.literal(1),
    r: z.string().min(1).max(64),
    s: z.string().min(1).max(64),
    n: z.string().max(200),
    b: DateSchema.optional(),
    e: z.tuple([z.number().int().min(0).max(120), DateSchema]).optional(),
    a: z.array(z.string().max(200)).max(20),
    k: z.literal(1).optional(),
    i: z.array(z.tuple([z.string().max(32)]).or(z.tuple([z.string().max(32), DateSchema]))).max(50),
    p: z.array(z.string().max(16)).max(20).optional(),
    d: DateSchema,
  })
  .strict();
type Wire = z.infer<typeof WireSchema>;

/** The summary of a chart (consent decides whether problems are in it). */
export function bookletSummary(chart: Chart, siteId: string, issuedOn: string): BookletSummary {
  const active = chart.entries.filter((e) => e.status === 'active');
  const bodies = active.map((e) => e.body);
  const person = chart.person.person;
  const allergies = bodies.flatMap((b) => (b.kind === 'allergy' && b.assertion === 'present' && b.substance ? [b.substance] : []));
  const immunizations = bodies
    .flatMap((b) => (b.kind === 'immunization' ? [b.date ? { antigen: b.antigen, date: b.date } : { antigen: b.antigen }] : []))
    .sort((x, y) => (x.date ?? '').localeCompare(y.date ?? ''));
  const summary: BookletSummary = {
    recordId: chart.person.id,
    siteId,
    name: displayNames(person.names)[0] ?? '',
    birth: person.birth.kind === 'date' ? { date: person.birth.date } : { years: person.birth.years, estimatedOn: person.birth.estimatedOn },
    allergies,
    noKnownAllergies: allergies.length === 0 && bodies.some((b) => b.kind === 'allergy' && b.assertion === 'none-known'),
    immunizations,
    issuedOn,
  };
  if (problemsConsented(active)) {
    summary.problems = [...new Set(bodies.flatMap((b) => (b.kind === 'condition' && b.certainty !== 'refuted' ? [b.icd10] : [])))];
  }
  return summary;
}

function toWire(s: BookletSummary): Wire {
  const wire: Wire = {
    v: 1,
    r: s.recordId,
    s: s.siteId,
    n: s.name.slice(0, QR_LIMITS.name),
    a: s.allergies.slice(0, QR_LIMITS.allergies).map((a) => a.slice(0, QR_LIMITS.substance)),
    // The most recent doses matter most when the list must be cut.
    i: s.immunizations.slice(-QR_LIMITS.immunizations).map((i) => (i.date ? [i.antigen, i.date] : [i.antigen])),
    d: s.issuedOn,
  };
  if ('date' in s.birth) wire.b = s.birth.date;
  else wire.e = [s.birth.years, s.birth.estimatedOn];
  if (s.noKnownAllergies) wire.k = 1;
  if (s.problems) wire.p = s.problems.slice(0, QR_LIMITS.problems);
  return wire;
}

function fromWire(w: Wire): BookletSummary {
  const summary: BookletSummary = {
    recordId: w.r,
    siteId: w.s,
    name: w.n,
    birth: w.b !== undefined ? { date: w.b } : w.e ? { years: w.e[0], estimatedOn: w.e[1] } : { date: '' },
    allergies: w.a,
    noKnownAllergies: w.k === 1,
    immunizations: w.i.map((i) => (i[1] !== undefined ? { antigen: i[0], date: i[1] } : { antigen: i[0] })),
    issuedOn: w.d,
  };
  if (w.p) summary.problems = w.p;
  return summary;
}

/** Sign a summary with the site key: the text to put in the QR code. */
export async function signBookletQr(summary: BookletSummary, signingKey: KeyObject, keyId: string): Promise<string> {
  const deflated = deflateRawSync(Buffer.from(JSON.stringify(toWire(summary)), 'utf8'), { level: 9 });
  const jws = await new CompactSign(new Uint8Array(deflated)).setProtectedHeader({ alg: JWS_ALGORITHM, typ: BOOKLET_QR_TYP, kid: keyId, zip: 'DEF' }).sign(signingKey);
  return `${BOOKLET_QR_PREFIX}${jws}`;
}

export type BookletQrRejection = 'unknown-site' | 'revoked' | 'expired' | 'tampered' | 'malformed';

export type BookletQrVerdict = { status: 'trusted'; summary: BookletSummary; site: SiteIdentity } | { status: 'untrusted'; reason: BookletQrRejection };

/** Check a scanned code against the trust list at `now`; the summary is only read after the signature holds. */
export async function verifyBookletQr(text: string, trust: TrustStore, now: Date): Promise<BookletQrVerdict> {
  const untrusted = (reason: BookletQrRejection): BookletQrVerdict => ({ status: 'untrusted', reason });
  if (typeof text !== 'string' || !text.startsWith(BOOKLET_QR_PREFIX) || text.length > 4096) return untrusted('malformed');
  const jws = text.slice(BOOKLET_QR_PREFIX.length).trim();
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return untrusted('malformed');
  }
  if (jws.split('.').length !== 3 || header.typ !== BOOKLET_QR_TYP || header.zip !== 'DEF' || typeof header.kid !== 'string') return untrusted('malformed');

  const sender = lookupSender(trust, header.kid, now);
  if (sender.status === 'unknown' || !sender.identity) return untrusted('unknown-site');
  if (sender.status === 'revoked') return untrusted('revoked');
  if (sender.status !== 'valid') return untrusted('expired');

  let payload: Uint8Array;
  try {
    payload = (await compactVerify(jws, sender.identity.signingPublicKey, { algorithms: [JWS_ALGORITHM] })).payload;
  } catch {
    return untrusted('tampered');
  }
  let wire: Wire;
  try {
    const json = new TextDecoder('utf-8', { fatal: true }).decode(inflateRawSync(payload, { maxOutputLength: MAX_INFLATED }));
    const parsed = WireSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return untrusted('malformed');
    wire = parsed.data;
  } catch {
    return untrusted('malformed');
  }
  // A site signs only for itself: a summary naming another site is not what this key may vouch for.
  if (wire.s !== sender.identity.siteId) return untrusted('tampered');
  return { status: 'trusted', summary: fromWire(wire), site: sender.identity };
}
