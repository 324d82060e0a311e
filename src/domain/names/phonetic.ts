// A name token's sounds, as the spellings of names from Arabic, Persian, Pashto, Urdu, Turkish,
// Kurdish, Somali, Tigrinya, Slavic and Greek sources let us guess them. Each Latin token becomes a
// string of sound symbols: the digraphs clerks use (sh, kh, gh, th, dh, zh, ch, dj, dzh, ou, oo, ee)
// are one symbol each, and ambiguous spellings get symbols of their own (a Latin "ch" may be the ch
// of Chaudhry, the sh of French Cherif or the kh of German Chalid) that the similarity measure
// treats as close to each reading. The coarse "skeleton" of a token is the index key: consonant
// classes only, so that the usual confusions (k/q/c/g, h/kh, sh/ch, j/dj/zh/dzh, t/d, b/p, v/w)
// give the same key.

/** Sound symbols (small integers). Vowels first, so that `sym <= Sym.U` tests for a vowel. */
export const Sym = {
  A: 0,
  E: 1,
  I: 2,
  O: 3,
  U: 4,
  /** y as a consonant (before a vowel) */
  Y: 5,
  /** w or v */
  W: 6,
  /** a hamza or an ayn: ' in a Latin form, ع ء ئ ؤ in Arabic script, aa in "Saad", "Jaafar" */
  Glottal: 7,
  B: 8,
  P: 9,
  T: 10,
  D: 11,
  TH: 12,
  DH: 13,
  S: 14,
  Z: 15,
  SH: 16,
  ZH: 17,
  CH: 18,
  /** Latin "ch": ch, sh or kh */
  LatinCh: 19,
  J: 20,
  K: 21,
  Q: 22,
  G: 23,
  GH: 24,
  KH: 25,
  H: 26,
  F: 27,
  L: 28,
  M: 29,
  N: 30,
  R: 31,
  /** c before e, i, y: s, or j in a Turkish name written without its letters */
  SoftC: 32,
  /** c at the start of a word before a vowel: k, or a Somali ayn (Cabdi = Abdi) */
  InitialC: 33,
  /** Greek σ: s, or sh, which Greek cannot write */
  GreekS: 34,
} as const;
export type Sym = (typeof Sym)[keyof typeof Sym];
export const SYMBOL_COUNT = 35;

/** How the Latin form of a token was spelled. */
export const Spelling = {
  /** Latin, Cyrillic: every vowel written */
  Full: 0,
  /** from Arabic script (also Bengali, Ethiopic): short vowels missing */
  NoShortVowels: 1,
  /** from Greek: no sh, no h */
  Greek: 2,
  /** Latin with letters such as ş š č ć ç ž đ: the same name is often typed without the marks */
  LatinMarked: 3,
} as const;
export type Spelling = (typeof Spelling)[keyof typeof Spelling];

/** Flags per symbol. */
export const SymFlag = {
  /** a vowel written as a letter even in Arabic script (ou, oo, ee, a y or w, a diphthong's end) */
  Long: 1,
  /** the last symbol of the token */
  Final: 2,
  /** next to a vowel */
  NearVowel: 4,
  /** a vowel whose quality the spelling does not tell (Arabic initial alif) */
  AnyVowel: 8,
  /** written with a letter that keyboards without it type bare (ş š č ć ç ž đ → s s c c c z d) */
  Marked: 16,
} as const;

/** A token's sound symbols, with flags and weight. */
export interface Sounds {
  // Plain arrays of small integers: cheaper to create than typed arrays, as fast to read.
  readonly sym: readonly number[];
  readonly flags: readonly number[];
  /** the information in the token: 1 per consonant, less for vowels and glides */
  readonly weight: number;
  /** the token's Latin form has no short vowels (Arabic script, Bengali, Ethiopic) */
  readonly lacksVowels: boolean;
}

