import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT, EVENTS } from '../../src/api/contract.ts';
import { ERROR_CODES, ERROR_MESSAGE_KEYS } from '../../src/api/errors.ts';
import { EVENT_NAMES, METHOD_NAMES } from '../../src/api/methods.ts';
import { UI_LANGUAGE_CODES } from '../../src/i18n/languages.ts';
import { checkLocale, expectedKeys, flatten, placeholders, type LocaleTree } from '../../src/i18n/locale-check.ts';
import { resourcesFromModules } from '../../src/i18n/setup.ts';

const localesDir = join(import.meta.dirname, '..', '..', 'locales');

function load(lng: string, ns: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(localesDir, lng, `${ns}.json`), 'utf8'));
}

describe('the contract', () => {
  it('has a schema pair for exactly the method names the preload allows', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual([...METHOD_NAMES].sort());
    expect(Object.keys(EVENTS).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('names methods domain.verb and events domain:event', () => {
    for (const m of METHOD_NAMES) expect(m).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    for (const e of EVENT_NAMES) expect(e).toMatch(/^[a-z]+:[a-z][A-Za-z]*$/);
  });

  it('gives every error code an English message', () => {
    const en = load('en', 'errors');
    for (const code of ERROR_CODES) {
      const key = ERROR_MESSAGE_KEYS[code].replace(/^errors:/, '');
      expect(en[key], code).toEqual(expect.any(String));
    }
  });
});

describe('the locale files', () => {
  const namespaces = readdirSync(join(localesDir, 'en')).map((f) => f.replace(/\.json$/, ''));
  /** Languages made from another at load time (src/i18n/setup.ts), with no files of their own. */
  const DERIVED = ['sr-Latn'];
  const translated = UI_LANGUAGE_CODES.filter((l) => !DERIVED.includes(l));

  it('exist for every interface language and namespace', () => {
    for (const lng of translated) {
      expect(readdirSync(join(localesDir, lng)).sort(), lng).toEqual(namespaces.map((n) => `${n}.json`).sort());
    }
  });

  it('use the plural categories of English for English plural keys', () => {
    for (const ns of namespaces) {
      const en = [...flatten(load('en', ns) as LocaleTree).keys()];
      expect(en.sort()).toEqual(expectedKeys(en, 'en'));
    }
  });

  it.each(translated.filter((l) => l !== 'en'))('translate every English key into %s, with its plural forms, its placeholders, and no others', (lng) => {
    for (const ns of namespaces) {
      expect(checkLocale(load('en', ns) as LocaleTree, load(lng, ns) as LocaleTree, lng), `${lng}/${ns}`).toEqual([]);
    }
  });

  it('derive Serbian Latin from Serbian Cyrillic, letter for letter, placeholders kept', () => {
    const resources = resourcesFromModules(Object.fromEntries(['en', 'sr'].flatMap((lng) => namespaces.map((ns) => [`locales/${lng}/${ns}.json`, load(lng, ns)]))));
    const latin = flatten(resources['sr-Latn']?.['common'] as LocaleTree);
    const cyrillic = flatten(load('sr', 'common') as LocaleTree);
    expect([...latin.keys()].sort()).toEqual([...cyrillic.keys()].sort());
    for (const [key, text] of latin) {
      expect(text, key).not.toMatch(/[\u0400-\u04FF]/);
      expect(placeholders(text), key).toEqual(placeholders(cyrillic.get(key) as string));
    }
  });
});
