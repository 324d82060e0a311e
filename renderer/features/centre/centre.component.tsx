import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CentreSettingsSchema, type CentreSettings } from '../../../src/api/schemas/store.ts';
import { z } from '../../../src/api/zod.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { CheckboxInput, NumberInput, TextInput, useZodForm } from '../../components/form.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { useSession } from '../session/use-session.ts';
import { SiteTrustPanel } from '../transfer/site-trust.component.tsx';

export const CENTRE_SETTINGS_KEY = ['centre.getSettings'];

// The form edits the folder as text; empty means "no folder chosen".
const SettingsFormSchema = CentreSettingsSchema.extend({ backupFolder: z.string().trim().max(1024) });

/** The centre's identity, its settings (auto-lock, backups) and the changing of its keys. */
export function CentrePage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const { data: session } = useSession();
  const settings = useQuery({ queryKey: CENTRE_SETTINGS_KEY, queryFn: () => unwrap(client.call('centre.getSettings', {})) });
  const centre = session?.centre;
  return (
    <section className="page" aria-labelledby="centre-title">
      <h1 id="centre-title">{t('centre.title', 'Centre')}</h1>
      {centre && (
        <dl className="facts">
          <dt>{t('setup.centreName', 'Name of the centre')}</dt>
          <dd>
            <bdi>{centre.name}</bdi>
          </dd>
          <dt>{t('setup.country', 'Country')}</dt>
          <dd>{countryName(centre.country, i18n.language as LanguageCode) ?? centre.country}</dd>
          <dt>{t('setup.code', 'Centre code')}</dt>
          <dd>
            <bdi>{centre.code}</bdi>
          </dd>
        </dl>
      )}
      <ErrorMessage error={toApiError(settings.error)} />
      {settings.data && <SettingsForm settings={settings.data} />}
      <SiteTrustPanel />
      <RotateKey />
    </section>
  );
}

function SettingsForm({ settings }: { settings: CentreSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const values = { ...settings, backupFolder: settings.backupFolder ?? '' };
  const form = useZodForm(SettingsFormSchema, values);
  const save = useCall('centre.setSettings', {
    onSuccess: (saved) => {
      queryClient.setQueryData(CENTRE_SETTINGS_KEY, saved);
      form.reset({ ...saved, backupFolder: saved.backupFolder ?? '' });
    },
  });
  return (
    <Form
      className="form"
      aria-labelledby="centre-settings-title"
      onSubmit={form.handleSubmit(async ({ backupFolder, ...rest }) => {
        save.reset();
        await save.run({ ...rest, backupFolder: backupFolder === '' ? null : backupFolder });
      })}
    >
      <h2 id="centre-settings-title">{t('centre.settingsTitle', 'Settings')}</h2>
      <ErrorMessage error={save.error} />
      {save.data && !form.formState.isDirty && (
        <p role="status" className="success-message">
          {t('centre.saved', 'The settings were saved.')}
        </p>
      )}
      <NumberInput
        control={form.control}
        name="idleLockMinutes"
        label={t('centre.idleLock', 'Lock after this many idle minutes')}
        description={t('centre.idleLockHelp', 'Carnet locks itself when nobody has used it for this long; work in progress is kept.')}
        min={1}
        max={240}
      />
      <TextInput
        control={form.control}
        name="backupFolder"
        label={t('centre.backupFolder', 'Backup folder')}
        description={t('centre.backupFolderHelp', 'A folder on another disk or a USB stick, e.g. /media/usb/carnet-backups or E:\\carnet-backups.')}
        dir="ltr"
      />
      <CheckboxInput control={form.control} name="backupDaily" label={t('centre.backupDaily', 'Back up automatically every day')} />
      <NumberInput control={form.control} name="backupKeep" label={t('centre.backupKeep', 'Backups to keep')} min={1} max={365} />
      <NumberInput
        control={form.control}
        name="reportThreshold"
        label={t('centre.reportThreshold', 'Smallest count shown in reports')}
        description={t('centre.reportThresholdHelp', 'Smaller counts are hidden, with the cells that would reveal them.')}
        min={2}
        max={100}
      />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={save.pending}>
          {t('common.save', 'Save')}
        </Button>
      </div>
    </Form>
  );
}

function RotateKey() {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const rotate = useCall('store.rotateKey', { onSuccess: () => setAsking(false) });
  useEffect(() => () => rotate.reset(), []); // eslint-disable-line react-hooks/exhaustive-deps -- forget the outcome on leaving
  return (
    <section className="form" aria-labelledby="rotate-title">
      <h2 id="rotate-title">{t('centre.rotateTitle', 'Change the encryption key')}</h2>
      <p>
        {t(
          'centre.rotateIntro',
          'Re-encrypts the whole store under a new random key, for example after a laptop or a backup stick was lost. Every user keeps their password and the recovery key still works. Backups made before the change open only with the old key: make a new backup afterwards.',
        )}
      </p>
      {rotate.data && (
        <p role="status" className="success-message">
          {t('centre.rotated', { version: rotate.data.keyVersion, defaultValue: 'The store is now encrypted with key number {{version}}.' })}
        </p>
      )}
      <Button className="button" onPress={() => setAsking(true)}>
        {t('centre.rotate', 'Change the key now')}
      </Button>
      <ConfirmDialog
        isOpen={asking}
        title={t('centre.rotateConfirmTitle', 'Change the encryption key?')}
        message={t('centre.rotateConfirm', 'This takes a few seconds for a large store. Nobody can use Carnet meanwhile.')}
        confirmLabel={t('centre.rotate', 'Change the key now')}
        pending={rotate.pending}
        error={<ErrorMessage error={rotate.error} />}
        onConfirm={() => void rotate.run({})}
        onClose={() => setAsking(false)}
      />
    </section>
  );
}
