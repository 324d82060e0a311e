// Small-cell suppression: primary (0 < n < threshold), complementary (no published sum with exactly
// one hidden entry), totals included; proven on hand-made tables, by an attacker who solves the
// published sums, and on many random tables.
import { describe, expect, it } from 'vitest';
import { suppress, suppressionPattern } from '../../src/reports/suppression.ts';
import { countTable, type CountTable } from '../../src/reports/tables.ts';

const header = (key: string) => ({ key, label: key });

function table(cells: number[][], totals: 'both' | 'rows' = 'both'): CountTable {
  return countTable(
    {
      id: 'test',
      title: 'Test',
      unit: 'persons',
      rowDimension: 'centre',
      columnDimension: 'month',
      rows: cells.map((_, r) => header(`r${r + 1}`)),
      columns: (cells[0] ?? []).map((_, c) => header(`c${c + 1}`)),
      totals,
    },
    cells,
  );
}

/** Hidden entries as a picture: cells row by row with the row total last, then the totals row. */
function picture(t: CountTable, threshold: number, primaryOnly = false): string[] {
  const p = primaryOnly ? primaryPattern(t, threshold) : suppressionPattern(t, threshold);
  const mark = (hidden: boolean | undefined) => (hidden ? 'x' : '.');
  const rows = p.cells.map((row, r) => row.map(mark).join('') + (p.rowTotals ? `|${mark(p.rowTotals[r])}` : ''));
  if (p.columnTotals) rows.push(p.columnTotals.map(mark).join('') + `|${mark(p.grandTotal ?? false)}`);
  return rows;
}

function primaryPattern(t: CountTable, threshold: number): ReturnType<typeof suppressionPattern> {
  const small = (v: number) => v > 0 && v < threshold;
  return {
    cells: t.cells.map((row) => row.map(small)),
    rowTotals: t.rowTotals?.map(small) ?? null,
    columnTotals: t.columnTotals?.map(small) ?? null,
    grandTotal: t.grandTotal === null ? null : small(t.grandTotal),
  };
}

interface Line {
  entries: [kind: 'cell' | 'row' | 'column' | 'grand', a: number, b: number][];
}

function linesOf(t: CountTable): Line[] {
  const lines: Line[] = [];
  const R = t.rows.length;
  const C = t.columns.length;
  if (t.rowTotals) for (let r = 0; r < R; r++) lines.push({ entries: [...Array.from({ length: C }, (_, c) => ['cell', r, c] as const), ['row', r, 0] as const].map((e) => [...e]) as Line['entries'] });
  if (t.columnTotals) for (let c = 0; c < C; c++) lines.push({ entries: [...Array.from({ length: R }, (_, r) => ['cell', r, c] as const), ['column', c, 0] as const].map((e) => [...e]) as Line['entries'] });
  if (t.rowTotals && t.columnTotals) {
    lines.push({ entries: [...Array.from({ length: R }, (_, r) => ['row', r, 0]), ['grand', 0, 0]] as Line['entries'] });
    lines.push({ entries: [...Array.from({ length: C }, (_, c) => ['column', c, 0]), ['grand', 0, 0]] as Line['entries'] });
  }
  return lines;
}

/**
 * What an attacker who knows every published number and that counts are whole and not negative can
 * say about each hidden entry: all the values it takes over every table consistent with what was
 * published (by exhaustive search, for small tables).
 */
