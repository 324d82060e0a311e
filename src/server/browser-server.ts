// Browser mode: the renderer served on 127.0.0.1 and the same handler table that Electron's IPC uses,
// reached over HTTP (POST /api/invoke/<method>) and a WebSocket (/api/ws, used by the UI's bridge).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { apiError } from '../api/errors.ts';
import { fail } from '../api/result.ts';
import { contentSecurityPolicy, securityHeaders } from '../host/csp.ts';
import type { Handlers } from '../host/handlers.ts';
import { SILENT_LOGGER, type Logger } from '../host/log.ts';
import { checkRequest, cookieName, TOKEN_PARAM, tokensEqual, isLoopbackHostCheckOk } from './loopback-guard.ts';
import { contentTypeOf, readStatic, resolveStaticFile } from './static-files.ts';

export const BRIDGE_PATH = '/carnet-bridge.js';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface BrowserServerOptions {
  handlers: Handlers;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  /** The preload built for the browser, served as /carnet-bridge.js before the app's script. */
  bridgeFile: string;
  port?: number;
  token?: string;
  logger?: Logger;
}

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const logger = options.logger ?? SILENT_LOGGER;
  const { handlers } = options;
  let port = 0;
  let headers: Record<string, string> = {};

  const server = createServer((req, res) => {
    handleRequest(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
    res.writeHead(status, { ...headers, 'Content-Type': type, ...extra });
    res.end(body);
  }

  function refuse(res: ServerResponse, status: number, reason: string) {
    send(res, status, 'text/plain; charset=utf-8', `${reason}\n`);
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    // The one request allowed without the cookie: the printed URL carrying the token. It trades the
    // token for an HttpOnly, SameSite=Strict cookie and drops it from the address bar.
    if (req.method === 'GET' && url.searchParams.has(TOKEN_PARAM) && isLoopbackHostCheckOk(req, port)) {
      if (!tokensEqual(url.searchParams.get(TOKEN_PARAM), token)) return refuse(res, 401, 'Invalid token');
      url.searchParams.delete(TOKEN_PARAM);
      return send(res, 303, 'text/plain; charset=utf-8', '', {
        'Set-Cookie': `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
      });
    }

    const verdict = checkRequest(req, port, token);
    if (verdict === 'bad-host') return refuse(res, 421, 'This server answers on 127.0.0.1 only');
    if (verdict === 'bad-origin') return refuse(res, 403, 'Cross-origin request refused');
    if (verdict === 'no-token') return refuse(res, 401, 'Open the address printed by `npm start`, with its token');

    if (url.pathname.startsWith('/api/invoke/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'Use POST');
      const method = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
      const body = await readBody(req);
      let input: unknown;
      if (body === undefined) {
        return send(res, 413, 'application/json', JSON.stringify(fail(apiError('VALIDATION', { reason: 'too-large' }))));
      }
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return send(res, 400, 'application/json', JSON.stringify(fail(apiError('VALIDATION', { reason: 'json' }))));
      }
      const result = await handlers.invoke(method, input, { transport: 'http' });
      return send(res, 200, 'application/json', JSON.stringify(result));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    if (url.pathname === BRIDGE_PATH) {
      return send(res, 200, contentTypeOf(BRIDGE_PATH), await readFile(options.bridgeFile));
    }
    const file = await resolveStaticFile(options.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'Not found');
    let content = await readStatic(file);
    if (file.endsWith('index.html')) content = Buffer.from(injectBridge(content.toString('utf8')));
    return send(res, 200, contentTypeOf(file), content);
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Browsers always send Origin on a WebSocket handshake; require it so only our page can connect.
    const verdict = req.headers.origin === undefined ? 'bad-origin' : checkRequest(req, port, token);
    if (url.pathname !== '/api/ws' || verdict !== 'ok') {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws));
  });

  function attachSocket(ws: WebSocket) {
    const unsubscribe = handlers.events.subscribe((event, payload) => {
      ws.send(JSON.stringify({ type: 'event', event, payload }));
    });
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      let message: { id?: unknown; method?: unknown; input?: unknown };
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (typeof message.id !== 'number') return;
      const id = message.id;
      void handlers.invoke(message.method, message.input, { transport: 'ws' }).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'result', id, result }));
      });
    });
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  headers = securityHeaders(contentSecurityPolicy({ connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }));
  logger.info('browser mode listening', { port });

  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

function injectBridge(html: string): string {
  const tag = `<script src=".${BRIDGE_PATH}"></script>`;
  const at = html.indexOf('<script');
  return at >= 0 ? `${html.slice(0, at)}${tag}\n    ${html.slice(at)}` : html.replace('</head>', `${tag}</head>`);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
