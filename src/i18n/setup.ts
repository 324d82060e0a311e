import type { InitOptions, Resource } from 'i18next';
import { SOURCE_LANGUAGE } from './languages.ts';

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
  return resources;
}
