import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

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
