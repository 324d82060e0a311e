// The translation keys, extracted from the code: every key the code asks `t()` for exists in English
// (and so, by the locale tests, in every language), and every English key is used somewhere. The
// extraction reads the code's string literals with the TypeScript parser: a key is used where it is
// written whole (t('a.b'), { key: 'a.b' }, labelKey in data files), where the code builds it from a
// written prefix (t(`a.${x}`)), or where a written dotted prefix is handed to code that completes it
// (labels: 'a.b' for 'a.b.true'). Keys in data files (resources/**/*.json) count too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { flatten, PLURAL_SUFFIX, type LocaleTree } from '../../src/i18n/locale-check.ts';

const root = join(import.meta.dirname, '..', '..');

function walk(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

interface Extracted {
  /** Whole strings written in the code and data. */
  literals: Set<string>;
  /** Texts before the first `${` of template literals. */
  prefixes: Set<string>;
  /** First arguments of t(...) calls that are plain strings, with where they are. */
  asked: { key: string; where: string }[];
}

function extract(): Extracted {
  const literals = new Set<string>();
  const prefixes = new Set<string>();
  const asked: { key: string; where: string }[] = [];
  const sources = ['src', 'renderer', 'main'].flatMap((d) => walk(join(root, d), /\.(ts|tsx|mts)$/));
  for (const file of sources) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      else if (ts.isTemplateHead(node)) prefixes.add(node.text);
      else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 't') {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          asked.push({ key: first.text, where: `${file.slice(root.length + 1)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const collect = (value: unknown): void => {
    if (typeof value === 'string') literals.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  for (const file of walk(join(root, 'resources'), /\.json$/)) if (!file.includes(`${join('resources', 'value-sets', 'i18n')}`)) collect(JSON.parse(readFileSync(file, 'utf8')));
  return { literals, prefixes, asked };
}

function englishKeys(): Set<string> {
  const keys = new Set<string>();
  for (const ns of ['common', 'errors']) {
    const tree = JSON.parse(readFileSync(join(root, 'locales', 'en', `${ns}.json`), 'utf8')) as LocaleTree;
    for (const key of flatten(tree).keys()) keys.add(ns === 'common' ? key : `errors:${key}`);
  }
  return keys;
}

describe('translation keys extracted from the code', () => {
  const { literals, prefixes, asked } = extract();
  const keys = englishKeys();
  const dotted = [...literals].filter((l) => /^[a-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+$/.test(l));
  const used = (key: string): boolean => {
    const base = key.replace(PLURAL_SUFFIX, '');
    const bare = base.replace(/^errors:/, '');
    if (literals.has(base) || literals.has(bare) || literals.has(key)) return true;
    for (const p of prefixes) if (p.includes('.') && (base.startsWith(p) || bare.startsWith(p))) return true;
    return dotted.some((d) => bare.startsWith(`${d}.`));
  };

  it('finds the keys the code asks for (a sanity check of the extraction)', () => {
    expect(asked.length).toBeGreaterThan(500);
    expect(asked.map((a) => a.key)).toContain('booklet.print');
    expect(used('booklet.title')).toBe(true);
    expect(used('errors:transferCancelled')).toBe(true);
    expect(used('reports.group.tb')).toBe(true);
    expect(used('booklet.noSuchKeyAnywhere')).toBe(false);
  });

  it('has an English text for every key the code asks t() for', () => {
    const missing = asked.filter(({ key }) => {
      const k = key.replace(/^common:/, '');
      return !keys.has(k) && !keys.has(`${k}_other`) && !keys.has(k.replace(/^errors\./, 'errors:'));
    });
    expect(missing.map((m) => `${m.where} ${m.key}`)).toEqual([]);
  });

  it('uses every English key', () => {
    expect([...keys].filter((k) => !used(k))).toEqual([]);
  });
});
