// The analyte dictionary (resources/ocr/analytes.json) joined with the LOINC value set's own labels,
// synonyms and abbreviations: which analyte a printed name stands for, which answer a printed word
// is, and what each LOINC variant is reported in.
import data from '../../../resources/ocr/analytes.json' with { type: 'json' };
import { BASE_LANGUAGES, LOINC_TRANSLATIONS, loincAnswers, loincItem, loincLabel } from '../../domain/value-sets/index.ts';
import { serbianCyrillicToLatin } from '../../i18n/serbian-latin.ts';
import { compactKey, editDistance, nameKey } from './text.ts';

export interface AnalyteVariant {
  loinc: string;
  /** UCUM code → factor to the default unit (the first one, the LOINC item's own unit). */
  units: Record<string, number>;
  /** Physiological limits in the default unit; null for a coded (qualitative) item. */
  plausible: [number, number] | null;
  decimals: number;
  abbreviations?: string[];
}

export interface Analyte {
  id: string;
  abbreviations: string[];
  names: Record<string, string[]>;
  variants: AnalyteVariant[];
}

interface AnalyteFile {
  analytes: Analyte[];
  units: {
    spellings: Record<string, string[]>;
    caseSensitive: Record<string, string[]>;
    ocrMisreads: Record<string, string[]>;
    outsideValueSet: Record<string, string[]>;
  };
  answers: Record<string, Record<string, string[]> | string>;
}

const FILE = data as unknown as AnalyteFile;
export const ANALYTES: readonly Analyte[] = FILE.analytes;
export const UNIT_SPELLINGS = FILE.units;

const BY_ID = new Map(ANALYTES.map((analyte) => [analyte.id, analyte]));

export function analyteById(id: string): Analyte | undefined {
  return BY_ID.get(id);
}

/** The variant's default unit: the LOINC item's unit. */
export function defaultUnit(variant: AnalyteVariant): string | undefined {
  return loincItem(variant.loinc)?.unit;
}

export function isCoded(variant: AnalyteVariant): boolean {
  return loincItem(variant.loinc)?.valueType !== 'quantity';
}

// ---------------------------------------------------------------------------------------------
// Names

interface NameHit {
  analyte: string;
  /** Set when the name belongs to one variant only ("NEUT%"). */
  loinc?: string;
}

interface NameIndex {
  byKey: Map<string, NameHit[]>;
  byCompact: Map<string, NameHit[]>;
  /** Keys of five letters or more, for approximate matching. */
  fuzzy: { key: string; hits: NameHit[] }[];
}

let index: NameIndex | undefined;

function buildIndex(): NameIndex {
  const byKey = new Map<string, NameHit[]>();
  const byCompact = new Map<string, NameHit[]>();
  const add = (name: string, hit: NameHit) => {
    for (const [map, key] of [
      [byKey, nameKey(name)],
      [byCompact, compactKey(name)],
    ] as const) {
      if (key === '') continue;
      const hits = map.get(key) ?? [];
      if (!hits.some((h) => h.analyte === hit.analyte && h.loinc === hit.loinc)) hits.push(hit);
      map.set(key, hits);
    }
  };
  for (const analyte of ANALYTES) {
    const hit = { analyte: analyte.id };
    for (const abbreviation of analyte.abbreviations) add(abbreviation, hit);
    for (const [lng, names] of Object.entries(analyte.names)) {
      for (const name of names) {
        add(name, hit);
        if (lng === 'sr' || lng === 'bg') add(serbianCyrillicToLatin(name), hit);
      }
    }
    for (const variant of analyte.variants) {
      for (const abbreviation of variant.abbreviations ?? []) add(abbreviation, { analyte: analyte.id, loinc: variant.loinc });
      const item = loincItem(variant.loinc);
      // The value set's abbreviations and labels name one variant ("Fasting plasma glucose" is in mg/dL
      // and mmol/L alike, so labels shared by variants still find the analyte as a whole).
      for (const abbreviation of item?.abbreviations ?? []) add(abbreviation, { analyte: analyte.id });
      for (const lng of BASE_LANGUAGES) {
        const label = loincLabel(variant.loinc, lng);
        if (label !== undefined && (lng === 'en' || label !== loincLabel(variant.loinc, 'en'))) {
          add(label, { analyte: analyte.id });
          add(label.replace(/\s*\([^)]*\)/g, ''), { analyte: analyte.id });
        }
        const synonyms = LOINC_TRANSLATIONS[lng].synonyms?.[variant.loinc];
        for (const synonym of typeof synonyms === 'string' ? [synonyms] : (synonyms ?? [])) add(synonym, { analyte: analyte.id });
      }
    }
  }
  const fuzzy = [...byKey.entries()].filter(([key]) => [...key].length >= 5).map(([key, hits]) => ({ key, hits }));
  return { byKey, byCompact, fuzzy };
}

