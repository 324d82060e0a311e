// Browser mode's stand-in for the two parts of `electron` the preload uses. The real preload
// (main/preload.ts) is built a second time with `electron` aliased to this file, so browser mode runs
// the same allow-list code; only the wire differs: a same-origin WebSocket instead of IPC.
import { apiError } from '../../src/api/errors.ts';
import { EVENT_CHANNEL } from '../../src/api/methods.ts';
import { fail, type Result } from '../../src/api/result.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

let socket: WebSocket | null = null;
let opening: Promise<WebSocket> | null = null;
let nextId = 1;
const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<string, Set<Listener>>();

function connect(): Promise<WebSocket> {
  if (socket && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
  if (opening) return opening;
  opening = new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`);
    ws.addEventListener('open', () => {
      socket = ws;
      opening = null;
      resolve(ws);
    });
    ws.addEventListener('error', () => {
      opening = null;
      reject(new Error('connection failed'));
    });
    ws.addEventListener('close', () => {
      if (socket === ws) socket = null;
      // Calls in flight cannot be answered any more; the next call reconnects.
      for (const settle of pending.values()) settle(fail(apiError('TRANSPORT_FAILED')));
      pending.clear();
    });
    ws.addEventListener('message', (message) => {
      let data: { type?: string; id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (data.type === 'result' && typeof data.id === 'number') {
        pending.get(data.id)?.(data.result ?? fail(apiError('TRANSPORT_FAILED')));
        pending.delete(data.id);
      } else if (data.type === 'event') {
        for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener({}, data.event, data.payload);
      }
    });
  });
  return opening;
}

export const ipcRenderer = {
  async invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    const ws = await connect();
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method: channel.replace(/^carnet:/, ''), input }));
    });
  },
  on(channel: string, listener: Listener) {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)?.add(listener);
    // Open the socket now so events arrive even before the first call.
    connect().catch(() => undefined);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    listeners.get(channel)?.delete(listener);
    return ipcRenderer;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    Object.defineProperty(window, key, { value: Object.freeze(api), writable: false, configurable: false });
  },
};
