import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Chart, EntryRecord, EpisodeRecord } from '../../../src/api/schemas/record.ts';
import { VoidReasonSchema } from '../../../src/api/schemas/record.ts';
import { z } from '../../../src/api/zod.ts';
import { ageOn } from '../../../src/domain/age.ts';
import type { EpisodeTypeSchema } from '../../../src/domain/entries.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import { vitalWarnings, type Vitals } from '../../../src/domain/vitals.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { saveFile } from '../../components/save-file.ts';
import { TextInput, useZodForm } from '../../components/form.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { languageName, nameText, preferredName, todayIso, useAgeText, useLegalStatusLabel, useSexLabel } from '../persons/person-format.ts';
import { useCan } from '../session/use-session.ts';
import { PersonAccessList } from '../audit/audit-log.component.tsx';
import { chartKey } from './chart-keys.ts';
import { AttachDocument, DocumentView } from './documents.component.tsx';
import { ReadLabResults } from '../ocr/ocr-review.component.tsx';
import { BookletButton } from './booklet.component.tsx';
import { FamilyPanel } from './family.component.tsx';
import { CorrectEntry, correctableFields } from './correct-entry.component.tsx';
import { useEntryText, useKindLabel, vitalOf } from './labels.ts';
import { VaccinationTable } from './vaccination-table.component.tsx';
import { VitalsChart } from './vitals-chart.component.tsx';

export type EpisodeType = z.infer<typeof EpisodeTypeSchema>;

export { chartKey };

export function useChart(personId: string) {
  const client = useClient();
  return useQuery({ queryKey: chartKey(personId), queryFn: () => unwrap(client.call('person.chart', { personId })) });
}

