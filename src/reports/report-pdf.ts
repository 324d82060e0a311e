// A report as a PDF in one language: its title, period and filters, then per table a bar chart of the
// totals and the table itself, with the same suppression marks as the screen and the CSV. Drawn by
// the booklet's machinery (src/pdf): shaped Arabic-script text, right-to-left layout, embedded fonts.
import type { TFunction } from 'i18next';
import { rgb } from 'pdf-lib';
import type { HealthReport, ReportCell, ReportHeader, ReportTable, UseReport } from '../api/schemas/reports.ts';
import { DIMENSION_LABELS } from '../domain/report-csv.ts';
import { languageInfo } from '../i18n/languages.ts';
import { isolate, PdfDocumentBuilder, sharedTextEngine, type Cell } from '../pdf/index.ts';

export interface ReportPdfOptions {
  t: TFunction;
  lng: string;
  /** Antigens and countries from the value sets, in `lng`. */
  valueLabel: (set: 'vaccine' | 'country', key: string) => string | undefined;
  centreName: string;
  fontsDir?: string;
  /** Fixed creation date (tests compare files). */
  fixedDate?: Date;
}

const BAR_COLOURS = [rgb(0, 0.447, 0.698), rgb(0.902, 0.624, 0)];

export async function reportPdf(report: UseReport | HealthReport, options: ReportPdfOptions): Promise<Uint8Array> {
  const engine = await sharedTextEngine(options.fontsDir);
  const { t, lng } = options;
  const direction = languageInfo(lng)?.dir ?? 'ltr';
  const number = new Intl.NumberFormat(lng);
  const month = new Intl.DateTimeFormat(lng, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const date = new Intl.DateTimeFormat(lng, { dateStyle: 'long', timeZone: 'UTC' });
  const label = (h: ReportHeader, dimension: string): string => {
    if (h.valueSet) return options.valueLabel(h.valueSet, h.key) ?? h.label;
    if (dimension === 'month' && /^\d{4}-\d{2}$/.test(h.key)) return month.format(new Date(`${h.key}-01T00:00:00Z`));
    return h.labelKey ? t(h.labelKey, { defaultValue: h.label }) : h.label;
  };
  const mark = t('reports.suppressed', { defaultValue: '[c]' });
  const cell = (c: ReportCell | undefined): Cell => ({ text: !c ? '' : c.suppressed ? mark : number.format(c.value), align: 'end' });
  const title = report.kind === 'use' ? t('reports.use', { defaultValue: 'Use of the PHR' }) : t('reports.health', { defaultValue: 'Health status' });
  const period = (iso: string) => date.format(new Date(`${iso}T00:00:00Z`));

  const b = await PdfDocumentBuilder.create({
    engine,
    pageSize: 'A4',
    direction,
    style: { size: 9, lang: lng },
    footer: (n, count) => `${isolate(options.centreName)} · ${title} · ${n} / ${count}`,
    info: { title: `${title} ${report.filters.from} – ${report.filters.to}`, language: lng },
    ...(options.fixedDate && { fixedDate: options.fixedDate }),
  });
  b.heading(title, { level: 1 });
  b.paragraph(
    t('reports.pdfPeriod', { centre: isolate(options.centreName), from: isolate(period(report.filters.from)), to: isolate(period(report.filters.to)), defaultValue: '{{centre}}, {{from}} to {{to}}' }),
  );
  const f = report.filters;
  const applied = [
    f.nationality && `${t('reports.nationalityFilter', { defaultValue: 'Nationality' })}: ${isolate(options.valueLabel('country', f.nationality) ?? f.nationality)}`,
    f.sex && `${t('person.sex', { defaultValue: 'Sex' })}: ${t(`person.sex${f.sex.charAt(0).toUpperCase()}${f.sex.slice(1)}`, { defaultValue: f.sex })}`,
    f.ageBand && `${t('reports.dimension.ageBand', { defaultValue: 'Age band' })}: ${isolate(f.ageBand)}`,
    f.legalStatus && `${t('person.legalStatus', { defaultValue: 'Legal status' })}: ${t(`person.legal.${f.legalStatus.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}`, { defaultValue: f.legalStatus })}`,
  ].filter((x): x is string => typeof x === 'string');
  if (applied.length > 0) b.paragraph(applied.join(' · '));
  b.paragraph(t('reports.threshold', { count: report.threshold, defaultValue: 'Cells under {{count}} are hidden ([c]).' }), { size: 8 });
  b.space(6);

  for (const table of report.tables) tableSection(b, table);
  return b.save();

  function tableSection(builder: PdfDocumentBuilder, table: ReportTable): void {
    builder.ensureSpace(160);
    builder.heading(t(table.titleKey, { defaultValue: table.title }), { level: 2 });
    if (table.rows.length === 0 || table.columns.length === 0) {
      builder.paragraph(t('reports.noData', { defaultValue: 'Nothing to count for these filters.' }));
      return;
    }
    // The chart: each row's total where totals are published, else the first column; hidden cells draw nothing.
    const totals = table.rowTotals ?? table.cells.map((row) => row[0] ?? { suppressed: true as const, value: null });
    const values = totals.map((c) => (c.suppressed ? 0 : c.value));
    if (values.some((v) => v > 0)) {
      builder.bars(70, values, { colors: BAR_COLOURS, rtl: direction === 'rtl' });
      builder.paragraph(table.rows.map((r, i) => `${i + 1}. ${label(r, table.rowDimension)}`).join('   '), { size: 7 });
    }
    const [dimKey, dimLabel] = DIMENSION_LABELS[table.rowDimension];
    const total = t('reports.total', { defaultValue: 'Total' });
    const columns = [
      { header: t(dimKey, { defaultValue: dimLabel }), width: 3 },
      ...table.columns.map((c) => ({ header: label(c, table.columnDimension), width: 1, align: 'end' as const })),
      ...(table.rowTotals ? [{ header: total, width: 1, align: 'end' as const }] : []),
    ];
    const rows: Cell[][] = table.rows.map((r, ri) => [
      `${ri + 1}. ${label(r, table.rowDimension)}`,
      ...table.columns.map((_, ci) => cell(table.cells[ri]?.[ci])),
      ...(table.rowTotals ? [cell(table.rowTotals[ri])] : []),
    ]);
    if (table.columnTotals) rows.push([total, ...table.columnTotals.map((c) => cell(c)), ...(table.rowTotals ? [cell(table.grandTotal ?? undefined)] : [])]);
    builder.table({ columns, rows, style: { size: table.columns.length > 8 ? 7 : 8 } });
    builder.space(8);
  }
}
