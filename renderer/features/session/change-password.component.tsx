import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ChangePasswordInputSchema } from '../../../src/api/schemas/store.ts';
import { useCall } from '../../api/use-call.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { TextInput, useZodForm } from '../../components/form.tsx';
import { NewPasswordFields, withConfirmedPassword } from './login.component.tsx';

const ChangePasswordFormSchema = withConfirmedPassword(ChangePasswordInputSchema);

export function ChangePassword() {
  const { t } = useTranslation();
  const form = useZodForm(ChangePasswordFormSchema, { currentPassword: '', newPassword: '', confirmPassword: '' });
  const change = useCall('session.changePassword', { onSuccess: () => form.reset() });
  return (
    <Form
      className="form"
      aria-labelledby="password-title"
      onSubmit={form.handleSubmit(async ({ currentPassword, newPassword }) => {
        change.reset();
        await change.run({ currentPassword, newPassword });
      })}
    >
      <h2 id="password-title">{t('password.title', 'Change your password')}</h2>
      <ErrorMessage error={change.error} />
      {change.data !== undefined && !change.error && (
        <p role="status" className="success-message">
          {t('password.changed', 'Your password was changed. Use the new one next time you log in.')}
        </p>
      )}
      <TextInput control={form.control} name="currentPassword" label={t('password.current', 'Current password')} type="password" autoComplete="current-password" />
      <NewPasswordFields control={form.control} />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={change.pending}>
          {t('password.submit', 'Change password')}
        </Button>
      </div>
    </Form>
  );
}
