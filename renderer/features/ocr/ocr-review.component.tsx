// "Read lab results" on a scanned or PDF lab report in the chart: the core reads it (progress and
// Cancel), then the clinician sees the page beside the rows found — analyte (mapped to the project's
// LOINC tests), value, unit, reference range, the flag computed from them — with doubtful rows
// highlighted and the reason given. Each row is corrected, accepted or dropped; only accepted rows
// are saved, as lab results of one lab visit on the collection date, linked to the document.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { OcrProgress, OcrReadOutput } from '../../../src/api/schemas/ocr.ts';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import { loincAnswerLabel, loincAnswers, loincItem, loincItems, loincLabel } from '../../../src/domain/value-sets/loinc.ts';
import { ucumDisplay, ucumUnits } from '../../../src/domain/value-sets/ucum.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { Progress } from '../../components/progress.component.tsx';
import { chartKey } from '../chart/chart.component.tsx';
import { useDocumentBytes } from '../chart/documents.component.tsx';
import { PdfView } from '../chart/pdf-view.component.tsx';
import { parseDecimal } from '../episode/assessment-model.ts';

type Row = OcrReadOutput['rows'][number];

/** A row as the clinician edits it. */
interface Draft {
  accept: boolean;
  loinc: string;
  value: string;
  answer: string;
  unit: string;
  low: string;
  high: string;
}

function draftOf(row: Row): Draft {
  return {
    accept: row.loinc !== undefined && (row.value !== undefined || row.answer !== undefined),
    loinc: row.loinc ?? '',
    value: row.value !== undefined ? String(row.value) : '',
    answer: row.answer ?? '',
    unit: row.unit ?? (row.loinc ? (loincItem(row.loinc)?.unit ?? '') : ''),
    low: row.referenceRange?.low !== undefined ? String(row.referenceRange.low) : '',
    high: row.referenceRange?.high !== undefined ? String(row.referenceRange.high) : '',
  };
}

/** What is wrong with a draft the clinician wants to save, as an i18n key. */
function problemOf(d: Draft): string | null {
  const item = loincItem(d.loinc);
  if (!item) return 'ocr.problem.analyte';
  if (loincAnswers(d.loinc).length > 0 && item.valueType !== 'quantity') return d.answer ? null : 'ocr.problem.answer';
  if (parseDecimal(d.value) === undefined) return 'ocr.problem.value';
  if (!d.unit) return 'ocr.problem.unit';
  if ((d.low && parseDecimal(d.low) === undefined) || (d.high && parseDecimal(d.high) === undefined)) return 'ocr.problem.range';
  return null;
}

export function ReadLabResults({ entry }: { entry: EntryRecord }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (entry.body.kind !== 'document') return null;
  return (
    <>
      <Button className="button small" onPress={() => setOpen(true)}>
        {t('ocr.read', 'Read lab results')}
      </Button>
      <ModalDialog isOpen={open} onClose={() => setOpen(false)} title={t('ocr.title', 'Lab results from a report')}>
        {open && <OcrReview entry={entry} onDone={() => setOpen(false)} />}
      </ModalDialog>
    </>
  );
}

