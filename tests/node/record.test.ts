// The health record against the real encrypted store: versions, voids, the chart, search across
// scripts, duplicates and merge, permissions per role, drafts.
import { afterEach, describe, expect, it } from 'vitest';
import type { Chart, EntryRecord, EpisodeRecord, PersonRecord, PersonSummary } from '../../src/api/schemas/record.ts';
import type { PersonInput } from '../../src/domain/person.ts';
import { ADMIN, setUpStore, type TestStore } from '../helpers/store.ts';

let store: TestStore | undefined;
afterEach(() => store?.cleanup());

function person(overrides: Partial<PersonInput> = {}): PersonInput {
  return {
    names: [
      { given: 'Mohammed', family: 'Al-Hassan', script: 'Latn', source: 'document', preferred: true },
      { given: 'محمد', family: 'الحسن', script: 'Arab', source: 'spoken' },
    ],
    identifiers: [{ kind: 'unhcr', value: '123-45C67890', issuer: 'RS' }],
    birth: { kind: 'date', date: '1991-03-14' },
    sex: 'male',
    nationality: 'SY',
    languages: ['ar'],
    arrivalDate: '2026-10-02',
    legalStatus: 'asylum-seeker',
    phone: '+381 64 123 4567',
    ...overrides,
  };
}

async function open(): Promise<TestStore> {
  store = await setUpStore();
  return store;
}

async function register(s: TestStore, p: PersonInput = person()): Promise<PersonRecord> {
  return s.value<PersonRecord>('person.register', { person: p });
}

const VITALS_AT = '2026-11-20T09:30:00.000Z';

