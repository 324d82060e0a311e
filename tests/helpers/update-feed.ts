// What the update tests need to run the real electron-updater without Electron: an app adapter, an
// HTTP executor on Node's http module (electron-updater's own uses Electron's net), a loopback
// generic feed, a stand-in for the one `require('electron')` its quitAndInstall makes, and a
// release folder made the way `npm run release:sign` makes it. No runtime import of electron-updater
// here, so a test may mock it and still use these.
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import { appUpdateYaml } from '../../src/release/metadata.ts';
import { writeRelease, type MadeArtifact } from '../../src/release/release-builder.ts';

/** electron-updater's HTTP executor on Node's http module, as electron-builder's own tests use. */
export class NodeHttpExecutor extends HttpExecutor<ReturnType<typeof httpRequest>> {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error ? reject(error) : resolve(destination)),
          responseHandler: null,
        },
        0,
      );
    });
  }

  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void) {
    // One connection per request: builder-util-runtime adds a timeout listener per request to the socket.
    return httpRequest({ ...options, agent: false }, callback);
  }
}

export class TestAppAdapter implements AppAdapter {
  readonly name = 'Carnet';
  readonly isPackaged = true;
  quits = 0;
  relaunches = 0;
  private quitHandlers: ((code: number) => void)[] = [];
  readonly version: string;
  readonly appUpdateConfigPath: string;
  readonly userDataPath: string;
  readonly baseCachePath: string;
  constructor(options: { version: string; appUpdateConfigPath: string; userDataPath: string; baseCachePath: string }) {
    this.version = options.version;
    this.appUpdateConfigPath = options.appUpdateConfigPath;
    this.userDataPath = options.userDataPath;
    this.baseCachePath = options.baseCachePath;
  }
  whenReady() {
    return Promise.resolve();
  }
  relaunch() {
    this.relaunches += 1;
  }
  quit() {
    this.quits += 1;
  }
  onQuit(handler: (code: number) => void) {
    this.quitHandlers.push(handler);
  }
  /** The app quits on its own (window closed), as opposed to "Restart and install". */
  emitQuit(code = 0) {
    for (const handler of this.quitHandlers) handler(code);
  }
}

/**
 * BaseUpdater.quitAndInstall emits `before-quit-for-update` on `require('electron').autoUpdater`. That
 * CommonJS require inside node_modules is not reached by vi.mock, so its cache entry is filled.
 */
export function standInForElectronRequire(): { autoUpdater: EventEmitter; restore: () => void } {
  const require = createRequire(import.meta.url);
  const path = require.resolve('electron');
  const previous = require.cache[path];
  const autoUpdater = new EventEmitter();
  require.cache[path] = { id: path, filename: path, loaded: true, exports: { autoUpdater } } as NodeJS.Module;
  return {
    autoUpdater,
    restore: () => {
      if (previous) require.cache[path] = previous;
      else delete require.cache[path];
    },
  };
}

export interface FeedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A generic feed on loopback: serves a folder as it is at each request, and logs the requests. */
export async function startFeed(dir: string): Promise<{ url: string; requests: FeedRequest[]; close: () => Promise<void> }> {
  const requests: FeedRequest[] = [];
  const server = createServer((req, res) => {
    // The feed lives under /carnet/, as on a real server, so relative file URLs are resolved for real.
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const path = pathname.startsWith('/carnet/') ? pathname.slice('/carnet/'.length) : '';
    requests.push({ path, headers: req.headers });
    const file = join(dir, path);
    if (path === '' || path.includes('/') || path.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/carnet/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A made .deb (random bytes: nothing installs it) in Forge's layout, for this machine's arch. */
export function makeDeb(makeDir: string, version: string, bytes = 300_000): MadeArtifact {
  const dir = join(makeDir, 'deb', process.arch);
  mkdirSync(dir, { recursive: true });
  const name = `carnet_${version}_${process.arch === 'x64' ? 'amd64' : process.arch}.deb`;
  writeFileSync(join(dir, name), randomBytes(bytes));
  return { source: join(dir, name), platform: 'linux', arch: process.arch, name };
}

/** A release folder for `version` signed with `privateKeyPem`, as `npm run release:sign` writes it. */
export async function makeRelease(root: string, version: string, privateKeyPem: string, releaseNotes = 'Vitals chart shows the units.') {
  const outDir = join(root, `release-${version}`);
  const artifact = makeDeb(join(root, `make-${version}`), version);
  const written = await writeRelease({ artifacts: [artifact], outDir, version, releaseDate: new Date('2026-03-01T09:00:00Z'), releaseNotes, privateKeyPem });
  return { dir: outDir, artifact, written };
}

export function writeAppUpdateYaml(dir: string, url: string | null): string {
  const path = join(dir, 'app-update.yml');
  writeFileSync(path, appUpdateYaml({ url }));
  return path;
}
