// Readers for FHIR JSON that arrives as `unknown`: each checks the runtime type of what it reads and
// refuses with the FHIR path of the offending element.
import { fail } from './errors.ts';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, path: string): Json {
  if (value === undefined) fail('missing-element', path);
  if (!isObject(value)) fail('malformed', path);
  return value;
}

export function optObj(value: unknown, path: string): Json | undefined {
  return value === undefined ? undefined : obj(value, path);
}

export function arr(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('malformed', path);
  return value;
}

/** An array of at least one element. */
export function nonEmptyArr(value: unknown, path: string): unknown[] {
  const items = arr(value, path);
  if (items.length === 0) fail('missing-element', path);
  return items;
}

/** At most one element: the mapping writes one, and would silently drop the others. */
export function single(value: unknown, path: string): Json | undefined {
  const items = arr(value, path);
  if (items.length > 1) fail('unsupported-element', `${path}[1]`);
  return items.length === 0 ? undefined : obj(items[0], `${path}[0]`);
}

export function str(value: unknown, path: string): string {
  if (value === undefined) fail('missing-element', path);
  if (typeof value !== 'string' || value.length === 0) fail('invalid-element', path);
  return value;
}

export function optStr(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : str(value, path);
}

export function bool(value: unknown, path: string): boolean {
  if (value === undefined) fail('missing-element', path);
  if (typeof value !== 'boolean') fail('invalid-element', path);
  return value;
}

export function optBool(value: unknown, path: string): boolean | undefined {
  return value === undefined ? undefined : bool(value, path);
}

export function num(value: unknown, path: string): number {
  if (value === undefined) fail('missing-element', path);
  if (typeof value !== 'number' || !Number.isFinite(value)) fail('invalid-element', path);
  return value;
}

export function optNum(value: unknown, path: string): number | undefined {
  return value === undefined ? undefined : num(value, path);
}

/** A value that must be one of the keys of a table, mapped through it. */
export function lookup<T>(table: Readonly<Record<string, T>>, code: string, path: string): T {
  if (!Object.hasOwn(table, code)) fail('unknown-code', path);
  return table[code] as T;
}

/** The reverse of a code table: domain value -> FHIR code becomes FHIR code -> domain value. */
export function invert<K extends string, V extends string>(table: Readonly<Record<K, V>>): Readonly<Record<V, K>> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [v, k])) as Record<V, K>;
}

/** The resource, checked for its type and for modifier extensions, which cannot safely be ignored. */
export function expectResource(value: unknown, type: string): Json {
  if (!isObject(value)) fail('malformed', type);
  if (value.resourceType !== type) fail('wrong-resource-type', `${type}.resourceType`);
  rejectModifiers(value, type);
  if (value.implicitRules !== undefined) fail('unsupported-element', `${type}.implicitRules`);
  return value;
}

/** Modifier extensions anywhere in a resource change the meaning of what holds them: refuse them all. */
function rejectModifiers(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => rejectModifiers(item, `${path}[${i}]`));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'modifierExtension') fail('unsupported-element', `${path}.modifierExtension`);
      rejectModifiers(child, `${path}.${key}`);
    }
  }
}
