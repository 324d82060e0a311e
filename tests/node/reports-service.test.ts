// The reports as a user gets them: through the contract (the centre's threshold, the permission
// check), as a PDF in Greek and Arabic read back with poppler, and from `carnet report`; and the
// coordinating office's `carnet authority` files taken in by a centre through the site methods.
import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport, UseReport } from '../../src/api/schemas/reports.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'carnet.mjs');

let store: TestStore;
let out: { dir: string; cleanup: () => void };
const thisMonth = new Date().toISOString().slice(0, 7);
const FILTERS = { from: `${thisMonth.slice(0, 4)}-01-01`, to: new Date().toISOString().slice(0, 10) };

function pdfText(bytes: Buffer, name: string): string {
  const file = join(out.dir, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  store = await setUpStore();
  out = makeTempDir();
  await store.value('demo.fill', { from: 0, count: 60, seed: 4 });
}, 120_000);
afterAll(() => {
  store.cleanup();
  out.cleanup();
});

describe('reports through the contract', { timeout: 60_000 }, () => {
  it('counts what the record holds, hides cells under the centre’s threshold, and follows a change of it', async () => {
    const use = await store.value<UseReport>('report.use', { filters: FILTERS });
    const created = use.tables.find((t) => t.id === 'recordsCreated');
    expect(created?.grandTotal).toEqual({ suppressed: false, value: 60 });
    const health = await store.value<HealthReport>('report.health', { filters: FILTERS });
    expect(health.threshold).toBe(5);
    const cells = health.tables.flatMap((t) => t.cells.flat());
    expect(cells.some((c) => c.suppressed)).toBe(true);
    for (const c of cells) if (!c.suppressed) expect(c.value === 0 || c.value >= 5).toBe(true);

    await store.value('centre.setSettings', { reportThreshold: 20 });
    const stricter = await store.value<HealthReport>('report.health', { filters: FILTERS });
    expect(stricter.threshold).toBe(20);
    for (const c of stricter.tables.flatMap((t) => t.cells.flat())) if (!c.suppressed) expect(c.value === 0 || c.value >= 20).toBe(true);
    await store.value('centre.setSettings', { reportThreshold: 5 });
    // The threshold is the centre's: a caller cannot pass one.
    const forged = await store.call('report.health', { filters: FILTERS, threshold: 1 });
    expect(!forged.ok && forged.error.code).toBe('VALIDATION');
  });

  it('writes the health report as a PDF in Greek and in Arabic, with every font embedded', async () => {
    const greek = await store.value<{ name: string; data: string }>('report.pdf', { kind: 'health', filters: FILTERS, language: 'el' });
    expect(greek.name).toMatch(/^carnet-health-report-.*-el\.pdf$/);
    const text = pdfText(Buffer.from(greek.data, 'base64'), 'el.pdf');
    const el = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'locales', 'el', 'common.json'), 'utf8')) as { reports: Record<string, Record<string, string>> };
    expect(text).toContain(el.reports['health']);
    expect(text).toContain(el.reports['group']?.['respiratory']);
    const arabic = await store.value<{ data: string }>('report.pdf', { kind: 'use', filters: FILTERS, language: 'ar' });
    const file = join(out.dir, 'ar.pdf');
    writeFileSync(file, Buffer.from(arabic.data, 'base64'));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoNaskhArabic/);
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/yes\s+yes\s+yes/);
    const log = await store.value<{ entries: { method: string }[] }>('audit.list', { method: 'report.pdf' });
    expect(log.entries).toHaveLength(2);
  });

  it('refuses a mediator, and a period that ends before it starts', async () => {
    const reversed = await store.call('report.use', { filters: { from: '2026-05-01', to: '2026-04-01' } });
    expect(!reversed.ok && reversed.error.code).toBe('VALIDATION');
    await store.value('users.add', { username: 'med', displayName: 'Mediator', role: 'mediator', password: 'mediator password 1' });
    await store.value('session.lock');
    await store.value('session.login', { username: 'med', password: 'mediator password 1' });
    const denied = await store.call('report.health', { filters: FILTERS });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
    await store.value('session.lock');
    await store.value('session.login', { username: 'admin', password: 'correct horse battery' });
  });
});