/** Words a name may carry beside the analyte's own name without making it another test. */
const QUALIFIERS = new Set(
  [
    'serum', 'plasma', 'blood', 'whole', 'total', 'urine', 'count', 'level', 'test', 'auto', 'automated', 'abs', 'absolute', 'result', 'venous', 'capillary',
    'sérique', 'plasmatique', 'sanguin', 'sang', 'urinaire', 'dosage', 'numération', 'taux',
    'ορού', 'ορος', 'αίματος', 'ούρων', 'ολικό', 'ολική', 'απόλυτος', 'αριθμός',
    'серум', 'серуму', 'крв', 'крви', 'урин', 'урину', 'укупни', 'апсолутни', 'број', 'serumu', 'krvi', 'urinu', 'ukupni', 'apsolutni', 'broj',
    'siero', 'sangue', 'totale', 'ser', 'sânge', 'număr', 'absolut', 'serum', 'vollblut',
    'المصل', 'مصل', 'الدم', 'دم', 'البول', 'الكلي', 'عدد', 'المطلق', 'نسبة', 'إنزيم', 'انزيم', 'مستوى',
  ].map(nameKey),
);

export interface AnalyteMatch {
  /** The analytes sharing the matched name, most often one (Glucose: blood and urine; LEU: blood count and dipstick). */
  analytes: Analyte[];
  /** The variant the name itself points to, when it does ("NEUT%"). */
  loinc?: string;
  /** Index range [from, to) of the label words that named the analyte. */
  from: number;
  to: number;
  /** 0 for an exact match, else the edit distance of an approximate one. */
  distance: number;
}

function hitsToMatch(hits: NameHit[], from: number, to: number, distance: number): AnalyteMatch | undefined {
  const analytes = [...new Set(hits.map((h) => h.analyte))].flatMap((id) => BY_ID.get(id) ?? []);
  if (analytes.length === 0) return undefined;
  const loincs = new Set(hits.map((h) => h.loinc));
  const loinc = loincs.size === 1 ? [...loincs][0] : undefined;
  return { analytes, ...(loinc !== undefined ? { loinc } : {}), from, to, distance };
}

let keysById: Map<string, string[]> | undefined;

/** How near a garbled label is to any name of the analyte: the smallest edit distance between keys. */
export function nameDistance(analyte: Analyte, label: string): number {
  index ??= buildIndex();
  if (!keysById) {
    keysById = new Map();
    for (const [key, hits] of index.byKey) for (const hit of hits) keysById.set(hit.analyte, [...(keysById.get(hit.analyte) ?? []), key]);
  }
  const key = nameKey(label);
  return Math.min(...(keysById.get(analyte.id) ?? []).map((name) => editDistance(key, name)));
}

/** Every analyte whose name is exactly these words (several when a name is shared: Glucose, LEU). */
export function analytesNamed(text: string): Analyte[] {
  index ??= buildIndex();
  const hits = index.byKey.get(nameKey(text)) ?? index.byCompact.get(compactKey(text)) ?? [];
  return [...new Set(hits.map((h) => h.analyte))].flatMap((id) => BY_ID.get(id) ?? []);
}

function exact(words: readonly string[], from: number, to: number): NameHit[] | undefined {
  index ??= buildIndex();
  const text = words.slice(from, to).join(' ');
  const found = index.byKey.get(nameKey(text)) ?? index.byCompact.get(compactKey(text));
  return found && found.length > 0 ? found : undefined;
}

function allowedMaxDistance(length: number): number {
  return length < 5 ? 0 : length <= 7 ? 1 : length <= 14 ? 2 : 3;
}

function approximate(text: string): { hits: NameHit[]; distance: number } | undefined {
  index ??= buildIndex();
  const key = nameKey(text);
  const length = [...key].length;
  const max = allowedMaxDistance(length);
  if (max === 0) return undefined;
  let best: { hits: NameHit[]; distance: number } | undefined;
  for (const entry of index.fuzzy) {
    const d = editDistance(key, entry.key, best ? Math.min(best.distance - 1, max) : max);
    if (d <= max && d <= allowedMaxDistance([...entry.key].length) && (!best || d < best.distance)) best = { hits: entry.hits, distance: d };
  }
  return best;
}

