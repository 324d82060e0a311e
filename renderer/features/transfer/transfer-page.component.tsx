// Sending records to another centre and receiving them. Export: who (chosen persons, a relocation
// group by arrival dates, or everything changed since a day), to whom (trusted centres, and/or a
// passphrase), where (the desktop's save dialog, or a typed path in browser mode), with progress and
// Cancel. Import: the file is checked whole before anything is shown; the preview lists new persons,
// updates, likely duplicates and conflicts; the user decides each conflict; then one transaction.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ExchangeProgress, ExportResult, ImportPreview, PersonPreview } from '../../../src/api/schemas/transfer.ts';
import type { PersonSummary } from '../../../src/api/schemas/record.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { PathField } from '../../components/path-field.component.tsx';
import { PersonPicker } from '../../components/person-picker.component.tsx';
import { Progress } from '../../components/progress.component.tsx';
import { TabbedPage } from '../../components/tabbed-page.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { nameText, preferredName } from '../persons/person-format.ts';
import { Fingerprint, TRUSTED_KEY } from './site-trust.component.tsx';

const FILTERS = [{ name: 'Carnet', extensions: ['carnet'] }];

function ProgressView({ progress }: { progress: ExchangeProgress }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  const [value, max] = progress.totalBytes ? [progress.bytes ?? 0, progress.totalBytes] : [progress.done ?? 0, progress.total ?? 0];
  const share = max > 0 ? ` · ${number.format(Math.round((value / max) * 100))} %` : '';
  return <Progress label={`${t(`transfer.phase.${progress.phase}`)}${share}`} value={value} max={max} testId="transfer-progress" />;
}

function useTransferProgress(): [ExchangeProgress | null, () => void] {
  const client = useClient();
  const [progress, setProgress] = useState<ExchangeProgress | null>(null);
  useEffect(() => client.on('transfer:progress', setProgress), [client]);
  return [progress, () => setProgress(null)];
}

export function TransferPage() {
  const { t } = useTranslation();
  return (
    <TabbedPage
      title={t('transfer.title', 'Transfer records')}
      tabs={[
        { id: 'export', label: t('transfer.send', 'Send to a centre'), content: <ExportForm /> },
        { id: 'import', label: t('transfer.receive', 'Receive from a centre'), content: <ImportFlow /> },
      ]}
    />
  );
}

type SelectionKind = 'persons' | 'arrived' | 'changedSince';

