// The LOINC subset Carnet records vital signs and laboratory results with: category, value type,
// default UCUM unit, a typical adult reference range, abbreviations, and a label in each language of
// the programme. The codes come from LOINC (resources/value-sets/LOINC-NOTICE.txt ships with them);
// the labels are Carnet's own. Also home to the two helpers every value set uses: the language
// fallback and the text normalisation that search and OCR matching rely on.
import data from '../../../resources/value-sets/loinc.json' with { type: 'json' };
import ar from '../../../resources/value-sets/i18n/ar/loinc.json' with { type: 'json' };
import bg from '../../../resources/value-sets/i18n/bg/loinc.json' with { type: 'json' };
import el from '../../../resources/value-sets/i18n/el/loinc.json' with { type: 'json' };
import en from '../../../resources/value-sets/i18n/en/loinc.json' with { type: 'json' };
import fa from '../../../resources/value-sets/i18n/fa/loinc.json' with { type: 'json' };
import fr from '../../../resources/value-sets/i18n/fr/loinc.json' with { type: 'json' };
import hr from '../../../resources/value-sets/i18n/hr/loinc.json' with { type: 'json' };
import it from '../../../resources/value-sets/i18n/it/loinc.json' with { type: 'json' };
import ps from '../../../resources/value-sets/i18n/ps/loinc.json' with { type: 'json' };
import ro from '../../../resources/value-sets/i18n/ro/loinc.json' with { type: 'json' };
import sl from '../../../resources/value-sets/i18n/sl/loinc.json' with { type: 'json' };
import sr from '../../../resources/value-sets/i18n/sr/loinc.json' with { type: 'json' };
import ur from '../../../resources/value-sets/i18n/ur/loinc.json' with { type: 'json' };
import type { LanguageCode } from '../../i18n/languages.ts';
import { PSEUDO_LOCALE, pseudoLocalize } from '../../i18n/pseudo.ts';
import { serbianCyrillicToLatin } from '../../i18n/serbian-latin.ts';
import type { VitalName } from '../vitals.ts';

// ---------------------------------------------------------------------------------------------
// Shared by the value sets

/** The languages that have translation files; Serbian Latin is derived from Serbian Cyrillic. */
export type BaseLanguage = Exclude<LanguageCode, 'sr-Latn'>;
export const BASE_LANGUAGES = ['en', 'el', 'it', 'hr', 'sl', 'sr', 'ro', 'bg', 'fr', 'ar', 'fa', 'ur', 'ps'] as const satisfies readonly BaseLanguage[];

/** One language's file of a value set: sections (labels, groups, ...) of key → text (or, for synonyms, texts). */
export type TranslationFile = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>> | undefined>>;

function text(file: TranslationFile | undefined, section: string, key: string): string | undefined {
  // A language without files (the pseudo-locale, a new one) reads English.
  const value = file?.[section]?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The text of `key` in `section` for a language; English where that language has none. */
export function localized(files: Readonly<Record<BaseLanguage, TranslationFile>>, section: string, key: string, lng: LanguageCode): string | undefined {
  if (lng === 'sr-Latn') {
    const cyrillic = text(files.sr, section, key);
    if (cyrillic !== undefined) return serbianCyrillicToLatin(cyrillic);
  } else {
    const own = text(files[lng], section, key);
    if (own !== undefined) return own;
  }
  const english = text(files.en, section, key);
  return (lng as string) === PSEUDO_LOCALE && english !== undefined ? pseudoLocalize(english) : english;
}

/** How many of the keys a language has translated in the given sections. */
export function translationStatus(file: TranslationFile, expected: Readonly<Record<string, readonly string[]>>): { translated: number; total: number; missing: string[] } {
  const missing: string[] = [];
  let total = 0;
  for (const [section, keys] of Object.entries(expected)) {
    total += keys.length;
    for (const key of keys) if (text(file, section, key) === undefined) missing.push(`${section}.${key}`);
  }
  return { translated: total - missing.length, total, missing };
}

/** A lone Greek or Cyrillic letter naming a virus type or serogroup, as the Latin letter labels use (hepatitis B). */
const LONE_LETTERS: Record<string, string> = { α: 'a', β: 'b', γ: 'c', δ: 'd', ε: 'e', а: 'a', б: 'b', ц: 'c', д: 'd', е: 'e' };

const ARABIC_LETTERS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ٱ: 'ا', ى: 'ي', ی: 'ي', ئ: 'ي', ك: 'ك', ک: 'ك', ة: 'ه', ۀ: 'ه', ؤ: 'و' };

/**
 * Text reduced to what a search or an OCR match should compare: lower case, no diacritics (Greek
 * tonos, Latin accents, Arabic vowel marks), one form of Arabic and Persian letters that are written
 * either way (ي/ی, ك/ک, alef with hamza), Arabic-Indic digits as 0-9, final sigma as sigma,
 * punctuation as spaces, and a lone Greek or Cyrillic letter as its Latin one ("ηπατίτιδα β" finds
 * "Ηπατίτιδα B").
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640\u200c\u200d]/g, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[أإآٱىیئكکةۀؤ]/g, (c) => ARABIC_LETTERS[c] ?? c)
    .replace(/[^\p{L}\p{N}%#+]+/gu, ' ')
    .trim()
    .split(' ')
    .map((word) => LONE_LETTERS[word] ?? word)
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// LOINC

export const LOINC_CATEGORIES = ['vital-signs', 'hematology', 'chemistry', 'serology', 'urine', 'microbiology', 'imaging'] as const;
export type LoincCategory = (typeof LOINC_CATEGORIES)[number];
export type LoincValueType = 'quantity' | 'coded' | 'boolean';

export interface ValueRange {
  low?: number;
  high?: number;
}

/** A typical adult range; `female`/`male` where it differs by sex. The laboratory's own range prevails. */
export interface LoincReferenceRange extends ValueRange {
  female?: ValueRange;
  male?: ValueRange;
}

