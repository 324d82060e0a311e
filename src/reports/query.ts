// Report filters as the bound parameters of the projection's queries: days and months as the
// integers the projection stores, each optional filter as a value or NULL (any).
import type { Db } from '../db/open.ts';
import { dayNumber, LEGAL_STATUSES, SEXES } from './projection.ts';
import { AGE_BAND_KEYS, type ReportFilters } from '../api/schemas/reports.ts';

export interface QueryParams {
  fromDay: number;
  toDay: number;
  fromMonth: number;
  toMonth: number;
  /** report_site key; -1 for a centre the projection has never seen (matches nothing). */
  site: number | null;
  age: number | null;
  sex: number | null;
  nat: string | null;
  legal: number | null;
}

/** The optional filters on a projection table's columns (site, age, sex, nat, legal). */
export const FILTERS_SQL = '(@site IS NULL OR site = @site) AND (@age IS NULL OR age = @age) AND (@sex IS NULL OR sex = @sex) AND (@nat IS NULL OR nat = @nat) AND (@legal IS NULL OR legal = @legal)';

export function queryParams(db: Db, filters: ReportFilters): QueryParams {
  const fromDay = dayNumber(filters.from);
  const toDay = dayNumber(filters.to);
  let site: number | null = null;
  if (filters.centre !== undefined) {
    site = (db.prepare('SELECT key FROM report_site WHERE site_id = ?').get(filters.centre) as { key: number } | undefined)?.key ?? -1;
  }
  return {
    fromDay,
    toDay,
    fromMonth: Math.floor(fromDay / 100),
    toMonth: Math.floor(toDay / 100),
    site,
    age: filters.ageBand === undefined ? null : AGE_BAND_KEYS.indexOf(filters.ageBand),
    sex: filters.sex === undefined ? null : SEXES.indexOf(filters.sex),
    nat: filters.nationality ?? null,
    legal: filters.legalStatus === undefined ? null : LEGAL_STATUSES.indexOf(filters.legalStatus),
  };
}

/**
 * Whether a period is whole months (from the 1st to a month's last day): the reports then read the
 * monthly sums (report_*_sum) instead of the rows.
 */
export function isWholeMonths(filters: ReportFilters): boolean {
  const next = new Date(`${filters.to}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return filters.from.endsWith('-01') && next.getUTCDate() === 1;
}

/** How the counts are read: from the monthly sums where the period allows (the default), or always from the rows. */
export interface CountOptions {
  summaries?: boolean;
}

/** Whether any filter on the person (not the period or the centre) is set. */
export function hasPersonFilter(p: QueryParams): boolean {
  return p.age !== null || p.sex !== null || p.nat !== null || p.legal !== null;
}
