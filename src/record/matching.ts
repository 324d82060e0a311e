// How persons are found and compared: index keys from names and identifiers, and the duplicate
// score. The name matcher (transliteration, phonetic keys, similarity) is passed in, so this file
// holds only the record's rules.
import { birthRange } from '../domain/age.ts';
import type { Person, PersonName } from '../domain/person.ts';

export interface NameMatcher {
  /** Index keys of one name string (any script). */
  keys(text: string): string[];
  /** 0..1, order of tokens does not matter. */
  similarity(a: string, b: string): number;
}

export const NAME_KEY = 'n:';
export const ID_KEY = 'i:';

export function fullName(name: PersonName): string {
  return [name.given, name.family].filter(Boolean).join(' ');
}

/** Identifiers and record numbers compared without spaces, dashes, slashes or case. */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFKC').toUpperCase().replace(/[\s\-/.]/g, '');
}

export function phoneDigits(phone: string | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 5 ? digits.slice(-9) : null;
}

/**
 * The name keys of a person: each token of each name, in any script; of the given and family names
 * apart and of the whole name, so that a compound across them (Mohammad | Reza Tehrani) has its
 * joined keys too.
 */
export function nameKeys(person: Person, matcher: NameMatcher): Set<string> {
  const keys = new Set<string>();
  for (const name of person.names) {
    const parts = [name.given, name.family].filter((p): p is string => Boolean(p));
    if (parts.length > 1) parts.push(parts.join(' '));
    for (const part of parts) for (const key of matcher.keys(part)) if (key) keys.add(NAME_KEY + key);
  }
  return keys;
}

/** The identifier keys of a person: each identifier, and the record number. */
export function identifierKeys(person: Person, recordNumber?: string): Set<string> {
  const keys = new Set<string>();
  for (const id of person.identifiers) keys.add(ID_KEY + normaliseIdentifier(id.value));
  if (recordNumber) keys.add(ID_KEY + normaliseIdentifier(recordNumber));
  return keys;
}

/** Every search key of a person: each token of each name, and each identifier. */
export function personKeys(person: Person, matcher: NameMatcher, recordNumber?: string): Set<string> {
  return new Set([...nameKeys(person, matcher), ...identifierKeys(person, recordNumber)]);
}

/** The best similarity between any name of one person and any name (or a typed query) of another. */
export function bestNameSimilarity(a: readonly PersonName[] | string, b: readonly PersonName[], matcher: NameMatcher): number {
  const left = typeof a === 'string' ? [a] : a.map(fullName);
  let best = 0;
  for (const x of left) for (const y of b) best = Math.max(best, matcher.similarity(x, fullName(y)));
  return best;
}

function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export interface DuplicateScore {
  score: number;
  reasons: string[];
}

/**
 * How likely two registrations are the same person, 0..1. Names weigh most; an equal identifier
 * is nearly decisive; a birth date that cannot match (outside each other's possible range) or a
 * different recorded sex pulls the score down hard.
 */
export function duplicateScore(a: Person, b: Person, matcher: NameMatcher): DuplicateScore {
  const reasons: string[] = [];
  const names = bestNameSimilarity(a.names, b.names, matcher);
  let score = names * 0.6;
  if (names >= 0.85) reasons.push('names');

  const ra = birthRange(a.birth);
  const rb = birthRange(b.birth);
  if (overlaps(ra, rb)) {
    const exact = a.birth.kind === 'date' && b.birth.kind === 'date' && a.birth.date === b.birth.date;
    score += exact ? 0.2 : 0.12;
    reasons.push('birth');
  } else {
    score -= 0.25;
  }

  const sexKnown = a.sex !== 'unknown' && b.sex !== 'unknown' && a.sex !== 'other' && b.sex !== 'other';
  if (sexKnown && a.sex === b.sex) {
    score += 0.08;
    reasons.push('sex');
  } else if (sexKnown) {
    score -= 0.3;
  }

  if (a.nationality && b.nationality) {
    if (a.nationality === b.nationality) {
      score += 0.07;
      reasons.push('nationality');
    } else {
      score -= 0.05;
    }
  }

  const ids = new Set(a.identifiers.map((i) => normaliseIdentifier(i.value)));
  if (b.identifiers.some((i) => ids.has(normaliseIdentifier(i.value)))) {
    score += 0.35;
    reasons.push('identifier');
  }
  return { score: Math.max(0, Math.min(1, score)), reasons };
}
