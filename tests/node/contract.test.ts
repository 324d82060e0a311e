import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT, EVENTS } from '../../src/api/contract.ts';
import { ERROR_CODES, ERROR_MESSAGE_KEYS } from '../../src/api/errors.ts';
import { EVENT_NAMES, METHOD_NAMES } from '../../src/api/methods.ts';
import { UI_LANGUAGE_CODES } from '../../src/i18n/languages.ts';

const localesDir = join(import.meta.dirname, '..', '..', 'locales');

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k));
}

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

  it('exist for every interface language and namespace', () => {
    for (const lng of UI_LANGUAGE_CODES) {
      expect(readdirSync(join(localesDir, lng)).sort(), lng).toEqual(namespaces.map((n) => `${n}.json`).sort());
    }
  });

  // A plural key exists once per plural category of the language (`_one`, `_few`, ...), as CLDR says.
  const PLURAL = /_(zero|one|two|few|many|other)$/;
  function expected(enKeys: string[], lng: string): string[] {
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    const bases = new Set(enKeys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    return [...enKeys.filter((k) => !PLURAL.test(k)), ...[...bases].flatMap((b) => categories.map((c) => `${b}_${c}`))].sort();
  }

  it('use the plural categories of English for English plural keys', () => {
    for (const ns of namespaces) {
      const en = flatKeys(load('en', ns));
      expect(en.sort()).toEqual(expected(en, 'en'));
    }
  });

  it.each(UI_LANGUAGE_CODES.filter((l) => l !== 'en'))('translate every English key into %s, with its plural forms, and no others', (lng) => {
    for (const ns of namespaces) {
      const want = expected(flatKeys(load('en', ns)), lng);
      const other = load(lng, ns);
      expect(flatKeys(other).sort(), `${lng}/${ns}`).toEqual(want);
      for (const key of want) {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], other);
        expect(String(value).trim(), `${lng}/${ns}:${key}`).not.toBe('');
      }
    }
  });
});
