// Latin forms of names written in other scripts. The Latin form is lower case a-z, with an
// apostrophe for a hamza or an ayn; it is what a clerk would write by ear, not a scholarly
// romanisation, because it is compared with what clerks wrote.
//
// By hand: Arabic script (no vowels are written, so the form is a consonant skeleton with the long
// vowels; Persian, Pashto, Urdu and Kurdish letters included), Cyrillic (Russian, Ukrainian,
// Serbian, Bulgarian, Macedonian) and Greek, because names need rules that general transliterators
// do not have: Greek μπ/ντ/τζ as b/d/j in foreign names, Ukrainian г as h, Serbian ј as y, و and ي
// as consonant or vowel by position. Everything else (Ethiopic, Bengali, Devanagari, other scripts)
// goes through `any-ascii`, whose tables do those well.
import anyAscii from 'any-ascii';
import { scriptOfCodePoint, type Script } from './script.ts';

/** Spelling conventions that hold for a whole name, seen from its letters. */
export interface NameConventions {
  /** Ukrainian letters (і ї є ґ) seen: г is h, и is y. */
  readonly ukrainian: boolean;
  /** Bulgarian ъ inside a word and no Russian-only letters: ъ is a vowel, щ is sht. */
  readonly bulgarian: boolean;
  /** Turkish or Kurdish (Kurmanji) letters seen (ı ğ ş ê î û): c is j, ç is ch. */
  readonly turkic: boolean;
  /**
   * Persian, Pashto or Urdu letters or keyboard codes seen (ی ک گ پ چ ژ ...): ث ذ ض ظ are said s z z z
   * (Reza, not Rida; Usman, not Uthman).
   */
  readonly persian: boolean;
}

/** Conventions of a name, from its NFKC lower-case text. */
export function conventionsOf(lower: string): NameConventions {
  return {
    ukrainian: /[іїєґ]/u.test(lower),
    bulgarian: /ъ[^\s\-.,]/u.test(lower) && !/[ыэё]/u.test(lower),
    turkic: /[ığşêîû]|i\u0307/u.test(lower),
    persian: /[\u06cc\u06a9\u06af\u067e\u0686\u0698\u067c\u0689\u0693\u0696\u069a\u0681\u0685\u06bc\u06d0\u06cd\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2\u06ab]/u.test(lower),
  };
}

const NO_CONVENTIONS: NameConventions = { ukrainian: false, bulgarian: false, turkic: false, persian: false };

/** How Persian, Pashto and Urdu say the Arabic interdentals and emphatics. */
const PERSIAN_SOUNDS: Readonly<Record<string, string>> = { 'ث': 's', 'ذ': 'z', 'ض': 'z', 'ظ': 'z' };

// ---------------------------------------------------------------------------------------------
// Arabic script

const ARABIC_CONSONANTS: Readonly<Record<string, string>> = {
  'ب': 'b', 'پ': 'p', 'ت': 't', 'ٹ': 't', 'ټ': 't', 'ث': 'th', 'ج': 'j', 'چ': 'ch', 'څ': 'ch', 'ځ': 'z',
  'ح': 'h', 'خ': 'kh', 'د': 'd', 'ڈ': 'd', 'ډ': 'd', 'ذ': 'dh', 'ر': 'r', 'ڑ': 'r', 'ړ': 'r', 'ڕ': 'r',
  'ز': 'z', 'ژ': 'zh', 'ږ': 'zh', 'س': 's', 'ش': 'sh', 'ښ': 'sh', 'ص': 's', 'ض': 'dh', 'ط': 't', 'ظ': 'dh',
  'ع': "'", 'غ': 'gh', 'ف': 'f', 'ڤ': 'v', 'ق': 'q', 'ک': 'k', 'ك': 'k', 'ڪ': 'k', 'گ': 'g', 'ګ': 'g',
  'ڭ': 'g', 'ل': 'l', 'ڵ': 'l', 'م': 'm', 'ن': 'n', 'ڼ': 'n', 'ں': 'n', 'ه': 'h', 'ہ': 'h', 'ھ': 'h',
  'ء': "'", 'ئ': "'", 'ؤ': "'", 'ة': 'a', 'ۃ': 'a', 'ۀ': 'e', 'ە': 'e', 'ۆ': 'o', 'ێ': 'e', 'ې': 'e',
  'ے': 'e', 'ۓ': 'e', 'ۍ': 'ai',
};
/** Letters that, followed by h, would make a digraph (sh, kh, th, ...). */
const DIGRAPH_FIRST = /[szkgtdcp]$/;
const ALEFS = new Set(['ا', 'أ', 'ٱ', 'آ']);
const YEHS = new Set(['ي', 'ی', 'ى']);
const HARAKAT: Readonly<Record<string, string>> = { '\u064e': 'a', '\u0650': 'i', '\u064f': 'u', '\u0670': 'a' };

