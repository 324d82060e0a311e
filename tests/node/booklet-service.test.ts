// The booklet through the contract: languages (the centre's from its country, the person's chosen),
// A5 or imposed A4, the QR signed with the centre's site key, the print in the person's access log,
// and who may print it.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonSummary } from '../../src/api/schemas/record.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

let store: TestStore;
let out: { dir: string; cleanup: () => void };
let personId: string;

beforeAll(async () => {
  store = await setUpStore();
  out = makeTempDir();
  await store.value('demo.fill', { from: 0, count: 3, seed: 7 });
  personId = (await store.value<{ results: PersonSummary[] }>('person.search', { limit: 1 })).results[0]?.id as string;
}, 60_000);
afterAll(() => {
  store.cleanup();
  out.cleanup();
});

function info(data: string, name: string): string {
  const file = join(out.dir, name);
  writeFileSync(file, Buffer.from(data, 'base64'));
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
}

describe('booklet.print', { timeout: 60_000 }, () => {
  it('prints A5 in Serbian (the centre’s country) and Arabic, and A4 imposed, each print logged', async () => {
    const a5 = await store.value<{ name: string; data: string; languages: string[] }>('booklet.print', { personId, language: 'ar', layout: 'a5' });
    expect(a5.languages).toEqual(['sr', 'ar']);
    expect(info(a5.data, 'a5.pdf')).toMatch(/Page size:\s+419\.5\d* x 595\.2\d* pts/);
    const a4 = await store.value<{ data: string }>('booklet.print', { personId, language: 'ar', layout: 'a4' });
    expect(info(a4.data, 'a4.pdf')).toMatch(/Page size:\s+841\.8\d* x 595\.2\d* pts/);
    // The centre's own language as the person's: English second.
    expect((await store.value<{ languages: string[] }>('booklet.print', { personId, language: 'sr', layout: 'a5' })).languages).toEqual(['sr', 'en']);
    const log = await store.value<{ entries: { method: string; personId: string | null; changes: Record<string, unknown> }[] }>('audit.list', { method: 'booklet.print' });
    expect(log.entries).toHaveLength(3);
    expect(log.entries[0]).toMatchObject({ personId, changes: { signed: true } });
  });

  it('lets a mediator print it and refuses a viewer', async () => {
    await store.value('users.add', { username: 'med', displayName: 'Mediator', role: 'mediator', password: 'mediator password 1' });
    await store.value('users.add', { username: 'view', displayName: 'Viewer', role: 'viewer', password: 'viewer password 1' });
    await store.value('session.lock');
    await store.value('session.login', { username: 'med', password: 'mediator password 1' });
    expect((await store.call('booklet.print', { personId, layout: 'a5' })).ok).toBe(true);
    await store.value('session.lock');
    await store.value('session.login', { username: 'view', password: 'viewer password 1' });
    const denied = await store.call('booklet.print', { personId, layout: 'a5' });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
  });
});
