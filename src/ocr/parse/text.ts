// Text as OCR hands it over, made comparable: invisible bidi controls removed, Arabic-Indic digits and
// separators turned into Latin ones, and keys that let a dictionary name match what was read even
// when OCR mixed look-alike letters of another script ("Нb" with a Cyrillic Н).
import { normalizeSearchText } from '../../domain/value-sets/index.ts';

/** LRM, RLM, ALM, embeddings and isolates, zero-width space and joiners, BOM, tatweel. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u0640]/g;

/** Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0, Persian/Urdu) digits as 0-9. */
export function latinDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * One word or line of OCR output, cleaned: no bidi marks, Latin digits, the Arabic decimal separator
 * (U+066B) as a point and its thousands separator (U+066C) dropped, the Arabic percent sign and comma
 * as their Latin forms, compatibility forms (full-width digits, ligatures) folded.
 */
export function cleanOcrText(text: string): string {
  return latinDigits(text.replace(INVISIBLE, ''))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, '')
    .replace(/\u066a/g, '%')
    .replace(/\u060c/g, ',')
    .replace(/[\uff10-\uff19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .normalize('NFC')
    .trim();
}

export function hasArabic(text: string): boolean {
  return /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/.test(text);
}

export function hasLetter(text: string): boolean {
  return /\p{L}/u.test(text);
}

/**
 * Lower-case Greek and Cyrillic letters that look like Latin ones, as those Latin letters: OCR reading
 * with several scripts at once picks the wrong one for short or mixed words (HBsAg read as ΗΒsΑg).
 * Applied to both sides of a comparison, so Greek and Serbian names still match themselves.
 */
const LOOKALIKES: Record<string, string> = {
  α: 'a', β: 'b', ε: 'e', ζ: 'z', η: 'h', ι: 'i', κ: 'k', μ: 'm', ν: 'n', ο: 'o', ρ: 'p', τ: 't', υ: 'y', χ: 'x',
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ј: 'j', і: 'i', ѕ: 's',
  // Not look-alikes in print, but what Latin-trained OCR makes of them (АЛТ read as ANT).
  л: 'n', п: 'n', г: 'r',
};

/** The Arabic definite article, which names carry or not ("الهيموغلوبين" / "هيموغلوبين"). */
function withoutArticle(word: string): string {
  return word.length > 4 && word.startsWith('ال') ? word.slice(2) : word;
}

/**
 * The key two names are compared by: normalizeSearchText (case, diacritics, Arabic letter forms,
 * punctuation as spaces), look-alike letters folded, the Arabic article dropped.
 */
export function nameKey(text: string): string {
  return normalizeSearchText(text)
    .replace(/[αβεζηικμνορτυχавекмнорстухјіѕлпг]/g, (c) => LOOKALIKES[c] ?? c)
    .split(' ')
    .map(withoutArticle)
    .join(' ');
}

/** The key without spaces, so that "AntiHBs" (hyphen lost) still finds "Anti-HBs". */
export function compactKey(text: string): string {
  return nameKey(text).replace(/ /g, '');
}

/** Levenshtein distance on code points, stopping early once `max` is exceeded (returns max + 1). */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[t.length] as number;
}
