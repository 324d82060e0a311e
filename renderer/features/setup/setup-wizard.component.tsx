import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CentreSchema, DisplayNameSchema, PasswordSchema, UsernameSchema, type Centre } from '../../../src/api/schemas/store.ts';
import type { MethodOutput } from '../../../src/api/contract.ts';
import { z } from '../../../src/api/zod.ts';
import { useCall } from '../../api/use-call.ts';
import { CountryField } from '../../components/country-field.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { TextInput, useZodForm } from '../../components/form.tsx';
import { NewPasswordFields, withConfirmedPassword } from '../session/login.component.tsx';

const AdminFormSchema = withConfirmedPassword(
  z.object({ username: UsernameSchema, displayName: DisplayNameSchema, newPassword: PasswordSchema }),
);

type Created = MethodOutput<'setup.createCentre'>;

/**
 * First run: the centre, then its first admin. Nothing is written until the last step; the core builds
 * the encrypted store in a temporary file and moves it into place whole.
 */
export function SetupWizard({ onCreated }: { onCreated: (created: Created) => void }) {
  const { t } = useTranslation();
  const [centre, setCentre] = useState<Centre | null>(null);
  const [step, setStep] = useState<1 | 2>(1);
  return (
    <section className="page setup" aria-labelledby="setup-title">
      <h1 id="setup-title">{t('setup.title', 'Set up this centre')}</h1>
      <p>
        {t(
          'setup.intro',
          'Carnet keeps this centre’s records in one encrypted file on this computer. Set up the centre and its first site admin; the admin then adds the other users.',
        )}
      </p>
      <p className="step-indicator" aria-live="polite">
        {t('setup.step', { step, total: 2, defaultValue: 'Step {{step}} of {{total}}' })}
      </p>
      {step === 2 && centre ? (
        <AdminStep centre={centre} onBack={() => setStep(1)} onCreated={onCreated} />
      ) : (
        <CentreStep
          initial={centre}
          onNext={(c) => {
            setCentre(c);
            setStep(2);
          }}
        />
      )}
    </section>
  );
}

function CentreStep({ initial, onNext }: { initial: Centre | null; onNext: (centre: Centre) => void }) {
  const { t } = useTranslation();
  const form = useZodForm(CentreSchema, initial ?? { name: '', country: '', code: '' });
  return (
    <Form className="form" aria-labelledby="centre-step-title" onSubmit={form.handleSubmit(onNext)}>
      <h2 id="centre-step-title">{t('setup.centreTitle', 'The centre')}</h2>
      <TextInput control={form.control} name="name" label={t('setup.centreName', 'Name of the centre')} autoFocus />
      <CountryField control={form.control} name="country" label={t('setup.country', 'Country')} />
      <TextInput
        control={form.control}
        name="code"
        label={t('setup.code', 'Centre code')}
        description={t('setup.codeHelp', 'A short code printed on records, in capital letters, digits and dashes, e.g. GR-LES.')}
        dir="ltr"
        normalize={(v) => v.toUpperCase()}
      />
      <div className="form-actions">
        <Button type="submit" className="button primary">
          {t('setup.next', 'Next')}
        </Button>
      </div>
    </Form>
  );
}

function AdminStep({ centre, onBack, onCreated }: { centre: Centre; onBack: () => void; onCreated: (created: Created) => void }) {
  const { t } = useTranslation();
  const create = useCall('setup.createCentre', { onSuccess: onCreated });
  const form = useZodForm(AdminFormSchema, { username: '', displayName: '', newPassword: '', confirmPassword: '' });
  return (
    <Form
      className="form"
      aria-labelledby="admin-step-title"
      onSubmit={form.handleSubmit(async ({ username, displayName, newPassword }) => {
        await create.run({ centre, admin: { username, displayName, password: newPassword } });
      })}
    >
      <h2 id="admin-step-title">{t('setup.adminTitle', 'The first site admin')}</h2>
      <ErrorMessage error={create.error} />
      <TextInput control={form.control} name="displayName" label={t('users.displayName', 'Full name')} autoFocus />
      <TextInput control={form.control} name="username" label={t('login.username', 'Username')} autoComplete="username" dir="auto" />
      <NewPasswordFields control={form.control} label={t('login.password', 'Password')} confirmLabel={t('password.confirmFirst', 'Password again')} />
      {create.pending && (
        <p role="status" aria-live="polite">
          {t('setup.creating', 'Creating the encrypted store…')}
        </p>
      )}
      <div className="form-actions">
        <Button className="button" onPress={onBack} isDisabled={create.pending}>
          {t('setup.back', 'Back')}
        </Button>
        <Button type="submit" className="button primary" isPending={create.pending}>
          {t('setup.create', 'Create the centre')}
        </Button>
      </div>
    </Form>
  );
}
