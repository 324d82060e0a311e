// The renderer is served from a privileged custom scheme rather than file://, so that 'self' in the
// CSP means the app's own files only and the sender check has a real origin to compare (VS Code does
// the same with vscode-file://).
import type { Protocol } from 'electron';
import { readStatic, resolveStaticFile, contentTypeOf } from '../src/server/static-files.ts';
import { securityHeaders } from '../src/host/csp.ts';

export const APP_SCHEME = 'carnet';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export function registerAppProtocol(protocol: Protocol, rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(await readStatic(file)), {
      headers: { ...securityHeaders(csp), 'Content-Type': contentTypeOf(file) },
    });
  });
}