describe('registration and the chart', () => {
  it('registers a person with a record number of the centre and year, version 1, logged with its id', async () => {
    const s = await open();
    const first = await register(s);
    const second = await register(s, person({ names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn', source: 'document' }] }));
    const year = new Date().getUTCFullYear();
    expect(first.recordNumber).toBe(`RS-KRN-${year}-00001`);
    expect(second.recordNumber).toBe(`RS-KRN-${year}-00002`);
    expect(first).toMatchObject({ version: 1, status: 'active' });
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const chart = await s.value<Chart>('person.chart', { personId: first.id });
    expect(chart.person.person.names[1]?.given).toBe('محمد');
    const log = await s.value<{ entries: { method: string; personId: string | null; changes: unknown }[] }>('audit.list', { personId: first.id });
    expect(log.entries.map((e) => e.method).sort()).toEqual(['person.chart', 'person.register']);
    // Ids and field names only: no name, no date of birth in the log.
    expect(JSON.stringify(log.entries)).not.toMatch(/Mohammed|1991/);
  });

  it('keeps every version of a person and refuses a save based on an old version', async () => {
    const s = await open();
    const p = await register(s);
    const v2 = await s.value<PersonRecord>('person.update', { personId: p.id, baseVersion: 1, person: person({ phone: '+381 65 000 1111' }) });
    expect(v2.version).toBe(2);
    const stale = await s.call('person.update', { personId: p.id, baseVersion: 1, person: person({ sex: 'female' }) });
    expect(stale.ok ? 'ok' : stale.error.code).toBe('CONFLICT');
    const history = await s.value<{ versions: { version: number; byName: string | null; data: { phone?: string } }[] }>('record.history', { type: 'person', id: p.id });
    expect(history.versions.map((v) => [v.version, v.data.phone, v.byName])).toEqual([
      [1, '+381 64 123 4567', ADMIN.displayName],
      [2, '+381 65 000 1111', ADMIN.displayName],
    ]);
    const log = await s.value<{ entries: { method: string; changes: { fields?: string[] } | null }[] }>('audit.list', { personId: p.id, method: 'person.update' });
    expect(log.entries[0]?.changes?.fields).toEqual(['phone']);
  });

  it('records episodes and entries; edits make versions, voiding needs a reason, nothing is deleted', async () => {
    const s = await open();
    const p = await register(s);
    const episode = await s.value<EpisodeRecord>('episode.create', {
      personId: p.id,
      episode: { type: 'initial-assessment', date: '2026-11-20', language: 'ar', mediatorPresent: true },
    });
    const [pulse, condition] = await s.value<EntryRecord[]>('entry.add', {
      episodeId: episode.id,
      entries: [
        { kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 88, unit: '/min' }, effectiveAt: VITALS_AT },
        { kind: 'condition', icd10: 'B86', novelty: 'new', certainty: 'confirmed' },
      ],
    });
    if (!pulse || !condition) throw new Error('two entries expected');
    const corrected = await s.value<EntryRecord>('entry.update', {
      entryId: pulse.id,
      baseVersion: 1,
      body: { kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 84, unit: '/min' }, effectiveAt: VITALS_AT },
    });
    expect(corrected.version).toBe(2);
    const changeKind = await s.call('entry.update', { entryId: pulse.id, baseVersion: 2, body: { kind: 'condition', icd10: 'J06.9', novelty: 'new', certainty: 'confirmed' } });
    expect(changeKind.ok ? 'ok' : changeKind.error.code).toBe('VALIDATION');

    const noReason = await s.call('entry.void', { entryId: condition.id, reason: '' });
    expect(noReason.ok ? 'ok' : noReason.error.code).toBe('VALIDATION');
    const voided = await s.value<EntryRecord>('entry.void', { entryId: condition.id, reason: 'Entered for the wrong person' });
    expect(voided).toMatchObject({ status: 'voided', voidReason: 'Entered for the wrong person', version: 2 });
    const again = await s.call('entry.void', { entryId: condition.id, reason: 'twice' });
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');

    const chart = await s.value<Chart>('person.chart', { personId: p.id });
    expect(chart.episodes).toHaveLength(1);
    expect(chart.entries.map((e) => [e.body.kind, e.status, e.version])).toEqual([
      ['observation', 'active', 2],
      ['condition', 'voided', 2],
    ]);
    const history = await s.value<{ versions: { version: number; status: string }[] }>('record.history', { type: 'entry', id: pulse.id });
    expect(history.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('refuses entries into a voided episode and edits of a voided entry', async () => {
    const s = await open();
    const p = await register(s);
    const episode = await s.value<EpisodeRecord>('episode.create', { personId: p.id, episode: { type: 'follow-up', date: '2026-11-21' } });
    await s.value('episode.void', { episodeId: episode.id, reason: 'Duplicate visit' });
    const add = await s.call('entry.add', { episodeId: episode.id, entries: [{ kind: 'medication', name: 'Permethrin 5%', status: 'given' }] });
    expect(add.ok ? 'ok' : add.error.code).toBe('CONFLICT');
  });
});

describe('search', () => {
  async function population(s: TestStore) {
    const people: [string, PersonInput][] = [
      ['mohammed', person()],
      [
        'fatemeh',
        person({
          names: [
            { given: 'Fatemeh', family: 'Rezaei', script: 'Latn', source: 'transliterated' },
            { given: 'فاطمه', family: 'رضایی', script: 'Arab', source: 'document', preferred: true },
          ],
          identifiers: [{ kind: 'passport', value: 'P 4455 1212' }],
          birth: { kind: 'estimated', years: 34, estimatedOn: '2026-11-01' },
          sex: 'female',
          nationality: 'AF',
          phone: undefined,
        }),
      ],
      [
        'dragana',
        person({
          names: [{ given: 'Драгана', family: 'Јовановић', script: 'Cyrl', source: 'document' }],
          identifiers: [],
          birth: { kind: 'date', date: '2010-06-30' },
          sex: 'female',
          nationality: 'RS',
          phone: undefined,
        }),
      ],
      ['ahmad', person({ names: [{ given: 'Ahmad', family: 'Karimi', script: 'Latn', source: 'document' }], identifiers: [], nationality: 'AF', phone: undefined })],
    ];
    const ids: Record<string, string> = {};
    for (const [key, p] of people) ids[key] = (await register(s, p)).id;
    return ids;
  }

  async function find(s: TestStore, input: Record<string, unknown>): Promise<PersonSummary[]> {
    return (await s.value<{ results: PersonSummary[] }>('person.search', input)).results;
  }

  it('finds a person from another spelling or another script, best first', async () => {
    const s = await open();
    const ids = await population(s);
    for (const [text, who] of [
      ['Muhammad Hassan', 'mohammed'],
      ['Mohamad al hasan', 'mohammed'],
      ['محمد', 'mohammed'],
      ['Fatima Rezai', 'fatemeh'],
      ['Dragana Jovanovic', 'dragana'],
      ['jovanov', 'dragana'],
    ] as const) {
      const results = await find(s, { text });
      expect(results[0]?.id, text).toBe(ids[who]);
    }
  });

  it('finds by identifier, record number or its beginning, and by phone', async () => {
    const s = await open();
    const ids = await population(s);
    expect((await find(s, { text: 'p4455-1212' }))[0]?.id).toBe(ids['fatemeh']);
    const year = new Date().getUTCFullYear();
    expect((await find(s, { text: `rs-krn-${year}-00003` }))[0]?.id).toBe(ids['dragana']);
    expect((await find(s, { phone: '064 123 4567' })).map((r) => r.id)).toEqual([ids['mohammed']]);
  });

  it('filters by sex, nationality, age and arrival, with or without a name', async () => {
    const s = await open();
    const ids = await population(s);
    expect((await find(s, { sex: 'female' })).map((r) => r.id).sort()).toEqual([ids['fatemeh'], ids['dragana']].sort());
    expect((await find(s, { nationality: 'AF' })).map((r) => r.id).sort()).toEqual([ids['fatemeh'], ids['ahmad']].sort());
    // An estimated age of 34 in Nov 2026 matches 33..35 as its range allows; a child of 16 does not.
    expect((await find(s, { ageFrom: 30, ageTo: 36, sex: 'female' })).map((r) => r.id)).toEqual([ids['fatemeh']]);
    expect((await find(s, { ageTo: 17 })).map((r) => r.id)).toEqual([ids['dragana']]);
    expect(await find(s, { text: 'Karimi', nationality: 'SY' })).toEqual([]);
  });

  it('pages a long list', async () => {
    const s = await open();
    await population(s);
    const page1 = await s.value<{ results: PersonSummary[]; total: number; more: boolean }>('person.search', { limit: 3 });
    const page2 = await s.value<{ results: PersonSummary[]; total: number; more: boolean }>('person.search', { limit: 3, offset: 3 });
    expect([page1.total, page1.results.length, page1.more, page2.results.length, page2.more]).toEqual([4, 3, true, 1, false]);
  });
});

describe('duplicates and merge', () => {
  it('warns at registration, lists likely pairs, merges keeping both histories, and undoes the merge', async () => {
    const s = await open();
    const original = await register(s);
    const episode = await s.value<EpisodeRecord>('episode.create', { personId: original.id, episode: { type: 'initial-assessment', date: '2026-10-03' } });
    const candidate = person({
      names: [{ given: 'Muhammad', family: 'Alhasan', script: 'Latn', source: 'spoken' }],
      identifiers: [],
      birth: { kind: 'date', date: '1991-01-01' },
      phone: undefined,
    });
    const check = await s.value<{ candidates: { person: PersonSummary; score: number; reasons: string[] }[] }>('person.checkDuplicates', { person: candidate });
    expect(check.candidates[0]?.person.id).toBe(original.id);
    expect(check.candidates[0]?.reasons).toEqual(expect.arrayContaining(['names', 'birth', 'sex', 'nationality']));
    // A different person with a common first name is not a duplicate.
    const other = await s.value<{ candidates: unknown[] }>('person.checkDuplicates', {
      person: person({ names: [{ given: 'Mohammed', family: 'Nouri', script: 'Latn', source: 'document' }], identifiers: [], birth: { kind: 'date', date: '1978-08-09' } }),
    });
    expect(other.candidates).toEqual([]);

    const second = await register(s, candidate);
    const list = await s.value<{ pairs: { a: PersonSummary; b: PersonSummary }[] }>('duplicates.list');
    expect(list.pairs.map((p) => [p.a.id, p.b.id].sort())).toEqual([[original.id, second.id].sort()]);

    await s.value('person.merge', { keepId: original.id, mergeId: second.id });
    const found = await s.value<{ results: PersonSummary[] }>('person.search', { text: 'Muhammad Alhasan' });
    expect(found.results.map((r) => r.id)).toEqual([original.id]);
    const episode2 = await s.call('episode.create', { personId: second.id, episode: { type: 'follow-up', date: '2026-11-01' } });
    expect(episode2.ok ? 'ok' : episode2.error.code).toBe('CONFLICT');
    const chart = await s.value<Chart>('person.chart', { personId: second.id });
    expect(chart.person.id).toBe(original.id);
    expect(chart.merged.map((m) => m.id)).toEqual([second.id]);
    expect(chart.episodes.map((e) => e.id)).toEqual([episode.id]);

    await s.value('person.unmerge', { mergedId: second.id });
    const after = await s.value<{ results: PersonSummary[] }>('person.search', { text: 'Muhammad Alhasan' });
    expect(after.results.map((r) => r.id)).toContain(second.id);
    const log = await s.value<{ entries: { method: string }[] }>('audit.list', { method: 'person.merge' });
    expect(log.entries).toHaveLength(1);
  });
});

describe('family links', () => {
  it('ties two persons on both records in one step, with the inverse relation, and unties them', async () => {
    const s = await open();
    const mother = await register(s, person({ names: [{ given: 'Amina', family: 'Yusuf', script: 'Latn', source: 'document' }], sex: 'female' }));
    const child = await register(s, person({ names: [{ given: 'Omar', family: 'Yusuf', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '2019-05-01' } }));
    const linked = await s.value<PersonRecord>('person.link', { personId: child.id, otherId: mother.id, relation: 'parent' });
    expect(linked.person.family).toEqual([{ personId: mother.id, relation: 'parent' }]);
    expect(linked.version).toBe(2);
    const motherChart = await s.value<Chart>('person.chart', { personId: mother.id });
    expect(motherChart.person.person.family).toEqual([{ personId: child.id, relation: 'child' }]);
    expect(motherChart.relatives.map((r) => [r.id, r.names[0]?.given])).toEqual([[child.id, 'Omar']]);

    // Linking again is no change; changing the relation replaces it on both sides.
    expect((await s.value<PersonRecord>('person.link', { personId: child.id, otherId: mother.id, relation: 'parent' })).version).toBe(2);
    await s.value('person.link', { personId: mother.id, otherId: child.id, relation: 'guardian' });
    expect((await s.value<Chart>('person.chart', { personId: child.id })).person.person.family).toEqual([{ personId: mother.id, relation: 'ward' }]);

    const self = await s.call('person.link', { personId: child.id, otherId: child.id, relation: 'sibling' });
    expect(!self.ok && self.error.code).toBe('VALIDATION');
    const bad = await s.call('person.link', { personId: child.id, otherId: mother.id, relation: 'cousin' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION');

    await s.value('person.unlink', { personId: child.id, otherId: mother.id });
    expect((await s.value<Chart>('person.chart', { personId: mother.id })).person.person.family).toEqual([]);
    expect((await s.value<Chart>('person.chart', { personId: child.id })).relatives).toEqual([]);
    const again = await s.call('person.unlink', { personId: child.id, otherId: mother.id });
    expect(!again.ok && again.error.code).toBe('NOT_FOUND');
    const log = await s.value<{ entries: { method: string }[] }>('audit.list', { personId: child.id });
    expect(log.entries.map((e) => e.method)).toEqual(expect.arrayContaining(['person.link', 'person.unlink']));
  });

  it('changes nothing when the other person is not active', async () => {
    const s = await open();
    const a = await register(s);
    const b = await register(s, person({ names: [{ given: 'Sara', family: 'Haddad', script: 'Latn', source: 'document' }] }));
    await s.value('person.void', { personId: b.id, reason: 'registered by mistake' });
    const refused = await s.call('person.link', { personId: a.id, otherId: b.id, relation: 'spouse' });
    expect(!refused.ok && refused.error.code).toBe('CONFLICT');
    expect((await s.value<Chart>('person.chart', { personId: a.id })).person.version).toBe(1);
  });
});

describe('roles', () => {
  it('lets a mediator register and search but not write clinical entries; a viewer only reads', async () => {
    const s = await open();
    await s.value('users.add', { username: 'mediator', displayName: 'Mediator', role: 'mediator', password: 'mediator pass 1' });
    await s.value('users.add', { username: 'viewer', displayName: 'Viewer', role: 'viewer', password: 'viewer pass 12' });
    const p = await register(s);
    const episode = await s.value<EpisodeRecord>('episode.create', { personId: p.id, episode: { type: 'follow-up', date: '2026-11-21' } });
    await s.value('session.lock');

    await s.value('session.login', { username: 'mediator', password: 'mediator pass 1' });
    expect((await s.call('person.register', { person: person({ identifiers: [] }) })).ok).toBe(true);
    expect((await s.call('person.search', { text: 'Mohammed' })).ok).toBe(true);
    const entry = await s.call('entry.add', { episodeId: episode.id, entries: [{ kind: 'medication', name: 'Paracetamol', status: 'given' }] });
    expect(entry.ok ? 'ok' : entry.error.code).toBe('FORBIDDEN');
    await s.value('session.lock');

    await s.value('session.login', { username: 'viewer', password: 'viewer pass 12' });
    expect((await s.call('person.chart', { personId: p.id })).ok).toBe(true);
    const reg = await s.call('person.register', { person: person() });
    expect(reg.ok ? 'ok' : reg.error.code).toBe('FORBIDDEN');
  });
});

describe('drafts', () => {
  it('keeps an unfinished form per user until it is discarded', async () => {
    const s = await open();
    await s.value('draft.save', { key: 'assessment:new', data: { complaints: 'cough for 3 weeks' } });
    expect((await s.value<{ draft: { data: unknown } | null }>('draft.get', { key: 'assessment:new' })).draft?.data).toEqual({ complaints: 'cough for 3 weeks' });
    await s.value('users.add', { username: 'nurse', displayName: 'Nurse', role: 'clinician', password: 'nurse password 1' });
    await s.value('session.lock');
    await s.value('session.login', { username: 'nurse', password: 'nurse password 1' });
    expect((await s.value<{ draft: unknown }>('draft.get', { key: 'assessment:new' })).draft).toBeNull();
    await s.value('session.lock');
    await s.value('session.login', { username: ADMIN.username, password: ADMIN.password });
    await s.value('draft.discard', { key: 'assessment:new' });
    expect((await s.value<{ draft: unknown }>('draft.get', { key: 'assessment:new' })).draft).toBeNull();
  });
});
