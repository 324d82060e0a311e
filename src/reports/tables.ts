// Tables of counts before suppression (never shown as they are: suppress() turns them into report
// tables), and the headers the reports share: months, age bands, sexes, centres.
import type { Db } from '../db/open.ts';
import type { Sex } from '../domain/person.ts';
import { AGE_BANDS, type ReportDimension, type ReportHeader, type ReportTable } from '../api/schemas/reports.ts';

/** A report table with plain counts: the input of suppress(). Totals, where present, are sums. */
export interface CountTable extends Omit<ReportTable, 'cells' | 'rowTotals' | 'columnTotals' | 'grandTotal'> {
  cells: number[][];
  rowTotals: number[] | null;
  columnTotals: number[] | null;
  grandTotal: number | null;
}

export interface TableSpec {
  id: string;
  title: string;
  unit: ReportTable['unit'];
  rowDimension: ReportDimension;
  columnDimension: ReportDimension;
  rows: ReportHeader[];
  columns: ReportHeader[];
  /**
   * Which sums are published: 'both' when every counted thing is in exactly one row and one column;
   * 'rows' when the rows are not exclusive (a person can be in two condition groups), so a column
   * sum would count nothing meaningful.
   */
  totals: 'both' | 'rows';
}

/** A table from its cells (rows x columns), with the sums the spec publishes. */
export function countTable(spec: TableSpec, cells: number[][]): CountTable {
  const { totals, ...rest } = spec;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = totals === 'both' ? spec.columns.map((_, c) => cells.reduce((a, row) => a + (row[c] ?? 0), 0)) : null;
  return {
    ...rest,
    titleKey: `reports.table.${spec.id}`,
    cells,
    rowTotals,
    columnTotals,
    grandTotal: columnTotals ? rowTotals.reduce((a, b) => a + b, 0) : null,
  };
}

export function zeros(rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(columns).fill(0));
}

/** Months of a period as YYYYMM numbers and as headers (key 2026-03). */
export function monthsOf(from: string, to: string): { numbers: number[]; headers: ReportHeader[] } {
  const numbers: number[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = Number(to.slice(0, 4)) * 100 + Number(to.slice(5, 7));
  while (y * 100 + m <= last) {
    numbers.push(y * 100 + m);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  const headers = numbers.map((n) => {
    const key = `${Math.floor(n / 100)}-${String(n % 100).padStart(2, '0')}`;
    return { key, label: key };
  });
  return { numbers, headers };
}

export const AGE_BAND_HEADERS: ReportHeader[] = AGE_BANDS.map((b) => ({ key: b.key, label: b.label, labelKey: b.labelKey }));

const SEX_LABELS: Record<Sex, [string, string]> = {
  female: ['person.sexFemale', 'Female'],
  male: ['person.sexMale', 'Male'],
  other: ['person.sexOther', 'Other'],
  unknown: ['person.sexUnknown', 'Not known'],
};

export function sexHeaders(sexes: readonly Sex[]): ReportHeader[] {
  return sexes.map((s) => ({ key: s, label: SEX_LABELS[s][1], labelKey: SEX_LABELS[s][0] }));
}

/** The site id of each report_site key. */
export function siteIds(db: Db): Map<number, string> {
  return new Map((db.prepare('SELECT key, site_id FROM report_site').raw().all() as [number, string][]).map(([k, id]) => [k, id]));
}

/** This centre's site id and name. */
export function localCentre(db: Db): { siteId: string; name: string } | undefined {
  const row = db.prepare('SELECT site_id, name FROM centre WHERE id = 1').get() as { site_id: string; name: string } | undefined;
  return row && { siteId: row.site_id, name: row.name };
}

/** Headers of centres by site id: this centre first, with its name; the others by site id. */
export function centreHeaders(db: Db, ids: Iterable<string>): ReportHeader[] {
  const local = localCentre(db);
  const sorted = [...new Set(ids)].sort((a, b) => Number(b === local?.siteId) - Number(a === local?.siteId) || a.localeCompare(b));
  return sorted.map((id) => ({ key: id, label: id === local?.siteId ? local.name : id }));
}
