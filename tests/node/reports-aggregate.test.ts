// Reports across centres: each centre signs its counts, the coordinating office checks them against
// the trust list, adds them up and only then hides small cells; a changed, unknown or repeated file
// is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UseReport } from '../../src/api/schemas/reports.ts';
import { combineAggregates } from '../../src/reports/aggregate.ts';
import { verifyTrustList } from '../../src/transfer/trust-list.ts';
import { certifyAll, openCentre, type Centre, type TestAuthority } from '../fixtures/transfer/centres.ts';

let a: Centre;
let b: Centre;
let network: TestAuthority;
const FILTERS = { from: `${new Date().getUTCFullYear() - 3}-01-01`, to: new Date().toISOString().slice(0, 10) };

beforeAll(async () => {
  a = await openCentre({ name: 'Centre Lesvos', country: 'GR', code: 'GR-LES' });
  b = await openCentre({ name: 'Centre Krnjača', country: 'RS', code: 'RS-KRN' });
  network = await certifyAll([a, b]);
  await a.value('demo.fill', { from: 0, count: 30, seed: 1 });
  await b.value('demo.fill', { from: 0, count: 20, seed: 2 });
}, 120_000);
afterAll(() => {
  a.cleanup();
  b.cleanup();
});

describe('combined reports', { timeout: 60_000 }, () => {
  it('adds the centres’ counts before hiding small cells', async () => {
    const fileA = (await a.value<{ data: string }>('report.aggregate', { kind: 'use', filters: FILTERS })).data;
    const fileB = (await b.value<{ data: string }>('report.aggregate', { kind: 'use', filters: FILTERS })).data;
    const trustList = await verifyTrustList(network.trustList, network.authority.publicKey);
    const { report, centres } = await combineAggregates([fileA, fileB], { trustList }, { now: new Date(), threshold: 5 });
    expect(centres.map((c) => c.name).sort()).toEqual(['Centre Krnjača', 'Centre Lesvos']);
    const created = (report as UseReport).tables.find((t) => t.id === 'recordsCreated');
    expect(created?.grandTotal).toEqual({ suppressed: false, value: 50 });
    expect(created?.rows.map((r) => r.key).sort()).toEqual([a.siteId, b.siteId].sort());
    // Each centre's own report hides what the combined one may show, never the other way round.
    for (const c of created?.cells.flat() ?? []) if (!c.suppressed) expect(c.value === 0 || c.value >= 5).toBe(true);
  });

  it('refuses a changed file, a centre the trust list does not know, the same centre twice and different questions', async () => {
    const fileA = (await a.value<{ data: string }>('report.aggregate', { kind: 'use', filters: FILTERS })).data;
    const trustList = await verifyTrustList(network.trustList, network.authority.publicKey);
    const [header, payload, signature] = fileA.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { tables: { cells: number[][] }[] };
    (edited.tables[0] as { cells: number[][] }).cells[0] = (edited.tables[0] as { cells: number[][] }).cells[0]?.map((n) => n + 100) ?? [];
    const tampered = `${header}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;
    await expect(combineAggregates([tampered], { trustList }, { now: new Date(), threshold: 5 })).rejects.toMatchObject({ code: 'TRANSFER_TAMPERED' });
    await expect(combineAggregates([fileA], { paired: [] }, { now: new Date(), threshold: 5 })).rejects.toMatchObject({ code: 'TRANSFER_UNKNOWN_SENDER' });
    await expect(combineAggregates([fileA, fileA], { trustList }, { now: new Date(), threshold: 5 })).rejects.toMatchObject({ code: 'VALIDATION', details: { reason: 'same-centre-twice' } });
    const health = (await b.value<{ data: string }>('report.aggregate', { kind: 'health', filters: FILTERS })).data;
    await expect(combineAggregates([fileA, health], { trustList }, { now: new Date(), threshold: 5 })).rejects.toMatchObject({ details: { reason: 'different-reports' } });
  });

  it('is the admin’s decision: a clinician may not export unsuppressed counts', async () => {
    await a.value('users.add', { username: 'doc', displayName: 'Doctor', role: 'clinician', password: 'doctor password 1' });
    await a.value('session.lock');
    await a.value('session.login', { username: 'doc', password: 'doctor password 1' });
    const denied = await a.call('report.aggregate', { kind: 'use', filters: FILTERS });
    expect(!denied.ok && denied.error.code).toBe('FORBIDDEN');
  });
});
