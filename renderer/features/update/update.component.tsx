import { useState } from 'react';
import { Button, Form, Input, Label, ProgressBar, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors.ts';
import { FeedUrlSchema, type UpdateStatus } from '../../../src/api/schemas/update.ts';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useCan } from '../session/use-session.ts';
import { useUpdateStatus } from './use-update.ts';

/** A failed call whose error the status already shows (the core keeps it there) is not shown twice. */
function notInStatus(error: ApiError | null, status: UpdateStatus): ApiError | null {
  return error && status.state === 'error' && status.error?.code === error.code ? null : error;
}

/**
 * Settings > Updates: the running version, what the feed or a USB folder offers (with its release
 * notes), the download's progress, and "Restart and install", which only an admin chooses.
 */
export function UpdatePanel() {
  const { t } = useTranslation();
  const can = useCan();
  const { data: status, error, set } = useUpdateStatus();
  const check = useCall('update.check', { onSuccess: set });
  const download = useCall('update.download', { onSuccess: set });
  const [confirming, setConfirming] = useState(false);
  const install = useCall('update.installOnRestart');
  return (
    <section className="form update-panel" aria-labelledby="update-title" data-testid="update-panel">
      <h2 id="update-title">{t('update.title', 'Updates')}</h2>
      <ErrorMessage error={error} />
      {status && (
        <>
          <p>
            {t('update.current', { version: status.currentVersion, defaultValue: 'This is Carnet {{version}}.' })}
          </p>
          <UpdateState status={status} />
          <ErrorMessage error={notInStatus(check.error ?? download.error, status)} />
          <div className="form-actions">
            <Button className="button" onPress={() => void check.run({})} isPending={check.pending} isDisabled={status.state === 'downloading'}>
              {t('update.check', 'Look for an update')}
            </Button>
            {status.state === 'available' && status.source === 'feed' && status.canInstall && can('update.download') && (
              <Button className="button primary" onPress={() => void download.run({})} isPending={download.pending}>
                {t('update.download', 'Download the update')}
              </Button>
            )}
            {status.state === 'downloaded' && can('update.installOnRestart') && (
              <Button className="button primary" onPress={() => setConfirming(true)}>
                {t('update.restart', 'Restart and install')}
              </Button>
            )}
          </div>
          {can('update.fromFolder') && <FromFolder status={status} onStatus={set} />}
          {can('update.setFeedUrl') && <FeedAddress status={status} onStatus={set} />}
          <ConfirmDialog
            isOpen={confirming}
            title={t('update.restartTitle', 'Restart Carnet and install the update?')}
            message={t('update.restartMessage', {
              version: status.update?.version ?? '',
              defaultValue:
                'Carnet closes now, installs version {{version}} and starts again. Anyone in the middle of an assessment on this computer should save it first.',
            })}
            confirmLabel={t('update.restart', 'Restart and install')}
            pending={install.pending}
            error={<ErrorMessage error={install.error} />}
            onConfirm={() => void install.run({ confirm: true })}
            onClose={() => {
              setConfirming(false);
              install.reset();
            }}
          />
        </>
      )}
    </section>
  );
}

