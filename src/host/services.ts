import type { AppInfo, Settings, SettingsPatch } from '../api/contract.ts';

/** Who is calling, and over which transport. Later: the logged-in user and role. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'ws' | 'cli' | 'test';
}

/** The services the host binds the contract to; each group lives in its own folder of src/. */
export interface Services {
  app: {
    info(ctx: CallContext): Promise<AppInfo>;
  };
  settings: {
    get(): Promise<Settings>;
    set(patch: SettingsPatch): Promise<Settings>;
  };
}
