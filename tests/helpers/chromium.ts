import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serve } from '../../src/cli/serve.ts';
import type { BrowserServer } from '../../src/server/browser-server.ts';

const NAMES = ['chromium', 'chromium-browser', 'chrome', 'google-chrome'];

/** CARNET_CHROMIUM, then Debian's /usr/bin/chromium, then a chrome/chromium on PATH. */
export function findChromium(): string {
  const candidates = [process.env.CARNET_CHROMIUM, '/usr/bin/chromium'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) candidates.push(join(dir, name));
  }
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) {
    throw new Error(
      'No Chromium found for the end-to-end tests. Install it (`apt-get install chromium`) or set CARNET_CHROMIUM to a Chromium or Chrome executable.',
    );
  }
  return found;
}

/** Flags for a closed network: without them Chromium keeps trying to reach Google's hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Browser mode on a data folder, and a Chromium page on it that collects console errors and page errors. */
export interface BrowserSession {
  server: BrowserServer;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions seen so far (a CSP refusal shows here). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowserMode(dataDir: string): Promise<BrowserSession> {
  const server = await serve({ root: join(import.meta.dirname, '..', '..'), dataDir });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ locale: 'en-GB' });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return {
    server,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
