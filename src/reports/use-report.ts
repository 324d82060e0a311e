// The use of the PHR, per centre and month: records created, initial assessments, follow-ups,
// lab-only episodes, documents attached, transfers out and in. One table per measure (centres x
// months, with totals both ways), so that every published sum lies inside the table that is
// suppressed with it.
//
//   records created    active person records registered in the period (the record's first save),
//                      by the centre that registered them; age band at registration
//   episodes           active episodes of active records dated in the period, by type, by the
//                      centre that recorded them; age band on the day of the episode
//   documents          active documents attached to those episodes, by the episode's date
//   transfers          rows of this centre's access log with method transfer.export / transfer.import
//                      and outcome ok: transfer files written and applied (zero until transfers are
//                      used). With a filter on the person, only rows naming a person who matches it.
import type { Db } from '../db/open.ts';
import { assertReportProjection, EPISODE_TYPES } from './projection.ts';
import { FILTERS_SQL, hasPersonFilter, isWholeMonths, queryParams, type CountOptions } from './query.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, ReportFiltersSchema, SuppressionThresholdSchema, type ReportFilters, type ReportFiltersInput, type UseReport } from '../api/schemas/reports.ts';
import { suppress } from './suppression.ts';
import { centreHeaders, countTable, localCentre, monthsOf, siteIds, zeros, type CountTable } from './tables.ts';

export const TRANSFER_METHODS = { out: 'transfer.export', in: 'transfer.import' } as const;

const MEASURES = [
  { id: 'recordsCreated', title: 'Records created', unit: 'records' },
  { id: 'initialAssessments', title: 'Initial health assessments', unit: 'episodes' },
  { id: 'followUps', title: 'Follow-up visits', unit: 'episodes' },
  { id: 'labOnly', title: 'Laboratory-only visits', unit: 'episodes' },
  { id: 'documents', title: 'Documents attached', unit: 'documents' },
  { id: 'transfersOut', title: 'Transfers sent to other centres', unit: 'transfers' },
  { id: 'transfersIn', title: 'Transfers received from other centres', unit: 'transfers' },
] as const;
type Measure = (typeof MEASURES)[number]['id'];

