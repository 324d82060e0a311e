// The store's commands: the same core and handler table as the app, so the same permission checks,
// validation and access log apply. Every command but `init` logs in first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../api/result.ts';
import { createCore, type Core } from '../app/services.ts';
import { SILENT_LOGGER } from '../host/log.ts';
import type { Output } from './main.ts';
import { readSecret } from './secrets.ts';

const ctx = { transport: 'cli' as const };

const EN_ERRORS = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'locales', 'en', 'errors.json'), 'utf8')) as Record<string, string>;

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function explain(result: Result<unknown>): never {
  if (result.ok) throw new Error('not an error');
  const { code, messageKey, details } = result.error;
  const text = (EN_ERRORS[messageKey.replace(/^errors:/, '')] ?? code).replace('{{seconds}}', String(details?.retryAfterSeconds ?? ''));
  const issues = (details?.issues as { path: string[] }[] | undefined)?.map((i) => i.path.join('.')).join(', ');
  throw new CliError(`${text}${issues ? ` (${issues})` : ''} [${code}]`);
}

export async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.handlers.invoke(method, input, ctx);
  if (!result.ok) explain(result);
  return result.value as T;
}

export function option(options: Record<string, string | true>, name: string, required = true): string | undefined {
  const value = options[name];
  if (typeof value === 'string') return value;
  if (required) throw new CliError(`--${name} is required`, 2);
  return undefined;
}

export async function loggedIn(dataDir: string, options: Record<string, string | true>): Promise<Core> {
  const core = createCore({ dataDir, mode: 'cli', logger: SILENT_LOGGER });
  const username = option(options, 'user');
  try {
    const password = await readSecret(`Password for ${username}: `, 'CARNET_PASSWORD');
    await call(core, 'session.login', { username, password });
    return core;
  } catch (error) {
    core.close();
    throw error;
  }
}

export async function runStoreCommand(command: string, positionals: string[], options: Record<string, string | true>, dataDir: string, out: Output): Promise<number> {
  if (command === 'init') {
    const core = createCore({ dataDir, mode: 'cli', logger: SILENT_LOGGER });
    try {
      const password = await readSecret('Password for the first admin: ', 'CARNET_PASSWORD');
      const made = await call<{ recoveryKey: string }>(core, 'setup.createCentre', {
        centre: { name: option(options, 'centre-name'), country: option(options, 'country')?.toUpperCase(), code: option(options, 'code')?.toUpperCase() },
        admin: { username: option(options, 'admin-user'), displayName: option(options, 'admin-name', false) ?? option(options, 'admin-user'), password },
      });
      out.write(`Centre set up in ${dataDir}.\n\nRECOVERY KEY (write it down and keep it safe; it is shown only this once):\n\n    ${made.recoveryKey}\n\n`);
      return 0;
    } finally {
      core.close();
    }
  }

  const core = await loggedIn(dataDir, options);
  try {
    switch (command) {
      case 'user': {
        const [action, username] = positionals;
        if (!username || !['add', 'passwd', 'disable'].includes(action ?? '')) throw new CliError('usage: carnet user add|passwd|disable USERNAME --user ADMIN', 2);
        if (action === 'add') {
          const password = await readSecret(`Password for ${username}: `, 'CARNET_NEW_PASSWORD');
          const user = await call<{ id: string }>(core, 'users.add', { username, displayName: option(options, 'name', false) ?? username, role: option(options, 'role'), password });
          out.write(`Added ${username} (${user.id}).\n`);
          return 0;
        }
        const users = await call<{ id: string; username: string }[]>(core, 'users.list', {});
        const target = users.find((u) => u.username.toLowerCase() === username.toLowerCase());
        if (!target) throw new CliError(`No user ${username}.`);
        if (action === 'passwd') {
          const password = await readSecret(`New password for ${username}: `, 'CARNET_NEW_PASSWORD');
          await call(core, 'users.resetPassword', { userId: target.id, newPassword: password });
          out.write(`Password of ${username} reset.\n`);
        } else {
          await call(core, 'users.setDisabled', { userId: target.id, disabled: true });
          out.write(`${username} disabled.\n`);
        }
        return 0;
      }
      case 'backup': {
        const made = await call<{ file: string; bytes: number }>(core, 'backup.create', { folder: option(options, 'folder', false) });
        out.write(`Backup written and verified: ${made.file} (${made.bytes} bytes)\n`);
        return 0;
      }
      case 'restore': {
        const [file] = positionals;
        if (!file) throw new CliError('usage: carnet restore FILE --user ADMIN --yes', 2);
        if (options.yes !== true) throw new CliError('Restoring replaces the current records with the backup (the current database is kept beside it). Add --yes to confirm.', 2);
        await call(core, 'backup.restore', { file, confirm: true });
        out.write('Restored. Log in again to continue.\n');
        return 0;
      }
      case 'audit': {
        if (positionals[0] !== 'verify') throw new CliError('usage: carnet audit verify --user ADMIN', 2);
        const verdict = await call<{ intact: boolean; rows: number; firstBadSeq: number | null; problem: string | null }>(core, 'audit.verify', {});
        out.write(verdict.intact ? `Access log intact: ${verdict.rows} rows.\n` : `ACCESS LOG TAMPERED: ${verdict.problem} at row ${verdict.firstBadSeq} (${verdict.rows} rows read).\n`);
        return verdict.intact ? 0 : 3;
      }
      default:
        throw new CliError(`unknown command '${command}'. Run 'carnet --help'.`, 2);
    }
  } finally {
    core.close();
  }
}
