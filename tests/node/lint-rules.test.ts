// The architecture's boundaries are enforced by lint; these tests prove each rule fires, so a
// config change that silently disables one fails here.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function ruleIds(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

describe('lint boundaries', () => {
  it.each([
    ['src/api/x.ts', "import { readFile } from 'node:fs';\nexport const f = readFile;\n"],
    ['src/i18n/x.ts', "import path from 'path';\nexport const p = path;\n"],
    ['src/domain/x.ts', "import { open } from '../db/open.ts';\nexport const o = open;\n"],
    ['src/records/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/host/x.ts', "import { createMainWindow } from '../../main/window.ts';\nexport const w = createMainWindow;\n"],
    ['renderer/features/x.tsx', "import { createCore } from '../../src/app/services.ts';\nexport const c = createCore;\n"],
    ['renderer/features/x.tsx', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['renderer/features/x.tsx', "import fs from 'node:fs';\nexport const f = fs;\n"],
    ['renderer/features/x.tsx', "import { registerIpc } from '../../main/ipc.ts';\nexport const r = registerIpc;\n"],
    ['main/preload.ts', "import { CONTRACT } from '../src/api/contract.ts';\nexport const c = CONTRACT;\n"],
  ])('refuses the import in %s: %s', async (path, code) => {
    expect(await ruleIds(path, code)).toContain('no-restricted-imports');
  });

  it.each([
    'sandbox: false',
    'contextIsolation: false',
    'webSecurity: false',
    'nodeIntegration: true',
    'nodeIntegrationInWorker: true',
    'nodeIntegrationInSubFrames: true',
    'allowRunningInsecureContent: true',
    'experimentalFeatures: true',
    'webviewTag: true',
    "enableBlinkFeatures: 'X'",
  ])('refuses the weakened window setting %s', async (setting) => {
    const code = `export const prefs = { ${setting} };\n`;
    expect(await ruleIds('main/window.ts', code)).toContain('no-restricted-syntax');
  });

  it('refuses opening DevTools from code, innerHTML and eval', async () => {
    expect(await ruleIds('main/x.ts', 'export function f(w: { webContents: { openDevTools(): void } }) { w.webContents.openDevTools(); }\n')).toContain('no-restricted-syntax');
    expect(await ruleIds('renderer/x.ts', 'export function f(e: HTMLElement, s: string) { e.innerHTML = s; }\n')).toEqual(
      expect.arrayContaining(['no-unsanitized/property']),
    );
    expect(await ruleIds('src/host/x.ts', "export const v = eval('1');\n")).toContain('no-eval');
  });

  it('accepts the allowed imports', async () => {
    expect(await ruleIds('renderer/x.ts', "import { CONTRACT } from '../src/api/contract.ts';\nexport const c = CONTRACT;\n")).toEqual([]);
    expect(await ruleIds('src/host/x.ts', "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n")).toEqual([]);
  });
});
