import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { z } from '../../../src/api/zod.ts';
import type { BackupInfoSchema } from '../../../src/api/schemas/store.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { CENTRE_SETTINGS_KEY } from '../centre/centre.component.tsx';
import { useSession } from '../session/use-session.ts';

type Backup = z.infer<typeof BackupInfoSchema>;

/** Back up now, see the backups in the centre's backup folder, restore one. */
export function BackupPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const { set } = useSession();
  const settings = useQuery({ queryKey: CENTRE_SETTINGS_KEY, queryFn: () => unwrap(client.call('centre.getSettings', {})) });
  const folder = settings.data?.backupFolder ?? null;
  const list = useQuery({
    queryKey: ['backup.list', folder],
    queryFn: () => unwrap(client.call('backup.list', {})),
    enabled: folder !== null,
  });
  const create = useCall('backup.create', { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['backup.list'] }) });
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const restore = useCall('backup.restore', {
    onSuccess: (session) => {
      setRestoring(null);
      set(session);
    },
  });
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const size = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });

  return (
    <section className="page" aria-labelledby="backup-title">
      <div className="page-head">
        <h1 id="backup-title">{t('backup.title', 'Backups')}</h1>
        <Button className="button primary" onPress={() => void create.run({})} isPending={create.pending} isDisabled={folder === null}>
          {t('backup.now', 'Back up now')}
        </Button>
      </div>
      <ErrorMessage error={toApiError(settings.error)} />
      {settings.data && folder === null && (
        <p className="notice">{t('backup.noFolder', 'Choose a backup folder on the Centre screen first.')}</p>
      )}
      {folder && (
        <p>
          {t('backup.folder', 'Backup folder:')} <bdi dir="ltr" className="mono">{folder}</bdi>
        </p>
      )}
      {create.pending && (
        <p role="status">{t('backup.running', 'Writing and checking the backup…')}</p>
      )}
      <ErrorMessage error={create.error} />
      {create.data && !create.pending && (
        <p role="status" className="success-message">
          {t('backup.done', { file: create.data.file, defaultValue: 'Backup written and checked: {{file}}' })}
        </p>
      )}
      <ErrorMessage error={toApiError(list.error)} />
      {list.data && (
        <Table aria-labelledby="backup-title" className="table" data-testid="backup-table">
          <TableHeader>
            <Column isRowHeader>{t('backup.createdAt', 'Made')}</Column>
            <Column>{t('backup.file', 'File')}</Column>
            <Column>{t('backup.size', 'Size')}</Column>
            <Column>{t('backup.checked', 'Checked')}</Column>
            <Column>{t('users.actions', 'Actions')}</Column>
          </TableHeader>
          <TableBody items={list.data.map((b) => ({ ...b, id: b.file }))} renderEmptyState={() => t('backup.none', 'No backups in this folder yet.')}>
            {(backup) => (
              <Row id={backup.file}>
                <Cell>{time.format(new Date(backup.createdAt))}</Cell>
                <Cell>
                  <bdi dir="ltr" className="mono small">
                    {backup.file.split(/[\\/]/).pop()}
                  </bdi>
                </Cell>
                <Cell>{size.format(backup.bytes / 1_000_000)}</Cell>
                <Cell>{backup.verified ? t('backup.verified', 'Yes') : t('backup.unverified', 'No')}</Cell>
                <Cell>
                  <Button className="button small" onPress={() => setRestoring(backup)}>
                    {t('backup.restore', 'Restore')}
                  </Button>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      <ConfirmDialog
        isOpen={restoring !== null}
        title={t('backup.restoreTitle', 'Restore this backup?')}
        message={t('backup.restoreMessage', {
          when: restoring ? time.format(new Date(restoring.createdAt)) : '',
          defaultValue:
            'Every record goes back to how it was on {{when}}; what was entered since is set aside (kept in a copy of the current file). Everyone must log in again.',
        })}
        confirmLabel={t('backup.restoreConfirm', 'Restore the backup')}
        danger
        pending={restore.pending}
        error={<ErrorMessage error={restore.error} />}
        onConfirm={() => restoring && void restore.run({ file: restoring.file, confirm: true })}
        onClose={() => {
          setRestoring(null);
          restore.reset();
        }}
      />
    </section>
  );
}