export interface LoincAnswer {
  /** Carnet's code, stored in a coded observation's value. */
  code: string;
  /** The SNOMED CT qualifier value, where one is the obvious match (for FHIR export). */
  snomed?: string;
}

export interface LoincItem {
  code: string;
  category: LoincCategory;
  valueType: LoincValueType;
  /** Default UCUM unit of a quantity. */
  unit?: string;
  /** Other UCUM units laboratories commonly report it in. */
  altUnits?: string[];
  /** The answer list of a coded item (see loincAnswers). */
  answerList?: string;
  /** Language-neutral abbreviations seen on reports: Hb, Hgb, WBC... */
  abbreviations: string[];
  referenceRange?: LoincReferenceRange;
  /** The matching entry of VITALS in ../vitals.ts. */
  vital?: VitalName;
}

interface LoincData {
  system: string;
  categories: LoincCategory[];
  answerLists: Record<string, LoincAnswer[]>;
  items: LoincItem[];
}

const LOINC = data as unknown as LoincData;
const ITEMS: readonly LoincItem[] = LOINC.items;
const BY_CODE = new Map(ITEMS.map((item) => [item.code, item]));

export const LOINC_TRANSLATIONS: Readonly<Record<BaseLanguage, TranslationFile>> = { ar, bg, el, en, fa, fr, hr, it, ps, ro, sl, sr, ur };

export function loincItem(code: string): LoincItem | undefined {
  return BY_CODE.get(code.trim());
}

/** The items of one category, or all of them, in the order of the value set. */
export function loincItems(category?: LoincCategory): LoincItem[] {
  return ITEMS.filter((item) => category === undefined || item.category === category);
}

export function loincLabel(code: string, lng: LanguageCode): string | undefined {
  return localized(LOINC_TRANSLATIONS, 'labels', code.trim(), lng);
}

export function loincCategoryLabel(category: LoincCategory, lng: LanguageCode): string | undefined {
  return localized(LOINC_TRANSLATIONS, 'categories', category, lng);
}

/** The possible answers of a coded item, in order. */
export function loincAnswers(code: string): LoincAnswer[] {
  const list = loincItem(code)?.answerList;
  return list === undefined ? [] : (LOINC.answerLists[list] ?? []);
}

export function loincAnswerLabel(answer: string, lng: LanguageCode): string | undefined {
  return localized(LOINC_TRANSLATIONS, 'answers', answer, lng);
}

/** "×10⁹/L", "10^9/l" and UCUM's "10*9/L" all become "109l"; "µmol/L" and "umol/L" both "umoll". */
function unitKey(unit: string): string {
  return normalizeSearchText(unit.replace(/[µμ]/g, 'u')).replace(/\s+/g, '');
}

let nameIndex: Map<string, Set<string>> | undefined;

function indexNames(): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  const add = (name: string, code: string) => {
    const key = normalizeSearchText(name);
    if (key === '') return;
    let codes = index.get(key);
    if (!codes) index.set(key, (codes = new Set()));
    codes.add(code);
  };
  for (const item of ITEMS) {
    for (const abbreviation of item.abbreviations) add(abbreviation, item.code);
    for (const lng of BASE_LANGUAGES) {
      const file = LOINC_TRANSLATIONS[lng];
      const label = text(file, 'labels', item.code);
      if (label !== undefined) {
        add(label, item.code);
        // "Pulse (heart rate)" is also found as "Pulse".
        add(label.replace(/\s*\([^)]*\)/g, ''), item.code);
        if (lng === 'sr') add(serbianCyrillicToLatin(label), item.code);
      }
      const synonyms = file.synonyms?.[item.code];
      for (const synonym of typeof synonyms === 'string' ? [synonyms] : (synonyms ?? [])) {
        add(synonym, item.code);
        if (lng === 'sr') add(serbianCyrillicToLatin(synonym), item.code);
      }
    }
  }
  return index;
}

/**
 * The items whose label (in any language), abbreviation or known synonym is `text`, compared without
 * case and diacritics: "Hb", "Αιμοσφαιρίνη", "hemoglobine" and "هموگلوبین" all find 718-7. Several items
 * can share a name (glucose in mg/dL and in mmol/L); a `unit` read next to the value picks among them
 * when it matches one of their units.
 */
export function findLoincByName(text: string, options: { unit?: string } = {}): LoincItem[] {
  nameIndex ??= indexNames();
  const codes = nameIndex.get(normalizeSearchText(text));
  if (!codes) return [];
  const found = ITEMS.filter((item) => codes.has(item.code));
  if (options.unit === undefined || found.length < 2) return found;
  const wanted = unitKey(options.unit);
  const byUnit = found.filter((item) => [item.unit, ...(item.altUnits ?? [])].some((unit) => unit !== undefined && unitKey(unit) === wanted));
  return byUnit.length > 0 ? byUnit : found;
}

/** Which of the value set's keys a language has translated. */
export function loincTranslationStatus(lng: BaseLanguage) {
  return translationStatus(LOINC_TRANSLATIONS[lng], {
    labels: ITEMS.map((item) => item.code),
    categories: LOINC.categories,
    answers: [...new Set(Object.values(LOINC.answerLists).flatMap((list) => list.map((answer) => answer.code)))],
  });
}
