// Countries (ISO 3166-1 alpha-2) with their names in every language of the programme, from the
// maintained i18n-iso-countries data.
import { PSEUDO_LOCALE, pseudoLocalize } from '../../i18n/pseudo.ts';
import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import bg from 'i18n-iso-countries/langs/bg.json' with { type: 'json' };
import el from 'i18n-iso-countries/langs/el.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import fa from 'i18n-iso-countries/langs/fa.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import hr from 'i18n-iso-countries/langs/hr.json' with { type: 'json' };
import it from 'i18n-iso-countries/langs/it.json' with { type: 'json' };
import ps from 'i18n-iso-countries/langs/ps.json' with { type: 'json' };
import ro from 'i18n-iso-countries/langs/ro.json' with { type: 'json' };
import sl from 'i18n-iso-countries/langs/sl.json' with { type: 'json' };
import sr from 'i18n-iso-countries/langs/sr.json' with { type: 'json' };
import ur from 'i18n-iso-countries/langs/ur.json' with { type: 'json' };
import type { LanguageCode } from '../../i18n/languages.ts';
import { serbianCyrillicToLatin } from '../../i18n/serbian-latin.ts';

for (const data of [ar, bg, el, en, fa, fr, hr, it, ps, ro, sl, sr, ur]) countries.registerLocale(data);

export function countryCodes(): string[] {
  return Object.keys(countries.getAlpha2Codes()).sort();
}

/** The country's name in a language of the programme; English where a name is missing. */
export function countryName(code: string, lng: LanguageCode): string | undefined {
  if (lng === 'sr-Latn') {
    const cyrillic = countries.getName(code, 'sr');
    return cyrillic === undefined ? undefined : serbianCyrillicToLatin(cyrillic);
  }
  const english = countries.getName(code, 'en');
  if ((lng as string) === PSEUDO_LOCALE) return english === undefined ? undefined : pseudoLocalize(english);
  return countries.getName(code, lng) ?? english;
}
