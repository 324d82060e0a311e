// One report table on screen: a chart a person would rather look at than read, and the table itself
// with suppressed cells marked (never a value). Labels come from the locales or the value sets.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { DIMENSION_LABELS, reportValueLabel } from '../../../src/domain/report-csv.ts';
import type { ReportCell, ReportHeader, ReportTable } from '../../../src/api/schemas/reports.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function useHeaderLabel(): (h: ReportHeader, dimension?: string) => string {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const month = new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const valueLabel = reportValueLabel(lng);
  return (h, dimension) => {
    if (h.valueSet) return valueLabel(h.valueSet, h.key) ?? (h.valueSet === 'country' ? h.key : h.label);
    if (dimension === 'month' && /^\d{4}-\d{2}$/.test(h.key)) return month.format(new Date(`${h.key}-01T00:00:00Z`));
    return h.labelKey ? t(h.labelKey, h.label) : h.label;
  };
}

export function CellValue({ cell }: { cell: ReportCell | undefined }) {
  const { t, i18n } = useTranslation();
  if (!cell) return null;
  if (cell.suppressed) {
    return (
      <abbr className="suppressed" title={t('reports.suppressedTitle', 'Hidden: too few persons to show without risk of identifying them')}>
        {t('reports.suppressed', '[c]')}
      </abbr>
    );
  }
  return <>{new Intl.NumberFormat(i18n.language).format(cell.value)}</>;
}

/** Months across: bars over time, one series per row (stacked for condition groups). Otherwise one bar group per row. */
function TableChart({ table, dir }: { table: ReportTable; dir: 'ltr' | 'rtl' }) {
  const label = useHeaderLabel();
  const overTime = table.columnDimension === 'month';
  const stacked = overTime && table.rowDimension === 'conditionGroup';
  // Along the x axis: months (series = rows), or rows (series = columns).
  const categories = overTime ? table.columns : table.rows;
  const series = overTime ? table.rows : table.columns;
  const data = categories.map((c, ci) => {
    const point: Record<string, string | number | null> = { name: label(c, overTime ? 'month' : table.rowDimension) };
    series.forEach((s, si) => {
      const cell = overTime ? table.cells[si]?.[ci] : table.cells[ci]?.[si];
      point[s.key] = cell && !cell.suppressed ? cell.value : null;
    });
    return point;
  });
  return (
    // The table below says the same to a screen reader: the chart is hidden from it, and so must hold
    // nothing focusable (Recharts' keyboard layer would put a tab stop inside aria-hidden).
    <div className="report-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" reversed={dir === 'rtl'} interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} orientation={dir === 'rtl' ? 'right' : 'left'} width={48} />
          <Tooltip />
          <Legend />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={label(s, overTime ? table.rowDimension : table.columnDimension)}
              fill={PALETTE[i % PALETTE.length]}
              isAnimationActive={false}
              {...(stacked && { stackId: s.category ?? 'all' })}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ReportTableView({ table, onCsv }: { table: ReportTable; onCsv: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useHeaderLabel();
  const id = useId();
  const dir = i18n.dir(i18n.language);
  const [dimensionKey, dimensionLabel] = DIMENSION_LABELS[table.rowDimension];
  const total = t('reports.total', 'Total');
  const empty = table.rows.length === 0 || table.columns.length === 0;
  return (
    <section className="panel report-table" aria-labelledby={id} data-testid={`report-${table.id}`}>
      <div className="page-head">
        <h2 id={id} className="report-table-title">
          {t(table.titleKey, table.title)}
        </h2>
        <button type="button" className="button small" onClick={onCsv}>
          {t('reports.csv', 'CSV')}
        </button>
      </div>
      {empty ? (
        <p className="muted">{t('reports.noData', 'Nothing to count for these filters.')}</p>
      ) : (
        <>
          <TableChart table={table} dir={dir} />
          <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th scope="col">{t(dimensionKey, dimensionLabel)}</th>
                  {table.columns.map((c) => (
                    <th key={c.key} scope="col">
                      {label(c, table.columnDimension)}
                    </th>
                  ))}
                  {table.rowTotals && <th scope="col">{total}</th>}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r, ri) => (
                  <tr key={r.key}>
                    <th scope="row">{label(r, table.rowDimension)}</th>
                    {table.columns.map((c, ci) => (
                      <td key={c.key} className="number">
                        <CellValue cell={table.cells[ri]?.[ci]} />
                      </td>
                    ))}
                    {table.rowTotals && (
                      <td className="number total">
                        <CellValue cell={table.rowTotals[ri]} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
              {table.columnTotals && (
                <tfoot>
                  <tr>
                    <th scope="row">{total}</th>
                    {table.columnTotals.map((cell, ci) => (
                      <td key={ci} className="number total">
                        <CellValue cell={cell} />
                      </td>
                    ))}
                    {table.rowTotals && <td className="number total">{table.grandTotal && <CellValue cell={table.grandTotal} />}</td>}
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </>
      )}
    </section>
  );
}
