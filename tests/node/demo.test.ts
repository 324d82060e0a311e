// The demo data generator (src/demo) and `carnet demo`: every object valid for the domain's schemas,
// codes from the record's value sets, the same persons for the same seed, the nationality mix and
// naming of the centres; the command fills a centre through the record service, refuses without an
// admin's credentials and beyond its limit.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chart, PersonSummary } from '../../src/api/schemas/record.ts';
import { createCore } from '../../src/app/services.ts';
import { COUNTRIES, demoRecord, demoRecords, type DemoRecord } from '../../src/demo/index.ts';
import { EntryBodySchema, EpisodeSchema } from '../../src/domain/entries.ts';
import { detectScript } from '../../src/domain/names/index.ts';
import { PersonSchema } from '../../src/domain/person.ts';
import { icd10Entry, loincItem, VACCINE_ANTIGENS, cvxProduct } from '../../src/domain/value-sets/index.ts';
import { VITALS } from '../../src/domain/vitals.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const TODAY = '2026-11-15';
const VITAL_CODES = new Set<string>(Object.values(VITALS).map((v) => v.loinc));

describe('the demo data generator', () => {
  const records: DemoRecord[] = [...demoRecords(1500, { seed: 11, today: TODAY, hostCountry: 'GR' })];

  it('makes persons, episodes and entries that parse with the domain schemas unchanged', () => {
    let episodes = 0;
    let entries = 0;
    for (const r of records) {
      // Parsing changes nothing: every default is already there.
      expect(PersonSchema.parse(r.person)).toEqual(r.person);
      for (const e of r.episodes) {
        expect(EpisodeSchema.parse(e.episode)).toEqual(e.episode);
        expect(e.episode.date <= TODAY && e.episode.date >= (r.person.arrivalDate ?? '')).toBe(true);
        for (const body of e.entries) expect(EntryBodySchema.parse(body)).toEqual(body);
        episodes++;
        entries += e.entries.length;
      }
    }
    expect(episodes).toBeGreaterThan(records.length);
    expect(entries).toBeGreaterThan(episodes * 5);
  });

  it('codes with the value sets: vital signs and labs in LOINC, conditions in the ICD-10 list, antigens and CVX', () => {
    const kinds = new Set<string>();
    const types = new Set<string>();
    for (const r of records) {
      for (const e of r.episodes) {
        types.add(e.episode.type);
        for (const b of e.entries) {
          kinds.add(b.kind);
          if (b.kind === 'observation') {
            if (b.category === 'vital-signs') expect(VITAL_CODES.has(b.code), b.code).toBe(true);
            else expect(loincItem(b.code), b.code).toBeDefined();
            if (b.value.type === 'quantity') expect(b.value.unit).toBe(loincItem(b.code)?.unit);
          }
          if (b.kind === 'condition') expect(icd10Entry(b.icd10), b.icd10).toBeDefined();
          if (b.kind === 'immunization') {
            expect(VACCINE_ANTIGENS).toContain(b.antigen);
            if (b.cvx) expect(cvxProduct(b.cvx)?.antigens).toContain(b.antigen);
          }
        }
      }
    }
    expect([...types].sort()).toEqual(['follow-up', 'initial-assessment', 'lab-only']);
    expect([...kinds].sort()).toEqual(['allergy', 'condition', 'consent', 'immunization', 'medication', 'observation', 'referral']);
  });

  it('draws the nationality mix of the centres, both sexes, ages from infants to the old', () => {
    const nationalities = new Set(records.map((r) => r.person.nationality));
    for (const c of COUNTRIES) expect(nationalities, c.code).toContain(c.code);
    for (const code of ['SY', 'AF', 'IQ', 'PK', 'IR', 'MA', 'DZ', 'ER', 'SO', 'SD', 'PS', 'BD', 'NG', 'CD', 'UA', 'TR', 'EG']) expect(nationalities).toContain(code);
    const share = (f: (r: DemoRecord) => boolean) => records.filter(f).length / records.length;
    expect(share((r) => r.person.nationality === 'SY')).toBeGreaterThan(0.08);
    expect(share((r) => r.person.sex === 'male')).toBeGreaterThan(0.5);
    expect(share((r) => r.person.sex === 'female')).toBeGreaterThan(0.2);
    // Unknown days written as 1 January, and ages only estimated.
    expect(share((r) => r.person.birth.kind === 'date' && r.person.birth.date.endsWith('-01-01'))).toBeGreaterThan(0.08);
    expect(share((r) => r.person.birth.kind === 'estimated')).toBeGreaterThan(0.03);
    const years = records.map((r) => (r.person.birth.kind === 'date' ? Number(TODAY.slice(0, 4)) - Number(r.person.birth.date.slice(0, 4)) : r.person.birth.years));
    expect(Math.min(...years)).toBeLessThanOrEqual(1);
    expect(Math.max(...years)).toBeGreaterThan(60);
    expect(share((r) => r.person.identifiers.length > 0)).toBeGreaterThan(0.5);
    expect(share((r) => r.person.phone?.startsWith('+30 69') === true)).toBeGreaterThan(0.3);
  });

  it('names each person in several spellings and scripts, the document spelling first', () => {
    const scripts = new Set<string>();
    for (const r of records) {
      const [first, ...others] = r.person.names;
      // A second registration may have no document: the first name written is then preferred.
      expect(first).toMatchObject(r.duplicateOf === undefined ? { script: 'Latn', source: 'document', preferred: true } : { preferred: true });
      expect(others.every((n) => !n.preferred)).toBe(true);
      for (const n of r.person.names) {
        const text = [n.given, n.family].filter(Boolean).join(' ');
        expect(detectScript(text), text).toBe(n.script);
        scripts.add(n.script);
      }
    }
    expect([...scripts].sort()).toEqual(['Arab', 'Beng', 'Cyrl', 'Ethi', 'Latn']);
    const count = (n: number) => records.filter((r) => r.person.names.length === n).length;
    expect(count(3)).toBeGreaterThan(records.length / 3);
    expect(count(1) + count(2)).toBeGreaterThan(0);
    // Most have a given name and a family name; many a father's name too (three words or more).
    expect(records.filter((r) => (r.person.names[0]?.family ?? '').includes(' ')).length).toBeGreaterThan(records.length / 10);
    const exactlyThree = [...demoRecords(50, { seed: 3, today: TODAY, namesPerPerson: 3, episodes: false })];
    expect(exactlyThree.filter((r) => r.person.names.length === 3).length).toBeGreaterThan(45);
  });

  it('registers some persons twice, under other spellings, as happens', () => {
    const seconds = records.filter((r) => r.duplicateOf !== undefined);
    expect(seconds.length).toBeGreaterThan(10);
    for (const r of seconds) {
      const first = records[r.duplicateOf as number] as DemoRecord;
      expect(first.duplicateOf).toBeUndefined();
      expect(r.person.nationality).toBe(first.person.nationality);
      expect(r.person.sex).toBe(first.person.sex);
    }
  });

  it('is deterministic: the same seed gives the same persons, person i alone is person i of the stream', () => {
    const a = [...demoRecords(40, { seed: 'centre-7', today: TODAY })];
    const b = [...demoRecords(40, { seed: 'centre-7', today: TODAY })];
    expect(b).toEqual(a);
    expect(demoRecord(17, { seed: 'centre-7', today: TODAY })).toEqual(a[17]);
    expect([...demoRecords(5, { seed: 'centre-7', today: TODAY }, 35)]).toEqual(a.slice(35));
    const other = [...demoRecords(40, { seed: 'centre-8', today: TODAY })];
    expect(other.map((r) => r.person.names[0])).not.toEqual(a.map((r) => r.person.names[0]));
    expect(() => demoRecord(0, { today: '15/11/2026' })).toThrow(/YYYY-MM-DD/);
  });
});

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'carnet.mjs');
const ADMIN_PW = { CARNET_PASSWORD: 'admin password 123' };
let temp: { dir: string; cleanup: () => void };

