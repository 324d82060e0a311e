import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../api/contract.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import type { CallContext } from '../host/services.ts';
import { DB_FILE } from '../access/store-context.ts';
import { APP_NAME, APP_VERSION } from './version.ts';


export interface AppService {
  info(ctx: CallContext): Promise<AppInfo>;
}

export function createAppService(deps: { dataDir: string; mode: AppInfo['mode'] }): AppService {
  return {
    async info() {
      return {
        name: APP_NAME,
        version: APP_VERSION,
        mode: deps.mode,
        languages: LANGUAGES.map(({ code, nativeName, dir, ui }) => ({ code, nativeName, dir, ui })),
        storeReady: existsSync(join(deps.dataDir, DB_FILE)),
      };
    },
  };
}
