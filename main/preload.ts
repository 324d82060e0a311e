// The preload: the only code with both the page and IPC in reach. It exposes `invoke` and `on` for
// the contract's method and event names and nothing else. Kept free of zod and of any schema, so it
// stays small and runs under the sandbox and the CSP.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL, type CarnetBridge } from '../src/api/bridge.ts';
import { apiError } from '../src/api/errors.ts';
import { EVENT_CHANNEL, isEventName, isMethodName, methodChannel } from '../src/api/methods.ts';
import { fail, type Result } from '../src/api/result.ts';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;
type IpcListener = Parameters<typeof ipcRenderer.on>[1];

export function createBridge(ipc: IpcLike): CarnetBridge {
  return {
    invoke(method, input) {
      if (!isMethodName(method)) return Promise.resolve(fail(apiError('UNKNOWN_METHOD')));
      return (ipc.invoke(methodChannel(method), input) as Promise<Result<unknown>>).catch(() =>
        fail(apiError('TRANSPORT_FAILED')),
      );
    },
    on(event, listener) {
      if (!isEventName(event)) throw new Error('Unknown event');
      const wrapped: IpcListener = (_ipcEvent, name: unknown, payload: unknown) => {
        if (name === event) listener(payload);
      };
      ipc.on(EVENT_CHANNEL, wrapped);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, wrapped);
      };
    },
  };
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
