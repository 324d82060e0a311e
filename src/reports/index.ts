// The reports: use of the PHR and health monitoring, computed from the projection of the record
// (projection.ts), suppressed (suppression.ts), exported as CSV (csv.ts). See README.md.
export { computeHealthReport, healthReportCounts, TOP_NATIONALITIES } from './health-report.ts';
export { computeUseReport, TRANSFER_METHODS, useReportCounts } from './use-report.ts';
export { suppress, suppressionPattern, type SuppressionPattern } from './suppression.ts';
export { csvField, DIMENSION_LABELS, reportCsvFiles, toCsv, type CsvOptions } from '../domain/report-csv.ts';
export { ensureReportProjection, projectPerson, rebuildReportProjection, reportProjectionReady } from './projection.ts';
export { CONDITION_CATEGORIES, CONDITION_GROUPS, MENTAL_HEALTH_REFERRAL, SCREENING_TESTS, conditionGroupOf } from './definitions.ts';
export type { CountTable } from './tables.ts';
export * from '../api/schemas/reports.ts';
