// CSV export of report tables (RFC 4180: commas, CRLF, quotes doubled), one file per table. Only
// suppressed tables can be written: a hidden cell is written as a mark, never as its value. Text that
// a spreadsheet would run as a formula (= + - @, tab, carriage return first) is prefixed with ' .
import type { LanguageCode } from '../i18n/languages.ts';
import { countryName } from './value-sets/countries.ts';
import { antigenLabel } from './value-sets/vaccines.ts';
import type { HealthReport, ReportCell, ReportDimension, ReportHeader, ReportTable, UseReport } from '../api/schemas/reports.ts';

export const DIMENSION_LABELS: Record<ReportDimension, [string, string]> = {
  centre: ['reports.dimension.centre', 'Centre'],
  month: ['reports.dimension.month', 'Month'],
  conditionGroup: ['reports.dimension.conditionGroup', 'Condition group'],
  ageBand: ['reports.dimension.ageBand', 'Age band'],
  sex: ['reports.dimension.sex', 'Sex'],
  nationality: ['reports.dimension.nationality', 'Nationality'],
  antigen: ['reports.dimension.antigen', 'Vaccine (antigen)'],
  vaccinationStatus: ['reports.dimension.vaccinationStatus', 'Vaccination'],
  screeningTest: ['reports.dimension.screeningTest', 'Screening test'],
  screeningOutcome: ['reports.dimension.screeningOutcome', 'Result'],
  measure: ['reports.dimension.measure', 'Measure'],
};

/** Labels of report headers that come from a value set (countries, antigens), in one language: for the screen, CSV and PDF alike. */
export function reportValueLabel(lng: LanguageCode): (set: 'vaccine' | 'country', key: string) => string | undefined {
  return (set, key) => (set === 'country' ? countryName(key, lng) : antigenLabel(key, lng));
}

export interface CsvOptions {
  /** i18next's t, or anything like it: the label of a key, the English default otherwise. */
  translate?: (key: string, fallback: string) => string;
  /** Labels of antigens and countries in the chosen language (value sets, i18n-iso-countries). */
  valueLabel?: (set: 'vaccine' | 'country', key: string) => string | undefined;
  /** What a suppressed cell shows (default "[c]", as in confidential). */
  suppressedMark?: string;
  /** A UTF-8 byte order mark first, so that spreadsheets read Greek and Arabic labels right (default true). */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: guarded against formulas, quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function toCsv(table: ReportTable, options: CsvOptions = {}): string {
  const t = options.translate ?? ((_key: string, fallback: string) => fallback);
  const mark = options.suppressedMark ?? '[c]';
  const label = (h: ReportHeader) => (h.valueSet && options.valueLabel?.(h.valueSet, h.key)) ?? (h.labelKey ? t(h.labelKey, h.label) : h.label);
  const value = (cell: ReportCell) => (cell.suppressed ? mark : cell.value);
  const total = t('reports.total', 'Total');
  const [dimensionKey, dimensionLabel] = DIMENSION_LABELS[table.rowDimension];

  const lines: (string | number)[][] = [[t(dimensionKey, dimensionLabel), ...table.columns.map(label), ...(table.rowTotals ? [total] : [])]];
  table.rows.forEach((row, r) => {
    lines.push([label(row), ...(table.cells[r] ?? []).map(value), ...(table.rowTotals ? [value(table.rowTotals[r] as ReportCell)] : [])]);
  });
  if (table.columnTotals) lines.push([total, ...table.columnTotals.map(value), ...(table.grandTotal ? [value(table.grandTotal)] : [])]);
  const body = lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
  return (options.bom ?? true) ? `\uFEFF${body}` : body;
}

/** Every table of a report as a CSV file: health-conditionsByMonth-2026-03-01-2026-03-31.csv. */
export function reportCsvFiles(report: UseReport | HealthReport, options: CsvOptions = {}): { name: string; csv: string }[] {
  return report.tables.map((table) => ({
    name: `${report.kind}-${table.id}-${report.filters.from}-${report.filters.to}.csv`,
    csv: toCsv(table, options),
  }));
}
