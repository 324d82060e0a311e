// The health status of the persons seen: conditions by group (by month, age band, sex, nationality,
// centre), vaccination coverage per antigen, TB and communicable-disease screening outcomes,
// mental-health referrals and pregnancies.
//
// Who counts, and once:
//   conditions, referrals, pregnancies   a person counts once per group in a period, at the first
//                                        episode of the period that records it (month, centre and
//                                        age band are that episode's)
//   vaccination, screening               persons assessed in the period (an initial assessment or a
//                                        follow-up), as of their last assessment in it: what their
//                                        record holds up to their next assessment
// Filters on the centre and the age band apply to the episode a person is counted at.
import type { Db } from '../db/open.ts';
import { VACCINE_ANTIGENS, antigenLabel } from '../domain/value-sets/vaccines.ts';
import { CONDITION_GROUPS, MENTAL_HEALTH_REFERRAL, OUTCOME, PREGNANCY_GROUP, SCREENING_TESTS } from './definitions.ts';
import { assertReportProjection, EPISODE_TYPES, SEXES } from './projection.ts';
import { FILTERS_SQL, isWholeMonths, queryParams, type CountOptions } from './query.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, ReportFiltersSchema, SuppressionThresholdSchema, type HealthReport, type ReportFilters, type ReportFiltersInput, type ReportHeader } from '../api/schemas/reports.ts';
import { suppress } from './suppression.ts';
import { AGE_BAND_HEADERS, centreHeaders, countTable, monthsOf, sexHeaders, siteIds, zeros, type CountTable } from './tables.ts';

/** Nationalities shown one by one; the rest are pooled. */
export const TOP_NATIONALITIES = 10;

const GROUP_HEADERS: ReportHeader[] = CONDITION_GROUPS.map((g) => ({ key: g.key, label: g.label, labelKey: g.labelKey, category: g.category }));

const OUTCOME_COLUMNS: (ReportHeader & { outcome: number })[] = [
  { key: 'positive', label: 'Positive', labelKey: 'reports.outcome.positive', outcome: OUTCOME.positive },
  { key: 'negative', label: 'Negative', labelKey: 'reports.outcome.negative', outcome: OUTCOME.negative },
  { key: 'indeterminate', label: 'Indeterminate', labelKey: 'reports.outcome.indeterminate', outcome: OUTCOME.indeterminate },
  { key: 'notDone', label: 'Not done', labelKey: 'reports.outcome.notDone', outcome: OUTCOME.notDone },
];

/** One row of the condition cube: persons counted once per measure, with the dimensions of that count. */
type CubeRow = [month: number, measure: number, site: number, age: number, sex: number, nat: string, n: number];

// Assessments (initial, follow-up) are the episode types before lab-only: the partial index's `type < 2`.
if (EPISODE_TYPES.indexOf('lab-only') !== 2) throw new Error('reports: episode types out of order');

// Persons assessed, as of their last assessment in the period, by their vaccinations and screening
// results (bits): counted per combination in SQL, bit by bit here.
const ASSESSED_SQL = `SELECT month, vacc, screen, count(*) FROM report_episode INDEXED BY report_episode_assessed
  WHERE type < 2 AND month BETWEEN @fromMonth AND @toMonth AND day BETWEEN @fromDay AND @toDay AND next > @toDay AND ${FILTERS_SQL}
  GROUP BY month, vacc, screen`;

// Each person once per measure: at the occurrence whose previous one is before the period. Over whole
// months, from the monthly sums: prev < the 1st of the first month is prev_month < that month.
const CUBE_SQL = `SELECT month, measure, site, age, sex, nat, count(*) FROM report_event
  WHERE month BETWEEN @fromMonth AND @toMonth AND day BETWEEN @fromDay AND @toDay AND prev < @fromDay AND ${FILTERS_SQL}
  GROUP BY month, measure, site, age, sex, nat`;
const CUBE_SUMS_SQL = `SELECT month, measure, site, age, sex, nat, sum(n) FROM report_event_sum
  WHERE month BETWEEN @fromMonth AND @toMonth AND prev_month < @fromMonth AND ${FILTERS_SQL}
  GROUP BY month, measure, site, age, sex, nat`;

