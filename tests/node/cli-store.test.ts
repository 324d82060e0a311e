import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'carnet.mjs');
let temp: { dir: string; cleanup: () => void };
let backups: { dir: string; cleanup: () => void };

async function carnet(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data-dir', temp.dir], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const ADMIN_PW = { CARNET_PASSWORD: 'admin password 123' };

beforeAll(() => {
  temp = makeTempDir();
  backups = makeTempDir();
});
afterAll(() => {
  temp.cleanup();
  backups.cleanup();
});

// Each command is a fresh process that derives an Argon2id key: seconds, not milliseconds, on a busy CI machine.
describe('the store commands', { timeout: 30_000 }, () => {
  it('init sets up the centre and prints the recovery key once', async () => {
    const r = await carnet(['init', '--centre-name', 'Lesvos Centre', '--country', 'gr', '--code', 'GR-LES', '--admin-user', 'admin'], ADMIN_PW);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RECOVERY KEY[\s\S]*([0-9A-Z]{4}-){7}[0-9A-Z]{4}/);
    const invalid = await carnet(['init', '--centre-name', 'X', '--country', 'Greece', '--code', 'GR-X', '--admin-user', 'admin'], ADMIN_PW);
    expect(invalid.stderr).toContain('(centre.name, centre.country) [VALIDATION]');
    const again = await carnet(['init', '--centre-name', 'Other centre', '--country', 'GR', '--code', 'GR-X', '--admin-user', 'admin'], ADMIN_PW);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('STORE_EXISTS');
  });

  it('refuses every command without the right credentials', async () => {
    const noUser = await carnet(['backup', '--folder', backups.dir]);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('--user is required');
    const wrong = await carnet(['audit', 'verify', '--user', 'admin'], { CARNET_PASSWORD: 'not the password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('LOGIN_FAILED');
  });

  it('adds users, resets and disables them; a non-admin cannot', async () => {
    expect((await carnet(['user', 'add', 'nurse1', '--role', 'clinician', '--user', 'admin'], { ...ADMIN_PW, CARNET_NEW_PASSWORD: 'nurse password 1' })).code).toBe(0);
    const denied = await carnet(['user', 'add', 'x', '--role', 'admin', '--user', 'nurse1'], { CARNET_PASSWORD: 'nurse password 1', CARNET_NEW_PASSWORD: 'whatever 12345' });
    expect(denied.stderr).toContain('FORBIDDEN');
    expect((await carnet(['user', 'passwd', 'nurse1', '--user', 'admin'], { ...ADMIN_PW, CARNET_NEW_PASSWORD: 'nurse password 2' })).code).toBe(0);
    expect((await carnet(['user', 'disable', 'nurse1', '--user', 'admin'], ADMIN_PW)).code).toBe(0);
    expect((await carnet(['audit', 'verify', '--user', 'nurse1'], { CARNET_PASSWORD: 'nurse password 2' })).stderr).toContain('LOGIN_FAILED');
  });

  it('backs up, restores with --yes only, and verifies the access log', async () => {
    const b = await carnet(['backup', '--folder', backups.dir, '--user', 'admin'], ADMIN_PW);
    expect(b.stdout).toContain('verified');
    const file = join(backups.dir, readdirSync(backups.dir).find((f) => f.endsWith('.carnetdb')) as string);
    expect((await carnet(['restore', file, '--user', 'admin'], ADMIN_PW)).code).toBe(2);
    expect((await carnet(['restore', file, '--yes', '--user', 'admin'], ADMIN_PW)).stdout).toContain('Restored');
    const v = await carnet(['audit', 'verify', '--user', 'admin'], ADMIN_PW);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/Access log intact: \d+ rows/);
  });
});