/** One person's record: who they are, alerts, vitals over time, vaccinations, and every episode. */
export function ChartPage({
  personId,
  onEdit,
  onNewEpisode,
  onOpenEpisode,
  onOpenPerson,
}: {
  personId: string;
  onOpenPerson: (personId: string) => void;
  onEdit: () => void;
  onNewEpisode: (type: EpisodeType) => void;
  onOpenEpisode: (episodeId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const chart = useChart(personId);
  const ageText = useAgeText();
  const sexLabel = useSexLabel();
  const legalLabel = useLegalStatusLabel();
  const [history, setHistory] = useState<{ type: 'person' | 'episode' | 'entry'; id: string } | null>(null);
  const [showAccess, setShowAccess] = useState(false);
  if (chart.error) return <ErrorMessage error={toApiError(chart.error)} />;
  if (!chart.data) return <p aria-live="polite">{t('common.loading', 'Loading…')}</p>;
  const { person: record, episodes, entries, merged } = chart.data;
  const p = record.person;
  const name = preferredName(p.names);
  const activeEntries = entries.filter((e) => e.status === 'active');
  const warnings = latestVitalWarnings(chart.data);

  return (
    <section className="page chart" aria-labelledby="chart-title">
      <div className="page-head">
        <div>
          <h1 id="chart-title">
            <bdi>{name ? nameText(name) : ''}</bdi>
          </h1>
          <p className="muted">
            <bdi>{record.recordNumber}</bdi> · {sexLabel(p.sex)} · {ageText(p.birth)}
            {p.nationality && ` · ${countryName(p.nationality, i18n.language as LanguageCode) ?? p.nationality}`}
            {p.unaccompaniedMinor && (
              <>
                {' · '}
                <strong className="flag">{t('person.unaccompanied', 'Unaccompanied minor')}</strong>
              </>
            )}
          </p>
        </div>
        <div className="row-actions">
          {can('person.update') && (
            <Button className="button" onPress={onEdit}>
              {t('chart.editPerson', 'Edit personal data')}
            </Button>
          )}
          <Button className="button" onPress={() => setHistory({ type: 'person', id: record.id })}>
            {t('chart.history', 'History')}
          </Button>
          {can('booklet.print') && <BookletButton personId={record.id} languages={p.languages} />}
          {can('transfer.ips') && <IpsButton personId={record.id} recordNumber={record.recordNumber} />}
          {can('audit.list') && (
            <Button className="button" onPress={() => setShowAccess(true)}>
              {t('chart.whoHasSeen', 'Who has seen this record')}
            </Button>
          )}
        </div>
      </div>

      {can('episode.create') && (
        <div className="row-actions" role="group" aria-label={t('chart.newEpisode', 'New episode')}>
          <Button className="button primary" onPress={() => onNewEpisode('initial-assessment')}>
            {t('episode.type.initial-assessment', 'Health assessment')}
          </Button>
          <Button className="button" onPress={() => onNewEpisode('follow-up')}>
            {t('episode.type.follow-up', 'Follow-up')}
          </Button>
          <Button className="button" onPress={() => onNewEpisode('lab-only')}>
            {t('episode.type.lab-only', 'Extra lab test')}
          </Button>
        </div>
      )}

      <Alerts entries={activeEntries} />
      {warnings.length > 0 && (
        <ul className="notice" aria-label={t('chart.vitalWarnings', 'Latest vital signs need attention')}>
          {warnings.map((w) => (
            <li key={w.key} className={w.severity === 'urgent' ? 'urgent' : undefined}>
              {t(w.key)}
            </li>
          ))}
        </ul>
      )}

      <details className="panel" open>
        <summary>{t('chart.personal', 'Personal data')}</summary>
        <dl className="facts">
          <dt>{t('person.names', 'Names')}</dt>
          <dd>
            {p.names.map((n, i) => (
              <div key={i}>
                <bdi>{nameText(n)}</bdi> <span className="muted small">({t(`person.source.${n.source}`)})</span>
              </div>
            ))}
          </dd>
          {p.languages.length > 0 && (
            <>
              <dt>{t('person.languages', 'Languages (preferred first)')}</dt>
              <dd>{p.languages.map((l) => languageName(l, i18n.language)).join(t('common.listSeparator', ', '))}</dd>
            </>
          )}
          <dt>{t('person.legalStatus', 'Legal status')}</dt>
          <dd>{legalLabel(p.legalStatus)}</dd>
          {p.arrivalDate && (
            <>
              <dt>{t('person.arrivalDate', 'Date of arrival')}</dt>
              <dd>{formatDate(p.arrivalDate, i18n.language)}</dd>
            </>
          )}
          {p.phone && (
            <>
              <dt>{t('person.phone', 'Phone')}</dt>
              <dd>
                {/* Digits and spaces only: as an isolate of its own direction, a right-to-left page would reverse the groups. */}
                <bdi dir="ltr">{p.phone}</bdi>
              </dd>
            </>
          )}
          {p.identifiers.map((id, i) => (
            <div key={i} className="facts-row">
              <dt>{t(`person.idKind.${id.kind}`)}</dt>
              <dd>
                <bdi dir="ltr">{id.value}</bdi>
              </dd>
            </div>
          ))}
          {merged.length > 0 && (
            <>
              <dt>{t('chart.merged', 'Merged records')}</dt>
              <dd>
                {merged.map((m) => (
                  <UnmergeRow key={m.id} personId={record.id} merged={m} />
                ))}
              </dd>
            </>
          )}
        </dl>
      </details>

      <FamilyPanel chart={chart.data} onOpenPerson={onOpenPerson} />

      <VitalsChart entries={activeEntries} birth={p.birth} />
      <VaccinationTable entries={activeEntries} />

      <h2>{t('chart.timeline', 'Episodes')}</h2>
      {episodes.length === 0 && <p className="muted">{t('chart.noEpisodes', 'No episode recorded yet.')}</p>}
      <ol className="timeline" data-testid="timeline">
        {episodes.map((episode) => (
          <EpisodeCard
            key={episode.id}
            episode={episode}
            entries={entries.filter((e) => e.episodeId === episode.id)}
            onOpen={() => onOpenEpisode(episode.id)}
            onHistory={(type, id) => setHistory({ type, id })}
          />
        ))}
      </ol>
      <ModalDialog isOpen={showAccess} onClose={() => setShowAccess(false)} title={t('chart.whoHasSeen', 'Who has seen this record')}>
        {showAccess && <PersonAccessList personId={record.id} />}
      </ModalDialog>
      <ModalDialog isOpen={history !== null} onClose={() => setHistory(null)} title={t('chart.historyTitle', 'Versions')}>
        {history && <HistoryList {...history} />}
      </ModalDialog>
    </section>
  );
}

export function formatDate(iso: string, lng: string): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

function latestVitalWarnings(chart: Chart) {
  const latest: Vitals = {};
  const sorted = chart.entries
    .filter((e) => e.status === 'active' && e.body.kind === 'observation' && e.body.value.type === 'quantity')
    .sort((a, b) => ((a.body as { effectiveAt: string }).effectiveAt < (b.body as { effectiveAt: string }).effectiveAt ? -1 : 1));
  for (const e of sorted) {
    if (e.body.kind !== 'observation' || e.body.value.type !== 'quantity') continue;
    const vital = vitalOf(e.body.code);
    if (vital) latest[vital] = e.body.value.value;
  }
  return vitalWarnings(latest, ageOn(chart.person.person.birth, todayIso()));
}

/** Allergies and current problems first, as on the booklet. */
function Alerts({ entries }: { entries: EntryRecord[] }) {
  const { t } = useTranslation();
  const text = useEntryText();
  const allergies = entries.filter((e) => e.body.kind === 'allergy');
  const problems = entries.filter((e) => e.body.kind === 'condition' && e.body.certainty !== 'refuted');
  return (
    <div className="alerts" data-testid="alerts">
      <div>
        <h2 className="small-heading">{t('chart.allergies', 'Allergies')}</h2>
        {allergies.length === 0 ? (
          <p className="muted">{t('chart.allergiesUnknown', 'Not recorded')}</p>
        ) : (
          <ul>
            {allergies.map((e) => (
              <li key={e.id}>{text(e.body).title}</li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h2 className="small-heading">{t('chart.problems', 'Problems and diagnoses')}</h2>
        {problems.length === 0 ? (
          <p className="muted">{t('chart.none', 'None recorded')}</p>
        ) : (
          <ul>
            {problems.map((e) => (
              <li key={e.id}>
                <bdi>{text(e.body).title}</bdi>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function EpisodeCard({
  episode,
  entries,
  onOpen,
  onHistory,
}: {
  episode: EpisodeRecord;
  entries: EntryRecord[];
  onOpen: () => void;
  onHistory: (type: 'episode' | 'entry', id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const text = useEntryText();
  const kindLabel = useKindLabel();
  const [voiding, setVoiding] = useState<{ type: 'episode' | 'entry'; id: string } | null>(null);
  const [correcting, setCorrecting] = useState<EntryRecord | null>(null);
  const voided = episode.status === 'voided';
  return (
    <li className={`episode ${voided ? 'voided' : ''}`} data-testid="episode">
      <div className="episode-head">
        <h3>
          {t(`episode.type.${episode.episode.type}`)} · {formatDate(episode.episode.date, i18n.language)}
          {voided && <span className="flag"> {t('chart.voided', 'Voided')}</span>}
        </h3>
        <div className="row-actions">
          {!voided && can('entry.add') && (
            <Button className="button small" onPress={onOpen}>
              {t('chart.openEpisode', 'Open')}
            </Button>
          )}
          <Button className="button small" onPress={() => onHistory('episode', episode.id)}>
            {t('chart.history', 'History')}
          </Button>
          {!voided && can('document.beginUpload') && <AttachDocument episodeId={episode.id} personId={episode.personId} />}
          {!voided && can('episode.void') && (
            <Button className="button small" onPress={() => setVoiding({ type: 'episode', id: episode.id })}>
              {t('chart.void', 'Void')}
            </Button>
          )}
        </div>
      </div>
      {voided && episode.voidReason && <p className="muted">{t('chart.voidReason', { reason: episode.voidReason, defaultValue: 'Reason: {{reason}}' })}</p>}
      {episode.episode.complaints && (
        <p>
          <strong>{t('episode.complaints', 'Complaints')}:</strong> <bdi lang={episode.episode.complaints.lang}>{episode.episode.complaints.text}</bdi>
        </p>
      )}
      <table className="table compact">
        <tbody>
          {entries.map((entry) => {
            const { title, detail } = text(entry.body);
            const isVoided = entry.status === 'voided';
            return (
              <tr key={entry.id} className={isVoided ? 'voided' : undefined} data-testid="entry-row">
                <td className="muted small">{kindLabel(entry.body.kind)}</td>
                <td>
                  <bdi>{title}</bdi>
                </td>
                <td>
                  <bdi>{detail}</bdi>
                  {isVoided && (
                    <div className="muted small">
                      {t('chart.voided', 'Voided')}: {entry.voidReason}
                    </div>
                  )}
                  {entry.version > 1 && !isVoided && <span className="muted small"> ({t('chart.edited', 'edited')})</span>}
                </td>
                <td className="row-actions">
                  {entry.body.kind === 'document' && !isVoided && <DocumentView entry={entry} />}
                  {entry.body.kind === 'document' && !isVoided && can('ocr.read') && <ReadLabResults entry={entry} />}
                  <Button className="button small" onPress={() => onHistory('entry', entry.id)} aria-label={t('chart.historyOf', { what: title, defaultValue: 'History of {{what}}' })}>
                    {t('chart.history', 'History')}
                  </Button>
                  {!isVoided && !voided && can('entry.update') && correctableFields(entry.body).length > 0 && (
                    <Button className="button small" onPress={() => setCorrecting(entry)} aria-label={t('correct.of', { what: title, defaultValue: 'Correct {{what}}' })}>
                      {t('correct.action', 'Correct')}
                    </Button>
                  )}
                  {!isVoided && !voided && can('entry.void') && (
                    <Button className="button small" onPress={() => setVoiding({ type: 'entry', id: entry.id })} aria-label={t('chart.voidOf', { what: title, defaultValue: 'Void {{what}}' })}>
                      {t('chart.void', 'Void')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ModalDialog isOpen={correcting !== null} onClose={() => setCorrecting(null)} title={t('correct.title', 'Correct an entry')}>
        {correcting && <CorrectEntry entry={correcting} onDone={() => setCorrecting(null)} />}
      </ModalDialog>
      <ModalDialog isOpen={voiding !== null} onClose={() => setVoiding(null)} title={t('chart.voidTitle', 'Void with a reason')}>
        {voiding && <VoidForm {...voiding} personId={episode.personId} onDone={() => setVoiding(null)} />}
      </ModalDialog>
    </li>
  );
}

const VoidFormSchema = z.object({ reason: VoidReasonSchema });

function VoidForm({ type, id, personId, onDone }: { type: 'episode' | 'entry'; id: string; personId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useZodForm(VoidFormSchema, { reason: '' });
  const after = () => {
    void queryClient.invalidateQueries({ queryKey: chartKey(personId) });
    onDone();
  };
  const voidEntry = useCall('entry.void', { onSuccess: after });
  const voidEpisode = useCall('episode.void', { onSuccess: after });
  return (
    <Form
      className="form"
      onSubmit={form.handleSubmit(async ({ reason }) => {
        if (type === 'entry') await voidEntry.run({ entryId: id, reason });
        else await voidEpisode.run({ episodeId: id, reason });
      })}
    >
      <p>{t('chart.voidIntro', 'Nothing is deleted: the entry stays in the record, marked void, with your reason and name.')}</p>
      <ErrorMessage error={voidEntry.error ?? voidEpisode.error} />
      <TextInput control={form.control} name="reason" label={t('chart.reason', 'Reason')} autoFocus dir="auto" />
      <div className="form-actions">
        <Button type="submit" className="button danger" isPending={voidEntry.pending || voidEpisode.pending}>
          {t('chart.void', 'Void')}
        </Button>
      </div>
    </Form>
  );
}

function HistoryList({ type, id }: { type: 'person' | 'episode' | 'entry'; id: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const history = useQuery({ queryKey: ['record.history', type, id], queryFn: () => unwrap(client.call('record.history', { type, id })) });
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  if (history.error) return <ErrorMessage error={toApiError(history.error)} />;
  if (!history.data) return <p>{t('common.loading', 'Loading…')}</p>;
  return (
    <ol className="history" data-testid="history">
      {history.data.versions.map((v, i) => (
        <li key={v.version}>
          <strong>{t('chart.version', { n: v.version, defaultValue: 'Version {{n}}' })}</strong> · {time.format(new Date(v.at))} · <bdi>{v.byName ?? v.by}</bdi>
          {v.status !== 'active' && <span className="flag"> {t(`chart.status.${v.status}`)}</span>}
          {v.voidReason && <div className="muted">{v.voidReason}</div>}
          <VersionChanges current={v.data} previous={i > 0 ? history.data.versions[i - 1]?.data : undefined} />
        </li>
      ))}
    </ol>
  );
}

/** The International Patient Summary of this person, as FHIR JSON for a national system. */
function IpsButton({ personId, recordNumber }: { personId: string; recordNumber: string }) {
  const { t } = useTranslation();
  const ips = useCall('transfer.ips', { onSuccess: ({ bundle }) => saveFile(`ips-${recordNumber}.json`, JSON.stringify(bundle, null, 2), 'application/fhir+json') });
  return (
    <>
      <Button className="button" isPending={ips.pending} onPress={() => void ips.run({ personId })}>
        {t('chart.ips', 'Patient summary (IPS)')}
      </Button>
      <ErrorMessage error={ips.error} />
    </>
  );
}

function UnmergeRow({ personId, merged }: { personId: string; merged: Chart['merged'][number] }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const unmerge = useCall('person.unmerge', { onSuccess: () => void queryClient.invalidateQueries({ queryKey: chartKey(personId) }) });
  const name = preferredName(merged.person.names);
  return (
    <div>
      <bdi>{merged.recordNumber}</bdi> · <bdi>{name ? nameText(name) : ''}</bdi>{' '}
      {can('person.unmerge') && (
        <Button className="button small" onPress={() => void unmerge.run({ mergedId: merged.id })} isPending={unmerge.pending}>
          {t('chart.unmerge', 'Undo the merge')}
        </Button>
      )}
      <ErrorMessage error={unmerge.error} />
    </div>
  );
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** What a version changed, field by field; the first version in full, folded. */
function VersionChanges({ current, previous }: { current: unknown; previous: unknown }) {
  const { t } = useTranslation();
  if (previous === undefined || typeof current !== 'object' || current === null || typeof previous !== 'object' || previous === null) {
    return (
      <details>
        <summary>{t('chart.versionContent', 'Content')}</summary>
        <pre className="version-data" dir="ltr">
          {JSON.stringify(current, null, 2)}
        </pre>
      </details>
    );
  }
  const before = previous as Record<string, unknown>;
  const after = current as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (keys.length === 0) return <p className="muted small">{t('chart.noContentChange', 'Content unchanged (status only).')}</p>;
  return (
    <ul className="version-changes">
      {keys.map((k) => (
        <li key={k}>
          <code>{k}</code>:{' '}
          <bdi className="old" dir="auto">
            {show(before[k])}
          </bdi>{' '}
          <span aria-hidden="true" className="flip-in-rtl">
            →
          </span>{' '}
          <bdi className="new" dir="auto">
            {show(after[k])}
          </bdi>
        </li>
      ))}
    </ul>
  );
}