/** Rows (measures) x columns, filled from the cube by a column index of each cube row (-1: not shown). */
function fill(cube: readonly CubeRow[], measures: readonly number[], columns: number, column: (row: CubeRow) => number): number[][] {
  const cells = zeros(measures.length, columns);
  const rowOf = new Map(measures.map((m, i) => [m, i]));
  for (const row of cube) {
    const r = rowOf.get(row[1]);
    const c = column(row);
    if (r !== undefined && c >= 0) (cells[r] as number[])[c] = ((cells[r] as number[])[c] ?? 0) + row[6];
  }
  return cells;
}

/** The health report's counts before suppression: for tests and for combining centres, never for display. */
export function healthReportCounts(db: Db, filters: ReportFilters, options: CountOptions = {}): CountTable[] {
  assertReportProjection(db);
  const p = queryParams(db, filters);
  const months = monthsOf(filters.from, filters.to);
  const monthColumn = new Map(months.numbers.map((m, i) => [m, i]));
  const cube = db.prepare(options.summaries !== false && isWholeMonths(filters) ? CUBE_SUMS_SQL : CUBE_SQL).raw().all(p) as CubeRow[];

  const groupIds = CONDITION_GROUPS.map((g) => g.id);
  const conditions = (id: string, title: string, columnDimension: 'month' | 'ageBand' | 'sex' | 'nationality' | 'centre', columns: ReportHeader[], column: (row: CubeRow) => number) =>
    countTable({ id, title, unit: 'persons', rowDimension: 'conditionGroup', columnDimension, rows: GROUP_HEADERS, columns, totals: 'rows' }, fill(cube, groupIds, columns.length, column));

  // Nationalities by how many persons they count for, the largest first; the rest pooled.
  const inGroups = new Set(groupIds);
  const byNationality = new Map<string, number>();
  for (const row of cube) if (inGroups.has(row[1])) byNationality.set(row[5], (byNationality.get(row[5]) ?? 0) + row[6]);
  const recorded = [...byNationality.entries()].filter(([nat]) => nat !== '').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const pooled = recorded.length > TOP_NATIONALITIES + 1;
  const shown = (pooled ? recorded.slice(0, TOP_NATIONALITIES) : recorded).map(([nat]) => nat);
  const nationalityHeaders: ReportHeader[] = [
    ...shown.map((nat) => ({ key: nat, label: nat, valueSet: 'country' as const })),
    ...(pooled ? [{ key: '*', label: 'Other nationalities', labelKey: 'reports.nationality.other' }] : []),
    ...(byNationality.has('') ? [{ key: '', label: 'Not recorded', labelKey: 'reports.nationality.none' }] : []),
  ];
  const nationalityColumn = new Map(nationalityHeaders.map((h, i) => [h.key, i]));

  const sites = siteIds(db);
  const centres = centreHeaders(db, cube.filter((row) => inGroups.has(row[1])).map((row) => sites.get(row[2]) ?? ''));
  const centreColumn = new Map(centres.map((h, i) => [h.key, i]));

  const tables: CountTable[] = [
    conditions('conditionsByMonth', 'Persons with a condition, by group and month', 'month', months.headers, (row) => monthColumn.get(row[0]) ?? -1),
    conditions('conditionsByAgeBand', 'Persons with a condition, by group and age band', 'ageBand', AGE_BAND_HEADERS, (row) => row[3]),
    conditions('conditionsBySex', 'Persons with a condition, by group and sex', 'sex', sexHeaders(SEXES), (row) => row[4]),
    conditions('conditionsByNationality', 'Persons with a condition, by group and nationality', 'nationality', nationalityHeaders, (row) => nationalityColumn.get(row[5]) ?? nationalityColumn.get('*') ?? -1),
    conditions('conditionsByCentre', 'Persons with a condition, by group and centre', 'centre', centres, (row) => centreColumn.get(sites.get(row[2]) ?? '') ?? -1),
  ];

  // Vaccination and screening of the persons assessed.
  let persons = 0;
  const vaccinated = new Array<number>(VACCINE_ANTIGENS.length).fill(0);
  const outcomes = SCREENING_TESTS.map(() => new Array<number>(4).fill(0));
  for (const [, vacc, screen, n] of db.prepare(ASSESSED_SQL).raw().all(p) as [number, number, number, number][]) {
    persons += n;
    VACCINE_ANTIGENS.forEach((_, i) => {
      if ((vacc >> i) & 1) (vaccinated[i] as number) += n;
    });
    outcomes.forEach((byOutcome, t) => {
      (byOutcome[(screen >> (2 * t)) & 3] as number) += n;
    });
  }
  tables.push(
    countTable(
      {
        id: 'vaccinationCoverage',
        title: 'Persons assessed with a documented or given dose, per antigen',
        unit: 'persons',
        rowDimension: 'antigen',
        columnDimension: 'vaccinationStatus',
        rows: VACCINE_ANTIGENS.map((a) => ({ key: a, label: antigenLabel(a, 'en') ?? a, valueSet: 'vaccine' as const })),
        columns: [
          { key: 'documented', label: 'Documented or given', labelKey: 'reports.vaccination.documented' },
          { key: 'notDocumented', label: 'Not documented', labelKey: 'reports.vaccination.notDocumented' },
        ],
        totals: 'rows',
      },
      VACCINE_ANTIGENS.map((_, i) => [vaccinated[i] as number, persons - (vaccinated[i] as number)]),
    ),
  );
  tables.push(
    countTable(
      {
        id: 'screeningOutcomes',
        title: 'Persons assessed by screening test and result',
        unit: 'persons',
        rowDimension: 'screeningTest',
        columnDimension: 'screeningOutcome',
        rows: SCREENING_TESTS.map((t) => ({ key: t.key, label: t.label, labelKey: t.labelKey })),
        columns: OUTCOME_COLUMNS.map(({ key, label, labelKey }) => ({ key, label, labelKey })),
        totals: 'rows',
      },
      SCREENING_TESTS.map((_, t) => OUTCOME_COLUMNS.map((o) => outcomes[t]?.[o.outcome] ?? 0)),
    ),
  );

  // Mental-health referrals and pregnancies.
  const careIds = [MENTAL_HEALTH_REFERRAL.id, PREGNANCY_GROUP.id];
  const careRows: ReportHeader[] = [
    { key: MENTAL_HEALTH_REFERRAL.key, label: MENTAL_HEALTH_REFERRAL.label, labelKey: MENTAL_HEALTH_REFERRAL.labelKey },
    { key: 'pregnancies', label: 'Pregnancies', labelKey: 'reports.measure.pregnancies' },
  ];
  const care = (id: string, title: string, columnDimension: 'month' | 'ageBand', columns: ReportHeader[], column: (row: CubeRow) => number) =>
    countTable({ id, title, unit: 'persons', rowDimension: 'measure', columnDimension, rows: careRows, columns, totals: 'rows' }, fill(cube, careIds, columns.length, column));
  tables.push(
    care('mentalHealthAndPregnancyByMonth', 'Persons referred for mental health, and pregnant women, by month', 'month', months.headers, (row) => monthColumn.get(row[0]) ?? -1),
    care('mentalHealthAndPregnancyByAgeBand', 'Persons referred for mental health, and pregnant women, by age band', 'ageBand', AGE_BAND_HEADERS, (row) => row[3]),
  );
  return tables;
}

/** The health report as it may be shown or exported: every table suppressed at the centre's threshold. */
export function computeHealthReport(db: Db, filters: ReportFiltersInput, options: { threshold?: number } = {}): HealthReport {
  const parsed = ReportFiltersSchema.parse(filters);
  const threshold = SuppressionThresholdSchema.parse(options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD);
  return { kind: 'health', filters: parsed, threshold, tables: healthReportCounts(db, parsed).map((t) => suppress(t, threshold)) };
}
