// A name as a list of tokens in Latin letters, with the structure of Arabic, Persian and South Asian
// names made explicit, so that every spelling of one name gives the same tokens:
// - articles are not tokens: "Al-Hassan", "El Hassan", "الحسن" → hassan; a word that may or may not
//   start with one ("Elham", "Alhassan", "الهام") keeps both readings;
// - compounds are cut at their joints, whichever way they were written: "Abdulrahman", "Abd al-Rahman",
//   "Abdurrahman", "عبدالرحمن" → abd + rahman; "Salahuddin", "Salah Eddine", "صلاح الدين" → salah +
//   din; "Habibullah", "Habib Ullah", "حبیب‌الله" → habib + lah; "Ziaur Rahman" → zia + rahman;
// - "abd", "abu", "bin" (ibn, ben, bint) are kept as light tokens: they say little on their own;
// - "Md." and "Mohd" are Muhammad.
// Compounds written without an article (Mohammadreza, Gholam Reza) are left to the similarity
// measure, which also compares adjacent tokens joined.
import { encodeLatin, skeletonKeys, Spelling, type Sounds } from './phonetic.ts';
import { conventionsOf, lacksVowels, splitWords, wordToLatin } from './transliterate.ts';

/** One reading of a token. */
export interface TokenForm {
  readonly latin: string;
  readonly sounds: Sounds;
}

export interface NameToken {
  /** The usual reading first; a second when the token may or may not carry an article. */
  readonly forms: readonly TokenForm[];
  /** abd, abu, bin: part of a compound, light on its own. */
  readonly light: boolean;
  /** How its Latin form was spelled (Latin, from Arabic script, from Greek). */
  readonly spelling: Spelling;
}

