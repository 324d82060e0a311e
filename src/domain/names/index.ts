// The name-matching core for search and duplicate detection: names typed in Latin letters by ear
// found in records written in Arabic, Persian, Pashto, Urdu, Cyrillic, Greek, Ethiopic or another
// Latin spelling, and the reverse. Pure TypeScript, no Node modules: the renderer may use it.
//
//   nameSearchKeys(text)       index keys of one name string
//   nameSimilarity(a, b)       0..1, symmetric, token order does not matter
//   rankCandidates(q, cs, n)   the n candidates most like a query, after an index look-up
//
// How: each word is put in Latin letters (transliterate.ts), cut into tokens with articles and
// compounds made explicit (tokens.ts), each token spelled as sound symbols (phonetic.ts), and
// tokens compared by a weighted edit distance over those sounds (similarity.ts).
import { compareNames, prepareName, type PreparedName } from './similarity.ts';
import { encodeLatin, skeletonKeys, Spelling } from './phonetic.ts';
import { lightPartOf, tokenize, tokenSkeletons } from './tokens.ts';

export { detectScript, type Script } from './script.ts';
export { normalizeName } from './normalize.ts';
export { transliterate } from './transliterate.ts';

function addKey(keys: string[], key: string): void {
  if (key.length > 0 && !keys.includes(key)) keys.push(key);
}

/**
 * The index keys of one name string (a given name, a family name, or both; any script): for each
 * token, its Latin form in lower case ("hassan", "mhmd" for محمد) and its skeleton in upper case
 * ("HSN", "MHMT"); for each pair of adjacent tokens, the same of the two joined, so that
 * "Mohammad Reza" and "Mohammadreza", "Abdul Rahman" and "Abdulrahman" share keys. Articles are
 * not keys; abd, abu and bin in any spelling (Abdul, Abdel, عبد; Abou; ibn, ben) give "abd"/"ABT",
 * "abu"/"AB", "bin"/"BN". Lower- and upper-case keys never collide, so one index holds both; the
 * Latin forms are fit for prefix search as a name is typed.
 */
export function nameSearchKeys(text: string): string[] {
  // Not through prepareName's cache: indexing sees each name once.
  const tokens = tokenize(text);
  const keys: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined) continue;
    // abd, abu, bin: their one spelling and skeleton, so that a name typed a word at a time
    // ("Abdul", "Rahman") meets one written as a compound.
    const light = t.light ? t.forms[0]?.latin : lightPartOf(t.forms[0]?.latin ?? '');
    if (light !== undefined) {
      addKey(keys, light);
      for (const k of skeletonKeys(encodeLatin(light))) addKey(keys, k);
    }
    if (!t.light) {
      for (const f of t.forms) addKey(keys, f.latin.replace(/['_]/g, ''));
      for (const k of tokenSkeletons(t)) addKey(keys, k);
    }
    const next = tokens[i + 1];
    if (next !== undefined) {
      const joined = (t.forms[0]?.latin ?? '') + (next.forms[0]?.latin ?? '');
      addKey(keys, joined.replace(/['_]/g, ''));
      const spelling = t.spelling === Spelling.NoShortVowels || next.spelling === Spelling.NoShortVowels ? Spelling.NoShortVowels : t.spelling;
      for (const k of skeletonKeys(encodeLatin(joined, spelling))) addKey(keys, k);
    }
  }
  return keys;
}

/**
 * At or above this, two names are taken for spellings of one name (on the test fixture: 97% of
 * same-person pairs, 25% of look-alike pairs of different people, precision 0.94). Names alone
 * cannot do better: Saad and Saeed, Karim and Karima are one letter apart; birth date and sex
 * must decide.
 */
export const NAME_MATCH_THRESHOLD = 0.85;

/**
 * How alike two names are, 0..1: 1 for the same name in any script or spelling, falling with
 * each differing sound; symmetric, and the order of the tokens does not matter. Token distances are
 * combined as a root mean square, so one wrong token weighs more than small differences spread over
 * all; a token present in one name only (a father's name) counts as a distance of 0.4. See
 * NAME_MATCH_THRESHOLD.
 */
export function nameSimilarity(a: string, b: string): number {
  return compareNames(prepareName(a), prepareName(b));
}

/** In a search, a query token the candidate lacks counts this far; an extra candidate token much less. */
const QUERY_TOKEN_MISSING = 0.6;
const CANDIDATE_TOKEN_EXTRA = 0.3;

export interface RankedCandidate<T> {
  readonly candidate: T;
  readonly score: number;
  /** The candidate's name that scored best. */
  readonly name: string;
}

/**
 * The `limit` candidates whose names are most like the query, best first (ties keep the input
 * order). Each candidate may have several names (spellings, scripts); its best one counts. Unlike
 * `nameSimilarity`, this is asymmetric as search is: every query token should be matched, while
 * extra tokens of a candidate's name cost little. `namesOf` defaults to the candidate itself as a
 * string.
 */
export function rankCandidates<T>(
  query: string,
  candidates: Iterable<T>,
  limit = 10,
  namesOf: (candidate: T) => string | readonly string[] = (c) => String(c),
): RankedCandidate<T>[] {
  const q: PreparedName = prepareName(query);
  const top: RankedCandidate<T>[] = [];
  if (limit <= 0) return top;
  for (const candidate of candidates) {
    const names = namesOf(candidate);
    let best = -1;
    let bestName = '';
    for (const name of typeof names === 'string' ? [names] : names) {
      const s = compareNames(q, prepareName(name), QUERY_TOKEN_MISSING, CANDIDATE_TOKEN_EXTRA);
      if (s > best) {
        best = s;
        bestName = name;
      }
    }
    if (best < 0) continue;
    if (top.length === limit && best <= (top[limit - 1] as RankedCandidate<T>).score) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1] as RankedCandidate<T>).score < best) at--;
    top.splice(at, 0, { candidate, score: best, name: bestName });
    if (top.length > limit) top.pop();
  }
  return top;
}
