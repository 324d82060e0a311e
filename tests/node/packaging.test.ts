// What `npm run make` does that can be run without Electron's binary: Forge's config loaded the way
// Forge loads it (jiti), its packaging hook run on a stand-in package folder, and the main process
// built with Forge's own Vite config for the main target.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { ForgeConfig } from '@electron-forge/shared-types';
import type * as Jiti from 'jiti';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const temp = makeTempDir('carnet-packaging-');
afterAll(() => temp.cleanup());

async function forgeConfig(): Promise<ForgeConfig> {
  const { createJiti } = (await import(join(root, 'node_modules', 'jiti', 'lib', 'jiti.mjs'))) as typeof Jiti;
  const jiti = createJiti(join(root, 'node_modules', '@electron-forge', 'core', 'dist', 'util', 'forge-config.js'));
  const loaded = (await jiti.import(join(root, 'forge.config.ts'))) as { default?: ForgeConfig } & ForgeConfig;
  return loaded.default ?? loaded;
}

describe('packaging', () => {
  it("puts app-update.yml beside the app and a loadable SQLCipher driver in it, as Forge's hook runs", async () => {
    const config = await forgeConfig();
    expect(config.packagerConfig?.asar).toEqual({ unpack: '{**/*.node,ocr/**,node_modules/tesseract.js/**,node_modules/tesseract.js-core/**}' });
    expect(config.rebuildConfig).toEqual({ onlyModules: ['better-sqlite3-multiple-ciphers'] });
    const buildPath = join(temp.dir, 'Carnet-linux-x64', 'resources', 'app');
    mkdirSync(buildPath, { recursive: true });
    const previous = process.env.CARNET_UPDATE_URL;
    process.env.CARNET_UPDATE_URL = 'https://updates.example.org/carnet/';
    try {
      const hook = config.hooks?.packageAfterCopy as (...args: unknown[]) => Promise<void>;
      await hook(config, buildPath, '45.4.1', process.platform, process.arch);
    } finally {
      if (previous === undefined) delete process.env.CARNET_UPDATE_URL;
      else process.env.CARNET_UPDATE_URL = previous;
    }
    expect(load(readFileSync(join(buildPath, '..', 'app-update.yml'), 'utf8'))).toEqual({
      provider: 'generic',
      url: 'https://updates.example.org/carnet/',
      updaterCacheDirName: 'carnet-updater',
    });
    // The copy resolves from the packaged app's node_modules and opens an encrypted database.
    const requireFromApp = createRequire(join(buildPath, 'main.cjs'));
    const Database = requireFromApp('better-sqlite3-multiple-ciphers') as new (path: string) => { pragma(sql: string, o?: object): unknown; close(): void };
    expect(requireFromApp.resolve('better-sqlite3-multiple-ciphers')).toContain(buildPath);
    const db = new Database(':memory:');
    expect(db.pragma('cipher', { simple: true })).toBe('chacha20');
    db.close();
    // OCR's and the QR reader's libraries resolve from the app, and the OCR worker script beside them finds tesseract.js.
    for (const name of ['tesseract.js', 'tesseract.js-core/package.json', 'pdfjs-dist/legacy/build/pdf.mjs', 'zxing-wasm/reader/zxing_reader.wasm', '@napi-rs/canvas']) {
      expect(requireFromApp.resolve(name), name).toContain(buildPath);
    }
    expect(createRequire(join(buildPath, 'ocr', 'tesseract-worker.mjs')).resolve('tesseract.js/src/worker-script/node/index.js')).toContain(buildPath);
    expect(existsSync(join(buildPath, 'node_modules', 'tesseract.js', 'node_modules')) || existsSync(join(buildPath, 'node_modules', 'bmp-js'))).toBe(true);
  });

  it("bundles electron-updater into the main process with Forge's Vite config, leaving out only Electron, the SQLCipher driver and HarfBuzz", async () => {
    const { build } = await import('vite');
    const { getConfig } = (await import(join(root, 'node_modules', '@electron-forge', 'plugin-vite', 'dist', 'config', 'vite.main.config.js'))) as {
      getConfig: (env: unknown, user: unknown) => Record<string, unknown> & { build: Record<string, unknown> };
    };
    const user = (await import('../../vite.main.config.mts')).default;
    const target = { entry: 'main/main.ts', config: 'vite.main.config.mts', target: 'main' };
    const env = { root, mode: 'production', command: 'build', forgeConfig: { build: [target], renderer: [{ name: 'main_window' }] }, forgeConfigSelf: target };
    const config = getConfig(env, user);
    const outDir = join(temp.dir, 'vite-build');
    await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, minify: false } });
    const bundle = readFileSync(join(outDir, 'main.cjs'), 'utf8');
    // Code only: block comments (a library's JSDoc shows `require("…")` examples) do not load anything.
    const code = bundle.replace(/\/\*[\s\S]*?\*\//g, '');
    const external = new Set([...code.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) => m[1]).filter((m) => !m?.startsWith('node:')));
    const builtins = new Set((await import('node:module')).builtinModules);
    // OCR's and the QR reader's libraries load their own WebAssembly, workers and addons from their folders.
    const outside = ['@napi-rs/canvas', 'better-sqlite3-multiple-ciphers', 'electron', 'pdfjs-dist', 'tesseract.js', 'zxing-wasm'];
    expect(
      [...external].filter((m) => !builtins.has(m as string)).map((m) => (m as string).split('/').slice(0, (m as string).startsWith('@') ? 2 : 1).join('/')).filter((m, i, all) => all.indexOf(m) === i).sort(),
      [...external].join(),
    ).toEqual(outside.filter((m) => [...external].some((e) => (e as string).startsWith(m))));
    expect([...external]).toEqual(expect.arrayContaining(['better-sqlite3-multiple-ciphers', 'electron']));
    // HarfBuzz is loaded by a dynamic import (its top-level await), from the copy the hook puts beside the app.
    expect(bundle).toMatch(/import\(["']harfbuzzjs["']\)/);
    expect(bundle).toContain('carnet-release-signature');
    expect(bundle).toContain('x-user-staging-id');
  }, 60_000);
});
