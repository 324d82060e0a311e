import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Cell, Column, Form, Label, Radio, RadioGroup, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { AddUserInputSchema, PasswordSchema, ROLES, type Role, type User } from '../../../src/api/schemas/store.ts';
import { z } from '../../../src/api/zod.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog, ModalDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { TextInput, useZodForm } from '../../components/form.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { NewPasswordFields, withConfirmedPassword } from '../session/login.component.tsx';
import { useSession } from '../session/use-session.ts';

const USERS_KEY = ['users.list'];

export function useRoleLabel(): (role: Role) => string {
  const { t } = useTranslation();
  const labels: Record<Role, string> = {
    admin: t('roles.admin', 'Site admin'),
    clinician: t('roles.clinician', 'Clinician'),
    mediator: t('roles.mediator', 'Cultural mediator'),
    viewer: t('roles.viewer', 'Viewer'),
  };
  return (role) => labels[role];
}

/** The site admin's list of users: add, reset a password, disable or enable. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const roleLabel = useRoleLabel();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => unwrap(client.call('users.list', {})) });
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: USERS_KEY });
  const setDisabled = useCall('users.setDisabled', {
    onSuccess: () => {
      setToggling(null);
      refresh();
    },
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <section className="page" aria-labelledby="users-title">
      <div className="page-head">
        <h1 id="users-title">{t('users.title', 'Users')}</h1>
        <Button className="button primary" onPress={() => setAdding(true)}>
          {t('users.add', 'Add a user')}
        </Button>
      </div>
      <ErrorMessage error={toApiError(users.error)} />
      {users.data && (
        <Table aria-labelledby="users-title" className="table" data-testid="users-table">
          <TableHeader>
            <Column isRowHeader>{t('users.displayName', 'Full name')}</Column>
            <Column>{t('login.username', 'Username')}</Column>
            <Column>{t('users.role', 'Role')}</Column>
            <Column>{t('users.status', 'Status')}</Column>
            <Column>{t('users.created', 'Added')}</Column>
            <Column>{t('users.actions', 'Actions')}</Column>
          </TableHeader>
          {/* The rows are cached per item: without the language as a dependency they would keep the previous one. */}
          <TableBody items={users.data} dependencies={[i18n.language]}>
            {(user) => (
              <Row id={user.id} className={user.disabled ? 'row-disabled' : undefined}>
                <Cell>
                  <bdi>{user.displayName}</bdi>
                </Cell>
                <Cell>
                  <bdi>{user.username}</bdi>
                </Cell>
                <Cell>{roleLabel(user.role)}</Cell>
                <Cell>{user.disabled ? t('users.disabled', 'Disabled') : t('users.active', 'Active')}</Cell>
                <Cell>{date.format(new Date(user.createdAt))}</Cell>
                <Cell>
                  <div className="row-actions">
                    <Button className="button small" onPress={() => setResetting(user)}>
                      {t('users.resetPassword', 'Set password')}
                    </Button>
                    {user.id !== session?.user?.id && (
                      <Button className="button small" onPress={() => setToggling(user)}>
                        {user.disabled ? t('users.enable', 'Enable') : t('users.disable', 'Disable')}
                      </Button>
                    )}
                  </div>
                </Cell>
              </Row>
            )}
          </TableBody>
        </Table>
      )}
      <ModalDialog isOpen={adding} onClose={() => setAdding(false)} title={t('users.addTitle', 'Add a user')}>
        <AddUserForm
          onDone={() => {
            setAdding(false);
            refresh();
          }}
        />
      </ModalDialog>
      <ModalDialog
        isOpen={resetting !== null}
        onClose={() => setResetting(null)}
        title={t('users.resetTitle', { name: resetting?.displayName ?? '', defaultValue: 'Set a new password for {{name}}' })}
      >
        {resetting && (
          <ResetPasswordForm
            user={resetting}
            onDone={() => {
              setResetting(null);
              refresh();
            }}
          />
        )}
      </ModalDialog>
      <ConfirmDialog
        isOpen={toggling !== null}
        title={toggling?.disabled ? t('users.enableTitle', 'Enable this user?') : t('users.disableTitle', 'Disable this user?')}
        message={
          toggling?.disabled
            ? t('users.enableMessage', {
                name: toggling.displayName,
                defaultValue: '{{name}} will be able to log in again after you set a new password for them.',
              })
            : t('users.disableMessage', {
                name: toggling?.displayName ?? '',
                defaultValue: '{{name}} will no longer be able to log in. Their entries in the records stay.',
              })
        }
        confirmLabel={toggling?.disabled ? t('users.enable', 'Enable') : t('users.disable', 'Disable')}
        danger={!toggling?.disabled}
        pending={setDisabled.pending}
        error={<ErrorMessage error={setDisabled.error} />}
        onConfirm={() => toggling && void setDisabled.run({ userId: toggling.id, disabled: !toggling.disabled })}
        onClose={() => {
          setToggling(null);
          setDisabled.reset();
        }}
      />
    </section>
  );
}

const AddUserFormSchema = withConfirmedPassword(AddUserInputSchema.omit({ password: true }).extend({ newPassword: PasswordSchema }));

function AddUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const roleLabel = useRoleLabel();
  const add = useCall('users.add', { onSuccess: onDone });
  const form = useZodForm(AddUserFormSchema, { username: '', displayName: '', role: 'clinician', newPassword: '', confirmPassword: '' });
  return (
    <Form
      className="form"
      onSubmit={form.handleSubmit(async ({ newPassword, confirmPassword: _confirm, ...user }) => {
        await add.run({ ...user, password: newPassword });
      })}
    >
      <ErrorMessage error={add.error} />
      <TextInput control={form.control} name="displayName" label={t('users.displayName', 'Full name')} autoFocus />
      <TextInput control={form.control} name="username" label={t('login.username', 'Username')} autoComplete="off" dir="auto" />
      <Controller
        control={form.control}
        name="role"
        render={({ field }) => (
          <RadioGroup className="radio-group" value={field.value} onChange={field.onChange} name={field.name}>
            <Label>{t('users.role', 'Role')}</Label>
            {ROLES.map((role) => (
              <Radio key={role} value={role} className="radio">
                {roleLabel(role)}
              </Radio>
            ))}
          </RadioGroup>
        )}
      />
      <NewPasswordFields control={form.control} label={t('users.firstPassword', 'First password')} description={t('users.firstPasswordHelp', 'Give it to the user in person; they can change it after logging in.')} confirmLabel={t('password.confirmFirst', 'Password again')} />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={add.pending}>
          {t('users.addSubmit', 'Add the user')}
        </Button>
      </div>
    </Form>
  );
}

const ResetFormSchema = withConfirmedPassword(z.object({ newPassword: PasswordSchema }));

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const reset = useCall('users.resetPassword', { onSuccess: onDone });
  const form = useZodForm(ResetFormSchema, { newPassword: '', confirmPassword: '' });
  return (
    <Form
      className="form"
      onSubmit={form.handleSubmit(async ({ newPassword }) => {
        await reset.run({ userId: user.id, newPassword });
      })}
    >
      <ErrorMessage error={reset.error} />
      <NewPasswordFields control={form.control} autoFocus />
      <div className="form-actions">
        <Button type="submit" className="button primary" isPending={reset.pending}>
          {t('users.resetSubmit', 'Set the password')}
        </Button>
      </div>
    </Form>
  );
}