/**
 * One Arabic-script word in Latin letters. A leading definite article comes out as "al-"; a
 * compound written as one word (عبدالرحمن, ضیاءالرحمن, حبیب‌الله) is cut before its inner article,
 * giving "abd al-rhmn".
 */
export function arabicToLatin(word: string, conventions: NameConventions = NO_CONVENTIONS): string {
  // عمرو (Amr): the one name whose final و is not read.
  if (word === 'عمرو') return "'mr";
  const letters: string[] = [];
  const vowels: string[] = [];
  for (const ch of word) {
    if (ARABIC_CONSONANTS[ch] !== undefined || ALEFS.has(ch) || YEHS.has(ch) || ch === 'و' || ch === 'إ') {
      letters.push(ch);
      vowels.push('');
    } else if (HARAKAT[ch] !== undefined && vowels.length > 0) {
      vowels[vowels.length - 1] = HARAKAT[ch];
    }
  }
  const n = letters.length;
  // An inner article: at least two letters before it, and a word of at least three after it (or الله).
  for (let k = 2; k + 1 < n; k++) {
    if (letters[k] !== 'ا' || letters[k + 1] !== 'ل') continue;
    const rest = n - (k + 2);
    const allah = rest === 2 && letters[k + 2] === 'ل' && letters[k + 3] === 'ه';
    if (rest >= 3 || allah) return `${arabicSegment(letters, vowels, 0, k, conventions)} ${arabicSegment(letters, vowels, k, n, conventions)}`;
  }
  return arabicSegment(letters, vowels, 0, n, conventions);
}