const SYMBOL_CHARS = "aeiouyw'bptdTDszSZCXjkqgGKhflmnrcQ$";

/** The symbols as a readable string, for tests and debugging. */
export function soundsToString(s: Sounds): string {
  let out = '';
  for (const x of s.sym) out += SYMBOL_CHARS[x];
  return out;
}

const isVowelChar = (c: string | undefined): boolean => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u';

/** Weight of each symbol in a token's information. */
export const SYMBOL_WEIGHT: Float32Array = (() => {
  const w = new Float32Array(SYMBOL_COUNT).fill(1);
  for (let v = Sym.A; v <= Sym.U; v++) w[v] = 0.35;
  w[Sym.Y] = 0.5;
  w[Sym.W] = 0.6;
  w[Sym.Glottal] = 0.2;
  w[Sym.H] = 0.7;
  w[Sym.InitialC] = 0.8;
  return w;
})();

const scratchSym = new Uint8Array(128);
const scratchFlags = new Uint8Array(128);

/** The sounds of one Latin token (a-z and apostrophes), spelled as `spelling` says. */
export function encodeLatin(latin: string, spelling: Spelling = Spelling.Full): Sounds {
  const lacksVowels = spelling === Spelling.NoShortVowels;
  let n = 0;
  const len = Math.min(latin.length, 120);
  const push = (sym: Sym, flags: number = 0): void => {
    // Doubled letters are one sound: mm, ss, "Haddad" and "Hadad".
    if (n > 0 && scratchSym[n - 1] === sym && sym !== Sym.Glottal) {
      scratchFlags[n - 1] = (scratchFlags[n - 1] as number) | flags;
      return;
    }
    scratchSym[n] = sym;
    scratchFlags[n] = flags;
    n++;
  };
  let i = 0;
  while (i < len) {
    const c = latin[i] as string;
    const c1 = latin[i + 1];
    const c2 = latin[i + 2];
    const prevVowel = n > 0 && (scratchSym[n - 1] as number) <= Sym.U;
    switch (c) {
      case 'a':
        if (c1 === 'a') {
          push(Sym.A);
          push(Sym.Glottal);
          i += 2;
        } else {
          push(Sym.A);
          i++;
        }
        break;
      case 'e':
        if (c1 === 'e') {
          push(Sym.I, SymFlag.Long);
          i += 2;
        } else {
          push(Sym.E);
          i++;
        }
        break;
      case 'i':
        push(Sym.I, prevVowel || c1 === 'i' ? SymFlag.Long : 0);
        i += c1 === 'i' ? 2 : 1;
        break;
      case 'o':
        if (c1 === 'u' || c1 === 'o') {
          push(Sym.U, SymFlag.Long);
          i += 2;
        } else {
          push(Sym.O);
          i++;
        }
        break;
      case 'u':
        push(Sym.U, prevVowel || c1 === 'u' ? SymFlag.Long : 0);
        i += c1 === 'u' ? 2 : 1;
        break;
      case 'y':
        // In a Latin form made from Arabic script, y and w are the consonants; i and u the vowels.
        if (isVowelChar(c1) || lacksVowels) push(Sym.Y);
        else push(Sym.I, SymFlag.Long);
        i++;
        break;
      case 'w':
        if (isVowelChar(c1) || c1 === 'y' || lacksVowels) push(Sym.W);
        else push(Sym.U, SymFlag.Long);
        i++;
        break;
      case 'v':
        push(Sym.W);
        i++;
        break;
      case "'":
        push(Sym.Glottal);
        i++;
        break;
      case 'b':
        push(Sym.B);
        i++;
        break;
      case 'p':
        if (c1 === 'h') {
          push(Sym.F);
          i += 2;
        } else {
          push(Sym.P);
          i++;
        }
        break;
      case 't':
        if (c1 === 'h') {
          push(Sym.TH);
          i += 2;
        } else if (c1 === 'c' && c2 === 'h') {
          push(Sym.CH);
          i += 3;
        } else if (c1 === 's' && c2 === 'c' && latin[i + 3] === 'h') {
          push(Sym.CH);
          i += 4;
        } else if (c1 === 's' && c2 === 'h') {
          push(Sym.CH);
          i += 3;
        } else {
          push(Sym.T);
          i++;
        }
        break;
      case 'd':
        if (c1 === 'z' && c2 === 'h') {
          push(Sym.J);
          i += 3;
        } else if (c1 === 's' && c2 === 'c' && latin[i + 3] === 'h') {
          push(Sym.J);
          i += 4;
        } else if (c1 === 'j' || c1 === 'z') {
          push(Sym.J);
          i += 2;
        } else if (c1 === 'h') {
          push(Sym.DH);
          i += 2;
        } else {
          push(Sym.D);
          i++;
        }
        break;
      case 's':
        if (c1 === 'c' && c2 === 'h') {
          push(Sym.SH);
          i += 3;
        } else if (c1 === 'h') {
          push(Sym.SH);
          i += 2;
        } else {
          push(spelling === Spelling.Greek ? Sym.GreekS : Sym.S);
          i++;
        }
        break;
      case 'z':
        if (c1 === 'h') {
          push(Sym.ZH);
          i += 2;
        } else {
          push(Sym.Z);
          i++;
        }
        break;
      case 'c':
        if (c1 === 'h') {
          push(Sym.LatinCh);
          i += 2;
        } else if (c1 === 'k' || c1 === 'q') {
          push(Sym.K);
          i += 2;
        } else if (c1 === 'z') {
          push(Sym.CH);
          i += 2;
        } else if (c1 === 'e' || c1 === 'i' || c1 === 'y') {
          push(Sym.SoftC);
          i++;
        } else if (i === 0 && isVowelChar(c1)) {
          push(Sym.InitialC);
          i++;
        } else {
          push(Sym.K);
          i++;
        }
        break;
      case 'k':
        if (c1 === 'h') {
          push(Sym.KH);
          i += 2;
        } else {
          push(Sym.K);
          i++;
        }
        break;
      case 'g':
        if (c1 === 'h') {
          push(Sym.GH);
          i += 2;
        } else {
          push(Sym.G);
          i++;
        }
        break;
      case 'q':
        push(Sym.Q);
        i++;
        break;
      case 'x':
        push(Sym.KH);
        i++;
        break;
      case 'j':
        push(Sym.J);
        i++;
        break;
      case 'h':
        push(Sym.H);
        i++;
        break;
      case 'f':
        push(Sym.F);
        i++;
        break;
      case 'l':
        push(Sym.L);
        i++;
        break;
      case 'm':
        push(Sym.M);
        i++;
        break;
      case 'n':
        push(Sym.N);
        i++;
        break;
      case 'r':
        push(Sym.R);
        i++;
        break;
      default:
        i++;
    }
  }
  const sym: number[] = [];
  const flags: number[] = [];
  for (let k = 0; k < n; k++) {
    sym.push(scratchSym[k] as number);
    flags.push(scratchFlags[k] as number);
  }
  let weight = 0;
  for (let k = 0; k < n; k++) {
    const s = sym[k] as Sym;
    weight += SYMBOL_WEIGHT[s] as number;
    let f = flags[k] as number;
    if ((k > 0 && (sym[k - 1] as number) <= Sym.U) || (k + 1 < n && (sym[k + 1] as number) <= Sym.U)) f |= SymFlag.NearVowel;
    if (k === n - 1) f |= SymFlag.Final;
    if (lacksVowels) {
      // Arabic script writes only long vowels; the first one (an alif) says nothing of its quality.
      if (s <= Sym.U) f |= SymFlag.Long;
      if (k === 0 && s <= Sym.U) f |= SymFlag.AnyVowel;
    }
    if (spelling === Spelling.LatinMarked && (s === Sym.SH || s === Sym.CH || s === Sym.LatinCh || s === Sym.ZH || s === Sym.J)) f |= SymFlag.Marked;
    flags[k] = f;
  }
  return { sym, flags, weight, lacksVowels };
}

