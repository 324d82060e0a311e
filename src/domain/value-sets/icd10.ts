// ICD-10: a curated list of codes common in migrant health assessments, each with Carnet's own short
// label (WHO's titles may not be redistributed) and a group for the health report. A record accepts
// any well-formed code (Icd10CodeSchema); the list is for picking, searching and grouping.
import data from '../../../resources/value-sets/icd10.json' with { type: 'json' };
import ar from '../../../resources/value-sets/i18n/ar/icd10.json' with { type: 'json' };
import bg from '../../../resources/value-sets/i18n/bg/icd10.json' with { type: 'json' };
import el from '../../../resources/value-sets/i18n/el/icd10.json' with { type: 'json' };
import en from '../../../resources/value-sets/i18n/en/icd10.json' with { type: 'json' };
import fa from '../../../resources/value-sets/i18n/fa/icd10.json' with { type: 'json' };
import fr from '../../../resources/value-sets/i18n/fr/icd10.json' with { type: 'json' };
import hr from '../../../resources/value-sets/i18n/hr/icd10.json' with { type: 'json' };
import it from '../../../resources/value-sets/i18n/it/icd10.json' with { type: 'json' };
import ps from '../../../resources/value-sets/i18n/ps/icd10.json' with { type: 'json' };
import ro from '../../../resources/value-sets/i18n/ro/icd10.json' with { type: 'json' };
import sl from '../../../resources/value-sets/i18n/sl/icd10.json' with { type: 'json' };
import sr from '../../../resources/value-sets/i18n/sr/icd10.json' with { type: 'json' };
import ur from '../../../resources/value-sets/i18n/ur/icd10.json' with { type: 'json' };
import type { LanguageCode } from '../../i18n/languages.ts';
import { Icd10CodeSchema } from '../entries.ts';
import { localized, normalizeSearchText, translationStatus, type BaseLanguage, type TranslationFile } from './loinc.ts';

export const ICD10_GROUPS = [
  'respiratory-infection',
  'skin-infection',
  'hepatitis',
  'tb',
  'hiv-sti',
  'other-infectious',
  'cardiovascular',
  'diabetes',
  'neurological',
  'renal',
  'respiratory-chronic',
  'mental-health',
  'injury',
  'pregnancy',
  'dental',
  'nutrition',
  'other',
] as const;
export type Icd10Group = (typeof ICD10_GROUPS)[number];

export interface Icd10Entry {
  code: string;
  group: Icd10Group;
}

export interface Icd10Match extends Icd10Entry {
  label: string;
}

const ENTRIES: readonly Icd10Entry[] = (data as unknown as { codes: Icd10Entry[] }).codes;
const BY_CODE = new Map(ENTRIES.map((entry) => [entry.code, entry]));

export const ICD10_TRANSLATIONS: Readonly<Record<BaseLanguage, TranslationFile>> = { ar, bg, el, en, fa, fr, hr, it, ps, ro, sl, sr, ur };

/** Whether a code is well-formed ICD-10 (A00, J45.9, Z20.82, U07.1), in the list or not. */
export function isIcd10Code(code: string): boolean {
  return Icd10CodeSchema.safeParse(code).success;
}

/** A code as typed ("j459", " A15.0 ") in its stored form ("J45.9"), or undefined if it is not ICD-10. */
export function normalizeIcd10(input: string): string | undefined {
  const compact = input.trim().toUpperCase().replace(/[\s.]/g, '');
  const code = compact.length > 3 ? `${compact.slice(0, 3)}.${compact.slice(3)}` : compact;
  return isIcd10Code(code) ? code : undefined;
}

/** The curated entries of one group, or all of them. */
export function icd10Entries(group?: Icd10Group): Icd10Entry[] {
  return ENTRIES.filter((entry) => group === undefined || entry.group === group);
}

export function icd10Entry(code: string): Icd10Entry | undefined {
  return BY_CODE.get(code);
}

/**
 * The list entry that names a chosen code: the code itself, else its three-character category when
 * the list has it (B86.1 is named by B86). Undefined for codes the list does not cover.
 */
export function icd10Lookup(code: string, lng: LanguageCode): (Icd10Match & { match: 'exact' | 'category' }) | undefined {
  const normalized = normalizeIcd10(code);
  if (normalized === undefined) return undefined;
  const exact = BY_CODE.get(normalized);
  const entry = exact ?? BY_CODE.get(normalized.slice(0, 3));
  if (!entry) return undefined;
  const label = localized(ICD10_TRANSLATIONS, 'labels', entry.code, lng);
  return label === undefined ? undefined : { ...entry, label, match: exact ? 'exact' : 'category' };
}

/** The label of a chosen code in a language (English where untranslated): exact, else its category. */
export function icd10Label(code: string, lng: LanguageCode): string | undefined {
  return icd10Lookup(code, lng)?.label;
}

export function icd10GroupLabel(group: Icd10Group, lng: LanguageCode): string | undefined {
  return localized(ICD10_TRANSLATIONS, 'groups', group, lng);
}

const CODE_PREFIX = /^[a-z]\d[0-9a-z]?\.?[0-9a-z]{0,4}$/i;

/** A normalised label word, and the same word without the Arabic article ("الجرب" is also "جرب"). */
function wordForms(word: string): string[] {
  const bare = /^(?:ال|وال|بال|لل)(.{2,})$/u.exec(word)?.[1];
  return bare === undefined ? [word] : [word, bare];
}

/**
 * Search the list: by code prefix ("J45", "j45.9", "B8") or by words of the label in the language
 * asked for or in English ("hep b", "ηπατ", "جرب"), every word matching the start of a word of the
 * label. Best matches first; at most `limit`.
 */
export function icd10Search(text: string, lng: LanguageCode, limit = 50): Icd10Match[] {
  const query = text.trim();
  if (query === '') return [];
  const withLabel = (entry: Icd10Entry): Icd10Match => ({ ...entry, label: localized(ICD10_TRANSLATIONS, 'labels', entry.code, lng) ?? entry.code });
  if (CODE_PREFIX.test(query)) {
    const prefix = query.toUpperCase().replace('.', '');
    const byCode = ENTRIES.filter((entry) => entry.code.replace('.', '').startsWith(prefix));
    if (byCode.length > 0) return byCode.slice(0, limit).map(withLabel);
  }
  const words = normalizeSearchText(query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const scored: { entry: Icd10Entry; score: number; index: number }[] = [];
  ENTRIES.forEach((entry, index) => {
    const labels = [localized(ICD10_TRANSLATIONS, 'labels', entry.code, lng), localized(ICD10_TRANSLATIONS, 'labels', entry.code, 'en')];
    let best = -1;
    for (const label of labels) {
      if (label === undefined) continue;
      const normalized = normalizeSearchText(label);
      const labelWords = normalized.split(' ');
      const forms = labelWords.flatMap(wordForms);
      if (!words.every((word) => forms.some((form) => form.startsWith(word)))) continue;
      // A label that starts with the query, then one whose first word matches, then the rest.
      const score = normalized === words.join(' ') ? 3 : normalized.startsWith(words.join(' ')) ? 2 : wordForms(labelWords[0] ?? '').some((form) => form.startsWith(words[0] as string)) ? 1 : 0;
      best = Math.max(best, score);
    }
    if (best >= 0) scored.push({ entry, score: best, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map(({ entry }) => withLabel(entry));
}

export function icd10TranslationStatus(lng: BaseLanguage) {
  return translationStatus(ICD10_TRANSLATIONS[lng], { labels: ENTRIES.map((entry) => entry.code), groups: [...ICD10_GROUPS] });
}
