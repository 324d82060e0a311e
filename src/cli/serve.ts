import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../app/services.ts';
import { createConsoleLogger } from '../host/log.ts';
import { startBrowserServer, type BrowserServer } from '../server/browser-server.ts';

export interface ServeOptions {
  root: string;
  dataDir: string;
  port?: number;
}

/** Where the builds that browser mode serves live, relative to the project (or packaged app) root. */
export function browserAssets(root: string): { staticDir: string; bridgeFile: string } {
  return {
    staticDir: join(root, '.vite', 'renderer', 'main_window'),
    bridgeFile: join(root, '.vite', 'browser', 'carnet-bridge.js'),
  };
}

export async function serve(options: ServeOptions): Promise<BrowserServer> {
  const assets = browserAssets(options.root);
  if (!existsSync(join(assets.staticDir, 'index.html')) || !existsSync(assets.bridgeFile)) {
    throw new Error('The interface is not built yet: run `npm run build` first.');
  }
  const logger = createConsoleLogger('browser');
  const core = createCore({ dataDir: options.dataDir, mode: 'browser', logger });
  return startBrowserServer({ handlers: core.handlers, ...assets, port: options.port, logger });
}
