// The permission matrix holds on both transports, against the real core: a mediator cannot call an
// admin method over browser mode's HTTP/WebSocket nor over Electron IPC.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodChannel } from '../../src/api/methods.ts';
import { PERMISSIONS } from '../../src/api/permissions.ts';
import { startBrowserServer, type BrowserServer } from '../../src/server/browser-server.ts';
import { registerIpc } from '../../main/ipc.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';

let s: TestStore;
let server: BrowserServer;
const ipc = new Map<string, (event: unknown, input: unknown) => unknown>();
const trusted = { senderFrame: { url: 'carnet://app/index.html', parent: null } };

beforeAll(async () => {
  s = await setUpStore();
  await s.value('users.add', { username: 'mediator1', displayName: 'Mediator', role: 'mediator', password: 'mediator password' });
  await s.value('session.lock');
  await s.value('session.login', { username: 'mediator1', password: 'mediator password' });
  const web = join(s.dir, 'web');
  mkdirSync(web);
  writeFileSync(join(web, 'index.html'), '<html></html>');
  writeFileSync(join(s.dir, 'bridge.js'), '');
  server = await startBrowserServer({ handlers: s.core.handlers, staticDir: web, bridgeFile: join(s.dir, 'bridge.js') });
  registerIpc({ handle: (channel, handler) => void ipc.set(channel, handler as never) }, s.core.handlers, (frame) => frame !== null && (frame as { url: string }).url.startsWith('carnet://app/'));
});

afterAll(async () => {
  await server.close();
  s.cleanup();
});

function post(method: string, body: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path: `/api/invoke/${method}`, method: 'POST', headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}` } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const ADMIN_ONLY = Object.entries(PERMISSIONS)
  .filter(([, p]) => p !== 'public' && !p.includes('mediator'))
  .map(([m]) => m);

describe('a logged-in mediator', () => {
  it.each(ADMIN_ONLY)('is refused %s over HTTP and over IPC', async (method) => {
    expect(await post(method, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ipc.get(methodChannel(method as never))?.(trusted, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('can still do what a mediator may', async () => {
    expect(await post('centre.getSettings', {})).toMatchObject({ ok: true });
    expect(await ipc.get('carnet:session.get')?.(trusted, {})).toMatchObject({ ok: true, value: { user: { role: 'mediator' } } });
  });

  it('leaves every refusal in the access log for the admin to see', async () => {
    await s.value('session.lock');
    await s.value('session.login', { username: 'admin', password: 'correct horse battery' });
    const log = await s.value<{ entries: { outcome: string; role: string }[] }>('audit.list', { limit: 500 });
    expect(log.entries.filter((e) => e.outcome === 'denied' && e.role === 'mediator').length).toBe(ADMIN_ONLY.length * 2);
  });
});
