// Every signed object of the transfer core (site certificate, site card, trust list, manifest) is a
// compact JWS with EdDSA over Ed25519 (jose). The bytes that were signed travel inside the JWS and are
// the bytes that get parsed after verification, so no re-serialisation can make signer and verifier
// disagree. `typ` names the kind of object, so a signature made for one kind is never accepted as
// another.
import type { KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { z } from '../api/zod.ts';

/** RFC 9864's fully specified name for EdDSA over Ed25519. */
export const JWS_ALGORITHM = 'Ed25519';

export type JwsFailure = 'malformed' | 'signature' | 'type' | 'content';

export class JwsRejected extends Error {
  readonly reason: JwsFailure;
  constructor(reason: JwsFailure) {
    super(reason);
    this.reason = reason;
  }
}

export async function signJws(payload: unknown, privateKey: KeyObject, typ: string, kid: string): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader({ alg: JWS_ALGORITHM, typ, kid }).sign(privateKey);
}

/** The header's key id before any verification: only to choose which key to verify with. */
export function jwsKeyId(jws: string): string | undefined {
  try {
    const header = decodeProtectedHeader(jws);
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** The payload before any verification: only for a self-signed object whose key is inside it. */
export function unverifiedPayload(jws: string): unknown {
  const parts = jws.split('.');
  if (parts.length !== 3 || parts[1] === undefined) throw new JwsRejected('malformed');
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
  } catch {
    throw new JwsRejected('malformed');
  }
}

/** Verify, then parse exactly the signed bytes with `schema`. Throws JwsRejected with a reason. */
export async function verifyJws<S extends z.ZodType>(jws: string, publicKey: KeyObject, typ: string, schema: S): Promise<{ payload: z.infer<S>; kid: string | undefined }> {
  if (typeof jws !== 'string' || jws.length === 0) throw new JwsRejected('malformed');
  try {
    decodeProtectedHeader(jws);
  } catch {
    throw new JwsRejected('malformed');
  }
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(jws, publicKey, { algorithms: [JWS_ALGORITHM] });
  } catch {
    throw new JwsRejected('signature');
  }
  // The protected header is part of what was signed, so its typ is the signer's word.
  const header = verified.protectedHeader;
  if (header.typ !== typ) throw new JwsRejected('type');
  const bytes = verified.payload;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new JwsRejected('content');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new JwsRejected('content');
  return { payload: parsed.data as z.infer<S>, kid: typeof header.kid === 'string' ? header.kid : undefined };
}
