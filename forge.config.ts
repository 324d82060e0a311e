import { copyFile, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { appUpdateYaml } from './src/release/metadata.ts';

const SQLITE_MODULE = 'better-sqlite3-multiple-ciphers';
const projectModules = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');

/**
 * Forge's Vite plugin packages only `.vite/`; the SQLCipher driver is left out of the main bundle
 * (vite.main.config.mts) because it loads a native addon from its own folder, so it is copied in here.
 * Its prebuilt addons are Node-API: one build loads in Node and in Electron alike, so the prebuild
 * for the target is enough. Where there is none, the sources go in instead and Forge's rebuild step
 * (@electron/rebuild, `rebuildConfig`) compiles them against Electron's headers.
 */
export async function copySqliteModule(buildPath: string, platform: string, arch: string): Promise<'prebuild' | 'source'> {
  const from = join(projectModules, SQLITE_MODULE);
  const to = join(buildPath, 'node_modules', SQLITE_MODULE);
  await mkdir(to, { recursive: true });
  for (const file of ['package.json', 'LICENSE']) await copyFile(join(from, file), join(to, file));
  await cp(join(from, 'lib'), join(to, 'lib'), { recursive: true });
  const prebuild = join(from, 'prebuilds', `${platform}-${arch}.node`);
  if (existsSync(prebuild)) {
    await mkdir(join(to, 'prebuilds'), { recursive: true });
    await copyFile(prebuild, join(to, 'prebuilds', `${platform}-${arch}.node`));
    return 'prebuild';
  }
  for (const dir of ['src', 'deps']) await cp(join(from, dir), join(to, dir), { recursive: true });
  await copyFile(join(from, 'binding.gyp'), join(to, 'binding.gyp'));
  await cp(join(projectModules, 'node-addon-api'), join(buildPath, 'node_modules', 'node-addon-api'), { recursive: true });
  return 'source';
}

/**
 * electron-updater reads `app-update.yml` from the resources folder (beside `app/` or `app.asar`).
 * CARNET_UPDATE_URL at make time is the feed the app starts with; an admin can set another.
 */
/** HarfBuzz for the PDFs (pure JavaScript and WebAssembly, no dependencies), outside the main bundle. */
export async function copyHarfbuzz(buildPath: string): Promise<void> {
  const to = join(buildPath, 'node_modules', 'harfbuzzjs');
  await mkdir(to, { recursive: true });
  for (const file of ['package.json', 'LICENSE']) await copyFile(join(projectModules, 'harfbuzzjs', file), join(to, file));
  await cp(join(projectModules, 'harfbuzzjs', 'dist'), join(to, 'dist'), { recursive: true });
}

/**
 * OCR's and the QR reader's libraries, outside the main bundle because they load their own files at
 * run time (WebAssembly, worker scripts, pdf.js's fonts, the canvas addon for this platform): each is
 * copied with the dependencies installed for it (optional ones only where installed, so the canvas
 * addon of the build machine's platform). The OCR worker script goes beside them, unpacked.
 */
export const RUNTIME_PACKAGES = ['tesseract.js', 'tesseract.js-core', 'pdfjs-dist', 'zxing-wasm', '@napi-rs/canvas'] as const;

export async function copyRuntimePackages(buildPath: string): Promise<string[]> {
  const copied = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    const from = join(projectModules, name);
    if (copied.has(name) || !existsSync(join(from, 'package.json'))) return;
    copied.add(name);
    await cp(from, join(buildPath, 'node_modules', name), { recursive: true, dereference: true });
    const manifest = JSON.parse(await readFile(join(from, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) await visit(dep);
  };
  for (const name of RUNTIME_PACKAGES) await visit(name);
  await mkdir(join(buildPath, 'ocr'), { recursive: true });
  await copyFile(join(dirname(projectModules), 'src', 'ocr', 'tesseract-worker.mjs'), join(buildPath, 'ocr', 'tesseract-worker.mjs'));
  return [...copied].sort();
}

export async function writeAppUpdateConfig(buildPath: string, url = process.env.CARNET_UPDATE_URL ?? null): Promise<string> {
  const file = join(dirname(buildPath), 'app-update.yml');
  await writeFile(file, appUpdateYaml({ url }));
  return file;
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Carnet',
    executableName: 'carnet',
    // Native addons cannot be loaded from inside the archive; nor can worker scripts and the
    // WebAssembly the OCR workers read from their own folders.
    asar: { unpack: '{**/*.node,ocr/**,node_modules/tesseract.js/**,node_modules/tesseract.js-core/**}' },
    // Fonts, OCR engine and language data and value sets (resources/), translations, migrations.
    extraResource: ['resources', 'locales', 'migrations'],
  },
  rebuildConfig: { onlyModules: [SQLITE_MODULE] },
  makers: [
    new MakerSquirrel({ name: 'Carnet' }),
    new MakerZIP({}, ['linux', 'darwin', 'win32']),
    new MakerDeb({ options: { name: 'carnet', productName: 'Carnet', categories: ['Office', 'Science'] } }),
  ],
  hooks: {
    // Runs after the app is copied into the package and before Forge's native rebuild.
    async packageAfterCopy(_config, buildPath, _electronVersion, platform, arch) {
      await copySqliteModule(buildPath, platform, arch);
      await copyHarfbuzz(buildPath);
      await copyRuntimePackages(buildPath);
      await writeAppUpdateConfig(buildPath);
    },
  },
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/main.ts', config: 'vite.main.config.mts', target: 'main' },
        { entry: 'main/preload.ts', config: 'vite.preload.config.mts', target: 'preload' },
        // The thread that draws a group's booklets (src/booklet/render-pool.ts).
        { entry: 'src/booklet/booklet-worker.ts', config: 'vite.main.config.mts', target: 'main' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.mts' }],
    }),
    // Lock the binary down: no ELECTRON_RUN_AS_NODE, no --inspect, no NODE_OPTIONS, app only from the
    // ASAR archive, with its integrity checked.
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    }),
  ],
};

export default config;