async function carnet(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--data-dir', temp.dir], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp.cleanup());

// Each command is a fresh process that derives an Argon2id key.
describe('carnet demo', { timeout: 60_000 }, () => {
  it('is in the help', async () => {
    const help = await carnet(['--help']);
    expect(help.stdout).toMatch(/demo --persons N \[--seed S\] --user ADMIN/);
  });

  it('refuses without an admin\'s credentials, and beyond 100,000 persons', async () => {
    expect((await carnet(['init', '--centre-name', 'Demo Centre', '--country', 'gr', '--code', 'GR-DEM', '--admin-user', 'admin'], ADMIN_PW)).code).toBe(0);
    const noUser = await carnet(['demo', '--persons', '5']);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toContain('--user is required');
    const wrong = await carnet(['demo', '--persons', '5', '--user', 'admin'], { CARNET_PASSWORD: 'not the password' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('LOGIN_FAILED');
    expect((await carnet(['user', 'add', 'nurse', '--role', 'clinician', '--user', 'admin'], { ...ADMIN_PW, CARNET_NEW_PASSWORD: 'nurse password 1' })).code).toBe(0);
    const nurse = await carnet(['demo', '--persons', '5', '--user', 'nurse'], { CARNET_PASSWORD: 'nurse password 1' });
    expect(nurse.code).toBe(1);
    expect(nurse.stderr).toContain('FORBIDDEN');
    const tooMany = await carnet(['demo', '--persons', '100001', '--user', 'admin'], ADMIN_PW);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/refusing 100001 persons: at most 100000/);
    expect((await carnet(['demo', '--persons', 'many', '--user', 'admin'], ADMIN_PW)).code).toBe(2);
  });

  it('fills the centre with N persons through the record service; they can be found by name', async () => {
    const r = await carnet(['demo', '--persons', '30', '--seed', '5', '--user', 'admin'], ADMIN_PW);
    expect(r.stderr, r.stderr).toContain('demo: 30/30 persons (100%)');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Added 30 demo persons with \d+ visits and \d+ entries \(seed 5\)/);

    const core = createCore({ dataDir: temp.dir, mode: 'cli', logger: SILENT_LOGGER });
    try {
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const result = await core.handlers.invoke(method, input, { transport: 'test' });
        if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
        return result.value as T;
      };
      await call('session.login', { username: 'admin', password: ADMIN_PW.CARNET_PASSWORD });
      const all = await call<{ total: number }>('person.search', { limit: 100 });
      expect(all.total).toBe(30);
      const stats = await call<{ persons: number; episodes: number }>('record.stats', {});
      expect(stats.persons).toBe(30);
      expect(stats.episodes).toBe(Number(/with (\d+) visits/.exec(r.stdout)?.[1]));
      // The next batch continues the same seed where the first stopped: persons 30..31, not 0..1 again.
      const more = await call<{ persons: number }>('demo.fill', { from: 30, count: 2, seed: 5 });
      expect(more.persons).toBe(2);
      expect((await call<{ persons: number }>('record.stats', {})).persons).toBe(32);
      const next = demoRecord(30, { seed: 5, today: TODAY, hostCountry: 'GR' });
      const nextName = next.person.names[0] as { given?: string; family?: string };
      const again = await call<{ results: PersonSummary[] }>('person.search', { text: [nextName.given, nextName.family].filter(Boolean).join(' '), limit: 10 });
      expect(again.results.map((p) => p.names[0]?.given)).toContain(nextName.given);
      // The same seed gives the same names (the day only moves the dates).
      const expected = [...demoRecords(30, { seed: 5, today: TODAY, hostCountry: 'GR' })];
      for (const record of expected.filter((x) => x.duplicateOf === undefined).slice(0, 10)) {
        const name = record.person.names[0] as { given?: string; family?: string };
        const text = [name.given, name.family].filter(Boolean).join(' ');
        const found = await call<{ results: PersonSummary[] }>('person.search', { text, limit: 10 });
        expect(found.results.map((p) => p.names[0]?.given), text).toContain(name.given);
        const hit = found.results.find((p) => p.names[0]?.family === name.family) as PersonSummary;
        const chart = await call<Chart>('person.chart', { personId: hit.id });
        expect(chart.episodes.length).toBe(record.episodes.length);
      }
      const log = await call<{ entries: { method: string }[] }>('audit.list', { method: 'person.register', limit: 100 });
      expect(log.entries).toHaveLength(32);
      expect((await call<{ entries: unknown[] }>('audit.list', { method: 'demo.fill', limit: 100 })).entries.length).toBeGreaterThan(1);
    } finally {
      core.close();
    }
  });
});
