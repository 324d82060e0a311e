// Age from a date of birth or from an estimate. Pure date arithmetic on ISO dates (UTC), so the
// result is the same on every machine and in every time zone.
import type { Birth } from './person.ts';

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** Completed years between two ISO dates. */
export function yearsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = parts(fromIso);
  const [ty, tm, td] = parts(toIso);
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years--;
  return Math.max(0, years);
}

/** Completed months, for children under two (head circumference, growth). */
export function monthsBetween(fromIso: string, toIso: string): number {
  const [fy, fm, fd] = parts(fromIso);
  const [ty, tm, td] = parts(toIso);
  let months = (ty - fy) * 12 + (tm - fm);
  if (td < fd) months--;
  return Math.max(0, months);
}

export interface Age {
  years: number;
  months: number;
  estimated: boolean;
}

export function ageOn(birth: Birth, onIso: string): Age {
  if (birth.kind === 'date') {
    return { years: yearsBetween(birth.date, onIso), months: monthsBetween(birth.date, onIso), estimated: false };
  }
  const elapsed = yearsBetween(birth.estimatedOn, onIso);
  return { years: birth.years + elapsed, months: (birth.years + elapsed) * 12, estimated: true };
}

/**
 * The birth dates a person could have, as a range: exact for a known date, a year wide for an
 * estimate. Documents often carry 1 January for an unknown day; matching treats that as the year only.
 */
export function birthRange(birth: Birth): { from: string; to: string } {
  if (birth.kind === 'date') {
    const [y, m, d] = parts(birth.date);
    if (m === 1 && d === 1) return { from: `${y}-01-01`, to: `${y}-12-31` };
    return { from: birth.date, to: birth.date };
  }
  const [ey, em, ed] = parts(birth.estimatedOn);
  const latestYear = ey - birth.years;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${latestYear - 1}-${pad(em)}-${pad(ed)}`, to: `${latestYear}-${pad(em)}-${pad(ed)}` };
}