function arabicSegment(letters: readonly string[], vowels: readonly string[], from: number, to: number, conventions: NameConventions): string {
  let out = '';
  let i = from;
  if (to - from >= 4 && letters[from] === 'ا' && letters[from + 1] === 'ل') {
    out = 'al-';
    i = from + 2;
    from = i;
  }
  for (; i < to; i++) {
    const c = letters[i] as string;
    const prev = i > from ? letters[i - 1] : undefined;
    const next = i + 1 < to ? letters[i + 1] : undefined;
    const last = i === to - 1;
    const start = i === from;
    if (ALEFS.has(c)) {
      if (start && next === 'و' && i + 2 < to) {
        out += 'u';
        i++;
      } else if (start && next !== undefined && YEHS.has(next) && i + 2 < to) {
        out += 'i';
        i++;
      } else out += 'a';
    } else if (c === 'إ') {
      out += 'i';
      if (next !== undefined && YEHS.has(next)) i++;
    } else if (c === 'و') {
      if (start || (prev !== undefined && ALEFS.has(prev))) out += 'w';
      else if (prev === 'و') out += 'u';
      else if (next !== undefined && (ALEFS.has(next) || YEHS.has(next) || ((next === 'ه' || next === 'ة') && i + 2 === to))) out += 'w';
      else out += 'u';
    } else if (YEHS.has(c)) {
      if (c === 'ى' && last) out += 'a';
      else if (start) out += 'y';
      else if (!last && next !== undefined && (ALEFS.has(next) || next === 'و')) out += 'y';
      else if (!last && prev !== undefined && ALEFS.has(prev)) out += 'y';
      else out += 'i';
    } else {
      const latin = (conventions.persian ? PERSIAN_SOUNDS[c] : undefined) ?? ARABIC_CONSONANTS[c] ?? '';
      // ک + ه is k-h, not kh; س + چ is s-ch: keep letters that meet apart from a digraph.
      if ((latin.startsWith('h') && DIGRAPH_FIRST.test(out)) || (latin === 'ch' && /[st]$/.test(out))) out += '_';
      out += latin;
    }
    out += vowels[i] ?? '';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cyrillic

const CYRILLIC: Readonly<Record<string, string>> = {
  'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'ґ': 'g', 'д': 'd', 'е': 'e', 'ё': 'yo', 'є': 'ye', 'ж': 'zh',
  'з': 'z', 'и': 'i', 'і': 'i', 'ї': 'yi', 'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o',
  'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh',
  'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e', 'ю': 'yu', 'я': 'ya', 'ђ': 'dj', 'ј': 'y', 'љ': 'ly',
  'њ': 'ny', 'ћ': 'ch', 'џ': 'dzh', 'ѓ': 'dj', 'ќ': 'ch', 'ѕ': 'dz', 'ў': 'u', 'ә': 'a', 'ө': 'o', 'ү': 'u',
  'ұ': 'u', 'қ': 'q', 'ғ': 'gh', 'ң': 'ng', 'һ': 'h', 'ҳ': 'h', 'ҷ': 'j', 'ӣ': 'i', 'ӯ': 'u',
};

/** One Cyrillic word in Latin letters, by the conventions of the whole name. */
export function cyrillicToLatin(word: string, conventions: NameConventions = NO_CONVENTIONS): string {
  let out = '';
  for (const ch of word) {
    if (conventions.ukrainian && ch === 'г') out += 'h';
    else if (conventions.ukrainian && ch === 'и') out += 'y';
    else if (conventions.bulgarian && ch === 'ъ') out += 'a';
    else if (conventions.bulgarian && ch === 'щ') out += 'sht';
    else out += CYRILLIC[ch] ?? '';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Greek

const GREEK_BASE: Readonly<Record<string, string>> = {
  'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ώ': 'ω', 'ς': 'σ', 'ϊ': 'ι', 'ΐ': 'ι', 'ϋ': 'υ', 'ΰ': 'υ',
};
const GREEK_DIAERESIS = new Set(['ϊ', 'ΐ', 'ϋ', 'ΰ']);
const GREEK_SINGLE: Readonly<Record<string, string>> = {
  'α': 'a', 'β': 'v', 'γ': 'g', 'δ': 'd', 'ε': 'e', 'ζ': 'z', 'η': 'i', 'θ': 'th', 'ι': 'i', 'κ': 'k', 'λ': 'l',
  'μ': 'm', 'ν': 'n', 'ξ': 'ks', 'ο': 'o', 'π': 'p', 'ρ': 'r', 'σ': 's', 'τ': 't', 'υ': 'i', 'φ': 'f', 'χ': 'ch',
  'ψ': 'ps', 'ω': 'o',
};
const GREEK_VOWELS = new Set(['α', 'ε', 'η', 'ι', 'ο', 'υ', 'ω']);
const GREEK_FRONT = new Set(['ε', 'η', 'ι', 'υ']);
const GREEK_VOICELESS = new Set(['θ', 'κ', 'ξ', 'π', 'σ', 'τ', 'φ', 'χ', 'ψ']);

/**
 * One Greek word in Latin letters, read as Greek clerks write foreign names: μπ b, ντ d, γκ g,
 * τζ j, ου u, αι e, ει/οι i, γι before a vowel y; a diaeresis (ϊ ϋ) keeps two vowels apart.
 */
export function greekToLatin(word: string): string {
  const base: string[] = [];
  const split: boolean[] = [];
  for (const raw of word.normalize('NFC')) {
    const ch = raw.toLowerCase();
    const b = GREEK_BASE[ch] ?? ch;
    if (GREEK_SINGLE[b] === undefined) continue;
    base.push(b);
    split.push(GREEK_DIAERESIS.has(ch));
  }
  let out = '';
  for (let i = 0; i < base.length; i++) {
    const c = base[i] as string;
    const next = base[i + 1];
    const nextSplit = split[i + 1] === true;
    const pair = next !== undefined ? c + next : '';
    if (pair === 'μπ') {
      out += 'b';
      i++;
    } else if (pair === 'ντ') {
      out += 'd';
      i++;
    } else if (pair === 'γκ') {
      out += 'g';
      i++;
    } else if (pair === 'γγ') {
      out += 'ng';
      i++;
    } else if (pair === 'τζ') {
      out += 'j';
      i++;
    } else if (pair === 'ου' && !nextSplit) {
      out += 'u';
      i++;
    } else if (pair === 'αι' && !nextSplit) {
      out += 'e';
      i++;
    } else if ((pair === 'ει' || pair === 'οι' || pair === 'υι') && !nextSplit) {
      out += 'i';
      i++;
    } else if ((pair === 'αυ' || pair === 'ευ' || pair === 'ηυ') && !nextSplit) {
      const after = base[i + 2];
      out += (c === 'α' ? 'a' : c === 'ε' ? 'e' : 'i') + (after === undefined || GREEK_VOICELESS.has(after) ? 'f' : 'v');
      i++;
    } else if (c === 'γ' && next === 'ι' && !nextSplit && base[i + 2] !== undefined && GREEK_VOWELS.has(base[i + 2] as string)) {
      out += 'y';
      i++;
    } else if (c === 'γ' && next !== undefined && GREEK_FRONT.has(next)) {
      out += 'y';
    } else {
      const latin = GREEK_SINGLE[c] ?? '';
      if (latin === 'ch' && /[st]$/.test(out)) out += '_'; // σχ is s-ch, not sch
      out += latin;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Latin

/** Latin letters with a mark that stand for a sound of their own, written the way clerks do. */
const LATIN_LETTERS: Readonly<Record<string, string>> = {
  'š': 'sh', 'ş': 'sh', 'ș': 'sh', 'ž': 'zh', 'č': 'ch', 'ć': 'ch', 'ç': 'ch', 'đ': 'dj', 'ğ': 'g', 'ı': 'i',
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'ð': 'dh', 'þ': 'th', 'ħ': 'h', 'ŋ': 'ng', 'ə': 'e',
  'ḥ': 'h', 'ḫ': 'kh', 'ṯ': 'th', 'ḏ': 'dh', 'ġ': 'gh', 'ǧ': 'j', 'ẖ': 'h', 'ṣ': 's', 'ḍ': 'd', 'ṭ': 't', 'ẓ': 'z',
};

const latinChar = new Map<string, string>();

function foldLatinChar(ch: string): string {
  let out = latinChar.get(ch);
  if (out !== undefined) return out;
  out = LATIN_LETTERS[ch];
  if (out === undefined) {
    const d = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    out = /^[a-z]+$/.test(d) ? d : '';
  }
  latinChar.set(ch, out);
  return out;
}

/**
 * One Latin word folded to a-z and apostrophes: marks dropped, š ž č ć ş ç as sh zh ch ch sh ch,
 * and a Turkish or Kurdish c as j.
 */
export function foldLatin(word: string, conventions: NameConventions = NO_CONVENTIONS): string {
  let out = '';
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    if (code >= 0x61 && code <= 0x7a) out += conventions.turkic && ch === 'c' ? 'j' : ch;
    else if (code === 0x27 || ch === 'ʿ' || ch === 'ʾ' || ch === '’' || ch === 'ʼ' || ch === '‘' || ch === '`') out += "'";
    else if (code >= 0x80) out += foldLatinChar(ch);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Everything else

/** Scripts whose Latin form, like Arabic's, lacks some vowels (inherent or sixth-order vowels). */
export function lacksVowels(script: Script): boolean {
  return script === 'Arab' || script === 'Beng' || script === 'Deva' || script === 'Ethi';
}

/** One word of any script in Latin letters (a-z, apostrophe; spaces and '-' between parts). */
export function wordToLatin(word: string, script: Script, conventions: NameConventions = NO_CONVENTIONS): string {
  switch (script) {
    case 'Latn':
      return foldLatin(word, conventions);
    case 'Arab':
      return arabicToLatin(word, conventions);
    case 'Cyrl':
      return cyrillicToLatin(word, conventions);
    case 'Grek':
      return greekToLatin(word);
    default: {
      let latin = anyAscii(word).toLowerCase().replace(/`/g, "'");
      // any-ascii writes the Indic च as c; names write ch.
      if (script === 'Beng' || script === 'Deva') latin = latin.replace(/c(?!h)/g, 'ch');
      return latin.replace(/[^a-z' -]+/g, '');
    }
  }
}

/** A name split into words: runs of letters (with their marks and apostrophes), each with its script. */
export function splitWords(lower: string): { word: string; script: Script }[] {
  const words: { word: string; script: Script }[] = [];
  let word = '';
  let script: Script | undefined;
  for (const ch of lower) {
    const cp = ch.codePointAt(0) ?? 0;
    const s = scriptOfCodePoint(cp);
    if (s !== undefined) {
      if (script !== undefined && s !== script && word.length > 0) {
        words.push({ word, script });
        word = '';
      }
      script = s;
      word += ch;
    } else if (word.length > 0 && (/\p{M}/u.test(ch) || ch === "'" || ch === '’' || ch === 'ʼ' || ch === 'ʿ' || ch === 'ʾ' || ch === '`')) {
      word += ch;
    } else if (cp === 0x200d || cp === 0x640) {
      // a zero-width joiner or tatweel: the word goes on (a Persian half-space, U+200C, ends it)
    } else if (word.length > 0 && script !== undefined) {
      words.push({ word, script });
      word = '';
      script = undefined;
    }
  }
  if (word.length > 0 && script !== undefined) words.push({ word, script });
  return words;
}

/**
 * A whole name in Latin letters, words separated by single spaces: what a clerk could type to find
 * it. Latin names are folded (no marks); other scripts are transliterated.
 */
export function transliterate(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  const conventions = conventionsOf(lower);
  const parts: string[] = [];
  for (const { word, script } of splitWords(lower)) {
    const latin = wordToLatin(word, script, conventions).replace(/_/g, '');
    if (latin.length > 0) parts.push(latin);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
