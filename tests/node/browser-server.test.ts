import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server.ts';
import { cookieName } from '../../src/server/loopback-guard.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(port: number, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

let server: BrowserServer;
let temp: { dir: string; cleanup: () => void };
let host: string;

beforeAll(async () => {
  temp = makeTempDir();
  const staticDir = join(temp.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(temp.dir, 'secret.txt'), 'outside the web root');
  writeFileSync(join(temp.dir, 'bridge.js'), '/* bridge */');
  const core = createCore({ dataDir: join(temp.dir, 'data'), mode: 'browser', logger: SILENT_LOGGER });
  server = await startBrowserServer({ handlers: core.handlers, staticDir, bridgeFile: join(temp.dir, 'bridge.js') });
  host = `127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  temp.cleanup();
});

const auth = () => ({ Host: host, Authorization: `Bearer ${server.token}` });

describe('browser mode transport', () => {
  it('listens on 127.0.0.1 and prints a URL with a long random token', () => {
    const url = new URL(server.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toBe(server.token);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses pages and API calls that carry no token', async () => {
    expect((await raw(server.port, '/', { headers: { Host: host } })).status).toBe(401);
    expect((await raw(server.port, '/assets/app.js', { headers: { Host: host } })).status).toBe(401);
    const api = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: { Host: host }, body: '{}' });
    expect(api.status).toBe(401);
    expect(api.body).not.toContain('version');
  });

  it('refuses a wrong token', async () => {
    expect((await raw(server.port, '/?token=guess', { headers: { Host: host } })).status).toBe(401);
    const api = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: { Host: host, Authorization: 'Bearer guess' }, body: '{}' });
    expect(api.status).toBe(401);
  });

  it('trades the printed token for an HttpOnly, SameSite=Strict cookie that then opens the app', async () => {
    const first = await raw(server.port, `/?token=${server.token}`, { headers: { Host: host } });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`${cookieName(server.port)}=${server.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await raw(server.port, '/', { headers: { Host: host, Cookie: cookie.split(';')[0] as string } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="./carnet-bridge.js"></script>');
    expect(page.body.indexOf('carnet-bridge.js')).toBeLessThan(page.body.indexOf('assets/app.js'));
  });

  it('answers API calls through the same handler table', async () => {
    const res = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: auth(), body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { mode: 'browser', storeReady: false } });
    const bad = await raw(server.port, '/api/invoke/settings.set', { method: 'POST', headers: auth(), body: '{"uiLanguage":1}' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await raw(server.port, '/api/invoke/store.dropEverything', { method: 'POST', headers: auth(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const notJson = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: auth(), body: '{' });
    expect(notJson.status).toBe(400);
  });

  it.each(['evil.example', `evil.example:${0}`, 'localhost.evil.example', '0.0.0.0', '192.168.1.5'])(
    'refuses the non-loopback Host %s even with the token',
    async (badHost) => {
      const res = await raw(server.port, '/api/invoke/app.info', {
        method: 'POST',
        headers: { Host: badHost.replace(':0', `:${server.port}`), Authorization: `Bearer ${server.token}` },
        body: '{}',
      });
      expect(res.status).toBe(421);
      const tokenUrl = await raw(server.port, `/?token=${server.token}`, { headers: { Host: badHost } });
      expect(tokenUrl.status).not.toBe(303);
    },
  );

  it.each(['http://evil.example', 'null', `http://127.0.0.1:${1}`, 'https://127.0.0.1'])('refuses the foreign Origin %s', async (origin) => {
    const res = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: { ...auth(), Origin: origin }, body: '{}' });
    expect(res.status).toBe(403);
  });

  it('puts the CSP and hardening headers on every page', async () => {
    const res = await raw(server.port, '/', { headers: auth() });
    const csp = String(res.headers['content-security-policy']);
    expect(csp.startsWith("default-src 'none'")).toBe(true);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00'])(
    'serves nothing outside the web root for %s',
    async (path) => {
      const res = await raw(server.port, path, { headers: auth() });
      expect(res.body).not.toContain('outside the web root');
      expect(res.status).toBe(404);
    },
  );

  describe('over the WebSocket', () => {
    function open(headers: Record<string, string>): Promise<WebSocket> {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
      });
    }
    const origin = () => `http://127.0.0.1:${server.port}`;

    it('refuses a socket without the token, without an Origin, or from a foreign Origin', async () => {
      await expect(open({ Origin: origin() })).rejects.toThrow(/refused 403/);
      await expect(open({ Cookie: `${cookieName(server.port)}=${server.token}` })).rejects.toThrow(/refused 403/);
      await expect(open({ Origin: 'http://evil.example', Cookie: `${cookieName(server.port)}=${server.token}` })).rejects.toThrow(/refused 403/);
    });

    it('answers calls and delivers events to the page', async () => {
      const ws = await open({ Origin: origin(), Cookie: `${cookieName(server.port)}=${server.token}` });
      const messages: { type: string; id?: number; result?: unknown; event?: string; payload?: unknown }[] = [];
      ws.on('message', (data) => messages.push(JSON.parse(String(data))));
      ws.send(JSON.stringify({ id: 7, method: 'settings.set', input: { uiLanguage: 'el' } }));
      await expect.poll(() => messages.length).toBeGreaterThanOrEqual(2);
      expect(messages).toContainEqual({ type: 'result', id: 7, result: { ok: true, value: { uiLanguage: 'el' } } });
      expect(messages).toContainEqual({ type: 'event', event: 'settings:changed', payload: { uiLanguage: 'el' } });
      ws.close();
    });
  });
});
