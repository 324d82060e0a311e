import { copyFileSync, existsSync, readFileSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { ADMIN, CENTRE, setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let stores: TestStore[] = [];
afterEach(() => {
  for (const s of stores) s.cleanup();
  stores = [];
});

async function store(): Promise<TestStore> {
  const s = await setUpStore();
  stores.push(s);
  return s;
}

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every file in the data folder with its digest: "changes nothing" is checked against this. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()).map((f) => [f, digest(join(dir, f))]));
}

describe('set-up', () => {
  it('creates the centre, logs the admin in and shows the recovery key once, in 8 groups', async () => {
    const s = await store();
    expect(s.recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    const session = await s.value('session.get');
    expect(session).toMatchObject({ state: 'open', user: { username: 'admin', role: 'admin' }, centre: { ...CENTRE, recoveryConfirmed: false } });
    expect(readFileSync(join(s.dir, 'carnet.keyring'), 'utf8')).not.toContain(s.recoveryKey.replace(/-/g, ''));
    expect(readFileSync(join(s.dir, 'carnet.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('refuses a second set-up', async () => {
    const s = await store();
    expect(await s.call('setup.createCentre', { centre: CENTRE, admin: ADMIN })).toMatchObject({ ok: false, error: { code: 'STORE_EXISTS' } });
  });

  it('confirms the recovery key only when it is typed back right', async () => {
    const s = await store();
    const wrong = s.recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await s.call('setup.confirmRecovery', { recoveryKey: wrong })).toMatchObject({ ok: false, error: { code: 'RECOVERY_KEY_WRONG' } });
    const session = await s.value('setup.confirmRecovery', { recoveryKey: s.recoveryKey.toLowerCase().replace(/-/g, ' ') });
    expect(session).toMatchObject({ centre: { recoveryConfirmed: true } });
  });
});

describe('login and lock', () => {
  it('locks on demand, drops the key, and opens again with the password', async () => {
    const s = await store();
    expect(await s.value('session.lock')).toEqual({ state: 'locked' });
    expect(s.core.store.current()).toBeNull();
    expect(await s.call('users.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await s.value('session.login', { username: 'ADMIN', password: ADMIN.password })).toMatchObject({ state: 'open' });
  });

  it('refuses a wrong password with a clear error, changes nothing, and then slows down', async () => {
    const s = await store();
    await s.value('session.lock');
    const before = snapshot(s.dir);
    for (let i = 0; i < 3; i++) {
      expect(await s.call('session.login', { username: 'admin', password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
    }
    expect(await s.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) } },
    });
    expect(snapshot(s.dir)).toEqual(before);
  });

  it('answers an unknown username exactly like a wrong password', async () => {
    const s = await store();
    await s.value('session.lock');
    expect(await s.call('session.login', { username: 'nobody', password: 'whatever it is' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
  });

  it('writes failed logins to the access log once the store opens', async () => {
    const s = await store();
    await s.value('session.lock');
    await s.call('session.login', { username: 'admin', password: 'wrong password' });
    await s.value('session.login', { username: 'admin', password: ADMIN.password });
    const log = await s.value<{ entries: { method: string; outcome: string }[] }>('audit.list', { method: 'session.login' });
    expect(log.entries.map((e) => e.outcome)).toEqual(['ok', 'failed']);
  });

  it('locks itself after the idle time', async () => {
    const s = await store();
    await s.value('centre.setSettings', { idleLockMinutes: 1 });
    const events: string[] = [];
    s.core.events.subscribe((name, payload) => name === 'session:changed' && events.push((payload as { state: string }).state));
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      await s.value('session.touch');
      vi.advanceTimersByTime(59_000);
      expect(s.core.store.current()).not.toBeNull();
      vi.advanceTimersByTime(2_000);
      expect(s.core.store.current()).toBeNull();
      expect(events).toContain('locked');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('users and roles', () => {
  it('lets an admin add a clinician who can then log in, and nothing more', async () => {
    const s = await store();
    const added = await s.value<{ id: string }>('users.add', { username: 'dr.nadia', displayName: 'Dr Nadia', role: 'clinician', password: 'clinician password' });
    expect(await s.call('users.add', { username: 'DR.NADIA', displayName: 'x', role: 'viewer', password: 'another password' })).toMatchObject({
      ok: false,
      error: { code: 'USERNAME_TAKEN' },
    });
    await s.value('session.lock');
    expect(await s.value('session.login', { username: 'dr.nadia', password: 'clinician password' })).toMatchObject({ user: { id: added.id, role: 'clinician' } });
    expect(await s.call('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await s.call('centre.getSettings')).toMatchObject({ ok: true });
  });

  it('changes a password (the old one stops working) and resets a forgotten one', async () => {
    const s = await store();
    const nadia = await s.value<{ id: string }>('users.add', { username: 'nadia', displayName: 'Nadia', role: 'mediator', password: 'first password' });
    await s.value('users.resetPassword', { userId: nadia.id, newPassword: 'reset by admin' });
    await s.value('session.lock');
    expect(await s.call('session.login', { username: 'nadia', password: 'first password' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
    await s.value('session.login', { username: 'nadia', password: 'reset by admin' });
    expect(await s.call('session.changePassword', { currentPassword: 'wrong', newPassword: 'my own password' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
    await s.value('session.changePassword', { currentPassword: 'reset by admin', newPassword: 'my own password' });
    await s.value('session.lock');
    await s.value('session.login', { username: 'nadia', password: 'my own password' });
  });

  it('disables a user, who can no longer log in, and never the last admin', async () => {
    const s = await store();
    const omar = await s.value<{ id: string }>('users.add', { username: 'omar', displayName: 'Omar', role: 'viewer', password: 'viewer password' });
    const admin = (await s.value<{ user: { id: string } }>('session.get')).user;
    expect(await s.call('users.setDisabled', { userId: admin.id, disabled: true })).toMatchObject({ ok: false, error: { code: 'LAST_ADMIN' } });
    expect(await s.value('users.setDisabled', { userId: omar.id, disabled: true })).toMatchObject({ disabled: true });
    await s.value('session.lock');
    expect(await s.call('session.login', { username: 'omar', password: 'viewer password' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
  });

  it('recovers with the recovery key: the admin sets a new password and is logged in', async () => {
    const s = await store();
    await s.value('session.lock');
    expect(await s.call('session.recover', { recoveryKey: '0000-0000-0000-0000-0000-0000-0000-0000', username: 'admin', newPassword: 'a brand new password' })).toMatchObject({
      ok: false,
      error: { code: 'RECOVERY_KEY_WRONG' },
    });
    expect(await s.value('session.recover', { recoveryKey: s.recoveryKey, username: 'admin', newPassword: 'a brand new password' })).toMatchObject({ state: 'open' });
    await s.value('session.lock');
    await s.value('session.login', { username: 'admin', password: 'a brand new password' });
  });
});

describe('data key rotation', () => {
  it('rekeys the database and updates every sealed key, including the recovery key', async () => {
    const s = await store();
    await s.value('users.add', { username: 'nadia', displayName: 'Nadia', role: 'clinician', password: 'clinician password' });
    const oldKey = Buffer.from(s.core.store.current()?.key ?? []);
    expect(await s.value('store.rotateKey')).toEqual({ keyVersion: 2 });
    expect(Buffer.from(s.core.store.current()?.key ?? []).equals(oldKey)).toBe(false);
    const again = s.reopen();
    stores[stores.length - 1] = again;
    await again.value('session.login', { username: 'nadia', password: 'clinician password' });
    await again.value('session.lock');
    await again.value('session.recover', { recoveryKey: s.recoveryKey, username: 'admin', newPassword: 'after rotation 1' });
    expect(JSON.parse(readFileSync(join(s.dir, 'carnet.keyring'), 'utf8'))).toMatchObject({ keyVersion: 2 });
  });
});

describe('errors that change nothing', () => {
  it('names a truncated database and leaves the files as they were', async () => {
    const s = await store();
    await s.value('session.lock');
    truncateSync(join(s.dir, 'carnet.db'), 4096);
    const before = snapshot(s.dir);
    const result = await s.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(result).toMatchObject({ ok: false, error: { code: 'DB_CORRUPT' } });
    expect(snapshot(s.dir)).toEqual(before);
  });

  it('names a truncated keyring', async () => {
    const s = await store();
    await s.value('session.lock');
    const file = join(s.dir, 'carnet.keyring');
    writeFileSync(file, readFileSync(file).subarray(0, 200));
    const before = snapshot(s.dir);
    expect(await s.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'KEYRING_DAMAGED' } });
    expect(snapshot(s.dir)).toEqual(before);
  });

  it('names a keyring from another centre', async () => {
    const a = await store();
    const b = await store();
    await a.value('session.lock');
    await b.value('session.lock');
    copyFileSync(join(b.dir, 'carnet.keyring'), join(a.dir, 'carnet.keyring'));
    const before = snapshot(a.dir);
    // The same username and password exist in both centres: the keyring opens, the database does not.
    expect(await a.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'KEYRING_MISMATCH' } });
    expect(snapshot(a.dir)).toEqual(before);
  });

  it('refuses a plaintext database file', async () => {
    const temp = makeTempDir();
    try {
      const Database = (await import('better-sqlite3-multiple-ciphers')).default;
      const plain = new Database(join(temp.dir, 'carnet.db'));
      plain.exec('CREATE TABLE t (x)');
      plain.close();
      writeFileSync(join(temp.dir, 'carnet.keyring'), '{}');
      const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
      const { openEncrypted } = await import('../../src/db/open.ts');
      expect(() => openEncrypted(join(temp.dir, 'carnet.db'), Buffer.alloc(32))).toThrow(expect.objectContaining({ code: 'DB_PLAINTEXT' }));
      core.close();
    } finally {
      temp.cleanup();
    }
  });
});

describe('the access log', () => {
  async function withRows() {
    const s = await store();
    for (const name of ['a1', 'a2', 'a3']) await s.value('users.add', { username: name, displayName: name, role: 'viewer', password: 'viewer password' });
    return s;
  }

  it('records who did what, with ids and no values, and verifies intact', async () => {
    const s = await withRows();
    const log = await s.value<{ entries: { method: string; changes: unknown; username: string }[]; total: number }>('audit.list', {});
    // The centre's site keys are made as it is set up (transfer signing and encryption).
    expect(log.entries.map((e) => e.method)).toEqual(['users.add', 'users.add', 'users.add', 'site.createIdentity', 'setup.createCentre']);
    expect(JSON.stringify(log)).not.toContain('viewer password');
    expect(await s.value('audit.verify')).toEqual({ intact: true, rows: 5, firstBadSeq: null, problem: null });
  });

  it.each([
    ['an edited row', "UPDATE audit_log SET method = 'users.list' WHERE seq = 2", 'edited', 2],
    ['an edited hash too', "UPDATE audit_log SET username = 'x', hash = 'f' || substr(hash, 2) WHERE seq = 2", 'edited', 2],
    ['a deleted row in the middle', 'DELETE FROM audit_log WHERE seq = 2', 'deleted', 2],
    ['the last row deleted', 'DELETE FROM audit_log WHERE seq = 5', 'truncated', 5],
    ['the first row deleted', 'DELETE FROM audit_log WHERE seq = 1', 'deleted', 1],
  ])('detects %s', async (_label, sql, problem, seq) => {
    const s = await withRows();
    const db = s.core.store.current()?.db;
    expect(() => db?.exec(sql)).toThrow(/append-only/);
    db?.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db?.exec(sql);
    expect(await s.value('audit.verify')).toMatchObject({ intact: false, firstBadSeq: seq, problem });
  });
});

describe('backup and restore', () => {
  it('backs up to a folder (still encrypted, verified) and restores it after a change', async () => {
    const s = await store();
    const folder = makeTempDir();
    try {
      const backup = await s.value<{ file: string; verified: boolean }>('backup.create', { folder: folder.dir });
      expect(backup.verified).toBe(true);
      expect(readFileSync(backup.file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
      expect(existsSync(`${backup.file}.keyring`)).toBe(true);
      await s.value('users.add', { username: 'later', displayName: 'Added later', role: 'viewer', password: 'viewer password' });
      expect(await s.value('backup.list', { folder: folder.dir })).toHaveLength(1);
      expect(await s.value('backup.restore', { file: backup.file, confirm: true })).toEqual({ state: 'locked' });
      expect(readdirSync(s.dir).some((f) => f.startsWith('carnet.db.before-restore-'))).toBe(true);
      await s.value('session.login', { username: 'admin', password: ADMIN.password });
      const users = await s.value<{ username: string }[]>('users.list');
      expect(users.map((u) => u.username)).toEqual(['admin']);
      const log = await s.value<{ entries: { method: string }[] }>('audit.list', {});
      expect(log.entries.map((e) => e.method)).toContain('backup.restore');
      expect(await s.value('audit.verify')).toMatchObject({ intact: true });
    } finally {
      folder.cleanup();
    }
  });

  it('refuses to restore a backup of another centre, changing nothing', async () => {
    const a = await store();
    const b = await store();
    const folder = makeTempDir();
    try {
      const backup = await b.value<{ file: string }>('backup.create', { folder: folder.dir });
      const before = snapshot(a.dir);
      expect(await a.call('backup.restore', { file: backup.file, confirm: true })).toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID' } });
      expect(snapshot(a.dir)).toEqual(before);
      expect(a.core.store.current()).not.toBeNull();
    } finally {
      folder.cleanup();
    }
  });

  it('makes the daily backup when due and keeps only the newest N', async () => {
    const s = await store();
    const folder = makeTempDir();
    try {
      await s.value('centre.setSettings', { backupFolder: folder.dir, backupDaily: true, backupKeep: 2 });
      const made = await s.core.services.backup.runIfDue();
      expect(made?.verified).toBe(true);
      expect(await s.core.services.backup.runIfDue()).toBeUndefined();
      for (const name of ['carnet-RS-KRN-20200101T000000Z.carnetdb', 'carnet-RS-KRN-20200102T000000Z.carnetdb']) writeFileSync(join(folder.dir, name), 'old');
      s.core.store.current()?.db.prepare("DELETE FROM centre_settings WHERE key = 'marker:lastBackupAt'").run();
      await new Promise((r) => setTimeout(r, 1100));
      await s.core.services.backup.runIfDue();
      const left = readdirSync(folder.dir).filter((f) => f.endsWith('.carnetdb'));
      expect(left).toHaveLength(2);
      expect(left.some((f) => f.startsWith('carnet-RS-KRN-2020'))).toBe(false);
    } finally {
      folder.cleanup();
    }
  });
});