function ExportForm() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const trusted = useQuery({ queryKey: TRUSTED_KEY, queryFn: () => unwrap(client.call('site.trustedSites', {})) });
  const [kind, setKind] = useState<SelectionKind>('persons');
  const [persons, setPersons] = useState<PersonSummary[]>([]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [since, setSince] = useState('');
  const [recipients, setRecipients] = useState<string[]>([]);
  const [passphrase, setPassphrase] = useState(false);
  const [outPath, setOutPath] = useState('');
  const [progress, clearProgress] = useTransferProgress();
  const [result, setResult] = useState<ExportResult | null>(null);
  const run = useCall('transfer.export', { onSuccess: setResult });
  const cancel = useCall('transfer.cancel');
  const lng = i18n.language as LanguageCode;
  const valid = (trusted.data?.sites ?? []).filter((s) => s.status === 'valid');
  const selection =
    kind === 'persons'
      ? { kind, personIds: persons.map((p) => p.id) }
      : kind === 'arrived'
        ? { kind, from, to }
        : { kind, since: since ? new Date(`${since}T00:00:00`).toISOString() : '' };
  const ready = outPath.trim() !== '' && (recipients.length > 0 || passphrase) && (kind !== 'persons' || persons.length > 0) && (kind !== 'arrived' || (from !== '' && to !== '')) && (kind !== 'changedSince' || since !== '');
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form
      className="form wide"
      data-testid="export-form"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        clearProgress();
        void run.run({ selection: selection as never, recipients, passphrase, outPath: outPath.trim() });
      }}
    >
      <fieldset className="fieldset">
        <legend>{t('transfer.who', 'Whose records')}</legend>
        {(['persons', 'arrived', 'changedSince'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="selection" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`transfer.selection.${k}`)}
          </label>
        ))}
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
        {kind === 'changedSince' && (
          <label>
            {t('transfer.since', 'Changed since')} <input type="date" value={since} max={today} onChange={(e) => setSince(e.target.value)} />
          </label>
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>{t('transfer.toWhom', 'Who can open the file')}</legend>
        <ErrorMessage error={toApiError(trusted.error)} />
        {valid.length === 0 && <p className="muted">{t('transfer.noRecipients', 'No trusted centre yet (an admin imports the trust list or pairs with a centre on the Centre page). You can still protect the file with a passphrase.')}</p>}
        {valid.map((s) => (
          <label key={s.siteId}>
            <input
              type="checkbox"
              checked={recipients.includes(s.siteId)}
              onChange={(e) => setRecipients((r) => (e.target.checked ? [...r, s.siteId] : r.filter((x) => x !== s.siteId)))}
            />{' '}
            <bdi>{s.name}</bdi> · {countryName(s.country, lng) ?? s.country}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={passphrase} onChange={(e) => setPassphrase(e.target.checked)} /> {t('transfer.withPassphrase', 'Also protect it with a passphrase (for a centre without a certificate)')}
        </label>
      </fieldset>
      <PathField
        mode="save"
        value={outPath}
        onChange={setOutPath}
        label={t('transfer.saveTo', 'Save the file as')}
        placeholder="/media/usb/…/records.carnet"
        filters={FILTERS}
        defaultName={`carnet-${today}.carnet`}
      />
      <ErrorMessage error={run.error} />
      {run.pending && progress && <ProgressView progress={progress} />}
      <div className="form-actions">
        {run.pending && (
          <Button className="button" onPress={() => void cancel.run({})}>
            {t('common.cancel', 'Cancel')}
          </Button>
        )}
        <Button type="submit" className="button primary" isPending={run.pending} isDisabled={!ready}>
          {t('transfer.write', 'Write the transfer file')}
        </Button>
      </div>
      {result && (
        <div className="notice" role="status" data-testid="export-result">
          <p>
            {t('transfer.written', {
              persons: result.persons,
              episodes: result.episodes,
              documents: result.documents,
              defaultValue: 'Written: {{persons}} persons, {{episodes}} visits, {{documents}} documents.',
            })}
          </p>
          <p className="muted small" dir="ltr">
            <bdi>{result.path}</bdi>
          </p>
          {result.passphrase && (
            <p>
              {t('transfer.passphraseOnce', 'Passphrase (shown only now; give it to the receiving centre by another way than the file):')}{' '}
              <code className="fingerprint" dir="ltr" data-testid="export-passphrase">
                {result.passphrase}
              </code>
            </p>
          )}
        </div>
      )}
    </form>
  );
}

function ImportFlow() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [path, setPath] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [progress, clearProgress] = useTransferProgress();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<Record<string, 'local' | 'incoming'>>({});
  const [links, setLinks] = useState<Record<string, string>>({});
  const inspect = useCall('transfer.inspect', {
    onSuccess: (p) => {
      setPreview(p);
      setChoices({});
      setLinks({});
    },
  });
  const cancel = useCall('transfer.cancel');
  const apply = useCall('transfer.apply', { onSuccess: () => void queryClient.invalidateQueries() });
  const discard = useCall('transfer.discard', { onSuccess: () => setPreview(null) });
  const lng = i18n.language as LanguageCode;
  const conflictKey = (c: { recordType: string; id: string; field: string }) => `${c.recordType}:${c.id}:${c.field}`;
  const conflicts = preview?.persons.flatMap((p) => p.conflicts) ?? [];
  const undecided = conflicts.filter((c) => !choices[conflictKey(c)]).length;

  if (apply.data) {
    const r = apply.data;
    return (
      <div className="notice" role="status" data-testid="import-result">
        <p>
          {r.alreadyImported
            ? t('transfer.alreadyApplied', 'This file had already been imported: nothing changed.')
            : t('transfer.applied', {
                created: r.persons.created,
                updated: r.persons.updated,
                episodes: r.episodes.created + r.episodes.updated,
                defaultValue: 'Imported: {{created}} new persons, {{updated}} updated, {{episodes}} visits.',
              })}
        </p>
        <Button
          className="button"
          onPress={() => {
            apply.reset();
            setPreview(null);
            setPath('');
          }}
        >
          {t('transfer.another', 'Import another file')}
        </Button>
      </div>
    );
  }

  if (!preview) {
    return (
      <form
        className="form wide"
        data-testid="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          clearProgress();
          void inspect.run({ path: path.trim(), ...(passphrase.trim() !== '' && { passphrase: passphrase.trim() }) });
        }}
      >
        <p>{t('transfer.importIntro', 'The file is opened and checked whole (sender, signature, every part) before anything is shown. Nothing is written until you confirm.')}</p>
        <PathField mode="open" value={path} onChange={setPath} label={t('transfer.openFile', 'Transfer file (.carnet)')} placeholder="/media/usb/…/records.carnet" filters={FILTERS} />
        <div className="field">
          <label htmlFor="import-passphrase">{t('transfer.passphrase', 'Passphrase (only if the sending centre gave you one)')}</label>
          <input id="import-passphrase" dir="ltr" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
        <ErrorMessage error={inspect.error} />
        {inspect.pending && progress && <ProgressView progress={progress} />}
        <div className="form-actions">
          {inspect.pending && (
            <Button className="button" onPress={() => void cancel.run({})}>
              {t('common.cancel', 'Cancel')}
            </Button>
          )}
          <Button type="submit" className="button primary" isPending={inspect.pending} isDisabled={path.trim() === ''}>
            {t('transfer.check', 'Open and check')}
          </Button>
        </div>
      </form>
    );
  }

  const totals = preview.totals;
  return (
    <div className="form wide" data-testid="import-preview">
      <dl className="facts">
        <dt>{t('transfer.from', 'From')}</dt>
        <dd>
          <bdi>{preview.sender.name}</bdi> · {countryName(preview.sender.country, lng) ?? preview.sender.country} · {t(`site.sourceOf.${preview.sender.source}`)} ·{' '}
          <Fingerprint value={preview.sender.fingerprint} />
        </dd>
        <dt>{t('transfer.contents', 'Contents')}</dt>
        <dd data-testid="import-totals">
          {t('transfer.totals', {
            new: totals.persons.new,
            updated: totals.persons.updated,
            unchanged: totals.persons.unchanged + totals.persons.older,
            duplicates: totals.duplicates,
            conflicts: totals.conflicts,
            defaultValue: '{{new}} new persons, {{updated}} updated, {{unchanged}} with nothing new; {{duplicates}} possible duplicates; {{conflicts}} conflicts',
          })}
        </dd>
      </dl>
      {preview.alreadyImported && <p className="notice">{t('transfer.alreadyApplied', 'This file had already been imported: nothing changed.')}</p>}
      <table className="table compact" data-testid="import-persons">
        <thead>
          <tr>
            <th scope="col">{t('person.names', 'Names')}</th>
            <th scope="col">{t('transfer.recordThere', 'Record number there')}</th>
            <th scope="col">{t('transfer.statusHere', 'Here')}</th>
            <th scope="col">{t('transfer.decision', 'Decision')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.persons.map((p) => (
            <PersonRow
              key={p.personId}
              person={p}
              link={links[p.personId]}
              onLink={(localId) => setLinks((l) => ({ ...l, [p.personId]: localId }))}
              choice={(c) => choices[conflictKey(c)]}
              onChoose={(c, take) => setChoices((x) => ({ ...x, [conflictKey(c)]: take }))}
            />
          ))}
        </tbody>
      </table>
      <ErrorMessage error={apply.error ?? discard.error} />
      {undecided > 0 && <p className="muted">{t('transfer.decideAll', { count: undecided, defaultValue: 'Decide every conflict first ({{count}} left).' })}</p>}
      <div className="form-actions">
        <Button className="button" onPress={() => void discard.run({ importId: preview.importId })}>
          {t('transfer.discard', 'Do not import')}
        </Button>
        <Button
          className="button primary"
          isPending={apply.pending}
          isDisabled={undecided > 0}
          onPress={() =>
            void apply.run({
              importId: preview.importId,
              resolutions: conflicts.map((c) => ({ recordType: c.recordType, id: c.id, field: c.field, take: choices[conflictKey(c)] ?? 'local' })),
              links: Object.entries(links)
                .filter(([, localPersonId]) => localPersonId !== '')
                .map(([incomingPersonId, localPersonId]) => ({ incomingPersonId, localPersonId })),
            })
          }
        >
          {t('transfer.apply', 'Import')}
        </Button>
      </div>
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

type ConflictOf = PersonPreview['conflicts'][number];

function PersonRow({
  person,
  link,
  onLink,
  choice,
  onChoose,
}: {
  person: PersonPreview;
  link: string | undefined;
  onLink: (localId: string) => void;
  choice: (c: ConflictOf) => 'local' | 'incoming' | undefined;
  onChoose: (c: ConflictOf, take: 'local' | 'incoming') => void;
}) {
  const { t } = useTranslation();
  const name = preferredName(person.incoming.names);
  return (
    <tr data-testid="import-person">
      <td>
        <bdi>{name ? nameText(name) : ''}</bdi>
      </td>
      <td>
        <bdi>{person.incoming.recordNumber}</bdi>
      </td>
      <td>{t(`transfer.status.${person.status}`)}</td>
      <td>
        {person.status === 'new' && person.duplicates.length > 0 && (
          <label>
            {t('transfer.maybeSame', 'Possibly the same person as')}{' '}
            <select value={link ?? ''} onChange={(e) => onLink(e.target.value)}>
              <option value="">{t('transfer.keepSeparate', 'a new person (keep separate)')}</option>
              {person.duplicates.map((d) => {
                const n = preferredName(d.person.names);
                return (
                  <option key={d.person.id} value={d.person.id}>
                    {`${n ? nameText(n) : ''} · ${d.person.recordNumber} (${Math.round(d.score * 100)} %)`}
                  </option>
                );
              })}
            </select>
          </label>
        )}
        {person.conflicts.map((c) => (
          <fieldset key={`${c.recordType}:${c.id}:${c.field}`} className="fieldset" data-testid="conflict">
            <legend>{t('transfer.conflict', { field: c.field, defaultValue: 'Changed at both centres: {{field}}' })}</legend>
            <label>
              <input type="radio" name={`${c.id}:${c.field}`} checked={choice(c) === 'local'} onChange={() => onChoose(c, 'local')} /> {t('transfer.keepHere', 'Keep this centre’s')}:{' '}
              <bdi dir="auto">{show(c.local)}</bdi>
            </label>
            <label>
              <input type="radio" name={`${c.id}:${c.field}`} checked={choice(c) === 'incoming'} onChange={() => onChoose(c, 'incoming')} />{' '}
              {t('transfer.takeTheirs', 'Take the sending centre’s')}: <bdi dir="auto">{show(c.incoming)}</bdi>
            </label>
          </fieldset>
        ))}
      </td>
    </tr>
  );
}
