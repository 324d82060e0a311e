// A verified release folder served as an update feed on the loopback interface, for the few seconds
// the updater needs to copy the installer. So an update from a USB stick goes through exactly the
// same code (signature check, sha512 check, install) as one from the update server.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface FolderFeed {
  /** The feed's base URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

/** Serve `files` (plain names) from `folder` on 127.0.0.1; every other path is 404. */
export async function serveFolderFeed(folder: string, files: readonly string[]): Promise<FolderFeed> {
  const allowed = new Set(files);
  const server = createServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !allowed.has(name)) {
      response.writeHead(404).end();
      return;
    }
    const stream = createReadStream(join(folder, name));
    stream.once('open', () => {
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-store' });
      if (request.method === 'HEAD') {
        stream.destroy();
        response.end();
      } else {
        stream.pipe(response);
      }
    });
    stream.once('error', () => {
      if (!response.headersSent) response.writeHead(404);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
