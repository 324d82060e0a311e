import type { InitOptions, Resource } from 'i18next';
import { SOURCE_LANGUAGE } from './languages.ts';
import { PSEUDO_LOCALE, pseudoLocalize } from './pseudo.ts';
import { serbianCyrillicToLatin } from './serbian-latin.ts';

export const NAMESPACES = ['common', 'errors'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Options shared by every i18next instance (renderer now; CLI and prints later). */
export function i18nOptions(resources: Resource, lng: string): InitOptions {
  return {
    resources,
    lng,
    fallbackLng: SOURCE_LANGUAGE,
    ns: [...NAMESPACES],
    defaultNS: 'common',
    // React escapes; PDFs and the CLI never interpret markup.
    interpolation: { escapeValue: false },
    returnNull: false,
  };
}

/** `locales/<lng>/<ns>.json` modules, as a bundler's glob returns them, into i18next resources. */
export function resourcesFromModules(modules: Record<string, unknown>): Resource {
  const resources: Resource = {};
  for (const [path, content] of Object.entries(modules)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lng, ns] = match as unknown as [string, string, string];
    resources[lng] ??= {};
    resources[lng][ns] = content as Record<string, string>;
  }
  return withDerivedLanguages(resources);
}

type Tree = { [key: string]: unknown };

function mapStrings(tree: Tree, f: (s: string) => string): Tree {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? f(v) : typeof v === 'object' && v !== null ? mapStrings(v as Tree, f) : v]));
}

/**
 * Languages made from another: Serbian Latin (`sr-Latn`) is Serbian Cyrillic transliterated, so
 * translators keep one Serbian file (without it i18next would show `sr-Latn` users the Cyrillic text);
 * the pseudo-locale `en-XA` is English accented and lengthened (see pseudo.ts).
 */
export function withDerivedLanguages(resources: Resource): Resource {
  const sr = resources['sr'];
  if (sr && !resources['sr-Latn']) resources['sr-Latn'] = mapStrings(sr as Tree, serbianCyrillicToLatin) as Resource[string];
  const en = resources['en'];
  if (en && !resources[PSEUDO_LOCALE]) resources[PSEUDO_LOCALE] = mapStrings(en as Tree, pseudoLocalize) as Resource[string];
  return resources;
}