const EPISODE_MEASURE: Record<(typeof EPISODE_TYPES)[number], Measure> = { 'initial-assessment': 'initialAssessments', 'follow-up': 'followUps', 'lab-only': 'labOnly' };

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The use report's counts before suppression: for tests and for combining centres, never for display. */
export function useReportCounts(db: Db, filters: ReportFilters, options: CountOptions = {}): CountTable[] {
  assertReportProjection(db);
  const p = queryParams(db, filters);
  const months = monthsOf(filters.from, filters.to);
  const sites = siteIds(db);
  // measure -> site id -> month -> count
  const counts = new Map<Measure, Map<string, Map<number, number>>>(MEASURES.map((m) => [m.id, new Map()]));
  const add = (measure: Measure, siteId: string, month: number, n: number) => {
    const bySite = counts.get(measure) as Map<string, Map<number, number>>;
    let byMonth = bySite.get(siteId);
    if (!byMonth) bySite.set(siteId, (byMonth = new Map()));
    byMonth.set(month, (byMonth.get(month) ?? 0) + n);
  };

  const period = 'month BETWEEN @fromMonth AND @toMonth AND day BETWEEN @fromDay AND @toDay';
  const sums = options.summaries !== false && isWholeMonths(filters);
  const records = db
    .prepare(
      sums
        ? `SELECT month, site, sum(n) FROM report_person_sum WHERE month BETWEEN @fromMonth AND @toMonth AND ${FILTERS_SQL} GROUP BY month, site`
        : `SELECT month, site, count(*) FROM report_person WHERE counted = 1 AND ${period} AND ${FILTERS_SQL} GROUP BY month, site`,
    )
    .raw()
    .all(p) as [number, number, number][];
  for (const [month, site, n] of records) add('recordsCreated', sites.get(site) ?? '', month, n);

  const episodes = db
    .prepare(
      sums
        ? `SELECT month, site, type, sum(n), sum(docs) FROM report_episode_sum WHERE month BETWEEN @fromMonth AND @toMonth AND ${FILTERS_SQL} GROUP BY month, site, type`
        : `SELECT month, site, type, count(*), sum(docs) FROM report_episode WHERE ${period} AND ${FILTERS_SQL} GROUP BY month, site, type`,
    )
    .raw()
    .all(p) as [number, number, number, number, number][];
  for (const [month, site, type, n, docs] of episodes) {
    const siteId = sites.get(site) ?? '';
    add(EPISODE_MEASURE[EPISODE_TYPES[type] as (typeof EPISODE_TYPES)[number]], siteId, month, n);
    if (docs > 0) add('documents', siteId, month, docs);
  }

  // Transfers are this centre's own acts, in its access log.
  const local = localCentre(db);
  const centreMatches = filters.centre === undefined || filters.centre === local?.siteId;
  if (local && centreMatches) {
    const transfers = db
      .prepare(
        `SELECT CAST(substr(a.at, 1, 4) AS INTEGER) * 100 + CAST(substr(a.at, 6, 2) AS INTEGER) AS month, a.method, count(*)
         FROM audit_log a
         WHERE a.method IN (@out, @in) AND a.outcome = 'ok' AND a.at >= @fromAt AND a.at < @toAt
           AND (@personFilter = 0 OR EXISTS (
             SELECT 1 FROM report_person p WHERE p.person_id = a.person_id AND p.counted = 1
               AND (@age IS NULL OR p.age = @age) AND (@sex IS NULL OR p.sex = @sex) AND (@nat IS NULL OR p.nat = @nat) AND (@legal IS NULL OR p.legal = @legal)))
         GROUP BY 1, 2`,
      )
      .raw()
      .all({
        ...TRANSFER_METHODS,
        fromAt: `${filters.from}T00:00:00.000Z`,
        toAt: `${nextDay(filters.to)}T00:00:00.000Z`,
        personFilter: hasPersonFilter(p) ? 1 : 0,
        age: p.age,
        sex: p.sex,
        nat: p.nat,
        legal: p.legal,
      }) as [number, string, number][];
    for (const [month, method, n] of transfers) add(method === TRANSFER_METHODS.out ? 'transfersOut' : 'transfersIn', local.siteId, month, n);
  }

  // The same centres in every table: this centre, and every centre with anything in the period.
  const centreIds = new Set<string>(centreMatches && local ? [local.siteId] : filters.centre !== undefined ? [filters.centre] : []);
  for (const bySite of counts.values()) for (const id of bySite.keys()) centreIds.add(id);
  const centres = centreHeaders(db, centreIds);

  return MEASURES.map((m) => {
    const cells = zeros(centres.length, months.numbers.length);
    const bySite = counts.get(m.id) as Map<string, Map<number, number>>;
    centres.forEach((centre, r) => {
      for (const [month, n] of bySite.get(centre.key) ?? []) {
        const c = months.numbers.indexOf(month);
        if (c >= 0) (cells[r] as number[])[c] = n;
      }
    });
    return countTable({ id: m.id, title: m.title, unit: m.unit, rowDimension: 'centre', columnDimension: 'month', rows: centres, columns: months.headers, totals: 'both' }, cells);
  });
}

/** The use report as it may be shown or exported: every table suppressed at the centre's threshold. */
export function computeUseReport(db: Db, filters: ReportFiltersInput, options: { threshold?: number } = {}): UseReport {
  const parsed = ReportFiltersSchema.parse(filters);
  const threshold = SuppressionThresholdSchema.parse(options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD);
  return { kind: 'use', filters: parsed, threshold, tables: useReportCounts(db, parsed).map((t) => suppress(t, threshold)) };
}