function possibleValues(t: CountTable, p: ReturnType<typeof suppressionPattern>): Map<string, Set<number>> {
  const value = ([kind, a, b]: Line['entries'][number]) =>
    kind === 'cell' ? (t.cells[a]?.[b] as number) : kind === 'row' ? (t.rowTotals?.[a] as number) : kind === 'column' ? (t.columnTotals?.[a] as number) : (t.grandTotal as number);
  const hidden = ([kind, a, b]: Line['entries'][number]) =>
    kind === 'cell' ? (p.cells[a]?.[b] as boolean) : kind === 'row' ? (p.rowTotals?.[a] as boolean) : kind === 'column' ? (p.columnTotals?.[a] as boolean) : (p.grandTotal as boolean);
  const key = (e: Line['entries'][number]) => e.join(':');
  // The last entry of a line is its sum.
  const lines = linesOf(t).map((l) => l.entries.map((e, i) => ({ key: key(e), hidden: hidden(e), value: value(e), total: i === l.entries.length - 1 })));
  const unknowns = [...new Set(lines.flat().filter((e) => e.hidden).map((e) => e.key))];
  const bound = Math.max(...lines.flat().map((e) => e.value)) + 2;
  const seen = new Map(unknowns.map((u) => [u, new Set<number>()]));
  const assigned = new Map<string, number>();
  const consistent = (complete: boolean) =>
    lines.every((line) => {
      let cells = 0;
      let total: number | undefined;
      let open = false;
      for (const e of line) {
        const v = e.hidden ? assigned.get(e.key) : e.value;
        if (v === undefined) {
          open = true;
          continue;
        }
        if (e.total) total = v;
        else cells += v;
      }
      if (open) return !complete && (total === undefined || cells <= total);
      return cells === total;
    });
  const search = (i: number) => {
    if (i === unknowns.length) {
      if (consistent(true)) for (const [k, v] of assigned) seen.get(k)?.add(v);
      return;
    }
    for (let v = 0; v <= bound; v++) {
      assigned.set(unknowns[i] as string, v);
      if (consistent(false)) search(i + 1);
    }
    assigned.delete(unknowns[i] as string);
  };
  search(0);
  return seen;
}

