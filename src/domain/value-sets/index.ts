// The clinical value sets (LOINC, CVX vaccines, UCUM, ICD-10) with their designations in each
// language of the programme, and the one lookup that serves them all.
import type { LanguageCode } from '../../i18n/languages.ts';
import { ICD10_GROUPS, icd10GroupLabel, icd10Label, icd10TranslationStatus, type Icd10Group } from './icd10.ts';
import { BASE_LANGUAGES, LOINC_CATEGORIES, loincAnswerLabel, loincCategoryLabel, loincLabel, loincTranslationStatus, type BaseLanguage, type LoincCategory } from './loinc.ts';
import { ucumDisplay, ucumTranslationStatus, ucumUnit } from './ucum.ts';
import { antigenLabel, cvxProductLabel, vaccineTranslationStatus } from './vaccines.ts';

export * from './icd10.ts';
export * from './loinc.ts';
export * from './ucum.ts';
export * from './vaccines.ts';

export const VALUE_SET_NAMES = ['loinc', 'loinc-category', 'loinc-answer', 'vaccine', 'cvx', 'ucum', 'icd10', 'icd10-group'] as const;
export type ValueSetName = (typeof VALUE_SET_NAMES)[number];

/**
 * The display text of a code in a language, English where that language has none yet; undefined for
 * a code the set does not know. `vaccine` takes an antigen (measles), `cvx` a product code (03).
 */
export function designation(set: ValueSetName, code: string, lng: LanguageCode): string | undefined {
  switch (set) {
    case 'loinc':
      return loincLabel(code, lng);
    case 'loinc-category':
      return (LOINC_CATEGORIES as readonly string[]).includes(code) ? loincCategoryLabel(code as LoincCategory, lng) : undefined;
    case 'loinc-answer':
      return loincAnswerLabel(code, lng);
    case 'vaccine':
      return antigenLabel(code, lng);
    case 'cvx':
      return cvxProductLabel(code, lng);
    case 'ucum':
      return ucumUnit(code) ? ucumDisplay(code, lng) : undefined;
    case 'icd10':
      return icd10Label(code, lng);
    case 'icd10-group':
      return (ICD10_GROUPS as readonly string[]).includes(code) ? icd10GroupLabel(code as Icd10Group, lng) : undefined;
  }
}

export interface TranslationCompleteness {
  set: 'loinc' | 'vaccines' | 'ucum' | 'icd10';
  language: BaseLanguage;
  translated: number;
  total: number;
}

/** For each set and each language with translation files, how much is translated. */
export function valueSetCompleteness(): TranslationCompleteness[] {
  const status = { loinc: loincTranslationStatus, vaccines: vaccineTranslationStatus, ucum: ucumTranslationStatus, icd10: icd10TranslationStatus } as const;
  return BASE_LANGUAGES.flatMap((language) =>
    (Object.keys(status) as (keyof typeof status)[]).map((set) => {
      const { translated, total } = status[set](language);
      return { set, language, translated, total };
    }),
  );
}
