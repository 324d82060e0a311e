// The merge model on its own (src/transfer/merge.ts): how an incoming version relates to the one here
// (new, unchanged, older, update, merge) from versions, histories and the sync base, and the field by
// field three-way merge with its conflicts.
import { describe, expect, it } from 'vitest';
import type { RecordState } from '../../src/db/repositories/transfer.repository.ts';
import { STATUS_FIELD, classify, mergeFields, mergedState, type ClassifyInput, type SyncBase } from '../../src/transfer/merge.ts';

const state = (data: Record<string, unknown>, status = 'active', voidReason: string | null = null): RecordState => ({ status, voidReason, mergedInto: null, data: JSON.stringify(data) });

const V1 = state({ sex: 'male', phone: '1', languages: ['ar'] });
const A2 = state({ sex: 'male', phone: '2', languages: ['ar'] });
const B2 = state({ languages: ['ar', 'en'], phone: '1', sex: 'male' });
const A3 = state({ sex: 'male', phone: '3', languages: ['ar'] });

function input(patch: Partial<ClassifyInput> & Pick<ClassifyInput, 'incoming'>, localHistory: RecordState[] = [], incomingHistory: RecordState[] = []): ClassifyInput {
  return {
    local: undefined,
    base: undefined,
    senderSiteId: 'site-a',
    localAt: (v) => localHistory[v - 1],
    incomingAt: (v) => incomingHistory[v - 1],
    ...patch,
  };
}

const base = (s: RecordState, version: number, direction: SyncBase['direction'], peerSiteId: string | null): SyncBase => ({ state: s, version, direction, peerSiteId });

describe('how an incoming version relates to the one here', () => {
  it('tells new, unchanged (whatever the key order), older and update along one history', () => {
    expect(classify(input({ incoming: { version: 1, state: V1 } })).action).toBe('new');
    const reordered = state({ languages: ['ar'], phone: '1', sex: 'male' });
    expect(classify(input({ local: { version: 1, state: V1 }, incoming: { version: 1, state: reordered } })).action).toBe('unchanged');
    // Here v3 whose v2 is the file's: the file is older. The reverse: an update.
    expect(classify(input({ local: { version: 3, state: A3 }, incoming: { version: 2, state: A2 } }, [V1, A2])).action).toBe('older');
    expect(classify(input({ local: { version: 2, state: A2 }, incoming: { version: 3, state: A3 } }, [V1], [V1, A2])).action).toBe('update');
  });

  it('treats a version below the one last imported from the same sender as stale', () => {
    const last = base(A3, 3, 'import', 'site-a');
    expect(classify(input({ local: { version: 3, state: A3 }, incoming: { version: 2, state: B2 }, base: last })).action).toBe('older');
    // From another sender the same numbers say nothing about order.
    expect(classify(input({ local: { version: 3, state: A3 }, incoming: { version: 2, state: B2 }, base: last, senderSiteId: 'site-c' }, [V1, A2], [V1])).action).toBe('merge');
  });

  it('uses the sync base: unchanged here since the exchange is an update, changed on both sides a merge', () => {
    const exported = base(B2, 2, 'export', 'site-a');
    // Belgrade sent B2; Lesvos merged it into its v3 (A3); Belgrade still holds B2: an update.
    expect(classify(input({ local: { version: 2, state: B2 }, incoming: { version: 3, state: A3 }, base: exported }, [V1], [V1, A2])).action).toBe('update');
    const both = classify(input({ local: { version: 2, state: A2 }, incoming: { version: 2, state: B2 }, base: base(V1, 1, 'export', 'site-a') }));
    expect(both).toEqual({ action: 'merge', ancestor: V1 });
  });

  it('finds where two histories parted when the sync base was with another centre', () => {
    // Here: V1, B2 (from Belgrade, base with Belgrade). From Lesvos: V1, A2.
    const result = classify(input({ local: { version: 2, state: B2 }, incoming: { version: 2, state: A2 }, base: base(B2, 2, 'import', 'site-b') }, [V1], [V1]));
    expect(result).toEqual({ action: 'merge', ancestor: V1 });
  });
});

describe('field by field', () => {
  it('takes a field changed on one side only, and lists a field changed on both as a conflict', () => {
    const local = state({ sex: 'male', phone: '2', languages: ['ar', 'en'] });
    const incoming = state({ sex: 'female', phone: '3', languages: ['ar'] });
    const merged = mergeFields(V1, local, incoming);
    expect(merged.conflicts).toEqual([{ field: 'phone', local: '2', incoming: '3' }]);
    expect(JSON.parse(mergedState(merged, () => 'incoming').data)).toEqual({ sex: 'female', phone: '3', languages: ['ar', 'en'] });
    expect(JSON.parse(mergedState(merged, () => 'local').data)).toEqual({ sex: 'female', phone: '2', languages: ['ar', 'en'] });
  });

  it('merges a void with an edit, and without an ancestor asks about every difference', () => {
    const voided = state({ sex: 'male', phone: '1', languages: ['ar'] }, 'voided', 'wrong person');
    const merged = mergeFields(V1, voided, A2);
    expect(merged.conflicts).toEqual([]);
    expect(mergedState(merged, () => 'local')).toMatchObject({ status: 'voided', voidReason: 'wrong person', data: JSON.stringify({ languages: ['ar'], phone: '2', sex: 'male' }) });
    const unknown = mergeFields(undefined, voided, A2);
    expect(unknown.conflicts.map((c) => c.field)).toEqual(['phone', STATUS_FIELD]);
  });
});
