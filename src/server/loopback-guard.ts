// Checks that keep browser mode a private, same-machine channel: the server listens on 127.0.0.1
// only, and still refuses requests whose Host or Origin name anything else (DNS rebinding, other
// sites in the same browser) or that do not carry this run's token.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_PARAM = 'token';

export function cookieName(port: number): string {
  // Cookies are shared across ports, so each server's cookie carries its own port.
  return `carnet_token_${port}`;
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  // Plain http is right here: these origins are this machine's loopback interface only.
  // eslint-disable-next-line @microsoft/sdl/no-insecure-url
  return allowedHosts(port).map((h) => `http://${h}`);
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type GuardVerdict = 'ok' | 'bad-host' | 'bad-origin' | 'no-token';

/** Host and Origin checks, then the token from the cookie or an `Authorization: Bearer` header. */
export function checkRequest(req: IncomingMessage, port: number, token: string): GuardVerdict {
  const host = req.headers.host;
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) return 'bad-host';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin.toLowerCase())) return 'bad-origin';
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
  const cookie = readCookie(req.headers.cookie, cookieName(port));
  if (tokensEqual(bearer, token) || tokensEqual(cookie, token)) return 'ok';
  return 'no-token';
}

export function isLoopbackHostCheckOk(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return !!host && allowedHosts(port).includes(host.toLowerCase());
}
