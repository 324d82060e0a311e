// Building and reading the FHIR data types the mapping uses: extensions, codings, references and
// free text in a stated language.
import type { Coding, CodeableConcept, Element, Reference } from 'fhir/r4.js';
import { fail } from './errors.ts';
import { arr, isObject, obj, str, type Json } from './read.ts';
import { EXT } from './systems.ts';

// ---- extensions --------------------------------------------------------------------------------

/** The extensions of an element, each an object with a url. */
export function extensionsOf(element: Json, path: string): Json[] {
  return arr(element.extension, `${path}.extension`).map((e, i) => {
    const ext = obj(e, `${path}.extension[${i}]`);
    str(ext.url, `${path}.extension[${i}].url`);
    return ext;
  });
}

/** The one extension with this url, if any (two are refused: the mapping writes at most one). */
export function findExt(element: Json | undefined, url: string, path: string): Json | undefined {
  if (element === undefined) return undefined;
  const found = extensionsOf(element, path).filter((e) => e.url === url);
  if (found.length > 1) fail('duplicate', `${path}.extension('${url}')`);
  return found[0];
}

/** The value[x] of the extension with this url, checked to be under the expected key. */
export function extValue(element: Json | undefined, url: string, key: `value${string}`, path: string): unknown {
  const ext = findExt(element, url, path);
  if (ext === undefined) return undefined;
  const value = ext[key];
  if (value === undefined) fail('missing-element', `${path}.extension('${url}').${key}`);
  return value;
}

// ---- codings -----------------------------------------------------------------------------------

export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

export function concept(system: string, code: string, display?: string): CodeableConcept {
  return { coding: [coding(system, code, display)] };
}

export interface ReadCoding {
  system: string;
  code: string;
  path: string;
}

export function readCoding(value: unknown, path: string): ReadCoding {
  const c = obj(value, path);
  return { system: str(c.system, `${path}.system`), code: str(c.code, `${path}.code`), path };
}

export function readCodings(concept: Json, path: string): ReadCoding[] {
  return arr(concept.coding, `${path}.coding`).map((c, i) => readCoding(c, `${path}.coding[${i}]`));
}

/**
 * The code of a CodeableConcept that must hold exactly one coding, from one of the given systems.
 * Returns the system too, for concepts that may come from several (LOINC or the project's codes).
 */
export function soleCoding(value: unknown, path: string, systems: readonly string[]): ReadCoding {
  const codings = readCodings(obj(value, path), path);
  if (codings.length === 0) fail('missing-element', `${path}.coding`);
  if (codings.length > 1) fail('unsupported-element', `${path}.coding[1]`);
  const only = codings[0] as ReadCoding;
  if (!systems.includes(only.system)) fail('unknown-system', `${only.path}.system`);
  return only;
}

// ---- free text in a language -------------------------------------------------------------------

/** The `_element` that says which language a string is in (the standard language extension). */
export function languageOf(lang: string): Element {
  return { extension: [{ url: EXT.language, valueCode: lang }] };
}

/** Reads holder[key] as a string and the language from holder[`_${key}`]. */
export function readFreeText(holder: Json, key: string, path: string): { text: string; lang: string } {
  const text = str(holder[key], `${path}.${key}`);
  const underscore = holder[`_${key}`];
  if (underscore !== undefined && !isObject(underscore)) fail('malformed', `${path}._${key}`);
  const lang = extValue(underscore, EXT.language, 'valueCode', `${path}._${key}`);
  if (lang === undefined) fail('missing-element', `${path}._${key}.extension('${EXT.language}')`);
  return { text, lang: str(lang, `${path}._${key}.extension('${EXT.language}').valueCode`) };
}

// ---- references --------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** The urn:uuid of a resource whose id is a UUID: how resources refer to each other in a Bundle. */
export function urnOf(id: string): string {
  return `urn:uuid:${id}`;
}

/** A literal reference: urn:uuid for a global id, Type/id for another id FHIR allows. */
export function ref(type: string, id: string): Reference {
  if (UUID.test(id)) return { reference: urnOf(id), type };
  if (FHIR_ID.test(id)) return { reference: `${type}/${id}`, type };
  return fail('not-representable', `Reference(${type})`);
}

/** The id a literal reference points to, in either form `ref` writes; the type must match. */
export function readRef(value: unknown, type: string, path: string): string {
  const r = obj(value, path);
  const declared = r.type;
  if (declared !== undefined && declared !== type) fail('inconsistent', `${path}.type`);
  const reference = str(r.reference, `${path}.reference`);
  const urn = /^urn:uuid:(.+)$/.exec(reference);
  if (urn !== null && UUID.test(urn[1] as string)) return urn[1] as string;
  const relative = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  if (relative !== null) {
    if (relative[1] !== type) fail('inconsistent', `${path}.reference`);
    return relative[2] as string;
  }
  return fail('invalid-element', `${path}.reference`);
}

/** A logical reference by identifier, for a record that need not travel with this one. */
export function identifierRef(type: string, system: string, value: string): Reference {
  return { type, identifier: { system, value } };
}

export function readIdentifierRef(value: unknown, type: string, system: string, path: string): string {
  const r = obj(value, path);
  if (r.type !== undefined && r.type !== type) fail('inconsistent', `${path}.type`);
  const identifier = obj(r.identifier, `${path}.identifier`);
  if (str(identifier.system, `${path}.identifier.system`) !== system) fail('unknown-system', `${path}.identifier.system`);
  return str(identifier.value, `${path}.identifier.value`);
}

// ---- what FHIR cannot carry --------------------------------------------------------------------

/** FHIR has no empty strings: an empty optional value would come back as absent, so refuse it. */
export function nonEmpty(value: string, path: string): string {
  if (value.length === 0) fail('not-representable', path);
  return value;
}

/** A code in FHIR has no leading, trailing or double whitespace. */
export const FHIR_CODE = /^[^\s]+( [^\s]+)*$/;

/** A domain string written as a FHIR code: refused if FHIR's code syntax cannot hold it. */
export function fhirCode(value: string, path: string): string {
  if (!FHIR_CODE.test(value)) fail('not-representable', path);
  return value;
}

/** A short project value as a CodeableConcept: a coding where it is a valid code, else the text. */
export function codeOrText(system: string, value: string, path: string): CodeableConcept {
  nonEmpty(value, path);
  return FHIR_CODE.test(value) ? concept(system, value) : { text: value };
}

export function readCodeOrText(value: unknown, system: string, path: string): string {
  const cc = obj(value, path);
  if (cc.coding !== undefined) return soleCoding(cc, path, [system]).code;
  return str(cc.text, `${path}.text`);
}
