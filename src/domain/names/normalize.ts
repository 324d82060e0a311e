// Normalisation of a name in its own script, so that two clerks who typed the same letters on
// different keyboards get the same string: NFKC (Arabic presentation forms, full-width Latin,
// ligatures), case folding, no diacritics, harakat or tatweel, and one code point for each Arabic
// letter that Arabic, Persian, Pashto and Urdu keyboards encode differently.

/** Arabic-script letters that keyboards encode differently, mapped to one form. */
const ARABIC_UNIFY: Readonly<Record<string, string>> = {
  'ی': 'ي', // Persian yeh
  'ى': 'ي', // alif maqsura
  'ې': 'ي', // Pashto e
  'ۍ': 'ي', // Pashto ai
  'ے': 'ي', // Urdu yeh barree
  'ۓ': 'ي',
  'ئ': 'ي',
  'ێ': 'ي', // Kurdish
  'ک': 'ك', // keheh
  'ڪ': 'ك',
  'ګ': 'گ', // Pashto gaf
  'ڭ': 'گ', // Maghreb gaf
  'ة': 'ه',
  'ۃ': 'ه',
  'ہ': 'ه', // Urdu heh goal
  'ھ': 'ه', // heh doachashmee
  'ە': 'ه', // Kurdish ae
  'ۀ': 'ه',
  'أ': 'ا',
  'إ': 'ا',
  'آ': 'ا',
  'ٱ': 'ا',
  'ؤ': 'و',
  'ۆ': 'و', // Kurdish o
  'ء': '',
  'ـ': '', // tatweel
  '\u200c': '', // zero-width non-joiner (Persian half-space): the word goes on
  '\u200d': '',
};

/** Latin letters that are not a base letter plus a combining mark. */
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  'ß': 'ss',
  'æ': 'ae',
  'œ': 'oe',
  'ø': 'o',
  'ł': 'l',
  'đ': 'dj',
  'ð': 'dh',
  'þ': 'th',
  'ı': 'i',
  'ħ': 'h',
  'ŋ': 'ng',
  'ə': 'e',
  'ʿ': '',
  'ʾ': '',
  'ʻ': '',
  'ʼ': '',
  '’': '',
  '‘': '',
  '`': '',
  '´': '',
};

const COMBINING = /\p{M}/u;

function isCyrillic(cp: number): boolean {
  return cp >= 0x400 && cp < 0x530;
}

const normalizedChar = new Map<string, string>();

/** One character (already NFKC and lower case) in normalised form, ' ' for a separator; cached. */
function normalizeChar(ch: string): string {
  let out = normalizedChar.get(ch);
  if (out !== undefined) return out;
  const cp = ch.codePointAt(0) ?? 0;
  if (ARABIC_UNIFY[ch] !== undefined) out = ARABIC_UNIFY[ch];
  else if ((cp >= 0x64b && cp <= 0x65f) || cp === 0x670) out = ''; // harakat, superscript alef
  else if (cp >= 0x660 && cp <= 0x669) out = String.fromCharCode(cp - 0x660 + 0x30);
  else if (cp >= 0x6f0 && cp <= 0x6f9) out = String.fromCharCode(cp - 0x6f0 + 0x30);
  else if (LATIN_SPECIAL[ch] !== undefined) out = LATIN_SPECIAL[ch];
  else if (isCyrillic(cp)) out = ch; // й, ё, ї, ў are letters of their own, not и, е, і, у with a mark
  else if (COMBINING.test(ch)) out = '';
  else {
    const d = ch.normalize('NFD');
    out = d.length === ch.length ? ch : d.replace(/\p{M}+/gu, '');
  }
  if (out.length > 0 && !/^[\p{L}\p{N}]+$/u.test(out)) out = ' ';
  normalizedChar.set(ch, out);
  return out;
}

/**
 * A name in its own script, normalised for exact comparison: NFKC, lower case, diacritics,
 * harakat and tatweel removed, Arabic/Persian/Pashto/Urdu letter variants unified (ی ي ى → ي,
 * ک → ك, ة → ه, أ إ آ → ا, ...), hyphens and punctuation as single spaces, trimmed. The Latin form
 * of a name, for search, is `transliterate`'s business.
 */
export function normalizeName(text: string): string {
  const s = text.normalize('NFKC').toLowerCase();
  let out = '';
  let space = true;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    let n: string;
    if (code < 0x80) {
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) n = ch;
      else if (code === 0x27) n = ''; // an apostrophe stands for a hamza or an ayn: part of the word
      else n = ' ';
    } else n = normalizeChar(ch);
    if (n === ' ') {
      if (!space) {
        out += ' ';
        space = true;
      }
    } else if (n.length > 0) {
      out += n;
      space = false;
    }
  }
  return space && out.length > 0 ? out.slice(0, -1) : out;
}
