// How alike two names sound. Tokens are compared by a weighted edit distance over sound symbols
// (see phonetic.ts): substituting a sound for one that spellings confuse (k/q, h/kh, sh/ch, j/dj/y,
// t/d, th/s, dh/z, e/i, o/u) costs little; adding a vowel to a word written without short vowels
// (Arabic script) costs almost nothing, but a long vowel the other side does not write costs a lot
// (حسن Hassan is not Hussein); a dropped or doubled letter, two swapped letters, a digraph against
// its two letters (Ishaq, إسحاق) cost a fraction of a different consonant. Jaro-Winkler is not
// used: on letters it cannot know that محمد and Mohammed differ only in vowels that Arabic does not
// write, nor that Khalid and Khalil differ by a whole consonant while Khalid and Chalid do not.
// Names are compared token by token, in any order, with adjacent tokens also joined (Mohammadreza
// and Mohammad Reza); token distances combine as a root mean square, and a token that one name has
// and the other lacks (a father's name) counts as a distance of 0.4.
import { SYMBOL_COUNT as SYMBOL_COUNT_, SYMBOL_WEIGHT, Sym as SymValues, SymFlag as SymFlagValues, type Sounds, type Sym } from './phonetic.ts';
import { tokenize, type NameToken } from './tokens.ts';

// Local copies of the symbol constants: under a module loader that turns imported bindings into
// getters (vitest, some bundlers), reading them in the edit distance's inner loop is ten times slower.
const S = { ...SymValues };
const F = { ...SymFlagValues };
const SYMBOL_COUNT: number = SYMBOL_COUNT_;

// ---------------------------------------------------------------------------------------------
// Costs

const SUB = (() => {
  const m = new Float32Array(SYMBOL_COUNT * SYMBOL_COUNT).fill(1);
  for (let i = 0; i < SYMBOL_COUNT; i++) m[i * SYMBOL_COUNT + i] = 0;
  const set = (a: Sym, b: Sym, cost: number): void => {
    m[a * SYMBOL_COUNT + b] = cost;
    m[b * SYMBOL_COUNT + a] = cost;
  };
  // Vowels: front and back pairs are close; a against u far.
  set(S.A, S.E, 0.15);
  set(S.E, S.I, 0.15);
  set(S.O, S.U, 0.1);
  set(S.A, S.I, 0.35);
  set(S.A, S.O, 0.45);
  set(S.A, S.U, 0.55);
  set(S.E, S.O, 0.45);
  set(S.E, S.U, 0.5);
  set(S.I, S.O, 0.5);
  set(S.I, S.U, 0.4);
  // Glides against vowels; a hamza or an ayn is written as a vowel or not at all.
  for (let v = S.A; v <= S.U; v++) {
    set(v as Sym, S.Y, 0.5);
    set(v as Sym, S.W, 0.5);
    set(v as Sym, S.Glottal, 0.15);
  }
  set(S.I, S.Y, 0.15);
  set(S.E, S.Y, 0.2);
  set(S.U, S.W, 0.15);
  set(S.O, S.W, 0.2);
  set(S.Y, S.W, 0.6);
  set(S.Y, S.Glottal, 0.4);
  set(S.W, S.Glottal, 0.5);
  // Labials.
  set(S.B, S.P, 0.3);
  set(S.P, S.F, 0.5);
  set(S.F, S.W, 0.6);
  // Dentals: Turkish final devoicing (Ahmet), ث as th or s (Othman, Osman), ذ and ض as dh, d or z
  // (Kadhim, Kazem; Ramadan, Ramazan).
  set(S.T, S.D, 0.3);
  set(S.T, S.TH, 0.25);
  set(S.D, S.DH, 0.25);
  set(S.TH, S.DH, 0.3);
  set(S.TH, S.S, 0.3);
  set(S.DH, S.Z, 0.3);
  set(S.D, S.Z, 0.4);
  set(S.Z, S.S, 0.45);
  // Sibilants and affricates: Greek has no sh; French ch is sh; Serbian and Turkish spellings.
  set(S.S, S.SH, 0.6);
  set(S.GreekS, S.S, 0.05);
  set(S.GreekS, S.SH, 0.1);
  set(S.GreekS, S.SoftC, 0.1);
  set(S.GreekS, S.LatinCh, 0.25);
  set(S.GreekS, S.CH, 0.35);
  set(S.GreekS, S.TH, 0.3);
  set(S.GreekS, S.Z, 0.45);
  set(S.S, S.SoftC, 0.1);
  set(S.SoftC, S.J, 0.35);
  set(S.SoftC, S.CH, 0.3);
  set(S.SoftC, S.LatinCh, 0.3);
  set(S.SoftC, S.K, 0.5);
  set(S.SH, S.CH, 0.3);
  set(S.SH, S.LatinCh, 0.15);
  set(S.CH, S.LatinCh, 0.1);
  set(S.SH, S.ZH, 0.4);
  set(S.ZH, S.J, 0.2);
  set(S.ZH, S.Z, 0.3);
  set(S.J, S.Z, 0.5);
  set(S.J, S.Y, 0.25);
  set(S.J, S.G, 0.4);
  set(S.J, S.CH, 0.4);
  // Velars and h: q as k, g or gh (Ghasemi, Qasim; Sudanese Yagoub); Russian г for h (Ibragim);
  // Russian х and Greek χ for h (Хасан); Somali x for h; Somali c for ayn.
  set(S.K, S.Q, 0.15);
  set(S.K, S.G, 0.5);
  set(S.K, S.KH, 0.35);
  set(S.Q, S.G, 0.35);
  set(S.Q, S.GH, 0.3);
  set(S.G, S.GH, 0.2);
  set(S.GH, S.KH, 0.4);
  set(S.K, S.InitialC, 0.05);
  set(S.Q, S.InitialC, 0.2);
  set(S.G, S.InitialC, 0.5);
  set(S.Glottal, S.InitialC, 0.3);
  set(S.KH, S.LatinCh, 0.2);
  set(S.H, S.LatinCh, 0.35);
  set(S.K, S.LatinCh, 0.4);
  set(S.KH, S.H, 0.3);
  set(S.H, S.G, 0.45);
  set(S.H, S.Glottal, 0.4);
  set(S.K, S.H, 0.6);
  set(S.GH, S.H, 0.6);
  set(S.M, S.N, 0.7);
  set(S.L, S.R, 0.8);
  return m;
})();

