import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { LoginInputSchema, PasswordSchema, RecoveryKeySchema, UsernameSchema } from '../../../src/api/schemas/store.ts';
import { z } from '../../../src/api/zod.ts';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { TextInput, useZodForm } from '../../components/form.tsx';
import { useSession } from './use-session.ts';

/** Two password fields that must match: the second names its message for translation. */
export function withConfirmedPassword<T extends z.ZodRawShape & { newPassword: typeof PasswordSchema }, C extends z.core.$ZodObjectConfig>(
  schema: z.ZodObject<T, C>,
) {
  return schema.extend({ confirmPassword: z.string() }).refine((v) => {
    const { newPassword, confirmPassword } = v as { newPassword: string; confirmPassword: string };
    return newPassword === confirmPassword;
  }, {
    path: ['confirmPassword'],
    params: { i18n: 'field.passwordMismatch' },
  });
}

const RecoverFormSchema = withConfirmedPassword(
  z.object({ recoveryKey: RecoveryKeySchema, username: UsernameSchema, newPassword: PasswordSchema }),
);

/**
 * The way in: log in, or (having forgotten the password) set a new one with the centre's recovery key.
 * `centreName` is shown when the store was unlocked before in this window (a lock, not a first start).
 */
export function LoginScreen({ lockedUser }: { lockedUser?: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'login' | 'recover'>('login');
  return (
    <div className="login-panel">
      {mode === 'login' ? (
        <LoginForm lockedUser={lockedUser} onForgot={() => setMode('recover')} />
      ) : (
        <RecoverForm onBack={() => setMode('login')} />
      )}
      <p className="login-note">{t('login.privacy', 'Records stay encrypted on this computer until someone logs in.')}</p>
    </div>
  );
}

function LoginForm({ lockedUser, onForgot }: { lockedUser?: string; onForgot: () => void }) {
  const { t } = useTranslation();
  const { set } = useSession();
  const login = useCall('session.login', { onSuccess: set });
  const form = useZodForm(LoginInputSchema, { username: lockedUser ?? '', password: '' });
  return (
    <Form
      className="form"
      aria-labelledby="login-title"
      onSubmit={form.handleSubmit(async (values) => {
        const session = await login.run(values);
        if (!session) form.setValue('password', '');
      })}
    >
      <h1 id="login-title">{lockedUser ? t('login.lockedTitle', 'Carnet is locked') : t('login.title', 'Log in')}</h1>
      {lockedUser && <p>{t('login.lockedIntro', 'Your work is kept. Log in again to go on where you left off.')}</p>}
      <ErrorMessage error={login.error} />
      <TextInput control={form.control} name="username" label={t('login.username', 'Username')} autoComplete="username" autoFocus={!lockedUser} />
      <TextInput
        control={form.control}
        name="password"
        label={t('login.password', 'Password')}
        type="password"
        autoComplete="current-password"
        autoFocus={Boolean(lockedUser)}
      />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={login.pending}>
          {t('login.submit', 'Log in')}
        </Button>
        <Button className="button link" onPress={onForgot}>
          {t('login.forgot', 'Forgot your password?')}
        </Button>
      </div>
    </Form>
  );
}

function RecoverForm({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const { set } = useSession();
  const recover = useCall('session.recover', { onSuccess: set });
  const form = useZodForm(RecoverFormSchema, { recoveryKey: '', username: '', newPassword: '', confirmPassword: '' });
  return (
    <Form
      className="form"
      aria-labelledby="recover-title"
      onSubmit={form.handleSubmit(async ({ recoveryKey, username, newPassword }) => {
        await recover.run({ recoveryKey, username, newPassword });
      })}
    >
      <h1 id="recover-title">{t('recover.title', 'Set a new password with the recovery key')}</h1>
      <p>
        {t(
          'recover.intro',
          'The recovery key was printed when this centre was set up, in 8 groups of 4 characters. Your site admin keeps it.',
        )}
      </p>
      <ErrorMessage error={recover.error} />
      <TextInput
        control={form.control}
        name="recoveryKey"
        label={t('recover.key', 'Recovery key')}
        description={t('recover.keyHelp', 'Spaces and dashes do not matter; letters may be upper or lower case.')}
        dir="ltr"
        className="mono"
        autoComplete="off"
        autoFocus
      />
      <TextInput control={form.control} name="username" label={t('login.username', 'Username')} autoComplete="username" />
      <NewPasswordFields control={form.control} />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={recover.pending}>
          {t('recover.submit', 'Set password and log in')}
        </Button>
        <Button className="button link" onPress={onBack}>
          {t('recover.back', 'Back to log in')}
        </Button>
      </div>
    </Form>
  );
}

/** The new password and its repetition, the pair `withConfirmedPassword` checks. */
export function NewPasswordFields<T extends FieldValues>({
  control,
  label,
  description,
  confirmLabel,
  autoFocus,
}: {
  control: Control<T, unknown, FieldValues>;
  label?: string;
  description?: string;
  confirmLabel?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        control={control}
        name={'newPassword' as FieldPath<T>}
        label={label ?? t('password.new', 'New password')}
        description={description ?? t('password.rule', 'At least 10 characters. A short sentence is easy to remember.')}
        type="password"
        autoComplete="new-password"
        autoFocus={autoFocus}
      />
      <TextInput
        control={control}
        name={'confirmPassword' as FieldPath<T>}
        label={confirmLabel ?? t('password.confirm', 'New password again')}
        type="password"
        autoComplete="new-password"
      />
    </>
  );
}
