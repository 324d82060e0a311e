import type { z } from '../api/zod.ts';
import { AppError } from '../api/errors.ts';
import { actionBy } from '../audit/audit.repository.ts';
import type { ChangePasswordInputSchema, LoginInputSchema, RecoverInputSchema, Session } from '../api/schemas/store.ts';
import { changeUserPassword, makeUserEntry, unlockWithPassword, unlockWithRecoveryKey, withUser, type Keyring } from '../db/keyring.ts';
import { parseRecoveryKey } from '../db/recovery-key.ts';
import { findUserByUsername, getUser } from '../db/repositories/users.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { openWithKeys } from './open-store.ts';
import type { StoreContext } from './store-context.ts';

export interface SessionService {
  get(): Promise<Session>;
  login(input: z.output<typeof LoginInputSchema>): Promise<Session>;
  lock(): Promise<Session>;
  touch(): Promise<Record<string, never>>;
  recover(input: z.output<typeof RecoverInputSchema>): Promise<Session>;
  changePassword(input: z.output<typeof ChangePasswordInputSchema>): Promise<Record<string, never>>;
}

export function createSessionService(context: StoreContext, throttle: LoginThrottle): SessionService {
  function requireStore(): void {
    if (!context.exists()) throw new AppError('STORE_ABSENT');
  }

  async function keyringOrFail(): Promise<Keyring> {
    return context.readKeyring();
  }

  return {
    async get() {
      return context.session();
    },

    async login({ username, password }) {
      requireStore();
      throttle.check(username);
      const keyring = await keyringOrFail();
      const unlocked = await unlockWithPassword(keyring, username, password);
      if (!unlocked) {
        throttle.failure(username);
        context.audit({ userId: null, username, role: null, method: 'session.login', outcome: 'failed' });
        throw new AppError('LOGIN_FAILED');
      }
      const opened = await openWithKeys(context, keyring, unlocked.keys);
      const user = getUser(opened.db, unlocked.userId);
      if (!user || user.disabled) {
        opened.db.close();
        opened.key.fill(0);
        throttle.failure(username);
        context.audit({ userId: unlocked.userId, username, role: user?.role ?? null, method: 'session.login', outcome: 'denied' });
        throw new AppError('USER_DISABLED');
      }
      throttle.success(username);
      // Another user's session, if any, ends here.
      context.lock();
      context.setOpen({ ...opened, user });
      context.audit({ userId: user.id, username: user.username, role: user.role, method: 'session.login', outcome: 'ok' });
      return context.session();
    },

    async lock() {
      const open = context.current();
      if (open) context.audit(actionBy(open.user, 'session.lock'));
      context.lock();
      return context.session();
    },

    async touch() {
      context.touch();
      return {};
    },

    async recover({ recoveryKey, username, newPassword }) {
      requireStore();
      throttle.check('recovery');
      const keyring = await keyringOrFail();
      const bytes = parseRecoveryKey(recoveryKey);
      const keys = bytes && unlockWithRecoveryKey(keyring, bytes);
      if (!keys) {
        throttle.failure('recovery');
        context.audit({ userId: null, username, role: null, method: 'session.recover', outcome: 'failed' });
        throw new AppError('RECOVERY_KEY_WRONG');
      }
      throttle.success('recovery');
      const opened = await openWithKeys(context, keyring, keys);
      const user = findUserByUsername(opened.db, username);
      if (!user || user.disabled) {
        opened.db.close();
        opened.key.fill(0);
        throw new AppError(user ? 'USER_DISABLED' : 'LOGIN_FAILED');
      }
      await context.updateKeyring(async (current) => {
        const entry = await makeUserEntry(current.storeId, user.id, newPassword, { [opened.keyVersion]: opened.key });
        return { keyring: withUser(current, user.username, entry), result: undefined };
      });
      context.lock();
      context.setOpen({ ...opened, user });
      context.audit({ userId: user.id, username: user.username, role: user.role, method: 'session.recover', outcome: 'ok', changes: { userId: user.id } });
      return context.session();
    },

    async changePassword({ currentPassword, newPassword }) {
      const { user } = context.requireOpen();
      throttle.check(user.username);
      const changed = await context.updateKeyring(async (keyring) => {
        const next = await changeUserPassword(keyring, user.username, currentPassword, newPassword);
        if (!next) {
          throttle.failure(user.username);
          throw new AppError('LOGIN_FAILED');
        }
        return { keyring: next, result: true };
      });
      if (changed) context.audit({ userId: user.id, username: user.username, role: user.role, method: 'session.changePassword', outcome: 'ok', changes: { userId: user.id } });
      return {};
    },
  };
}
