// Small-cell suppression. Primary: every count with 0 < count < threshold, totals included.
// Complementary: a published sum is a linear equation over its line (a row and its total, a column
// and its total, the totals and the grand total); a line with exactly one hidden entry gives that
// entry away by subtraction. So while any line has exactly one hidden entry, the smallest non-zero
// visible entry of that line is hidden too (a zero only when nothing else is left), and this repeats
// until no line has exactly one. Hiding an entry can leave another line with exactly one, hence the
// loop; it ends because entries are only ever hidden.
//
// This is the rule statistical offices call the minimum for tables with margins; it does not prove
// an interval of protection around every hidden cell (that needs linear programming, as in
// tau-argus), which these tables, with their few small cells, do not warrant.
import type { ReportCell, ReportTable } from '../api/schemas/reports.ts';
import type { CountTable } from './tables.ts';

interface Entry {
  value: number;
  /** A total rather than an inner cell: hidden last when values tie. */
  total: boolean;
  hidden: boolean;
}

/** Which cells of a table are hidden, as flags in the table's shape (cells, then the totals). */
export interface SuppressionPattern {
  cells: boolean[][];
  rowTotals: boolean[] | null;
  columnTotals: boolean[] | null;
  grandTotal: boolean | null;
}

function checkSums(table: CountTable): void {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const bad = (what: string) => new Error(`suppress: ${table.id}: ${what} is not the sum of its cells`);
  table.rowTotals?.forEach((t, r) => {
    if (t !== sum(table.cells[r] ?? [])) throw bad(`row total ${r}`);
  });
  table.columnTotals?.forEach((t, c) => {
    if (t !== sum(table.cells.map((row) => row[c] ?? 0))) throw bad(`column total ${c}`);
  });
  if (table.grandTotal !== null && table.grandTotal !== sum(table.rowTotals ?? [])) throw bad('grand total');
  for (const row of table.cells) {
    if (row.length !== table.columns.length || row.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`suppress: ${table.id}: cells are not counts`);
  }
}

/** The hidden entries of a table at a threshold. */
export function suppressionPattern(table: CountTable, threshold: number): SuppressionPattern {
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error('suppress: the threshold is a positive integer');
  checkSums(table);
  const R = table.rows.length;
  const C = table.columns.length;
  const entries: Entry[] = [];
  const add = (value: number, total: boolean) => entries.push({ value, total, hidden: value > 0 && value < threshold }) - 1;
  const cell = table.cells.map((row) => row.map((v) => add(v, false)));
  const rowTotal = table.rowTotals?.map((v) => add(v, true)) ?? null;
  const columnTotal = table.columnTotals?.map((v) => add(v, true)) ?? null;
  const grand = table.grandTotal !== null ? add(table.grandTotal, true) : null;

  const lines: number[][] = [];
  if (rowTotal) for (let r = 0; r < R; r++) lines.push([...(cell[r] as number[]), rowTotal[r] as number]);
  if (columnTotal) for (let c = 0; c < C; c++) lines.push([...cell.map((row) => row[c] as number), columnTotal[c] as number]);
  if (grand !== null && rowTotal && columnTotal) {
    lines.push([...rowTotal, grand]);
    lines.push([...columnTotal, grand]);
  }

  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((i) => (entries[i] as Entry).hidden).length !== 1) continue;
      const visible = line.filter((i) => !(entries[i] as Entry).hidden);
      const byCost = (a: number, b: number) => {
        const x = entries[a] as Entry;
        const y = entries[b] as Entry;
        return x.value - y.value || Number(x.total) - Number(y.total) || a - b;
      };
      const nonZero = visible.filter((i) => (entries[i] as Entry).value > 0).sort(byCost);
      // A line of at least two entries with one hidden always has a visible one left.
      const next = (nonZero[0] ?? visible.sort(byCost)[0]) as number;
      (entries[next] as Entry).hidden = true;
      changed = true;
    }
  }
  const hidden = (i: number) => (entries[i] as Entry).hidden;
  return {
    cells: cell.map((row) => row.map(hidden)),
    rowTotals: rowTotal?.map(hidden) ?? null,
    columnTotals: columnTotal?.map(hidden) ?? null,
    grandTotal: grand === null ? null : hidden(grand),
  };
}

function asCell(value: number, hidden: boolean): ReportCell {
  return hidden ? { suppressed: true, value: null } : { suppressed: false, value };
}

/**
 * A table of counts as it may be shown, printed or exported: every cell below the threshold, and
 * every cell that would let one be worked out from the totals, carries no value.
 */
export function suppress(table: CountTable, threshold: number): ReportTable {
  const p = suppressionPattern(table, threshold);
  return {
    ...table,
    cells: table.cells.map((row, r) => row.map((v, c) => asCell(v, p.cells[r]?.[c] ?? true))),
    rowTotals: table.rowTotals?.map((v, r) => asCell(v, p.rowTotals?.[r] ?? true)) ?? null,
    columnTotals: table.columnTotals?.map((v, c) => asCell(v, p.columnTotals?.[c] ?? true)) ?? null,
    grandTotal: table.grandTotal === null ? null : asCell(table.grandTotal, p.grandTotal ?? true),
  };
}
