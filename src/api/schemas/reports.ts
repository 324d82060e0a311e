// The reports' filters and outputs (contract entries report.*). A report is a list of tables of
// counts; every cell either carries its count or is suppressed (no value), so nothing below the
// threshold can leave in any output.
import { z } from '../zod.ts';
import { IsoDateSchema } from '../../domain/envelope.ts';
import { LegalStatusSchema, SexSchema } from '../../domain/person.ts';

/** Age in completed years on the day of the visit counted (or of registration, for records created). */
export const AGE_BAND_KEYS = ['0-4', '5-11', '12-17', '18-29', '30-44', '45-64', '65+'] as const;
export const AgeBandSchema = z.enum(AGE_BAND_KEYS);
export type AgeBand = z.infer<typeof AgeBandSchema>;

export interface AgeBandDefinition {
  key: AgeBand;
  /** Lowest age in the band, in completed years. */
  from: number;
  labelKey: string;
  label: string;
}

export const AGE_BANDS: readonly AgeBandDefinition[] = [
  { key: '0-4', from: 0, labelKey: 'reports.ageBand.y0to4', label: '0–4' },
  { key: '5-11', from: 5, labelKey: 'reports.ageBand.y5to11', label: '5–11' },
  { key: '12-17', from: 12, labelKey: 'reports.ageBand.y12to17', label: '12–17' },
  { key: '18-29', from: 18, labelKey: 'reports.ageBand.y18to29', label: '18–29' },
  { key: '30-44', from: 30, labelKey: 'reports.ageBand.y30to44', label: '30–44' },
  { key: '45-64', from: 45, labelKey: 'reports.ageBand.y45to64', label: '45–64' },
  { key: '65+', from: 65, labelKey: 'reports.ageBand.y65plus', label: '65 and over' },
];

/** Cells with 0 < count < threshold are suppressed. A threshold of 1 would suppress nothing. */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
export const SuppressionThresholdSchema = z.number().int().min(2).max(100);

/** Longest period a report covers: one column per month. */
export const MAX_REPORT_MONTHS = 120;

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

export const ReportFiltersSchema = z
  .object({
    /** First and last day of the period, inclusive. */
    from: IsoDateSchema,
    to: IsoDateSchema,
    /** A centre's site id. */
    centre: z.string().trim().min(1).max(64).optional(),
    /** ISO 3166-1 alpha-2. */
    nationality: z.string().regex(/^[A-Z]{2}$/).optional(),
    ageBand: AgeBandSchema.optional(),
    sex: SexSchema.optional(),
    legalStatus: LegalStatusSchema.optional(),
  })
  .strict()
  .refine((f) => f.from <= f.to, { message: 'The period ends before it starts', path: ['to'], params: { i18n: 'reports.periodReversed' } })
  .refine((f) => monthIndex(f.to) - monthIndex(f.from) < MAX_REPORT_MONTHS, {
    message: `A report covers at most ${MAX_REPORT_MONTHS} months`,
    path: ['from'],
    params: { i18n: 'reports.periodTooLong' },
  });
export type ReportFilters = z.output<typeof ReportFiltersSchema>;
export type ReportFiltersInput = z.input<typeof ReportFiltersSchema>;

/** A count, or nothing when it is suppressed: a suppressed cell carries no value in any output. */
export const ReportCellSchema = z.discriminatedUnion('suppressed', [
  z.object({ suppressed: z.literal(false), value: z.number().int().min(0) }).strict(),
  z.object({ suppressed: z.literal(true), value: z.null() }).strict(),
]);
export type ReportCell = z.infer<typeof ReportCellSchema>;

export const ReportHeaderSchema = z
  .object({
    /** Stable key: a group key, a month (2026-03), an age band, a sex, a country code, a site id. */
    key: z.string().max(64),
    /** English default label. */
    label: z.string().max(200),
    /** i18n key of the label, where the label is translated through the locales. */
    labelKey: z.string().max(100).optional(),
    /** Where the label is translated through a value set instead: antigens, countries. */
    valueSet: z.enum(['vaccine', 'country']).optional(),
    /** The group's category (condition groups): for stacking and grouping in charts. */
    category: z.string().max(64).optional(),
  })
  .strict();
export type ReportHeader = z.infer<typeof ReportHeaderSchema>;

export const REPORT_DIMENSIONS = [
  'centre',
  'month',
  'conditionGroup',
  'ageBand',
  'sex',
  'nationality',
  'antigen',
  'vaccinationStatus',
  'screeningTest',
  'screeningOutcome',
  'measure',
] as const;
export const ReportDimensionSchema = z.enum(REPORT_DIMENSIONS);
export type ReportDimension = z.infer<typeof ReportDimensionSchema>;

export const ReportUnitSchema = z.enum(['records', 'episodes', 'documents', 'transfers', 'persons']);

export const ReportTableSchema = z
  .object({
    id: z.string().max(64),
    titleKey: z.string().max(100),
    title: z.string().max(200),
    /** What a cell counts. */
    unit: ReportUnitSchema,
    rowDimension: ReportDimensionSchema,
    columnDimension: ReportDimensionSchema,
    rows: z.array(ReportHeaderSchema),
    columns: z.array(ReportHeaderSchema),
    /** cells[row][column]. */
    cells: z.array(z.array(ReportCellSchema)),
    /** Sum of each row, where such a sum means something (null: not published). */
    rowTotals: z.array(ReportCellSchema).nullable(),
    /** Sum of each column, where such a sum means something (null: not published). */
    columnTotals: z.array(ReportCellSchema).nullable(),
    /** Published only with both kinds of totals. */
    grandTotal: ReportCellSchema.nullable(),
  })
  .strict();
export type ReportTable = z.infer<typeof ReportTableSchema>;

const reportOf = <K extends string>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      filters: ReportFiltersSchema,
      /** The suppression threshold applied to every cell. */
      threshold: SuppressionThresholdSchema,
      tables: z.array(ReportTableSchema),
    })
    .strict();

export const UseReportSchema = reportOf('use');
export type UseReport = z.infer<typeof UseReportSchema>;
export const HealthReportSchema = reportOf('health');
export type HealthReport = z.infer<typeof HealthReportSchema>;

/** The input of a report method: the filters only. The threshold is the centre's setting, never the caller's. */
export const ReportInputSchema = z.object({ filters: ReportFiltersSchema }).strict();
