// The last step of every fromFhir: the mapped result must be a valid domain record.
import type { z } from '../api/zod.ts';
import { FhirMappingError } from './errors.ts';

export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, path: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    // Paths and messages only: zod's messages name the rule broken, not the value.
    throw new FhirMappingError('invalid-record', path, result.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`));
  }
  return result.data;
}
