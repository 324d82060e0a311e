// The person a booklet's QR summary describes, as a registration form or the duplicate check takes
// one: the name split at its last word (the family name, as Carnet prints names), the birth as
// printed, sex unknown. Neutral code: the core and the renderer use it.
import { detectScript } from './names/script.ts';
import { PersonSchema, type Person } from './person.ts';

/** What a booklet's QR summary says about who the person is. */
export interface SummaryIdentity {
  name: string;
  birth: { date: string } | { years: number; estimatedOn: string };
}

/** A person as a QR summary describes one, for the duplicate check (the last word taken as the family name). */
export function personFromSummary(summary: SummaryIdentity): Person {
  const words = summary.name.trim().split(/\s+/);
  const family = words.at(-1) ?? '';
  const given = words.slice(0, -1).join(' ');
  const birth = 'date' in summary.birth ? { kind: 'date' as const, date: summary.birth.date } : { kind: 'estimated' as const, years: summary.birth.years, estimatedOn: summary.birth.estimatedOn };
  return PersonSchema.parse({
    names: [{ ...(given && { given }), family, script: detectScript(summary.name), source: 'document', preferred: true }],
    birth,
    sex: 'unknown',
  });
}