/** Deleting a vowel that the other token's script would have written (ou, ee, a diphthong's end). */
const LONG_VOWEL_VS_ABJAD = 0.45;
/** Deleting a short vowel: the other token has no short vowels. */
const SHORT_VOWEL_VS_ABJAD = 0.06;
/** Deleting a vowel letter of Arabic script (ا و ي): a Latin spelling writes those. */
const ABJAD_VOWEL_VS_LATIN = 0.5;
/** Deleting a vowel letter when both tokens are in Arabic script: a letter like any other. */
const ABJAD_VOWEL_VS_ABJAD = 0.7;
const VOWEL_INDEL = 0.25;
/** A final -a: the feminine ending (Karim, Karima; Amin, Amina; Nour, Noura). */
const FINAL_A_INDEL = 0.45;
const TRANSPOSE = 0.5;

/** A digraph's first letter, when it is written with h: sh is s + h, kh k + h, ... (else 255). */
const SPLIT = (() => {
  const t = new Uint8Array(SYMBOL_COUNT).fill(255);
  t[S.SH] = S.S;
  t[S.KH] = S.K;
  t[S.TH] = S.T;
  t[S.DH] = S.D;
  t[S.GH] = S.G;
  t[S.ZH] = S.Z;
  return t;
})();
const SPLIT_COST = 0.15;

/** What ş š č ć ç ž đ become on a keyboard without them: s, c (read as k or soft c), z, d. */
const BARE = new Uint8Array(SYMBOL_COUNT).fill(255);
const BARE2 = new Uint8Array(SYMBOL_COUNT).fill(255);
BARE[S.SH] = S.S;
BARE[S.ZH] = S.Z;
BARE[S.CH] = S.K;
BARE2[S.CH] = S.SoftC;
BARE[S.LatinCh] = S.K;
BARE2[S.LatinCh] = S.SoftC;
BARE[S.J] = S.D;
BARE2[S.J] = S.Z;
const MARK_DROPPED = 0.15;

