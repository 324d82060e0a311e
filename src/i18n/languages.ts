// The languages of the programme, every one with its interface translation (`ui`; Serbian Latin is
// derived from Serbian Cyrillic, see src/i18n/setup.ts).
export type TextDirection = 'ltr' | 'rtl';

export interface LanguageInfo {
  code: string;
  englishName: string;
  nativeName: string;
  dir: TextDirection;
  script: 'Latn' | 'Grek' | 'Cyrl' | 'Arab';
  ui: boolean;
}

export const LANGUAGES = [
  { code: 'en', englishName: 'English', nativeName: 'English', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'el', englishName: 'Greek', nativeName: 'Ελληνικά', dir: 'ltr', script: 'Grek', ui: true },
  { code: 'it', englishName: 'Italian', nativeName: 'Italiano', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'hr', englishName: 'Croatian', nativeName: 'Hrvatski', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'sl', englishName: 'Slovenian', nativeName: 'Slovenščina', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'sr', englishName: 'Serbian (Cyrillic)', nativeName: 'Српски', dir: 'ltr', script: 'Cyrl', ui: true },
  { code: 'sr-Latn', englishName: 'Serbian (Latin)', nativeName: 'Srpski', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'ro', englishName: 'Romanian', nativeName: 'Română', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'bg', englishName: 'Bulgarian', nativeName: 'Български', dir: 'ltr', script: 'Cyrl', ui: true },
  { code: 'fr', englishName: 'French', nativeName: 'Français', dir: 'ltr', script: 'Latn', ui: true },
  { code: 'ar', englishName: 'Arabic', nativeName: 'العربية', dir: 'rtl', script: 'Arab', ui: true },
  { code: 'fa', englishName: 'Persian', nativeName: 'فارسی', dir: 'rtl', script: 'Arab', ui: true },
  { code: 'ur', englishName: 'Urdu', nativeName: 'اردو', dir: 'rtl', script: 'Arab', ui: true },
  { code: 'ps', englishName: 'Pashto', nativeName: 'پښتو', dir: 'rtl', script: 'Arab', ui: true },
] as const satisfies readonly LanguageInfo[];

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

type UiEntry = Extract<(typeof LANGUAGES)[number], { ui: true }>;
export type UiLanguageCode = UiEntry['code'];

export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as [LanguageCode, ...LanguageCode[]];

export const UI_LANGUAGE_CODES = LANGUAGES.filter((l): l is UiEntry => l.ui).map((l) => l.code) as [
  UiLanguageCode,
  ...UiLanguageCode[],
];

export const SOURCE_LANGUAGE: UiLanguageCode = 'en';

/** The programme's countries and the language a centre there works in by default. */
export const COUNTRY_DEFAULT_LANGUAGE: Readonly<Record<string, LanguageCode>> = {
  GR: 'el',
  IT: 'it',
  HR: 'hr',
  SI: 'sl',
  CY: 'el',
  RO: 'ro',
  RS: 'sr',
  BG: 'bg',
};

export function languageInfo(code: string): LanguageInfo | undefined {
  return LANGUAGES.find((l) => l.code === code);
}

export function directionOf(code: string): TextDirection {
  return languageInfo(code)?.dir ?? 'ltr';
}

export function isUiLanguage(code: unknown): code is UiLanguageCode {
  return typeof code === 'string' && (UI_LANGUAGE_CODES as readonly string[]).includes(code);
}

/**
 * The best interface language for a list of preferences such as navigator.languages
 * (`['ar-SY', 'en-GB']`): exact match first, then the base language, else English.
 */
export function pickUiLanguage(preferences: readonly string[]): UiLanguageCode {
  for (const pref of preferences) {
    if (isUiLanguage(pref)) return pref;
    const base = pref.split('-')[0];
    if (isUiLanguage(base)) return base;
  }
  return SOURCE_LANGUAGE;
}
