// The reports as the contract serves them: computed from the projection with the centre's
// suppression threshold (never the caller's), and as a PDF in a chosen language. Exports (PDF) go to
// the access log; the figures themselves are aggregates with small cells hidden.
import type { z } from '../api/zod.ts';
import type { HealthReport, ReportInputSchema, UseReport } from '../api/schemas/reports.ts';
import type { StoreContext } from '../access/store-context.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { getCentre, getCentreSettings } from '../db/repositories/centre.repository.ts';
import { reportValueLabel } from '../domain/report-csv.ts';
import type { LanguageCode } from '../i18n/languages.ts';
import { translator } from '../app/translations.ts';
import { AppError } from '../api/errors.ts';
import { ReportFiltersSchema } from '../api/schemas/reports.ts';
import { loadLocalSite } from '../transfer/site.service.ts';
import { signAggregate } from './aggregate.ts';
import { computeHealthReport } from './health-report.ts';
import { reportPdf } from './report-pdf.ts';
import { computeUseReport } from './use-report.ts';

type ReportInput = z.output<typeof ReportInputSchema>;

export interface ReportService {
  use(input: ReportInput): Promise<UseReport>;
  health(input: ReportInput): Promise<HealthReport>;
  pdf(input: ReportInput & { kind: 'use' | 'health'; language: LanguageCode }): Promise<{ name: string; data: string }>;
  /** This centre's counts, unsuppressed and signed with its site key, for the coordinating office to combine. */
  aggregate(input: ReportInput & { kind: 'use' | 'health' }): Promise<{ name: string; data: string }>;
}

export function createReportService(context: StoreContext, paths: { fontsDir?: string | undefined; localesDir?: string | undefined } = {}): ReportService {
  function compute(kind: 'use' | 'health', input: ReportInput): UseReport | HealthReport {
    const { db } = context.requireOpen();
    const threshold = getCentreSettings(db).reportThreshold;
    return kind === 'use' ? computeUseReport(db, input.filters, { threshold }) : computeHealthReport(db, input.filters, { threshold });
  }
  return {
    use: async (input) => compute('use', input) as UseReport,
    health: async (input) => compute('health', input) as HealthReport,
    async pdf({ kind, language, filters }) {
      const report = compute(kind, { filters });
      const open = context.requireOpen();
      const centre = getCentre(open.db);
      const t = await translator(language, paths.localesDir);
      const bytes = await reportPdf(report, {
        t,
        lng: language,
        centreName: centre?.name ?? '',
        valueLabel: reportValueLabel(language),
        ...(paths.fontsDir !== undefined && { fontsDir: paths.fontsDir }),
      });
      appendAudit(open.db, actionBy(open.user, 'report.pdf', { changes: { kind, from: filters.from, to: filters.to } }));
      return { name: `carnet-${kind}-report-${filters.from}-${filters.to}-${language}.pdf`, data: Buffer.from(bytes).toString('base64') };
    },
    async aggregate({ kind, filters }) {
      const open = context.requireOpen();
      const site = await loadLocalSite(open.db);
      if (!site) throw new AppError('CONFLICT', { reason: 'no-site-identity' });
      const parsed = ReportFiltersSchema.parse(filters);
      const jws = await signAggregate(open.db, site, kind, parsed, context.now());
      appendAudit(open.db, actionBy(open.user, 'report.aggregate', { changes: { kind, from: parsed.from, to: parsed.to } }));
      return { name: `carnet-${kind}-counts-${site.siteId.slice(0, 8)}-${parsed.from}-${parsed.to}.jws`, data: jws };
    },
  };
}