function indel(s: Sounds, k: number, otherLacksVowels: boolean): number {
  const x = s.sym[k] as number;
  const f = s.flags[k] as number;
  if (x <= S.U) {
    if (s.lacksVowels) return otherLacksVowels ? ABJAD_VOWEL_VS_ABJAD : ABJAD_VOWEL_VS_LATIN;
    if (otherLacksVowels) return (f & F.Long) !== 0 ? LONG_VOWEL_VS_ABJAD : SHORT_VOWEL_VS_ABJAD;
    return x === S.A && (f & F.Final) !== 0 ? FINAL_A_INDEL : VOWEL_INDEL;
  }
  switch (x) {
    case S.Glottal:
      return 0.1;
    case S.Y:
    case S.W:
      return (f & F.NearVowel) !== 0 ? 0.2 : 0.5;
    case S.H:
      return (f & F.Final) !== 0 ? 0.15 : 0.5;
    case S.InitialC:
      return 0.5;
    default:
      return 1;
  }
}

function substitute(a: Sounds, i: number, b: Sounds, j: number): number {
  const x = a.sym[i] as number;
  const y = b.sym[j] as number;
  if (x === y) return 0;
  const c = SUB[x * SYMBOL_COUNT + y] as number;
  if (x > S.U && ((a.flags[i] as number) & F.Marked ? BARE[x] === y || BARE2[x] === y : (b.flags[j] as number) & F.Marked && (BARE[y] === x || BARE2[y] === x))) {
    return Math.min(c, MARK_DROPPED);
  }
  if (x <= S.U && y <= S.U && a.lacksVowels !== b.lacksVowels) {
    // An Arabic initial alif is any vowel; other vowel letters of Arabic script say which vowel.
    if (((a.flags[i] as number) | (b.flags[j] as number)) & F.AnyVowel) return Math.min(c, 0.1);
    return Math.min(c * 1.6, 0.8);
  }
  return c;
}

const MAX = 64;
let rowPrev2 = new Float32Array(MAX + 1);
let rowPrev = new Float32Array(MAX + 1);
let rowCur = new Float32Array(MAX + 1);
const insCost = new Float32Array(MAX + 1);

/**
 * Weighted edit distance (with adjacent transpositions) between two tokens' sounds. Once every
 * alignment costs more than `limit`, gives up and returns a value above it.
 */
