import QRCode from 'qrcode';
import { useMemo } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { RecoveryKeySchema } from '../../../src/api/schemas/store.ts';
import { z } from '../../../src/api/zod.ts';
import { useCall } from '../../api/use-call.ts';
import { CheckboxInput, TextInput, useZodForm } from '../../components/form.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useSession } from '../session/use-session.ts';

/** The key as a QR code, drawn as one SVG path from the module matrix (no canvas, no HTML strings). */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    let d = '';
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) if (qr.modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { size: n + 8, path: d };
  }, [text]);
  return (
    <svg className="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** The sheet the admin prints or copies: the key in groups, with a QR code of the same characters. */
export function RecoveryKeySheet({ recoveryKey, centreName }: { recoveryKey: string; centreName: string }) {
  const { t, i18n } = useTranslation();
  const groups = recoveryKey.split(/[\s-]+/).filter(Boolean);
  const today = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date());
  return (
    <div className="recovery-sheet print-sheet" data-testid="recovery-sheet">
      <h2>{t('recoveryKey.sheetTitle', 'Carnet recovery key')}</h2>
      <p>
        <bdi>{centreName}</bdi> · {today}
      </p>
      <p className="recovery-key" dir="ltr" data-testid="recovery-key">
        {groups.map((g, i) => (
          <span key={i} className="recovery-group">
            {g}
          </span>
        ))}
      </p>
      <QrCode text={groups.join('-')} label={t('recoveryKey.qrLabel', 'The recovery key as a QR code')} />
      <p className="recovery-warning">
        {t(
          'recoveryKey.keepSafe',
          'Anyone with this key and this computer can open every record. Keep it locked away, apart from the computer. Without it, a forgotten admin password cannot be replaced.',
        )}
      </p>
    </div>
  );
}

const ConfirmSchema = z.object({
  recoveryKey: RecoveryKeySchema,
  written: z.boolean().refine((v) => v, { params: { i18n: 'recoveryKey.mustConfirm' } }),
});

/**
 * Shown once after set-up (with the key), or later to an admin who has not yet confirmed it (without):
 * the admin types the key back, which proves it was written down correctly.
 */
export function ConfirmRecoveryKey({ recoveryKey, centreName, onDone }: { recoveryKey?: string; centreName: string; onDone: () => void }) {
  const { t } = useTranslation();
  const { set } = useSession();
  const confirm = useCall('setup.confirmRecovery', {
    onSuccess: (session) => {
      set(session);
      onDone();
    },
  });
  const form = useZodForm(ConfirmSchema, { recoveryKey: '', written: false });
  return (
    <section className="page setup" aria-labelledby="recovery-title">
      <h1 id="recovery-title" className="no-print">
        {t('recoveryKey.title', 'Write down the recovery key')}
      </h1>
      {recoveryKey ? (
        <>
          <p className="no-print">
            {t(
              'recoveryKey.intro',
              'This is the only time Carnet shows this key. Print this page or write the key on paper now. It lets an admin set a new password if every admin password is forgotten.',
            )}
          </p>
          <RecoveryKeySheet recoveryKey={recoveryKey} centreName={centreName} />
          <div className="form-actions no-print">
            <Button className="button" onPress={() => window.print()}>
              {t('recoveryKey.print', 'Print the key')}
            </Button>
          </div>
        </>
      ) : (
        <p>
          {t(
            'recoveryKey.notConfirmedIntro',
            'The recovery key of this centre has not been confirmed yet. Type it from the paper it was written on when the centre was set up.',
          )}
        </p>
      )}
      <Form
        className="form no-print"
        onSubmit={form.handleSubmit(async (values) => {
          await confirm.run({ recoveryKey: values.recoveryKey });
        })}
      >
        <h2>{t('recoveryKey.confirmTitle', 'Check what you wrote down')}</h2>
        <ErrorMessage error={confirm.error} />
        <TextInput
          control={form.control}
          name="recoveryKey"
          label={t('recoveryKey.typeBack', 'Type the recovery key from your paper')}
          description={t('recover.keyHelp', 'Spaces and dashes do not matter; letters may be upper or lower case.')}
          dir="ltr"
          className="mono"
          autoComplete="off"
        />
        <CheckboxInput control={form.control} name="written" label={t('recoveryKey.written', 'I have stored the key safely, away from this computer.')} />
        {form.formState.errors.written && (
          <p className="field-error" role="alert">
            {form.formState.errors.written.message}
          </p>
        )}
        <div className="form-actions">
          <Button type="submit" className="button primary" isPending={confirm.pending}>
            {t('recoveryKey.confirm', 'Confirm and continue')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
