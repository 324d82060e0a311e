import { createCore, type Core } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import type { Result } from '../../src/api/result.ts';
import { makeTempDir } from './temp-dir.ts';

export const ADMIN = { username: 'admin', displayName: 'Site Admin', password: 'correct horse battery' };
export const CENTRE = { name: 'Asylum Centre Krnjača', country: 'RS', code: 'RS-KRN' };
const ctx = { transport: 'test' as const };

export interface TestStore {
  dir: string;
  core: Core;
  call(method: string, input?: unknown): Promise<Result<unknown>>;
  /** Call and return the value, failing the test with the error code otherwise. */
  value<T = Record<string, unknown>>(method: string, input?: unknown): Promise<T>;
  recoveryKey: string;
  /** A second core on the same folder (another process, or the app after a restart). */
  reopen(): TestStore;
  cleanup(): void;
}

function wrap(dir: string, core: Core, recoveryKey: string, cleanup: () => void): TestStore {
  const call = (method: string, input: unknown = {}) => core.handlers.invoke(method, input, ctx);
  return {
    dir,
    core,
    call,
    recoveryKey,
    async value(method, input) {
      const result = await call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${JSON.stringify(result.error.details ?? {})}`);
      return result.value as never;
    },
    reopen() {
      core.close();
      return wrap(dir, createCore({ dataDir: dir, mode: 'cli', logger: SILENT_LOGGER }), recoveryKey, cleanup);
    },
    cleanup() {
      core.close();
      cleanup();
    },
  };
}

/** A temp data folder with a centre set up and the admin logged in. */
export async function setUpStore(): Promise<TestStore> {
  const temp = makeTempDir();
  const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
  const result = await core.handlers.invoke('setup.createCentre', { centre: CENTRE, admin: ADMIN }, ctx);
  if (!result.ok) throw new Error(`set-up failed: ${result.error.code}`);
  return wrap(temp.dir, core, (result.value as { recoveryKey: string }).recoveryKey, temp.cleanup);
}
