// Booklets: a relocation group's booklets printed in one file (chosen persons or everyone who arrived
// in a period; each in their own language or one for all; A4 to fold or A5), with progress and Cancel;
// and the way back: a booklet's QR code read from a scan, a photo, the camera, or typed by a handheld
// scanner, verified against the trust list, and its summary taken into a record here.
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { PaperField } from './paper-field.component.tsx';
import type { BookletBatchOutput, BookletProgress } from '../../../src/api/schemas/booklet.ts';
import type { PersonSummary } from '../../../src/api/schemas/record.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { PathField } from '../../components/path-field.component.tsx';
import { PersonPicker } from '../../components/person-picker.component.tsx';
import { Progress } from '../../components/progress.component.tsx';
import { TabbedPage } from '../../components/tabbed-page.component.tsx';
import { useAppInfo } from '../app/use-app-info.ts';
import { QrReader } from './qr-reader.component.tsx';

const PDF_FILTERS = [{ name: 'PDF', extensions: ['pdf'] }];

export function BookletsPage() {
  const { t } = useTranslation();
  return (
    <TabbedPage
      title={t('booklets.title', 'Health booklets')}
      tabs={[
        { id: 'group', label: t('booklets.group', 'Print for a group'), content: <GroupPrint /> },
        { id: 'read', label: t('booklets.read', 'Read a booklet’s code'), content: <QrReader /> },
      ]}
    />
  );
}

function GroupPrint() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { data: info } = useAppInfo();
  const [kind, setKind] = useState<'persons' | 'arrived'>('arrived');
  const [persons, setPersons] = useState<PersonSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [layout, setLayout] = useState<'a4' | 'a5'>('a4');
  const [language, setLanguage] = useState('');
  const [path, setPath] = useState('');
  const [progress, setProgress] = useState<BookletProgress | null>(null);
  const [result, setResult] = useState<BookletBatchOutput | null>(null);
  useEffect(() => client.on('booklet:progress', setProgress), [client]);
  const run = useCall('booklet.batch', { onSuccess: setResult });
  const cancel = useCall('booklet.cancel');
  const number = new Intl.NumberFormat(i18n.language);
  const today = new Date().toISOString().slice(0, 10);
  const ready = path.trim() !== '' && (kind === 'persons' ? persons.length > 0 : from !== '' && to !== '' && from <= to);
  const selection = kind === 'persons' ? { kind, personIds: persons.map((p) => p.id) } : { kind, from, to };
  return (
    <form
      className="form wide"
      data-testid="booklet-batch-form"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        setProgress(null);
        void run.run({ selection, layout, path: path.trim(), ...(language !== '' && { language: language as LanguageCode }) });
      }}
    >
      <fieldset className="fieldset">
        <legend>{t('booklets.who', 'Whose booklets')}</legend>
        <label>
          <input type="radio" name="booklet-who" checked={kind === 'arrived'} onChange={() => setKind('arrived')} /> {t('transfer.selection.arrived')}
        </label>
        <label>
          <input type="radio" name="booklet-who" checked={kind === 'persons'} onChange={() => setKind('persons')} /> {t('transfer.selection.persons')}
        </label>
        {kind === 'persons' && <PersonPicker chosen={persons} onChange={setPersons} />}
        {kind === 'arrived' && (
          <div className="row-group">
            <label>
              {t('reports.from', 'From')} <input type="date" value={from} max={today} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('reports.to', 'To')} <input type="date" value={to} max={today} onChange={(e) => setTo(e.target.value)} />
            </label>
          </div>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor="booklet-batch-language">{t('booklet.secondLanguage', 'Second language (the person’s)')}</label>
        <select id="booklet-batch-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
          <option value="">{t('booklets.eachOwn', 'Each person’s own language')}</option>
          {(info?.languages ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.nativeName}
            </option>
          ))}
        </select>
      </div>
      <PaperField name="booklet-batch-layout" value={layout} onChange={setLayout} order={['a4', 'a5']} />
      <PathField
        mode="save"
        value={path}
        onChange={setPath}
        label={t('booklets.saveTo', 'Save the booklets as (one PDF file)')}
        placeholder="/home/…/booklets.pdf"
        filters={PDF_FILTERS}
        defaultName={`booklets-${today}.pdf`}
      />
      <ErrorMessage error={run.error} />
      {run.pending && progress && (
        <Progress
          label={t('booklets.progress', { done: number.format(progress.done), total: number.format(progress.total), defaultValue: '{{done}} of {{total}} booklets' })}
          value={progress.done}
          max={progress.total}
          testId="booklet-progress"
        />
      )}
      <div className="form-actions">
        {run.pending && (
          <Button className="button" onPress={() => void cancel.run({})}>
            {t('common.cancel', 'Cancel')}
          </Button>
        )}
        <Button type="submit" className="button primary" isPending={run.pending} isDisabled={!ready}>
          {t('booklets.make', 'Make the booklets')}
        </Button>
      </div>
      {result && (
        <div className="notice" role="status" data-testid="booklet-batch-result">
          <p>
            {t('booklets.written', {
              persons: number.format(result.persons),
              pages: number.format(result.pages),
              defaultValue: 'Written: booklets for {{persons}} persons, {{pages}} pages. Print the file double-sided at actual size.',
            })}
          </p>
          <p className="muted small" dir="ltr">
            <bdi>{result.path}</bdi>
          </p>
        </div>
      )}
    </form>
  );
}
