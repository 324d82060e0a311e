// The interface's translations for what the core writes itself (report PDFs, prints, the CLI): the
// same locales/<lng>/<ns>.json files and i18next options as the renderer, read from disk once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance, type Resource, type TFunction } from 'i18next';
import { i18nOptions, NAMESPACES, withDerivedLanguages } from '../i18n/setup.ts';

let configuredDir: string | undefined;

/** Where locales/ is when the app is packaged (its resources folder); set once by createCore. */
export function setLocalesDir(dir: string | undefined): void {
  configuredDir = dir;
}

export function defaultLocalesDir(): string {
  return configuredDir ?? join(import.meta.dirname, '..', '..', 'locales');
}

const cache = new Map<string, Resource>();

function resources(dir: string): Resource {
  const cached = cache.get(dir);
  if (cached) return cached;
  const out: Resource = {};
  for (const lng of readdirSync(dir)) {
    for (const ns of NAMESPACES) {
      try {
        out[lng] ??= {};
        out[lng][ns] = JSON.parse(readFileSync(join(dir, lng, `${ns}.json`), 'utf8')) as Record<string, unknown>;
      } catch {
        // A language without this namespace falls back to English.
      }
    }
  }
  withDerivedLanguages(out);
  cache.set(dir, out);
  return out;
}

const translators = new Map<string, Promise<TFunction>>();

/** A `t` for one language, English where a key is missing; one i18next instance per folder and language. */
export function translator(lng: string, dir = defaultLocalesDir()): Promise<TFunction> {
  const key = `${dir}\u0000${lng}`;
  let t = translators.get(key);
  if (!t) {
    const instance = createInstance();
    t = instance.init(i18nOptions(resources(dir), lng)).then(() => instance.t.bind(instance) as TFunction);
    translators.set(key, t);
  }
  return t;
}
