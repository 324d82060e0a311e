import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { directionOf, SOURCE_LANGUAGE } from '../src/i18n/languages.ts';
import { i18nOptions, resourcesFromModules } from '../src/i18n/setup.ts';

const modules = import.meta.glob('../locales/*/*.json', { eager: true, import: 'default' });

export const i18n = i18next.createInstance();

export async function initI18n(): Promise<typeof i18n> {
  await i18n.use(initReactI18next).init(i18nOptions(resourcesFromModules(modules), SOURCE_LANGUAGE));
  return i18n;
}

/** Switch language and mirror the whole document for right-to-left scripts. */
export async function applyLanguage(lng: string): Promise<void> {
  await i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
  document.documentElement.dir = directionOf(lng);
}