// ---------------------------------------------------------------------------------------------
// The skeleton: the coarse index key

const COARSE = (() => {
  const c: string[] = new Array<string>(SYMBOL_COUNT).fill('');
  const set = (chars: string, ...syms: Sym[]): void => {
    for (const s of syms) c[s] = chars;
  };
  set('B', Sym.B, Sym.P);
  set('T', Sym.T, Sym.D, Sym.TH, Sym.DH);
  set('S', Sym.S, Sym.SoftC, Sym.GreekS);
  set('Z', Sym.Z);
  set('C', Sym.SH, Sym.CH, Sym.LatinCh);
  set('J', Sym.J, Sym.ZH);
  set('K', Sym.K, Sym.Q, Sym.G, Sym.GH, Sym.InitialC);
  set('H', Sym.H, Sym.KH);
  set('F', Sym.F);
  set('L', Sym.L);
  set('M', Sym.M);
  set('N', Sym.N);
  set('R', Sym.R);
  return c;
})();

/** The other reading of the ambiguous symbols: ث as s, ذ as z, a Latin ch as kh. */
const COARSE_ALT: Partial<Record<Sym, string>> = { [Sym.TH]: 'S', [Sym.DH]: 'Z', [Sym.LatinCh]: 'H', [Sym.GreekS]: 'C' };

