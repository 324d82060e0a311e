// Reports: the use of the PHR and the health status of the persons assessed, for a period and
// filters, as charts and tables, with CSV per table and a PDF of the whole report in a chosen language.
// Every number comes suppressed from the core: a small cell never reaches this screen.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { z } from '../../../src/api/zod.ts';
import { IsoDateSchema } from '../../../src/domain/envelope.ts';
import { LegalStatusSchema, SexSchema } from '../../../src/domain/person.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { reportCsvFiles, reportValueLabel } from '../../../src/domain/report-csv.ts';
import { AGE_BANDS, AGE_BAND_KEYS, type HealthReport, type ReportFiltersInput, type UseReport } from '../../../src/api/schemas/reports.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { CountryField } from '../../components/country-field.tsx';
import { DateInput, SelectInput } from '../../components/date-field.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useZodForm } from '../../components/form.tsx';
import { fromBase64, saveFile } from '../../components/save-file.ts';
import { toApiError } from '../app/use-app-info.ts';
import { useAppInfo } from '../app/use-app-info.ts';
import { useLegalStatusLabel, useSexLabel } from '../persons/person-format.ts';
import { useCan } from '../session/use-session.ts';
import { ReportTableView } from './report-view.tsx';

type Kind = 'use' | 'health';

const FilterFormSchema = z
  .object({
    from: IsoDateSchema,
    to: IsoDateSchema,
    nationality: z.string().regex(/^[A-Z]{2}$/).optional(),
    ageBand: z.enum(AGE_BAND_KEYS).optional(),
    sex: SexSchema.optional(),
    legalStatus: LegalStatusSchema.optional(),
    centre: z.string().max(64).optional(),
  })
  .refine((f) => f.from <= f.to, { path: ['to'], params: { i18n: 'reports.periodReversed' } });

/** The last whole month: what a coordinator checks. */
export function lastMonth(today = new Date()): { from: string; to: string } {
  const first = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

export function ReportsPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('health');
  const [filters, setFilters] = useState<ReportFiltersInput>(lastMonth());
  return (
    <section className="page" aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.title', 'Reports')}</h1>
      <p className="muted">
        {t('reports.intro', 'Counts of persons and visits, never persons. Counts under the centre’s threshold are hidden, with the cells that would reveal them.')}
      </p>
      <Filters value={filters} onApply={setFilters} />
      <Tabs selectedKey={kind} onSelectionChange={(key) => setKind(key as Kind)}>
        <TabList aria-label={t('reports.which', 'Report')} className="tabs">
          <Tab id="health">{t('reports.health', 'Health status')}</Tab>
          <Tab id="use">{t('reports.use', 'Use of the PHR')}</Tab>
        </TabList>
        <TabPanel id="health">{kind === 'health' && <Report kind="health" filters={filters} />}</TabPanel>
        <TabPanel id="use">{kind === 'use' && <Report kind="use" filters={filters} />}</TabPanel>
      </Tabs>
    </section>
  );
}

function Filters({ value, onApply }: { value: ReportFiltersInput; onApply: (f: ReportFiltersInput) => void }) {
  const { t } = useTranslation();
  const sexLabel = useSexLabel();
  const legalLabel = useLegalStatusLabel();
  const form = useZodForm(FilterFormSchema, value);
  return (
    <Form className="form wide report-filters" onSubmit={form.handleSubmit((f) => onApply(f))} aria-label={t('reports.filters', 'Filters')}>
      <div className="row-group">
        <DateInput control={form.control} name="from" label={t('reports.from', 'From')} />
        <DateInput control={form.control} name="to" label={t('reports.to', 'To')} />
        <CountryField control={form.control} name="nationality" label={t('reports.nationalityFilter', 'Nationality')} />
        <SelectInput
          control={form.control}
          name="ageBand"
          label={t('reports.dimension.ageBand', 'Age band')}
          empty={t('reports.all', 'All')}
          options={AGE_BANDS.map((b) => [b.key, t(b.labelKey, b.label)] as const)}
        />
        <SelectInput control={form.control} name="sex" label={t('person.sex', 'Sex')} empty={t('reports.all', 'All')} options={SexSchema.options.map((s) => [s, sexLabel(s)] as const)} />
        <SelectInput
          control={form.control}
          name="legalStatus"
          label={t('person.legalStatus', 'Legal status')}
          empty={t('reports.all', 'All')}
          options={LegalStatusSchema.options.map((s) => [s, legalLabel(s)] as const)}
        />
      </div>
      <div className="form-actions">
        <Button type="submit" className="button primary">
          {t('reports.apply', 'Show')}
        </Button>
      </div>
    </Form>
  );
}