/** Whether the words outside [from, to) only qualify the name: "serum", "(S)", or another name of the same analyte ("ASAT TGO"). */
function unmatchedAreQualifiers(words: readonly string[], from: number, to: number, hits?: NameHit[]): boolean {
  const rest = words.filter((_, i) => i < from || i >= to);
  if (hits && rest.length > 0) {
    const other = exact(rest, 0, rest.length);
    if (other?.some((o) => hits.some((h) => h.analyte === o.analyte))) return true;
  }
  return rest.every((word) => {
    const key = nameKey(word);
    return key === '' || [...key].length <= 2 || QUALIFIERS.has(key) || /\d/.test(key) || /^[%#]+$/.test(key);
  });
}

/**
 * The analyte a printed label names. Tried in order: the whole label, the label without its
 * parenthesised part, then the part in parentheses, then shorter runs of its words (when what is left
 * is only qualifiers such as "serum" or a specimen prefix), then an approximate match of the whole
 * label for OCR slips ("Haemog1obin").
 */
export function matchAnalyte(words: readonly string[]): AnalyteMatch | undefined {
  if (words.length === 0) return undefined;
  const whole = exact(words, 0, words.length);
  if (whole) return hitsToMatch(whole, 0, words.length, 0);
  const outside: string[] = [];
  const inside: string[] = [];
  let depth = 0;
  for (const word of words) {
    const opens = (word.match(/[([]/g) ?? []).length;
    const closes = (word.match(/[)\]]/g) ?? []).length;
    (depth > 0 || opens > 0 ? inside : outside).push(word);
    depth = Math.max(0, depth + opens - closes);
  }
  for (const part of [outside, inside]) {
    if (part.length > 0 && part.length < words.length) {
      const hit = exact(part, 0, part.length);
      if (hit) return hitsToMatch(hit, 0, words.length, 0);
    }
  }
  for (let length = words.length - 1; length >= 1; length--) {
    for (let from = 0; from + length <= words.length; from++) {
      const hit = exact(words, from, from + length);
      if (hit && unmatchedAreQualifiers(words, from, from + length, hit)) return hitsToMatch(hit, from, from + length, 0);
    }
  }
  for (const candidate of [words.join(' '), outside.join(' ')]) {
    if (candidate === '') continue;
    const near = approximate(candidate);
    if (near) return hitsToMatch(near.hits, 0, words.length, near.distance);
  }
  // Shorter runs at either end: a qualifier after the name, or specks read before it ("ι pg HbAlc").
  for (let length = words.length - 1; length >= 1; length--) {
    for (const from of [0, words.length - length]) {
      const near = approximate(words.slice(from, from + length).join(' '));
      if (near && unmatchedAreQualifiers(words, from, from + length, near.hits)) return hitsToMatch(near.hits, from, from + length, near.distance);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Answers

let answerIndex: Map<string, string> | undefined;

function buildAnswerIndex(): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, byLanguage] of Object.entries(FILE.answers)) {
    if (typeof byLanguage === 'string') continue;
    for (const [lng, spellings] of Object.entries(byLanguage)) {
      for (const spelling of spellings) {
        map.set(nameKey(spelling) || spelling, code);
        if (lng === 'sr' || lng === 'bg') map.set(nameKey(serbianCyrillicToLatin(spelling)), code);
      }
    }
  }
  return map;
}

/** The answer code a printed word or phrase stands for ("Négatif" → negative, "++" → 2+). */
export function answerCode(text: string): string | undefined {
  answerIndex ??= buildAnswerIndex();
  const key = nameKey(text) || text.replace(/[()\s]/g, '');
  const found = answerIndex.get(key);
  if (found !== undefined) return found;
  const length = [...key].length;
  if (length < 6 || /\d/.test(key)) return undefined;
  const max = length >= 10 ? 2 : 1;
  let best: { code: string; distance: number } | undefined;
  for (const [spelling, code] of answerIndex) {
    if ([...spelling].length < 6) continue;
    const d = editDistance(key, spelling, max);
    if (d <= max && (!best || d < best.distance)) best = { code, distance: d };
  }
  return best?.code;
}

/** Whether a variant's answer list has this code. */
export function variantAccepts(variant: AnalyteVariant, answer: string): boolean {
  return loincAnswers(variant.loinc).some((a) => a.code === answer);
}

/** All answer codes known to the dictionary (for tests). */
export function answerCodes(): string[] {
  return Object.keys(FILE.answers).filter((key) => key !== '$comment');
}
