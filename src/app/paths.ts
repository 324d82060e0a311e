import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The folder Electron calls `userData` for an app named "Carnet", so the desktop app and browser
 * mode on the same machine use the same data. CARNET_DATA_DIR overrides it (tests, portable use).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CARNET_DATA_DIR) return env.CARNET_DATA_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Carnet');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Carnet');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Carnet');
}