function UpdateState({ status }: { status: UpdateStatus }) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const size = new Intl.NumberFormat(i18n.language, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 });
  const offer = status.update;
  return (
    <div role="status" aria-live="polite" data-testid="update-state" data-state={status.state}>
      {status.state === 'idle' && <p>{t('update.idle', 'Not looked for an update yet.')}</p>}
      {status.state === 'checking' && <p>{t('update.checking', 'Looking for an update and checking its signature…')}</p>}
      {status.state === 'up-to-date' && (
        <p className="success-message">
          {status.lastCheckedAt
            ? t('update.upToDateAt', { when: time.format(new Date(status.lastCheckedAt)), defaultValue: 'Carnet is up to date (looked on {{when}}).' })
            : t('update.upToDate', 'Carnet is up to date.')}
        </p>
      )}
      {offer && (status.state === 'available' || status.state === 'downloading' || status.state === 'downloaded') && (
        <div className="notice update-offer">
          <p>
            <strong>{t('update.available', { version: offer.version, defaultValue: 'Carnet {{version}} is available.' })}</strong>{' '}
            {offer.releaseDate && t('update.released', { date: date.format(new Date(offer.releaseDate)), defaultValue: 'Released on {{date}}.' })}{' '}
            {offer.size !== null && t('update.size', { size: size.format(offer.size / 1_000_000), defaultValue: 'Size: {{size}}.' })}
          </p>
          <p>
            {status.source === 'folder'
              ? t('update.fromFolderVerified', 'Found in the chosen folder; its signature and its installer were checked.')
              : t('update.fromFeedVerified', 'Found on the update server; its signature was checked.')}
          </p>
          {offer.releaseNotes && (
            <>
              <h3>{t('update.notes', 'What is new')}</h3>
              <div className="release-notes" dir="auto">
                {offer.releaseNotes}
              </div>
            </>
          )}
          {!status.canInstall && (
            <p>{t('update.cannotInstall', 'This copy of Carnet cannot install it itself: install it from the desktop app, or by hand from the installer.')}</p>
          )}
        </div>
      )}
      {status.state === 'downloading' && status.progress && (
        <ProgressBar value={status.progress.percent} className="progress" data-testid="update-progress">
          {({ percentage }) => (
            <>
              <Label>{t('update.downloading', 'Downloading the update')}</Label>
              <span className="progress-value">{Math.round(percentage ?? 0)}%</span>
              <div className="progress-track">
                <div className="progress-fill" style={{ inlineSize: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      )}
      {status.state === 'downloaded' && offer && (
        <p className="success-message">
          {t('update.ready', {
            version: offer.version,
            defaultValue: 'Carnet {{version}} is ready. It is installed when an admin chooses "Restart and install", never in the middle of work.',
          })}
        </p>
      )}
      {status.state === 'error' && <ErrorMessage error={status.error} />}
    </div>
  );
}

/** USB updates: the system's folder dialog in the desktop app, a typed path in browser mode. */
function FromFolder({ status, onStatus }: { status: UpdateStatus; onStatus: (status: UpdateStatus) => void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const fromFolder = useCall('update.fromFolder', { onSuccess: onStatus });
  const pick = useCall('update.pickFolder', {
    onSuccess: ({ folder: picked }) => {
      if (picked) void fromFolder.run({ folder: picked });
    },
  });
  const busy = status.state === 'downloading' || fromFolder.pending;
  return (
    <div className="update-folder">
      <h3>{t('update.folderTitle', 'Update from a folder (USB stick)')}</h3>
      <p>
        {t('update.folderHelp', 'Choose the folder that holds the release files (latest*.yml, its .sig and the installer). Carnet checks the signature and the installer before offering to install.')}
      </p>
      <ErrorMessage error={pick.error ?? notInStatus(fromFolder.error, status)} />
      {status.canPickFolder ? (
        <Button className="button" onPress={() => void pick.run({})} isPending={pick.pending || fromFolder.pending} isDisabled={busy}>
          {t('update.chooseFolder', 'Choose the folder…')}
        </Button>
      ) : (
        <Form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (folder.trim()) void fromFolder.run({ folder: folder.trim() });
          }}
        >
          <TextField value={folder} onChange={setFolder} className="field" isRequired>
            <Label>{t('update.folderPath', 'Path of the folder')}</Label>
            <Input dir="ltr" className="input mono" spellCheck={false} />
          </TextField>
          <Button type="submit" className="button" isPending={fromFolder.pending} isDisabled={busy}>
            {t('update.checkFolder', 'Check this folder')}
          </Button>
        </Form>
      )}
      {status.source === 'folder' && status.folder && (
        <p>
          {t('update.folderChosen', 'Folder:')} <bdi dir="ltr" className="mono">{status.folder}</bdi>
        </p>
      )}
    </div>
  );
}

/** The update server's address: an admin's setting, else the one the installer came with. */
function FeedAddress({ status, onStatus }: { status: UpdateStatus; onStatus: (status: UpdateStatus) => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(status.feedUrlIsSetting ? (status.feedUrl ?? '') : '');
  const save = useCall('update.setFeedUrl', { onSuccess: onStatus });
  const valid = url.trim() === '' || FeedUrlSchema.safeParse(url.trim()).success;
  return (
    <Form
      className="update-feed"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) void save.run({ url: url.trim() === '' ? null : url.trim() });
      }}
    >
      <h3>{t('update.feedTitle', 'Update server')}</h3>
      <ErrorMessage error={save.error} />
      <TextField value={url} onChange={setUrl} className="field" isInvalid={!valid}>
        <Label>{t('update.feedUrl', 'Address of the update server')}</Label>
        <Input dir="ltr" className="input mono" spellCheck={false} inputMode="url" />
        <Text slot="description">
          {status.feedUrlIsSetting || !status.feedUrl
            ? t('update.feedHelp', 'Leave empty to use the address Carnet was installed with.')
            : t('update.feedDefault', { url: status.feedUrl, defaultValue: 'Empty: Carnet uses {{url}}, the address it was installed with.' })}
        </Text>
        {!valid && <Text slot="errorMessage">{t('update.feedInvalid', 'Enter an address starting with https:// or http://.')}</Text>}
      </TextField>
      {save.data && !save.pending && !save.error && (
        <p role="status" className="success-message">
          {t('update.feedSaved', 'The update server address was saved.')}
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" className="button" isPending={save.pending} isDisabled={!valid}>
          {t('common.save', 'Save')}
        </Button>
      </div>
    </Form>
  );
}

/** In the header: an update is ready or available; pressing it opens Settings. */
export function UpdateBadge({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { data: status } = useUpdateStatus();
  if (!status?.update || (status.state !== 'available' && status.state !== 'downloaded' && status.state !== 'downloading')) return null;
  const label =
    status.state === 'downloaded'
      ? t('update.badgeReady', { version: status.update.version, defaultValue: 'Update {{version}} ready' })
      : t('update.badgeAvailable', { version: status.update.version, defaultValue: 'Update {{version}} available' });
  return (
    <Button className="button header-button update-badge" onPress={onOpen} data-testid="update-badge">
      {label}
    </Button>
  );
}
