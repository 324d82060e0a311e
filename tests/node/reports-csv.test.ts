// CSV export of report tables, checked by parsing the files back with an RFC 4180 reader written
// here (not the writer's code): quoting, line breaks, the formula guard, hidden cells, labels.
import { describe, expect, it } from 'vitest';
import { csvField, reportCsvFiles, toCsv } from '../../src/domain/report-csv.ts';
import { ReportFiltersSchema, type HealthReport, type ReportHeader } from '../../src/api/schemas/reports.ts';
import { suppress } from '../../src/reports/suppression.ts';
import { countTable } from '../../src/reports/tables.ts';

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      expect(ch, `bare ${JSON.stringify(ch)} at ${i}`).not.toMatch(/[\r\n"]/);
      field += ch;
      i++;
    }
  }
  expect(quoted).toBe(false);
  return records;
}

const BOM = '\uFEFF';
const strip = (csv: string) => {
  expect(csv.startsWith(BOM)).toBe(true);
  return csv.slice(1);
};

const centres: ReportHeader[] = [
  { key: 'site-1', label: 'Centre "Krnjača", Belgrade' },
  { key: '=HYPERLINK("http://example.org")', label: '=HYPERLINK("http://example.org")' },
  { key: 'site-3', label: 'Line one\r\nline two' },
];
const months: ReportHeader[] = [
  { key: '2026-01', label: '2026-01' },
  { key: '2026-02', label: '2026-02' },
];

function useTable() {
  return suppress(
    countTable({ id: 'followUps', title: 'Follow-up visits', unit: 'episodes', rowDimension: 'centre', columnDimension: 'month', rows: centres, columns: months, totals: 'both' }, [
      [12, 3],
      [9, 8],
      [20, 15],
    ]),
    5,
  );
}

describe('CSV export', () => {
  it('writes a table with its totals that parses back to the same cells, hidden ones as a mark', () => {
    const t = useTable();
    const rows = parseCsv(strip(toCsv(t)));
    expect(rows).toEqual([
      ['Centre', '2026-01', '2026-02', 'Total'],
      ['Centre "Krnjača", Belgrade', '[c]', '[c]', '15'],
      ["'=HYPERLINK(\"http://example.org\")", '[c]', '[c]', '17'],
      ['Line one\r\nline two', '20', '15', '35'],
      ['Total', '41', '26', '67'],
    ]);
    // Every number shown is the table's, every hidden cell is the mark and nothing else.
    const flat = [...t.cells.map((row, r) => [...row, t.rowTotals?.[r]]), [...(t.columnTotals ?? []), t.grandTotal]];
    flat.forEach((row, r) =>
      row.forEach((cell, c) => {
        expect(rows[r + 1]?.[c + 1]).toBe(cell?.suppressed ? '[c]' : String(cell?.value));
      }),
    );
    expect(toCsv(t)).not.toMatch(/,3,|,9,|,12,|,8,/);
  });

  it('guards every text that a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd']) expect(csvField(text).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    expect(csvField('Krnjača')).toBe('Krnjača');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(42)).toBe('42');
    const t = suppress(
      countTable({ id: 'x', title: 'x', unit: 'persons', rowDimension: 'centre', columnDimension: 'month', rows: [{ key: '-A', label: '-A' }, { key: '+B', label: '+B' }, { key: '@C', label: '@C' }], columns: [{ key: '=m', label: '=m' }], totals: 'rows' }, [[5], [6], [7]]),
      5,
    );
    const rows = parseCsv(strip(toCsv(t, { suppressedMark: '-' })));
    expect(rows.map((r) => r[0])).toEqual(['Centre', "'-A", "'+B", "'@C"]);
    expect(rows[0]?.[1]).toBe("'=m");
  });

  it('labels rows, columns and totals in the chosen language, antigens and countries from their value sets', () => {
    const t = suppress(
      countTable(
        {
          id: 'coverage',
          title: 'Coverage',
          unit: 'persons',
          rowDimension: 'antigen',
          columnDimension: 'vaccinationStatus',
          rows: [{ key: 'measles', label: 'Measles', valueSet: 'vaccine' }],
          columns: [{ key: 'documented', label: 'Documented or given', labelKey: 'reports.vaccination.documented' }],
          totals: 'rows',
        },
        [[9]],
      ),
      5,
    );
    const greek: Record<string, string> = { 'reports.dimension.antigen': 'Εμβόλιο', 'reports.vaccination.documented': 'Τεκμηριωμένο', 'reports.total': 'Σύνολο' };
    const csv = toCsv(t, { translate: (key, fallback) => greek[key] ?? fallback, valueLabel: (set, key) => (set === 'vaccine' && key === 'measles' ? 'Ιλαρά' : undefined), bom: false });
    expect(csv.startsWith(BOM)).toBe(false);
    expect(parseCsv(csv)).toEqual([
      ['Εμβόλιο', 'Τεκμηριωμένο', 'Σύνολο'],
      ['Ιλαρά', '9', '9'],
    ]);
  });

  it('writes one file per table of a report, named by report, table and period', () => {
    const report: HealthReport = { kind: 'health', filters: ReportFiltersSchema.parse({ from: '2026-03-01', to: '2026-03-31' }), threshold: 5, tables: [useTable()] };
    const files = reportCsvFiles(report);
    expect(files.map((f) => f.name)).toEqual(['health-followUps-2026-03-01-2026-03-31.csv']);
    expect(parseCsv(strip(files[0]?.csv ?? ''))).toHaveLength(5);
  });
});