const ARTICLES = new Set([
  'al', 'el', 'ul', 'ol', 'il', 'ad', 'ud', 'ed', 'ar', 'ur', 'er', 'as', 'us', 'es', 'az', 'uz', 'ez', 'at', 'ut', 'et',
  'an', 'un', 'en', 'ash', 'ush', 'esh', 'ath', 'adh', "al'",
]);
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr']);
const MUHAMMAD = new Set(['md', 'mohd', 'muhd', 'mhd']);
const ABD = new Set(["'bd", 'abd', 'abdul', 'abdel', 'abdal', 'abdol', 'abdil', 'abdu', 'abdur', 'abdus', 'abdoul', 'abdou', 'abdi', 'abdo', 'abdelal']);
const ABU = new Set(['abu', 'abou', 'abo', 'aboo', 'abul', 'abol', 'abuu']);
const BIN = new Set(['bin', 'ben', 'ibn', 'bn', 'abn', 'bint', 'binti', 'bnt', 'ould', 'wuld', 'walad']);
const DIN = /^(?:[uea][ld]?)?d{1,2}(?:i|ee|ii|y)ne?$/;
const DIN_SUFFIX = /^([a-z']{3,}?)[uea](?:l?d|d{1,2})(?:i|ee|ii|y)ne?$/;
const ALLAH_SUFFIX = /^([a-z']{3,}?)(?:[uo]llah?|[uo]lah|[aei]llah)$/;
const ASCII = /^[\x20-\x7e]*$/;
/** Latin letters whose mark carries a sound (š = sh) and that are often typed bare. */
const MARKED = /[šşșčćçžđ]/u;
const ABD_COMPOUND = /^abd(?:ou|[aeiou])?(sh|[lrszdtn])?([a-z']+)$/;

interface Piece {
  latin: string;
  spelling: Spelling;
  /** from an Arabic-script word that began with ال */
  arabicArticle: boolean;
}

function form(latin: string, spelling: Spelling): TokenForm {
  return { latin, sounds: encodeLatin(latin, spelling) };
}

function hasConsonant(s: string): boolean {
  return /[^aeiou']/.test(s);
}

/** The pieces of a name: Latin words from every script, articles of Arabic-script words marked. */
function pieces(text: string): Piece[] {
  // NFKC changes nothing in plain ASCII, the usual case.
  const lower = (ASCII.test(text) ? text : text.normalize('NFKC')).toLowerCase();
  const conventions = conventionsOf(lower);
  const out: Piece[] = [];
  for (const { word, script } of splitWords(lower)) {
    const spelling = lacksVowels(script)
      ? Spelling.NoShortVowels
      : script === 'Grek'
        ? Spelling.Greek
        : script === 'Latn' && MARKED.test(word)
          ? Spelling.LatinMarked
          : Spelling.Full;
    const latin = wordToLatin(word, script, conventions);
    for (const part of latin.split(' ')) {
      if (part.length === 0) continue;
      if (script === 'Arab' && part.startsWith('al-')) {
        out.push({ latin: part.slice(3), spelling, arabicArticle: true });
        continue;
      }
      for (const p of part.split('-')) if (p.replace(/'/g, '').length > 0) out.push({ latin: p, spelling, arabicArticle: false });
    }
  }
  return out;
}

/** Tokens of a name string (given and family together, in any order and script). */
export function tokenize(text: string): NameToken[] {
  const ps = pieces(text);
  const tokens: NameToken[] = [];
  const plain = (latin: string, sp: Spelling, light = false): void => {
    tokens.push({ forms: [form(latin, sp)], light, spelling: sp });
  };
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as Piece;
    const next = ps[i + 1];
    let latin = p.latin;
    const sp = p.spelling;
    const nv = sp === Spelling.NoShortVowels;
    if (TITLES.has(latin) && next !== undefined) continue;
    if (ARTICLES.has(latin) && next !== undefined) continue;
    if (MUHAMMAD.has(latin)) latin = 'muhammad';
    // Light tokens: abd, abu, bin, when a name follows.
    if (next !== undefined && ABD.has(latin)) {
      plain('abd', sp, true);
      continue;
    }
    if (next !== undefined && ABU.has(latin)) {
      plain('abu', sp, true);
      continue;
    }
    if (next !== undefined && BIN.has(latin)) {
      plain('bin', sp, true);
      continue;
    }
    if (DIN.test(latin) && tokens.length > 0) {
      plain('din', sp);
      continue;
    }
    if (p.arabicArticle) {
      // Arabic-script al-: mostly the article (الحسن), sometimes part of the name (الهام Elham).
      const bare = latin;
      if (bare === 'lh' || bare === 'llh') plain('lah', sp);
      else if (DIN.test(bare)) plain('din', sp);
      else tokens.push({ forms: [form(bare, sp), form(`al${bare}`, sp)], light: false, spelling: sp });
      continue;
    }
    if (latin === 'allah' || latin === 'ullah' || latin === 'ulla' || latin === 'ollah' || latin === 'alla' || latin === 'lah' || latin === 'llah') {
      plain('lah', sp);
      continue;
    }
    // Compounds written as one word.
    const abd = ABD_COMPOUND.exec(latin);
    if (abd !== null && !nv) {
      const [, article, rest] = abd as unknown as [string, string | undefined, string];
      // The consonant after abd is the article when it is l, or doubles the next (Abdurrahman).
      let name = rest;
      if (article !== undefined && article !== 'l' && !rest.startsWith(article)) name = article + rest;
      if (name.length >= 2 && hasConsonant(name) && !ARTICLES.has(name)) {
        plain('abd', sp, true);
        if (article === 'l' && /^[aeiou]/.test(name)) tokens.push({ forms: [form(name, sp), form(`l${name}`, sp)], light: false, spelling: sp });
        else plain(name, sp);
        continue;
      }
    }
    const din = DIN_SUFFIX.exec(latin);
    if (din !== null && !nv) {
      plain(din[1] as string, sp);
      plain('din', sp);
      continue;
    }
    const allah = ALLAH_SUFFIX.exec(latin);
    if (allah !== null && !nv && !latin.startsWith('abd')) {
      plain(allah[1] as string, sp);
      plain('lah', sp);
      continue;
    }
    const forms: TokenForm[] = [form(latin, sp)];
    if (!nv) {
      // An article written on to the word: Alhassan, Elamin, Ezzahra.
      const m = /^(?:al|el)([a-z']+)$/.exec(latin);
      const rest = m?.[1];
      if (rest !== undefined && (rest.length >= 4 || (rest.length === 3 && !/^[aeiou]/.test(rest)))) forms.push(form(rest, sp));
      else {
        const sun = /^[ae]([tdrszn])\1([a-z']{3,})$/.exec(latin);
        if (sun !== null) forms.push(form(`${sun[1]}${sun[2]}`, sp));
      }
      // An article written on to the end of the first word of a pair: Rafiqul Islam, Ziaur Rahman.
      if (forms.length === 1 && next !== undefined) {
        const end = /^([a-z']{2,}[^ou'])[uo](sh|[lrszdtn])$/.exec(latin);
        if (end !== null && (end[2] === 'l' || next.latin.startsWith(end[2] as string))) forms.push(form(end[1] as string, sp));
      }
    }
    if (latin.replace(/'/g, '').length < 2 && next !== undefined) continue; // an initial
    tokens.push({ forms, light: false, spelling: sp });
  }
  return tokens;
}

/** abd, abu or bin when a word is one of their spellings (Abdul, عبد, Abou, ibn, ...). */
export function lightPartOf(latin: string): 'abd' | 'abu' | 'bin' | undefined {
  if (ABD.has(latin)) return 'abd';
  if (ABU.has(latin)) return 'abu';
  if (BIN.has(latin)) return 'bin';
  return undefined;
}

/** Every skeleton key of a token's forms. */
export function tokenSkeletons(t: NameToken): string[] {
  const keys: string[] = [];
  for (const f of t.forms) for (const k of skeletonKeys(f.sounds)) if (!keys.includes(k)) keys.push(k);
  return keys;
}
