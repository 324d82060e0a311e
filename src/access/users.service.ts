import { randomUUID } from 'node:crypto';
import type { z } from '../api/zod.ts';
import { AppError } from '../api/errors.ts';
import type { AddUserInputSchema, ResetUserInputSchema, SetUserDisabledInputSchema, User } from '../api/schemas/store.ts';
import { actionBy, appendAudit } from '../audit/audit.repository.ts';
import { makeUserEntry, userEntryById, withUser, withoutUser } from '../db/keyring.ts';
import { countActiveAdmins, findUserByUsername, getUser, insertUser, listUsers, setUserDisabled } from '../db/repositories/users.repository.ts';
import type { StoreContext } from './store-context.ts';

export interface UsersService {
  list(): Promise<User[]>;
  add(input: z.output<typeof AddUserInputSchema>): Promise<User>;
  resetPassword(input: z.output<typeof ResetUserInputSchema>): Promise<User>;
  setDisabled(input: z.output<typeof SetUserDisabledInputSchema>): Promise<User>;
}

export function createUsersService(context: StoreContext): UsersService {
  function requireUser(id: string): User {
    const user = getUser(context.requireOpen().db, id);
    if (!user) throw new AppError('NOT_FOUND', { userId: id });
    return user;
  }

  return {
    async list() {
      return listUsers(context.requireOpen().db);
    },

    async add({ username, displayName, role, password }) {
      const open = context.requireOpen();
      if (findUserByUsername(open.db, username)) throw new AppError('USERNAME_TAKEN');
      const id = randomUUID();
      return context.updateKeyring(async (keyring) => {
        const entry = await makeUserEntry(keyring.storeId, id, password, { [open.keyVersion]: open.key });
        const at = context.now().toISOString();
        open.db.transaction(() => {
          if (findUserByUsername(open.db, username)) throw new AppError('USERNAME_TAKEN');
          insertUser(open.db, { id, username, displayName, role, createdAt: at, createdBy: open.user.id });
          appendAudit(open.db, actionBy(open.user, 'users.add', { changes: { userId: id, role } }));
        })();
        return { keyring: withUser(keyring, username, entry), result: requireUser(id) };
      });
    },

    async resetPassword({ userId, newPassword }) {
      const open = context.requireOpen();
      const user = requireUser(userId);
      return context.updateKeyring(async (keyring) => {
        const entry = await makeUserEntry(keyring.storeId, user.id, newPassword, { [open.keyVersion]: open.key });
        appendAudit(open.db, actionBy(open.user, 'users.resetPassword', { changes: { userId } }));
        // The old entry may be stored under a differently cased username: replace it by id.
        return { keyring: withUser(withoutUser(keyring, user.id), user.username, entry), result: user };
      });
    },

    async setDisabled({ userId, disabled }) {
      const open = context.requireOpen();
      const user = requireUser(userId);
      if (user.disabled === disabled) return user;
      if (disabled && user.role === 'admin' && countActiveAdmins(open.db) <= 1) throw new AppError('LAST_ADMIN');
      const at = context.now().toISOString();
      const write = () =>
        open.db.transaction(() => {
          setUserDisabled(open.db, userId, disabled, at);
          appendAudit(open.db, actionBy(open.user, 'users.setDisabled', { changes: { userId, disabled } }));
        })();
      if (disabled) {
        // A disabled user's sealed key leaves the keyring: their password no longer opens anything.
        await context.updateKeyring(async (keyring) => {
          write();
          return { keyring: withoutUser(keyring, userId), result: undefined };
        });
      } else {
        write();
      }
      return requireUser(userId);
    },
  };
}

/** Whether a user can log in now: enabled and holding a sealed key (re-enabled users need a new password). */
export async function hasKeyringEntry(context: StoreContext, userId: string): Promise<boolean> {
  return userEntryById(await context.readKeyring(), userId) !== undefined;
}