export function soundDistance(a: Sounds, b: Sounds, limit = Infinity): number {
  const n = Math.min(a.sym.length, MAX);
  const m = Math.min(b.sym.length, MAX);
  const aLacks = a.lacksVowels;
  const bLacks = b.lacksVowels;
  rowPrev[0] = 0;
  for (let j = 1; j <= m; j++) {
    insCost[j] = indel(b, j - 1, aLacks);
    rowPrev[j] = (rowPrev[j - 1] as number) + (insCost[j] as number);
  }
  for (let i = 1; i <= n; i++) {
    const del = indel(a, i - 1, bLacks);
    let rowMin = (rowCur[0] = (rowPrev[0] as number) + del);
    for (let j = 1; j <= m; j++) {
      let best = (rowPrev[j - 1] as number) + substitute(a, i - 1, b, j - 1);
      const d = (rowPrev[j] as number) + del;
      if (d < best) best = d;
      const ins = (rowCur[j - 1] as number) + (insCost[j] as number);
      if (ins < best) best = ins;
      if (i > 1 && j > 1 && a.sym[i - 1] === b.sym[j - 2] && a.sym[i - 2] === b.sym[j - 1] && a.sym[i - 1] !== a.sym[i - 2]) {
        const t = (rowPrev2[j - 2] as number) + TRANSPOSE;
        if (t < best) best = t;
      }
      // A digraph against its two letters: Latin "Ishaq" reads sh where إسحاق has s and h.
      if (j > 1 && b.sym[j - 1] === S.H && SPLIT[a.sym[i - 1] as number] === b.sym[j - 2]) {
        const t = (rowPrev[j - 2] as number) + SPLIT_COST;
        if (t < best) best = t;
      }
      if (i > 1 && a.sym[i - 1] === S.H && SPLIT[b.sym[j - 1] as number] === a.sym[i - 2]) {
        const t = (rowPrev2[j - 1] as number) + SPLIT_COST;
        if (t < best) best = t;
      }
      rowCur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return limit + 1;
    const tmp = rowPrev2;
    rowPrev2 = rowPrev;
    rowPrev = rowCur;
    rowCur = tmp;
  }
  return rowPrev[m] as number;
}

/**
 * 0..1: one minus the distance over the larger token's information. Below `floor` the exact value
 * does not matter and 0 is returned early.
 */
export function soundSimilarity(a: Sounds, b: Sounds, floor = 0): number {
  const norm = Math.max(a.weight, b.weight);
  if (norm === 0) return 0;
  const s = 1 - soundDistance(a, b, (1 - floor) * norm) / norm;
  return s > 0 && s >= floor ? s : 0;
}

// ---------------------------------------------------------------------------------------------
// Names

/** A name tokenised once, to be compared with many others. */
export interface PreparedName {
  readonly text: string;
  readonly tokens: readonly NameToken[];
  /** Sounds of adjacent tokens joined (index i: tokens i and i + 1), made when first needed. */
  joins?: (Sounds | undefined)[];
}

/**
 * Token distances are combined as a root mean square, not a mean: a spelling variant shifts every
 * token a little, a different person with a shared given name differs in one token a lot, and the
 * RMS weighs the one large difference more.
 */
const LIGHT_WEIGHT = 0.35;
const MIN_TOKEN_MATCH = 0.5;
/** A token this like one part of a compound may be like the whole of it. */
const JOIN_HINT = 0.35;

function tokenWeight(t: NameToken): number {
  return t.light ? LIGHT_WEIGHT : 1;
}

/** Tokens i and i + 1 of a name joined into one, made once per name when first needed. */
function joinOf(p: PreparedName, i: number): Sounds {
  const joins = (p.joins ??= []);
  let j = joins[i];
  if (j === undefined) {
    j = joinSounds((p.tokens[i] as NameToken).forms[0]?.sounds, (p.tokens[i + 1] as NameToken).forms[0]?.sounds);
    joins[i] = j;
  }
  return j;
}

function joinSounds(a: Sounds | undefined, b: Sounds | undefined): Sounds {
  if (a === undefined || b === undefined) return (a ?? b) as Sounds;
  const n = a.sym.length;
  const dup = n > 0 && b.sym.length > 0 && a.sym[n - 1] === b.sym[0] ? 1 : 0;
  const sym = a.sym.concat(dup === 1 ? b.sym.slice(1) : b.sym);
  const flags = a.flags.concat(dup === 1 ? b.flags.slice(1) : b.flags);
  // The join is inside the word now: a final h there is no longer final.
  if (n > 0) flags[n - 1] = (flags[n - 1] as number) & ~F.Final;
  const weight = a.weight + b.weight - (dup === 1 ? (SYMBOL_WEIGHT[b.sym[0] as number] as number) : 0);
  return { sym, flags, weight, lacksVowels: a.lacksVowels || b.lacksVowels };
}

function bestFormSimilarity(a: NameToken, b: NameToken, floor: number): number {
  let best = 0;
  for (const fa of a.forms) {
    for (const fb of b.forms) {
      const s = soundSimilarity(fa.sounds, fb.sounds, floor);
      if (s > best) best = s;
    }
  }
  return best;
}

function bestJoinSimilarity(join: Sounds, t: NameToken, floor: number): number {
  let best = 0;
  for (const f of t.forms) {
    const s = soundSimilarity(join, f.sounds, floor);
    if (s > best) best = s;
  }
  return best;
}

// Candidate matches between units of the two names, reused between calls.
const pairScore: number[] = [];
const pairA: number[] = [];
const pairB: number[] = [];
const order: number[] = [];
/** Similarity of token i of one name and token j of the other, at i * 32 + j. */
const single = new Float32Array(32 * 32);

/** The distance a token counts for when the other name has nothing like it (a father's name). */
export const MISSING_TOKEN_DISTANCE = 0.4;

/**
 * Similarity of two prepared names, 0..1. `missingA` and `missingB` are the distances (0..1) a
 * token of that name counts for when the other name has no counterpart for it.
 */
export function compareNames(a: PreparedName, b: PreparedName, missingA = MISSING_TOKEN_DISTANCE, missingB = MISSING_TOKEN_DISTANCE): number {
  const ta = a.tokens;
  const tb = b.tokens;
  const n = ta.length;
  const m = tb.length;
  if (n === 0 || m === 0) return 0;
  if (n > 30 || m > 30) return 0; // not a name
  // Units: token i is unit i; tokens i and i+1 joined are unit n + i (likewise for b).
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const s = bestFormSimilarity(ta[i] as NameToken, tb[j] as NameToken, JOIN_HINT);
      single[i * 32 + j] = s;
      if (s >= MIN_TOKEN_MATCH) {
        pairScore[count] = s;
        pairA[count] = i;
        pairB[count] = j;
        count++;
      }
    }
  }
  // Joined neighbours (Mohammadreza, Mohammad Reza), when some token found no close counterpart
  // alone, and only against a token that one of the two already resembles.
  if ((n > 1 || m > 1) && needsJoins(n, m, count)) {
    for (let i = 0; i + 1 < n; i++) {
      for (let j = 0; j < m; j++) {
        if ((single[i * 32 + j] as number) < JOIN_HINT && (single[(i + 1) * 32 + j] as number) < JOIN_HINT) continue;
        const s = bestJoinSimilarity(joinOf(a, i), tb[j] as NameToken, MIN_TOKEN_MATCH);
        if (s >= MIN_TOKEN_MATCH) {
          pairScore[count] = s;
          pairA[count] = n + i;
          pairB[count] = j;
          count++;
        }
      }
    }
    for (let j = 0; j + 1 < m; j++) {
      for (let i = 0; i < n; i++) {
        if ((single[i * 32 + j] as number) < JOIN_HINT && (single[i * 32 + j + 1] as number) < JOIN_HINT) continue;
        const s = bestJoinSimilarity(joinOf(b, j), ta[i] as NameToken, MIN_TOKEN_MATCH);
        if (s >= MIN_TOKEN_MATCH) {
          pairScore[count] = s;
          pairA[count] = i;
          pairB[count] = m + j;
          count++;
        }
      }
    }
  }
  // Greedy assignment, best pairs first; a join takes both its tokens.
  order.length = count;
  for (let k = 0; k < count; k++) order[k] = k;
  order.sort((x, y) => (pairScore[y] as number) - (pairScore[x] as number) || x - y);
  let usedA = 0;
  let usedB = 0;
  /** Weighted sum of squared distances of the matched units. */
  let matched = 0;
  let matchedWeight = 0;
  for (let k = 0; k < count; k++) {
    const p = order[k] as number;
    const ua = pairA[p] as number;
    const ub = pairB[p] as number;
    const maskA = ua < n ? 1 << ua : 3 << (ua - n);
    const maskB = ub < m ? 1 << ub : 3 << (ub - m);
    if ((usedA & maskA) !== 0 || (usedB & maskB) !== 0) continue;
    usedA |= maskA;
    usedB |= maskB;
    const w = unitWeight(ta, ua, n) + unitWeight(tb, ub, m);
    const d = 1 - (pairScore[p] as number);
    matched += d * d * w;
    matchedWeight += w;
  }
  let missing = 0;
  let missingWeight = 0;
  for (let i = 0; i < n; i++) {
    if ((usedA & (1 << i)) !== 0) continue;
    const w = tokenWeight(ta[i] as NameToken);
    missing += missingA * missingA * w;
    missingWeight += w;
  }
  for (let j = 0; j < m; j++) {
    if ((usedB & (1 << j)) !== 0) continue;
    const w = tokenWeight(tb[j] as NameToken);
    missing += missingB * missingB * w;
    missingWeight += w;
  }
  const total = matchedWeight + missingWeight;
  return total > 0 ? 1 - Math.sqrt((matched + missing) / total) : 0;
}

function unitWeight(tokens: readonly NameToken[], unit: number, n: number): number {
  if (unit < n) return tokenWeight(tokens[unit] as NameToken);
  return tokenWeight(tokens[unit - n] as NameToken) + tokenWeight(tokens[unit - n + 1] as NameToken);
}

/** Joins are worth trying when the single tokens cannot all be paired well. */
function needsJoins(n: number, m: number, pairs: number): boolean {
  if (n !== m) return true;
  let strong = 0;
  for (let k = 0; k < pairs; k++) if ((pairScore[k] as number) >= 0.85) strong++;
  return strong < n;
}

// ---------------------------------------------------------------------------------------------
// Preparation, with a bounded cache: the same names are compared again and again.

// Two generations: a name used again while in either is kept; the older is dropped whole, so the
// cache stays small (young objects are cheap to collect) and never pays for bookkeeping per hit.
const GENERATION = 4096;
let young = new Map<string, PreparedName>();
let old = new Map<string, PreparedName>();

/** A name tokenised for comparison; recently used names are kept. */
export function prepareName(text: string): PreparedName {
  let p = young.get(text);
  if (p !== undefined) return p;
  p = old.get(text) ?? { text, tokens: tokenize(text) };
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(text, p);
  return p;
}
