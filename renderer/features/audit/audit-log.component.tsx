import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { AUDITED_METHODS } from '../../../src/api/permissions.ts';
import type { AuditEntry } from '../../../src/api/schemas/store.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { useRoleLabel } from '../users/users.component.tsx';

const PAGE = 50;

interface Filters {
  userId: string;
  method: string;
  from: string;
  to: string;
}

/** Every action written to the access log, newest first, filtered, with a check of the hash chain. */
export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const roleLabel = useRoleLabel();
  const methodLabel = useMethodLabel();
  const ids = { user: useId(), method: useId(), from: useId(), to: useId() };
  const [filters, setFilters] = useState<Filters>({ userId: '', method: '', from: '', to: '' });
  const users = useQuery({ queryKey: ['users.list'], queryFn: () => unwrap(client.call('users.list', {})) });
  const query = {
    ...(filters.userId && { userId: filters.userId }),
    ...(filters.method && { method: filters.method }),
    // Dates are days in the user's time zone: from its first to its last millisecond.
    ...(filters.from && { from: new Date(`${filters.from}T00:00:00`).toISOString() }),
    ...(filters.to && { to: new Date(`${filters.to}T23:59:59.999`).toISOString() }),
  };
  const log = useInfiniteQuery({
    queryKey: ['audit.list', query],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => unwrap(client.call('audit.list', { ...query, limit: PAGE, ...(pageParam && { beforeSeq: pageParam }) })),
    getNextPageParam: (last) => (last.entries.length === PAGE ? last.entries[last.entries.length - 1]?.seq : undefined),
  });
  const verify = useCall('audit.verify');
  const entries: AuditEntry[] = log.data?.pages.flatMap((p) => p.entries) ?? [];
  const total = log.data?.pages[0]?.total ?? 0;
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));

  return (
    <section className="page" aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title', 'Access log')}</h1>
        <Button className="button" onPress={() => void verify.run({})} isPending={verify.pending}>
          {t('audit.verify', 'Check the log is intact')}
        </Button>
      </div>
      <p>{t('audit.intro', 'Every log-in, change and export is written here and cannot be edited. Each row is chained to the one before it.')}</p>
      <ErrorMessage error={verify.error} />
      {verify.data && (
        <p role="status" className={verify.data.intact ? 'success-message' : 'error-message'} data-testid="audit-verify">
          {verify.data.intact
            ? t('audit.intact', { count: verify.data.rows, defaultValue: 'The log is intact: {{count}} rows checked.' })
            : t('audit.broken', {
                seq: verify.data.firstBadSeq,
                problem: t(`audit.problem.${verify.data.problem ?? 'edited'}`),
                defaultValue: 'The log was tampered with at row {{seq}} ({{problem}}). Tell your coordinator.',
              })}
        </p>
      )}
      <div className="filters" role="group" aria-label={t('audit.filters', 'Filters')}>
        <div className="field">
          <label htmlFor={ids.user}>{t('audit.user', 'User')}</label>
          <select id={ids.user} value={filters.userId} onChange={set('userId')}>
            <option value="">{t('audit.anyone', 'Anyone')}</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.method}>{t('audit.action', 'Action')}</label>
          <select id={ids.method} value={filters.method} onChange={set('method')}>
            <option value="">{t('audit.anyAction', 'Any action')}</option>
            {[...AUDITED_METHODS].map((m) => (
              <option key={m} value={m}>
                {methodLabel(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>{t('audit.from', 'From')}</label>
          <input id={ids.from} type="date" value={filters.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>{t('audit.to', 'To')}</label>
          <input id={ids.to} type="date" value={filters.to} onChange={set('to')} />
        </div>
      </div>
      <ErrorMessage error={toApiError(log.error)} />
      {log.data && (
        <>
          <p aria-live="polite">{t('audit.count', { count: total, shown: entries.length, defaultValue: '{{shown}} of {{count}} entries' })}</p>
          <Table aria-labelledby="audit-title" className="table" data-testid="audit-table">
            <TableHeader>
              <Column isRowHeader>{t('audit.time', 'Time')}</Column>
              <Column>{t('audit.user', 'User')}</Column>
              <Column>{t('audit.action', 'Action')}</Column>
              <Column>{t('audit.outcome', 'Outcome')}</Column>
              <Column>{t('audit.details', 'Details')}</Column>
            </TableHeader>
            {/* The rows are cached per item: without the language as a dependency they would keep the previous one. */}
            <TableBody items={entries} dependencies={[i18n.language]} renderEmptyState={() => t('audit.empty', 'No entries match these filters.')}>
              {(entry) => (
                <Row id={entry.seq}>
                  <Cell>{time.format(new Date(entry.at))}</Cell>
                  <Cell>
                    {entry.username ? <bdi>{entry.username}</bdi> : t('audit.system', 'Carnet')}
                    {entry.role && <span className="muted"> · {roleLabel(entry.role as never)}</span>}
                  </Cell>
                  <Cell>{methodLabel(entry.method)}</Cell>
                  <Cell>
                    <span className={`outcome outcome-${entry.outcome}`}>{t(`audit.outcomes.${entry.outcome}`)}</span>
                  </Cell>
                  <Cell>
                    {entry.changes && (
                      <bdi dir="ltr" className="mono small">
                        {Object.keys(entry.changes).join(', ')}
                      </bdi>
                    )}
                  </Cell>
                </Row>
              )}
            </TableBody>
          </Table>
          {log.hasNextPage && (
            <Button className="button" onPress={() => void log.fetchNextPage()} isPending={log.isFetchingNextPage}>
              {t('audit.older', 'Show older entries')}
            </Button>
          )}
        </>
      )}
    </section>
  );
}

/** An API method's name as an action people recognise; the raw name where none is defined. */
export function useMethodLabel(): (method: string) => string {
  const { t } = useTranslation();
  return (method) => t(`audit.methods.${method.replace('.', '_')}`, { defaultValue: method });
}

/** Who has opened or changed one person's record, newest first (the per-person view of the access log). */
export function PersonAccessList({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const roleLabel = useRoleLabel();
  const methodLabel = useMethodLabel();
  const log = useQuery({ queryKey: ['audit.list', { personId }], queryFn: () => unwrap(client.call('audit.list', { personId, limit: 200 })) });
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' });
  if (log.error) return <ErrorMessage error={toApiError(log.error)} />;
  if (!log.data) return <p>{t('common.loading', 'Loading…')}</p>;
  return (
    <table className="table compact" data-testid="person-access">
      <thead>
        <tr>
          <th>{t('audit.time', 'Time')}</th>
          <th>{t('audit.user', 'User')}</th>
          <th>{t('audit.action', 'Action')}</th>
        </tr>
      </thead>
      <tbody>
        {log.data.entries.map((e) => (
          <tr key={e.seq}>
            <td>{time.format(new Date(e.at))}</td>
            <td>
              <bdi>{e.username ?? t('audit.system', 'Carnet')}</bdi>
              {e.role && <span className="muted"> · {roleLabel(e.role as never)}</span>}
            </td>
            <td>
              {methodLabel(e.method)}
              {e.outcome !== 'ok' && <span className={`outcome outcome-${e.outcome}`}> ({t(`audit.outcomes.${e.outcome}`)})</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
