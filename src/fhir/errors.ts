// The one way the FHIR mapping refuses something: an AppError with code VALIDATION, whose details
// say why (a stable reason) and where (a FHIR path). Details never carry values: a refused resource
// may hold names and clinical data, and errors end up in logs.
import { AppError } from '../api/errors.ts';

export const FHIR_ERROR_REASONS = [
  /** Not JSON of the expected shape at all (not an object, an array expected, ...). */
  'malformed',
  'wrong-resource-type',
  'missing-element',
  /** An element of the wrong type or format. */
  'invalid-element',
  /** A coding or identifier from a system the mapping does not know. */
  'unknown-system',
  /** A code the mapping does not know in a system it does. */
  'unknown-code',
  /** Elements that contradict each other, or a Provenance that does not match its target. */
  'inconsistent',
  /** A modifier extension or another element the mapping cannot honour by ignoring it. */
  'unsupported-element',
  'unresolved-reference',
  'duplicate',
  /** The mapped result fails the domain schema. */
  'invalid-record',
  /** toFhir: a domain value that FHIR cannot carry (an empty string, an empty range). */
  'not-representable',
] as const;
export type FhirErrorReason = (typeof FHIR_ERROR_REASONS)[number];

export class FhirMappingError extends AppError {
  readonly reason: FhirErrorReason;
  readonly path: string;

  constructor(reason: FhirErrorReason, path: string, issues?: string[]) {
    super('VALIDATION', issues === undefined ? { reason, path } : { reason, path, issues });
    this.name = 'FhirMappingError';
    this.reason = reason;
    this.path = path;
    this.message = `FHIR mapping: ${reason} at ${path}`;
  }
}

export function fail(reason: FhirErrorReason, path: string): never {
  throw new FhirMappingError(reason, path);
}