function Report({ kind, filters }: { kind: Kind; filters: ReportFiltersInput }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { data: info } = useAppInfo();
  const [pdfLanguage, setPdfLanguage] = useState<string>(i18n.language);
  const method = kind === 'use' ? 'report.use' : 'report.health';
  const report = useQuery<UseReport | HealthReport>({
    queryKey: [method, filters],
    queryFn: () => unwrap(client.call(method, { filters })),
  });
  const pdf = useCall('report.pdf', { onSuccess: (file) => saveFile(file.name, fromBase64(file.data), 'application/pdf') });
  const aggregate = useCall('report.aggregate', { onSuccess: (file) => saveFile(file.name, file.data, 'application/jose') });
  const can = useCan();
  const lng = i18n.language as LanguageCode;
  const csvOptions = {
    translate: (key: string, fallback: string) => t(key, fallback),
    valueLabel: reportValueLabel(lng),
  };
  if (report.error) return <ErrorMessage error={toApiError(report.error)} />;
  if (!report.data) return <p aria-live="polite">{t('reports.computing', 'Counting…')}</p>;
  const data = report.data;
  const files = () => reportCsvFiles(data, csvOptions);
  return (
    <div className="report" data-testid={`report-${kind}`}>
      <div className="row-actions">
        <label>
          {t('reports.pdfLanguage', 'PDF language')}{' '}
          <select value={pdfLanguage} onChange={(e) => setPdfLanguage(e.target.value)}>
            {(info?.languages ?? []).filter((l) => l.ui).map((l) => (
              <option key={l.code} value={l.code}>
                {l.nativeName}
              </option>
            ))}
          </select>
        </label>
        <Button className="button" isPending={pdf.pending} onPress={() => void pdf.run({ kind, filters, language: pdfLanguage as LanguageCode })}>
          {t('reports.pdf', 'Save as PDF')}
        </Button>
        <Button
          className="button"
          onPress={() => {
            for (const f of files()) saveFile(f.name, f.csv, 'text/csv;charset=utf-8');
          }}
        >
          {t('reports.allCsv', 'Save every table as CSV')}
        </Button>
      </div>
      {can('report.aggregate') && (
        <div className="row-actions">
          <Button className="button" isPending={aggregate.pending} onPress={() => void aggregate.run({ kind, filters })}>
            {t('reports.aggregate', 'Signed counts for the coordinating office')}
          </Button>
          <span className="muted small">{t('reports.aggregateHelp', 'Counts only, unsuppressed, signed with this centre’s key: give the file to the office, not to the public.')}</span>
        </div>
      )}
      <ErrorMessage error={pdf.error ?? aggregate.error} />
      <p className="muted small">{t('reports.threshold', { count: data.threshold, defaultValue: 'Cells under {{count}} are hidden ([c]).' })}</p>
      {data.tables.map((table, i) => (
        <ReportTableView
          key={table.id}
          table={table}
          onCsv={() => {
            const f = files()[i];
            if (f) saveFile(f.name, f.csv, 'text/csv;charset=utf-8');
          }}
        />
      ))}
    </div>
  );
}