/** The letter a marked letter becomes when typed bare: ş s, ž z, ç c (soft before e and i). */
function bareCoarse(s: Sounds, k: number): string | undefined {
  if (((s.flags[k] as number) & SymFlag.Marked) === 0) return undefined;
  const x = s.sym[k] as Sym;
  if (x === Sym.SH) return 'S';
  if (x === Sym.ZH) return 'Z';
  if (x === Sym.CH || x === Sym.LatinCh) return s.sym[k + 1] === Sym.E || s.sym[k + 1] === Sym.I ? 'S' : 'K';
  return undefined;
}

function skeletonOf(s: Sounds, alt: boolean): string {
  let out = '';
  const n = s.sym.length;
  let last = '';
  for (let k = 0; k < n; k++) {
    const x = s.sym[k] as Sym;
    let ch: string;
    if (k === 0 && (x <= Sym.U || x === Sym.Glottal)) ch = 'A';
    else if (k === 0 && x === Sym.Y) ch = 'J';
    else if (k === 0 && x === Sym.W) ch = 'V';
    else if (x === Sym.H && k === n - 1 && k > 0) ch = ''; // Fatimah, Fatima; Abdullah, Abdulla
    else ch = (alt ? (bareCoarse(s, k) ?? COARSE_ALT[x]) : undefined) ?? (COARSE[x] as string);
    if (ch.length > 0 && ch !== last) out += ch;
    if (ch.length > 0 || x > Sym.Glottal) last = ch;
  }
  return out;
}

/**
 * The token's skeleton keys: consonant classes in upper case, vowels dropped except a leading
 * one (written A), doubled classes collapsed. One key, or two when the token holds a sound with two
 * usual readings (th, dh, Latin ch, Greek σ) or a letter often typed without its mark (ş, č, ž).
 */
export function skeletonKeys(s: Sounds): string[] {
  const first = skeletonOf(s, false);
  let ambiguous = false;
  for (let k = 0; k < s.sym.length; k++) {
    const x = s.sym[k] as Sym;
    if (x === Sym.TH || x === Sym.DH || x === Sym.LatinCh || x === Sym.GreekS || bareCoarse(s, k) !== undefined) ambiguous = true;
  }
  if (!ambiguous) return first.length > 0 ? [first] : [];
  const second = skeletonOf(s, true);
  return second === first ? [first] : [first, second];
}