function OcrReview({ entry, onDone }: { entry: EntryRecord; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const client = useClient();
  const queryClient = useQueryClient();
  const dateId = useId();
  const [progress, setProgress] = useState<OcrProgress | null>(null);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [date, setDate] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [tried, setTried] = useState(false);
  useEffect(() => client.on('ocr:progress', setProgress), [client]);
  const read = useCall('ocr.read', {
    onSuccess: (out) => {
      setDrafts(out.rows.map(draftOf));
      setDate(out.collectedOn ?? '');
    },
  });
  const cancel = useCall('ocr.cancel');
  const confirm = useCall('ocr.confirm', {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: chartKey(entry.personId) });
      onDone();
    },
  });
  const { url, bytes } = useDocumentBytes(entry, true);
  useEffect(() => {
    void read.run({ entryId: entry.id });
    // Read once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry.id]);

  const labTests = useMemo(
    () =>
      loincItems()
        .filter((i) => i.category !== 'vital-signs' && i.category !== 'imaging')
        .map((i) => ({ code: i.code, label: loincLabel(i.code, lng) ?? i.code }))
        .sort((a, b) => a.label.localeCompare(b.label, lng)),
    [lng],
  );
  const units = useMemo(() => ucumUnits().map((u) => ({ code: u.code, label: ucumDisplay(u.code, lng) })), [lng]);
  const result = read.data;
  const today = new Date().toISOString().slice(0, 10);
  const body = entry.body.kind === 'document' ? entry.body : null;
  const accepted = drafts.filter((d) => d.accept);
  const problems = accepted.map(problemOf).filter((p): p is string => p !== null);
  const set = (i: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const page = selected !== null && result ? result.rows[selected] : undefined;
  const pageSize = page && result ? result.pages.find((p) => p.page === page.page) : undefined;

  if (read.pending || (!result && !read.error)) {
    return (
      <div className="form" data-testid="ocr-reading">
        <Progress
          label={progress?.phase === 'reading' && progress.total > 0 ? t('ocr.progress', { done: progress.done, total: progress.total, defaultValue: 'Reading page {{done}} of {{total}}' }) : t('ocr.starting', 'Starting text recognition')}
          value={progress?.done ?? 0}
          max={progress?.phase === 'reading' ? progress.total : 0}
          testId="ocr-progress"
        />
        <div className="form-actions">
          <Button className="button" onPress={() => void cancel.run({})}>
            {t('common.cancel', 'Cancel')}
          </Button>
        </div>
      </div>
    );
  }
  if (!result) return <ErrorMessage error={read.error} />;

  return (
    <div className="ocr-review" data-testid="ocr-review">
      <div className="ocr-source">
        {url && body?.mediaType.startsWith('image/') && body.mediaType !== 'image/tiff' && (
          <div className="ocr-image">
            <img src={url} alt={body.title} />
            {page?.box && pageSize && (
              <div
                className="ocr-highlight"
                aria-hidden="true"
                style={{
                  left: `${(page.box.x0 / pageSize.width) * 100}%`,
                  top: `${(page.box.y0 / pageSize.height) * 100}%`,
                  width: `${((page.box.x1 - page.box.x0) / pageSize.width) * 100}%`,
                  height: `${((page.box.y1 - page.box.y0) / pageSize.height) * 100}%`,
                }}
              />
            )}
          </div>
        )}
        {bytes && body?.mediaType === 'application/pdf' && <PdfView data={bytes} title={body.title} />}
        {body?.mediaType === 'image/tiff' && <p className="muted">{t('documents.noPreview', 'This kind of file cannot be shown here; download it to open it.')}</p>}
      </div>
      <div className="ocr-rows">
        <p className="muted">{t('ocr.help', 'Check every row against the report. Rows marked with a warning need a closer look. Only the rows you accept are saved.')}</p>
        {result.labName && (
          <p>
            {t('ocr.lab', 'Laboratory')}: <bdi>{result.labName}</bdi>
          </p>
        )}
        <div className="field">
          <label htmlFor={dateId}>{t('ocr.date', 'Date the sample was taken')}</label>
          <input id={dateId} type="date" value={date} max={today} onChange={(e) => setDate(e.target.value)} />
        </div>
        {result.rows.length === 0 && <p role="status">{t('ocr.none', 'No results were found on this document. Check that it is a lab report and that the scan is sharp.')}</p>}
        <table className="table ocr-table">
          <thead>
            <tr>
              <th scope="col">{t('ocr.accept', 'Accept')}</th>
              <th scope="col">{t('ocr.printed', 'As printed')}</th>
              <th scope="col">{t('booklet.test', 'Test')}</th>
              <th scope="col">{t('booklet.result', 'Result')}</th>
              <th scope="col">{t('ocr.unit', 'Unit')}</th>
              <th scope="col">{t('booklet.referenceRange', 'Reference range')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, i) => {
              const d = drafts[i];
              if (!d) return null;
              const answers = loincAnswers(d.loinc);
              const coded = answers.length > 0 && loincItem(d.loinc)?.valueType !== 'quantity';
              const doubtful = row.warnings.length > 0;
              const problem = d.accept && tried ? problemOf(d) : null;
              const label = (key: string) => `${row.analyteText} – ${t(key)}`;
              return (
                <tr key={i} className={doubtful ? 'ocr-doubtful' : undefined} data-testid="ocr-row" onFocus={() => setSelected(i)} onMouseEnter={() => setSelected(i)}>
                  <td>
                    <input type="checkbox" checked={d.accept} onChange={(e) => set(i, { accept: e.target.checked })} aria-label={label('ocr.accept')} />
                  </td>
                  <td>
                    <bdi>{row.analyteText}</bdi> <bdi className="muted">{row.valueText}</bdi>
                    {doubtful && (
                      <ul className="ocr-warnings">
                        {row.warnings.map((w) => (
                          <li key={w}>{t(`ocr.warning.${w}`)}</li>
                        ))}
                      </ul>
                    )}
                    {problem && (
                      <p className="error-message" role="alert">
                        {t(problem)}
                      </p>
                    )}
                  </td>
                  <td>
                    <select value={d.loinc} onChange={(e) => set(i, { loinc: e.target.value, unit: loincItem(e.target.value)?.unit ?? d.unit })} aria-label={label('booklet.test')}>
                      <option value="">{t('common.choose', 'Choose…')}</option>
                      {labTests.map((l) => (
                        <option key={l.code} value={l.code}>
                          {l.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {coded ? (
                      <select value={d.answer} onChange={(e) => set(i, { answer: e.target.value })} aria-label={label('booklet.result')}>
                        <option value="">{t('common.choose', 'Choose…')}</option>
                        {answers.map((a) => (
                          <option key={a.code} value={a.code}>
                            {loincAnswerLabel(a.code, lng) ?? a.code}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input className="narrow" dir="ltr" inputMode="decimal" value={d.value} onChange={(e) => set(i, { value: e.target.value })} aria-label={label('booklet.result')} />
                    )}
                  </td>
                  <td>
                    {!coded && (
                      <select value={d.unit} onChange={(e) => set(i, { unit: e.target.value })} aria-label={label('ocr.unit')}>
                        <option value="">{t('common.choose', 'Choose…')}</option>
                        {units.map((u) => (
                          <option key={u.code} value={u.code}>
                            {u.label}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                  <td>
                    {!coded && (
                      <span className="row-actions">
                        <input className="narrow" dir="ltr" inputMode="decimal" value={d.low} onChange={(e) => set(i, { low: e.target.value })} aria-label={label('ocr.low')} />
                        –
                        <input className="narrow" dir="ltr" inputMode="decimal" value={d.high} onChange={(e) => set(i, { high: e.target.value })} aria-label={label('ocr.high')} />
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <ErrorMessage error={confirm.error} />
        {tried && (!date || date > today) && (
          <p className="error-message" role="alert">
            {t('ocr.problem.date', 'Give the date the sample was taken.')}
          </p>
        )}
        <div className="form-actions">
          <Button className="button" onPress={onDone}>
            {t('common.cancel', 'Cancel')}
          </Button>
          <Button
            className="button primary"
            isDisabled={accepted.length === 0}
            isPending={confirm.pending}
            onPress={() => {
              setTried(true);
              if (problems.length > 0 || !date || date > today) return;
              void confirm.run({
                documentId: entry.id,
                date,
                rows: accepted.map((d) => {
                  const item = loincItem(d.loinc);
                  const coded = loincAnswers(d.loinc).length > 0 && item?.valueType !== 'quantity';
                  const low = parseDecimal(d.low);
                  const high = parseDecimal(d.high);
                  return coded
                    ? { loinc: d.loinc, answer: d.answer }
                    : { loinc: d.loinc, value: parseDecimal(d.value) as number, unit: d.unit, ...(low !== undefined && { low }), ...(high !== undefined && { high }) };
                }),
              });
            }}
          >
            {t('ocr.save', { count: accepted.length, defaultValue: 'Save {{count}} accepted results' })}
          </Button>
        </div>
      </div>
    </div>
  );
}
