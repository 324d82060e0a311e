// The real desktop app: launch Electron, see the window, call app.info over IPC. Runs wherever
// Electron's binary is installed; on machines that cannot download it, skipped with the reason.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { makeTempDir } from '../helpers/temp-dir.ts';

const root = join(import.meta.dirname, '..', '..');
const binary = electronBinary(root);
if (!binary) {
  console.warn("[electron smoke] skipped: Electron's binary is not installed here (node_modules/electron/path.txt or dist/ missing).");
}

describe.skipIf(!binary)('the desktop app (real Electron)', () => {
  let app: ElectronApplication | undefined;
  const temp = makeTempDir();
  afterAll(async () => {
    await app?.close();
    temp.cleanup();
  });

  it('opens its window and answers app.info over IPC', async () => {
    const build = spawnSync('npx', ['electron-forge', 'package'], { cwd: root, stdio: 'inherit' });
    expect(build.status).toBe(0);
    // The packaged app, as a centre would run it (fuses on, app from the ASAR archive).
    const out = join(root, 'out', `Carnet-${process.platform}-${process.arch}`);
    const executable = {
      win32: join(out, 'carnet.exe'),
      darwin: join(out, 'Carnet.app', 'Contents', 'MacOS', 'Carnet'),
    }[process.platform as string] ?? join(out, 'carnet');
    app = await _electron.launch({ executablePath: executable, env: { ...process.env, CARNET_DATA_DIR: temp.dir } });
    const window = await app.firstWindow();
    await window.getByRole('navigation').waitFor();
    const info = await window.evaluate(() => globalThis.window.carnet?.invoke('app.info', {}));
    expect(info).toMatchObject({ ok: true, value: { mode: 'electron' } });
  });
});