describe('suppression', () => {
  it('hides every count between 0 and the threshold, totals included, and never a zero for being small', () => {
    const t = table([[0, 4, 5, 12]], 'rows');
    expect(picture(t, 5)).toEqual(['.xx.|.']);
    const shown = suppress(t, 5);
    expect(shown.cells[0]).toEqual([
      { suppressed: false, value: 0 },
      { suppressed: true, value: null },
      { suppressed: true, value: null },
      { suppressed: false, value: 12 },
    ]);
    expect(shown.rowTotals).toEqual([{ suppressed: false, value: 21 }]);
    // A total below the threshold is hidden like any cell.
    expect(picture(table([[1, 0, 2]], 'rows'), 5)).toEqual(['x.x|x']);
  });

  it('hides the next smallest cell of a row or column that has only one hidden, until none has', () => {
    const t = table([
      [2, 10, 8],
      [7, 9, 6],
      [12, 3, 11],
    ]);
    // 2 and 3 are small; 8 and 11 protect them in their rows, 7 and 9 in their columns.
    expect(picture(t, 5)).toEqual(['x.x|.', 'xx.|.', '.xx|.', '...|.']);
    // With the small cells alone hidden, subtraction gives them away; with the complements it does not.
    expect(possibleValues(t, primaryPattern(t, 5)).get('cell:0:0')).toEqual(new Set([2]));
    const values = possibleValues(t, suppressionPattern(t, 5));
    for (const [cell, possible] of values) expect(possible.size, cell).toBeGreaterThan(1);
    expect(values.get('cell:0:0')?.size).toBeGreaterThan(4);
  });

  it('hides the totals that would give a hidden cell away, and protects them in turn', () => {
    // r1's only count is small, so its total is that count: hidden; the column of totals then needs a second.
    const t = table([
      [3, 0],
      [6, 7],
    ]);
    expect(picture(t, 5)).toEqual(['x.|x', 'x.|x', '..|.']);
    for (const [entry, possible] of possibleValues(t, suppressionPattern(t, 5))) expect(possible.size, entry).toBeGreaterThan(1);
  });

  it('protects a single small column total through the grand total', () => {
    const t = table([
      [4, 20],
      [0, 30],
    ]);
    // 4 is hidden with its column total (also 4); then, line after line: 20 (its row), 30 (column 2),
    // 30 (row 2's total), 24 (the column of totals), 50 (the row of totals). Only 0 and 54 remain.
    expect(picture(t, 5)).toEqual(['xx|x', '.x|x', 'xx|.']);
    for (const [entry, possible] of possibleValues(t, suppressionPattern(t, 5))) expect(possible.size, entry).toBeGreaterThan(1);
  });

  it('leaves a table without small counts as it is', () => {
    const t = table([
      [0, 10],
      [5, 0],
    ]);
    expect(picture(t, 5)).toEqual(['..|.', '..|.', '..|.']);
    expect(suppress(t, 5).grandTotal).toEqual({ suppressed: false, value: 15 });
  });

  it('prefers a cell to a total of the same size, and the first of equal cells', () => {
    const t = table([[3, 6, 6]], 'rows');
    expect(picture(t, 5)).toEqual(['xx.|.']);
    const tie = table([[3, 12]], 'rows');
    expect(picture(tie, 5)).toEqual(['xx|.']);
  });

  it('refuses totals that are not the sums of their cells, and a threshold below 1', () => {
    const t = table([[1, 2]]);
    expect(() => suppress({ ...t, rowTotals: [4] }, 5)).toThrow(/not the sum/);
    expect(() => suppress({ ...t, cells: [[1, -2]], rowTotals: [-1] }, 5)).toThrow();
    expect(() => suppress(t, 0)).toThrow(/threshold/);
  });

  it('on a thousand random tables: nothing small is shown, no published sum has one hidden entry, the same every time', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 1000; n++) {
      const R = 1 + Math.floor(random() * 5);
      const C = 1 + Math.floor(random() * 6);
      const threshold = 2 + Math.floor(random() * 9);
      const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => (random() < 0.3 ? 0 : Math.floor(random() ** 2 * 30))));
      const t = table(cells, random() < 0.5 ? 'both' : 'rows');
      const shown = suppress(t, threshold);
      const all = [...shown.cells.flat(), ...(shown.rowTotals ?? []), ...(shown.columnTotals ?? []), ...(shown.grandTotal ? [shown.grandTotal] : [])];
      expect(all.some((c) => !c.suppressed && c.value > 0 && c.value < threshold)).toBe(false);
      const p = suppressionPattern(t, threshold);
      const hidden = ([kind, a, b]: Line['entries'][number]) =>
        kind === 'cell' ? p.cells[a]?.[b] : kind === 'row' ? p.rowTotals?.[a] : kind === 'column' ? p.columnTotals?.[a] : p.grandTotal;
      for (const line of linesOf(t)) expect(line.entries.filter((e) => hidden(e)).length).not.toBe(1);
      expect(suppress(t, threshold)).toEqual(shown);
    }
  });

  it('on small random tables, an attacker who solves the published sums never pins a hidden count down', () => {
    let seed = 777;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let checked = 0;
    for (let n = 0; n < 60; n++) {
      const cells = Array.from({ length: 2 }, () => Array.from({ length: 3 }, () => (random() < 0.25 ? 0 : Math.floor(random() * 9))));
      const t = table(cells, 'both');
      const p = suppressionPattern(t, 4);
      if ([...p.cells.flat(), ...(p.rowTotals ?? []), ...(p.columnTotals ?? []), p.grandTotal].filter(Boolean).length > 7) continue;
      for (const [entry, possible] of possibleValues(t, p)) {
        const [kind, a, b] = entry.split(':');
        const v = kind === 'cell' ? t.cells[Number(a)]?.[Number(b)] : kind === 'row' ? t.rowTotals?.[Number(a)] : kind === 'column' ? t.columnTotals?.[Number(a)] : t.grandTotal;
        if ((v ?? 0) > 0 && (v ?? 0) < 4) {
          expect(possible.size, `${JSON.stringify(cells)} ${entry}`).toBeGreaterThan(1);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
