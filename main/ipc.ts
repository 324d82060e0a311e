import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { apiError } from '../src/api/errors.ts';
import { methodChannel } from '../src/api/methods.ts';
import { fail } from '../src/api/result.ts';
import type { Handlers } from '../src/host/handlers.ts';

/** One IPC channel per contract method, each checking the sender before the host sees the call. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: Handlers,
  isTrusted: (frame: WebFrameMain | null) => boolean,
): void {
  for (const method of handlers.methods) {
    ipcMain.handle(methodChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrusted(event.senderFrame)) return fail(apiError('FORBIDDEN', { reason: 'untrusted-sender' }));
      return handlers.invoke(method, input, { transport: 'ipc' });
    });
  }
}