async function carnet(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('carnet report and carnet authority', { timeout: 90_000 }, () => {
  it('writes one CSV per table and a PDF', async () => {
    store.core.close();
    const csvDir = makeTempDir();
    try {
      const env = { CARNET_PASSWORD: 'correct horse battery' };
      const csv = await carnet(['report', 'health', '--from', FILTERS.from, '--to', FILTERS.to, '--out', csvDir.dir, '--lang', 'el', '--user', 'admin', '--data-dir', store.dir], env);
      expect(csv.stderr).toBe('');
      expect(csv.code).toBe(0);
      const files = readdirSync(csvDir.dir).filter((f) => f.endsWith('.csv'));
      expect(files).toContain(`health-conditionsByMonth-${FILTERS.from}-${FILTERS.to}.csv`);
      const first = readFileSync(join(csvDir.dir, `health-conditionsByMonth-${FILTERS.from}-${FILTERS.to}.csv`), 'utf8');
      expect(first.charCodeAt(0)).toBe(0xfeff);
      expect(first).toContain('Σύνολο');
      const pdf = await carnet(['report', 'use', '--from', FILTERS.from, '--to', FILTERS.to, '--format', 'pdf', '--out', csvDir.dir, '--user', 'admin', '--data-dir', store.dir], env);
      expect(pdf.code).toBe(0);
      expect(readFileSync(pdf.stdout.trim()).subarray(0, 5).toString()).toBe('%PDF-');
      const bad = await carnet(['report', 'health', '--from', FILTERS.from, '--to', FILTERS.to, '--format', 'xls', '--user', 'admin', '--data-dir', store.dir], env);
      expect(bad.code).toBe(2);
    } finally {
      csvDir.cleanup();
      store = store.reopen();
      await store.value('session.login', { username: 'admin', password: 'correct horse battery' });
    }
  });

  it('runs a network authority whose public key, certificate and trust list a centre takes in', async () => {
    const office = makeTempDir();
    try {
      const env = { CARNET_AUTHORITY_PASSPHRASE: 'the office passphrase 2026' };
      const init = await carnet(['authority', 'init', '--name', 'Balkan route network', '--dir', office.dir], env);
      expect(init.code).toBe(0);
      const authorityFingerprint = /\n([0-9 ]{30,})\n/.exec(init.stdout)?.[1] as string;
      expect(authorityFingerprint).toBeDefined();

      const me = await store.value<{ card: string; fingerprint: string; siteId: string }>('site.identity');
      writeFileSync(join(office.dir, 'card.jws'), me.card);
      const wrongDigits = await carnet(['authority', 'sign', join(office.dir, 'card.jws'), '--fingerprint', '0000 0000 0000 0000 0000 0000 0000 0000', '--dir', office.dir], env);
      expect(wrongDigits.code).not.toBe(0);
      const certFile = join(office.dir, 'cert.jws');
      const signed = await carnet(['authority', 'sign', join(office.dir, 'card.jws'), '--fingerprint', me.fingerprint, '--out', certFile, '--dir', office.dir], env);
      expect(signed.stderr).toBe('');
      const published = await carnet(['authority', 'publish', '--out', join(office.dir, 'trust-list.jws'), '--dir', office.dir], env);
      expect(published.stdout).toMatch(/Trust list number 1 \(1 centres, 0 revoked\)/);

      const publicKey = readFileSync(join(office.dir, 'authority-public.json'), 'utf8');
      const mistyped = await store.call('site.setAuthority', { publicKey, fingerprint: authorityFingerprint.replace(/\d$/, (d) => String((Number(d) + 1) % 10)) });
      expect(!mistyped.ok && mistyped.error.code).toBe('TRUST_FINGERPRINT_MISMATCH');
      await store.value('site.setAuthority', { publicKey, fingerprint: authorityFingerprint });
      const withCert = await store.value<{ certificate: { status: string } }>('site.importCertificate', { certificate: readFileSync(certFile, 'utf8').trim() });
      expect(withCert.certificate.status).toBe('valid');
      const list = await store.value<{ sequence: number }>('site.importTrustList', { trustList: readFileSync(join(office.dir, 'trust-list.jws'), 'utf8').trim() });
      expect(list.sequence).toBe(1);
      const again = await store.call('site.importTrustList', { trustList: readFileSync(join(office.dir, 'trust-list.jws'), 'utf8').trim() });
      expect(!again.ok && again.error.code).toBe('TRUST_LIST_OLDER');

      // Revoked, then published: the centre learns it from the next list.
      expect((await carnet(['authority', 'revoke', '--site', me.siteId, '--dir', office.dir], env)).code).toBe(0);
      await carnet(['authority', 'publish', '--out', join(office.dir, 'trust-list-2.jws'), '--dir', office.dir], env);
      await store.value('site.importTrustList', { trustList: readFileSync(join(office.dir, 'trust-list-2.jws'), 'utf8').trim() });
      expect((await store.value<{ certificate: { status: string } }>('site.identity')).certificate.status).toBe('revoked');
    } finally {
      office.cleanup();
    }
  });
});
