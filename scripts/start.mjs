// `npm start`: the desktop app where Electron's binary is installed, browser mode otherwise (or with
// `npm start -- --browser`). Browser mode rebuilds the interface first if its sources changed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((a) => a !== '--browser');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const built = [join(root, '.vite/renderer/main_window/index.html'), join(root, '.vite/browser/carnet-bridge.js')];
  if (!built.every(existsSync)) return true;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const sources = ['renderer', 'locales', 'src/api', 'src/i18n', 'main/preload.ts', 'package-lock.json'];
  return sources.some((s) => newestMtime(join(root, s)) > builtAt);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!forceBrowser && electronBinary(root)) {
  const child = spawn(npm, ['run', 'electron:start', '--', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  if (!forceBrowser) console.log("Electron's binary is not installed on this machine: starting browser mode instead.");
  if (buildIsStale()) {
    const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const child = spawn(process.execPath, [join(root, 'bin/carnet.mjs'), 'serve', ...passThrough], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
