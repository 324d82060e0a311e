// UCUM units used by the LOINC subset, with how each is shown next to a value in each language:
// "/min" reads "per minute", "mm[Hg]" reads "mmHg" or "ملم زئبق". Units outside the set show as written.
import data from '../../../resources/value-sets/ucum.json' with { type: 'json' };
import ar from '../../../resources/value-sets/i18n/ar/ucum.json' with { type: 'json' };
import bg from '../../../resources/value-sets/i18n/bg/ucum.json' with { type: 'json' };
import el from '../../../resources/value-sets/i18n/el/ucum.json' with { type: 'json' };
import en from '../../../resources/value-sets/i18n/en/ucum.json' with { type: 'json' };
import fa from '../../../resources/value-sets/i18n/fa/ucum.json' with { type: 'json' };
import fr from '../../../resources/value-sets/i18n/fr/ucum.json' with { type: 'json' };
import hr from '../../../resources/value-sets/i18n/hr/ucum.json' with { type: 'json' };
import it from '../../../resources/value-sets/i18n/it/ucum.json' with { type: 'json' };
import ps from '../../../resources/value-sets/i18n/ps/ucum.json' with { type: 'json' };
import ro from '../../../resources/value-sets/i18n/ro/ucum.json' with { type: 'json' };
import sl from '../../../resources/value-sets/i18n/sl/ucum.json' with { type: 'json' };
import sr from '../../../resources/value-sets/i18n/sr/ucum.json' with { type: 'json' };
import ur from '../../../resources/value-sets/i18n/ur/ucum.json' with { type: 'json' };
import type { LanguageCode } from '../../i18n/languages.ts';
import { localized, translationStatus, type BaseLanguage, type TranslationFile } from './loinc.ts';

export interface UcumUnit {
  /** The UCUM code stored in a record: Cel, mm[Hg], 10*9/L. */
  code: string;
  /** The language-neutral print symbol: °C, mmHg, ×10⁹/L. Empty for unitless values (pH, specific gravity). */
  symbol: string;
  unitless?: boolean;
}

const UNITS: readonly UcumUnit[] = (data as { units: UcumUnit[] }).units;
const BY_CODE = new Map(UNITS.map((unit) => [unit.code, unit]));

export const UCUM_TRANSLATIONS: Readonly<Record<BaseLanguage, TranslationFile>> = { ar, bg, el, en, fa, fr, hr, it, ps, ro, sl, sr, ur };

export function ucumUnits(): UcumUnit[] {
  return [...UNITS];
}

export function ucumUnit(code: string): UcumUnit | undefined {
  return BY_CODE.get(code);
}

/** How a unit is shown next to a value in a language; a unit outside the set is shown as written. */
export function ucumDisplay(unit: string, lng: LanguageCode): string {
  const known = BY_CODE.get(unit);
  if (!known) return unit;
  return localized(UCUM_TRANSLATIONS, 'units', unit, lng) ?? known.symbol;
}

export function ucumTranslationStatus(lng: BaseLanguage) {
  return translationStatus(UCUM_TRANSLATIONS[lng], { units: UNITS.map((unit) => unit.code) });
}
