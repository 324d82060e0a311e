import { PSEUDO_LOCALE, pseudoLocalize } from '../../../src/i18n/pseudo.ts';
import { useTranslation } from 'react-i18next';
import { ageOn } from '../../../src/domain/age.ts';
import type { Birth, PersonName } from '../../../src/domain/person.ts';
import type { SCRIPTS } from '../../../src/domain/person.ts';

export function nameText(name: PersonName): string {
  return [name.given, name.family].filter(Boolean).join(' ');
}

/** The name shown first: the one marked preferred, else the first. */
export function preferredName(names: readonly PersonName[]): PersonName | undefined {
  return names.find((n) => n.preferred) ?? names[0];
}

/** The script a name is written in, from its letters (ISO 15924, as PersonName stores it). */
export function detectScript(text: string): (typeof SCRIPTS)[number] {
  const tests: [(typeof SCRIPTS)[number], RegExp][] = [
    ['Arab', /\p{Script=Arabic}/u],
    ['Cyrl', /\p{Script=Cyrillic}/u],
    ['Grek', /\p{Script=Greek}/u],
    ['Ethi', /\p{Script=Ethiopic}/u],
    ['Deva', /\p{Script=Devanagari}/u],
    ['Beng', /\p{Script=Bengali}/u],
    ['Latn', /\p{Script=Latin}/u],
  ];
  return tests.find(([, re]) => re.test(text))?.[0] ?? 'Other';
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** "34 years", "about 34 years", "8 months" in the interface language. */
export function useAgeText(): (birth: Birth) => string {
  const { t } = useTranslation();
  return (birth) => {
    const age = ageOn(birth, todayIso());
    if (age.years < 2 && !age.estimated) return t('person.ageMonths', { count: age.months, defaultValue: '{{count}} months' });
    return age.estimated
      ? t('person.ageAbout', { count: age.years, defaultValue: 'about {{count}} years' })
      : t('person.ageYears', { count: age.years, defaultValue: '{{count}} years' });
  };
}

export function useSexLabel(): (sex: string) => string {
  const { t } = useTranslation();
  const labels: Record<string, string> = {
    female: t('person.sexFemale', 'Female'),
    male: t('person.sexMale', 'Male'),
    other: t('person.sexOther', 'Other'),
    unknown: t('person.sexUnknown', 'Not known'),
  };
  return (sex) => labels[sex] ?? sex;
}

export function useLegalStatusLabel(): (status: string) => string {
  const { t } = useTranslation();
  const labels: Record<string, string> = {
    refugee: t('person.legal.refugee', 'Refugee'),
    'asylum-seeker': t('person.legal.asylumSeeker', 'Asylum seeker'),
    migrant: t('person.legal.migrant', 'Migrant'),
    'subsidiary-protection': t('person.legal.subsidiary', 'Subsidiary protection'),
    unknown: t('person.legal.unknown', 'Not known'),
  };
  return (status) => labels[status] ?? status;
}

/** Languages people at the centres speak, named by the browser's own data (Intl) in any UI language. */
export const PERSON_LANGUAGES = [
  'ar', 'fa', 'prs', 'ps', 'ur', 'ku', 'ckb', 'kmr', 'ti', 'am', 'so', 'om', 'fr', 'en', 'tr', 'bn', 'pa', 'hi', 'ha', 'ln',
  'sw', 'wo', 'bm', 'ff', 'uk', 'ru', 'es', 'pt', 'el', 'it', 'hr', 'sl', 'sr', 'ro', 'bg', 'sq', 'mk', 'de', 'zh', 'ne',
] as const;

export function languageName(code: string, uiLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([uiLanguage, 'en'], { type: 'language' }).of(code) ?? code;
    return uiLanguage === PSEUDO_LOCALE ? pseudoLocalize(name) : name;
  } catch {
    return code;
  }
}
