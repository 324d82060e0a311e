import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { SETTINGS_FILE } from '../../src/settings/settings.service.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const ctx = { transport: 'test' as const };
let cleanup: () => void = () => undefined;
afterEach(() => cleanup());

function core() {
  const temp = makeTempDir();
  cleanup = temp.cleanup;
  return { dir: temp.dir, core: createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER }) };
}

describe('settings', () => {
  it('starts by following the system language', async () => {
    const { core: c } = core();
    expect(await c.handlers.invoke('settings.get', {}, ctx)).toEqual({ ok: true, value: { uiLanguage: null } });
  });

  it('persists the interface language in the data folder across restarts', async () => {
    const { dir, core: c } = core();
    await c.handlers.invoke('settings.set', { uiLanguage: 'ar' }, ctx);
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ uiLanguage: 'ar' });
    const again = createCore({ dataDir: dir, mode: 'cli', logger: SILENT_LOGGER });
    expect(await again.handlers.invoke('settings.get', {}, ctx)).toEqual({ ok: true, value: { uiLanguage: 'ar' } });
  });

  it('tells every UI that settings changed', async () => {
    const { core: c } = core();
    const seen: unknown[] = [];
    c.events.subscribe((name, payload) => seen.push([name, payload]));
    await c.handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx);
    expect(seen).toEqual([['settings:changed', { uiLanguage: 'el' }]]);
  });

  it('keeps both of two quick changes in order', async () => {
    const { core: c } = core();
    await Promise.all([
      c.handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx),
      c.handlers.invoke('settings.set', { uiLanguage: 'ar' }, ctx),
    ]);
    expect(await c.handlers.invoke('settings.get', {}, ctx)).toEqual({ ok: true, value: { uiLanguage: 'ar' } });
  });

  it('sets a damaged settings file aside instead of failing or overwriting it', async () => {
    const { dir, core: c } = core();
    writeFileSync(join(dir, SETTINGS_FILE), '{"uiLanguage": "el"');
    expect(await c.handlers.invoke('settings.get', {}, ctx)).toEqual({ ok: true, value: { uiLanguage: null } });
    const aside = readdirSync(dir).filter((f) => f.startsWith(`${SETTINGS_FILE}.damaged-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0] as string), 'utf8')).toBe('{"uiLanguage": "el"');
  });

  it('leaves no temporary files behind after saving', async () => {
    const { dir, core: c } = core();
    await c.handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx);
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE]);
  });

  it('answers STORAGE_FAILED when the data folder cannot be written', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const blocker = join(temp.dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const c = createCore({ dataDir: join(blocker, 'data'), mode: 'cli', logger: SILENT_LOGGER });
    expect(await c.handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'STORAGE_FAILED' },
    });
  });
});

describe('app.info', () => {
  it('reports the version, the languages with their direction, and that no store exists yet', async () => {
    const { core: c } = core();
    const result = await c.handlers.invoke('app.info', {}, ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const info = result.value as { version: string; storeReady: boolean; languages: { code: string; dir: string; ui: boolean }[] };
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.storeReady).toBe(false);
    expect(info.languages).toHaveLength(14);
    expect(info.languages.find((l) => l.code === 'ar')).toMatchObject({ dir: 'rtl', ui: true });
    expect(info.languages.filter((l) => l.ui).map((l) => l.code)).toEqual(['en', 'el', 'it', 'hr', 'sl', 'sr', 'sr-Latn', 'ro', 'bg', 'fr', 'ar', 'fa', 'ur', 'ps']);
  });
});
