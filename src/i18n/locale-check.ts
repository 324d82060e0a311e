// What a translation must keep from the English source: the same keys (a plural key once per plural
// category of the language, as CLDR says), no empty value, and the same interpolations ({{name}}),
// nesting ($t(...)) and markup tags (<1>...</1>). Used by the locale tests and by
// `node scripts/locale-check.ts <lng>` while translating.

export type LocaleTree = { [key: string]: string | LocaleTree };

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every key of a nested locale object, dotted. */
export function flatten(tree: LocaleTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The keys a language must have for an English key list: plural keys expanded to its categories. */
export function expectedKeys(enKeys: Iterable<string>, lng: string): string[] {
  const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
  const keys = [...enKeys];
  const bases = new Set(keys.filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
  return [...keys.filter((k) => !PLURAL_SUFFIX.test(k)), ...[...bases].flatMap((b) => categories.map((c) => `${b}_${c}`))].sort();
}

/** The parts of a string a translation must keep unchanged, sorted. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{[^}]+\}\}|\$t\([^)]*\)|<\/?\d+>|<\/?[a-z]+\/?>/g)].map((m) => m[0].replace(/\s+/g, '')).sort();
}

export interface LocaleProblem {
  key: string;
  problem: 'missing' | 'extra' | 'empty' | 'placeholders';
  detail?: string;
}

/** What is wrong with one namespace of a translation against English. */
export function checkLocale(en: LocaleTree, other: LocaleTree, lng: string): LocaleProblem[] {
  const enFlat = flatten(en);
  const otherFlat = flatten(other);
  const want = expectedKeys(enFlat.keys(), lng);
  const wantSet = new Set(want);
  const problems: LocaleProblem[] = [];
  for (const key of want) {
    const value = otherFlat.get(key);
    if (value === undefined) {
      problems.push({ key, problem: 'missing' });
      continue;
    }
    if (value.trim() === '') problems.push({ key, problem: 'empty' });
    const source = enFlat.get(key) ?? enFlat.get(key.replace(PLURAL_SUFFIX, '_other')) ?? '';
    // Plural forms other than "other" may leave out the number where the language says it in words
    // ("one", "two").
    const need = PLURAL_SUFFIX.test(key) && !key.endsWith('_other') ? [] : placeholders(source);
    const have = placeholders(value);
    const missing = need.filter((p) => !have.includes(p));
    const foreign = have.filter((p) => !placeholders(source).includes(p));
    if (missing.length > 0 || foreign.length > 0) problems.push({ key, problem: 'placeholders', detail: `missing ${missing.join(' ')} extra ${foreign.join(' ')}`.trim() });
  }
  for (const key of otherFlat.keys()) if (!wantSet.has(key)) problems.push({ key, problem: 'extra' });
  return problems;
}
