import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/api/errors.ts';
import { METHOD_NAMES } from '../../src/api/methods.ts';
import { createEventBus } from '../../src/host/events.ts';
import { createHandlers } from '../../src/host/handlers.ts';
import { PERMISSIONS } from '../../src/api/permissions.ts';
import { fakeAccess, fakeServices } from '../helpers/fake-services.ts';

const ctx = { transport: 'test' as const };

// Inputs no method accepts: wrong types, and objects with keys outside the contract.
const MALFORMED: unknown[] = ['text', 42, true, [], [{}], { unexpected: 1 }, { uiLanguage: 'xx' }, { uiLanguage: 5 }];

function setup(role: Parameters<typeof fakeAccess>[0] = 'admin') {
  const { services, allSpies } = fakeServices();
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const { access, denied } = fakeAccess(role);
  const handlers = createHandlers(services, { events: createEventBus(), logger, access });
  return { services, allSpies, handlers, logger, denied };
}

describe('the host', () => {
  it.each(METHOD_NAMES)('rejects malformed input to %s with VALIDATION and never calls the service', async (method) => {
    const { handlers, allSpies } = setup();
    for (const input of MALFORMED) {
      const result = await handlers.invoke(method, input, ctx);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'VALIDATION', messageKey: 'errors:validation' } });
    }
    for (const spy of allSpies) expect(spy).not.toHaveBeenCalled();
  });

  it('reports where the input was wrong without echoing what was typed', async () => {
    const { handlers } = setup();
    const result = await handlers.invoke('settings.set', { uiLanguage: 'Mohammed Al-Hassan' }, ctx);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('Mohammed');
    expect(result).toMatchObject({ error: { details: { issues: [{ path: ['uiLanguage'] }] } } });
  });

  it.each(['app.delete', '__proto__', 'constructor', 'toString', '', 42, null, undefined, { method: 'app.info' }])(
    'refuses the unknown method %j',
    async (method) => {
      const { handlers, allSpies } = setup();
      const result = await handlers.invoke(method, {}, ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
      for (const spy of allSpies) expect(spy).not.toHaveBeenCalled();
    },
  );

  it('calls the bound service with the parsed input and returns its output', async () => {
    const { handlers, services } = setup();
    const result = await handlers.invoke('settings.set', { uiLanguage: 'el' }, ctx);
    expect(services.settings.set).toHaveBeenCalledWith({ uiLanguage: 'el' });
    expect(result).toEqual({ ok: true, value: { uiLanguage: 'el' } });
  });

  it('binds every contract method to a service', async () => {
    const { handlers, allSpies } = setup();
    const inputs: Record<string, unknown> = {
      'settings.set': { uiLanguage: 'ar' },
      'session.login': { username: 'amina', password: 'x' },
      'session.recover': { recoveryKey: '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ', username: 'amina', newPassword: 'a long new password' },
      'session.changePassword': { currentPassword: 'x', newPassword: 'a long new password' },
      'setup.createCentre': {
        centre: { name: 'Krnjača', country: 'RS', code: 'RS-KRN' },
        admin: { username: 'amina', displayName: 'Amina', password: 'a long password' },
      },
      'setup.confirmRecovery': { recoveryKey: '0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ' },
      'users.add': { username: 'omar', displayName: 'Omar', role: 'mediator', password: 'a long password' },
      'users.resetPassword': { userId: 'u2', newPassword: 'a long password' },
      'users.setDisabled': { userId: 'u2', disabled: true },
      'backup.restore': { file: '/b/x.carnetdb', confirm: true },
      'update.installOnRestart': { confirm: true },
      'update.fromFolder': { folder: '/media/usb/carnet-0.2.0' },
      'update.setFeedUrl': { url: 'https://updates.example.org/carnet/' },
      ...recordInputs(),
    };
    for (const method of METHOD_NAMES) {
      const result = await handlers.invoke(method, inputs[method] ?? {}, ctx);
      expect(result.ok, method).toBe(true);
    }
    // Every spy but the scheduler's (which no method reaches) was called exactly once.
    expect(allSpies.filter((spy) => spy.mock.calls.length === 1)).toHaveLength(allSpies.length - 1);
  });

  it.each(METHOD_NAMES.filter((m) => PERMISSIONS[m] !== 'public'))('refuses %s to a caller who is not logged in', async (method) => {
    const { handlers, allSpies } = setup(null);
    expect(await handlers.invoke(method, {}, ctx)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    for (const spy of allSpies) expect(spy).not.toHaveBeenCalled();
  });

  it.each(['mediator', 'viewer', 'clinician'] as const)('refuses every admin method to a %s and logs the refusal', async (role) => {
    const adminOnly = METHOD_NAMES.filter((m) => PERMISSIONS[m] !== 'public' && !(PERMISSIONS[m] as readonly string[]).includes(role));
    expect(adminOnly).toContain('users.add');
    const { handlers, allSpies, denied } = setup(role);
    for (const method of adminOnly) {
      expect(await handlers.invoke(method, {}, ctx), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    for (const spy of allSpies) expect(spy).not.toHaveBeenCalled();
    expect(denied).toEqual(adminOnly);
  });

  it('passes an AppError through as its code and message key', async () => {
    const { handlers, services } = setup();
    services.settings.get.mockRejectedValueOnce(new AppError('STORAGE_FAILED', { reason: 'ENOSPC' }));
    const result = await handlers.invoke('settings.get', {}, ctx);
    expect(result).toEqual({
      ok: false,
      error: { code: 'STORAGE_FAILED', messageKey: 'errors:storageFailed', details: { reason: 'ENOSPC' } },
    });
  });

  it('turns any other thrown error into INTERNAL and logs no message text', async () => {
    const { handlers, services, logger } = setup();
    services.settings.get.mockRejectedValueOnce(new Error('patient Amina Yusuf not found'));
    const result = await handlers.invoke('settings.get', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('Amina');
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain('Amina');
    expect(logger.error).toHaveBeenCalledOnce();
  });

  it('answers INTERNAL when a service output breaks the contract', async () => {
    const { handlers, services } = setup();
    services.settings.get.mockResolvedValueOnce({ uiLanguage: 'klingon' } as never);
    expect(await handlers.invoke('settings.get', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

/** Valid inputs of the record's methods, for the binding test. */
function recordInputs(): Record<string, unknown> {
  const id = '01900000-0000-7000-8000-000000000001';
  const other = '01900000-0000-7000-8000-000000000002';
  const person = { names: [{ given: 'Amina', script: 'Latn', source: 'document' }], birth: { kind: 'date', date: '1990-01-01' }, sex: 'female' };
  const episode = { type: 'follow-up', date: '2026-01-01' };
  const medication = { kind: 'medication', name: 'Paracetamol', status: 'given' };
  return {
    'person.register': { person },
    'person.update': { personId: id, baseVersion: 1, person },
    'person.void': { personId: id, reason: 'Registered twice' },
    'person.chart': { personId: id },
    'person.checkDuplicates': { person },
    'person.merge': { keepId: id, mergeId: other },
    'person.unmerge': { mergedId: other },
    'person.link': { personId: id, otherId: other, relation: 'sibling' },
    'person.unlink': { personId: id, otherId: other },
    'demo.fill': { from: 0, count: 1 },
    'site.setAuthority': { publicKey: 'MCowBQYDK2VwAyEA', fingerprint: '1234 5678 1234 5678 1234 5678 1234 5678' },
    'site.importCertificate': { certificate: 'a.b.c' },
    'site.importTrustList': { trustList: 'a.b.c' },
    'site.pair': { card: 'a.b.c', fingerprint: '1234 5678 1234 5678 1234 5678 1234 5678' },
    'site.unpair': { siteId: 'site-2' },
    'transfer.export': { selection: { kind: 'persons', personIds: [id] }, recipients: ['site-2'], outPath: '/media/usb/x.carnet' },
    'transfer.inspect': { path: '/media/usb/x.carnet' },
    'transfer.apply': { importId: '0192f1c0-0000-7000-8000-000000000001' },
    'transfer.discard': { importId: '0192f1c0-0000-7000-8000-000000000001' },
    'transfer.pickFile': { mode: 'open' },
    'transfer.ips': { personId: id },
    'booklet.print': { personId: id, language: 'ar', layout: 'a4' },
    'booklet.batch': { selection: { kind: 'persons', personIds: [id] }, layout: 'a4', path: '/tmp/group.pdf' },
    'booklet.printWindow': { pageSize: 'A5', duplex: 'longEdge' },
    'booklet.readQr': { image: 'iVBORw0KGgo=' },
    'booklet.verifyQr': { text: 'CB1:x' },
    'booklet.importQr': { text: 'CB1:x', personId: id },
    'ocr.read': { entryId: id },
    'ocr.confirm': { documentId: id, date: '2026-11-20', rows: [{ loinc: '718-7', value: 13.2, unit: 'g/dL' }] },
    'report.use': { filters: { from: '2026-01-01', to: '2026-01-31' } },
    'report.health': { filters: { from: '2026-01-01', to: '2026-01-31' } },
    'report.pdf': { filters: { from: '2026-01-01', to: '2026-01-31' }, kind: 'health', language: 'el' },
    'report.aggregate': { filters: { from: '2026-01-01', to: '2026-01-31' }, kind: 'use' },
    'record.history': { type: 'person', id },
    'episode.create': { personId: id, episode },
    'episode.update': { episodeId: id, baseVersion: 1, episode },
    'episode.void': { episodeId: id, reason: 'Wrong person' },
    'entry.add': { episodeId: id, entries: [medication] },
    'entry.update': { entryId: id, baseVersion: 1, body: medication },
    'entry.void': { entryId: id, reason: 'Wrong person' },
    'draft.save': { key: 'episode:x', data: {} },
    'draft.get': { key: 'episode:x' },
    'draft.discard': { key: 'episode:x' },
    'document.beginUpload': { episodeId: id, title: 'Lab report', mediaType: 'application/pdf', bytes: 10, sha256: 'a'.repeat(64) },
    'document.uploadChunk': { uploadId: '5f0c7a53-6d3b-4a47-9a51-0b0f6b7c1c11', index: 0, data: 'JVBERi0=' },
    'document.finishUpload': { uploadId: '5f0c7a53-6d3b-4a47-9a51-0b0f6b7c1c11' },
    'document.cancelUpload': { uploadId: '5f0c7a53-6d3b-4a47-9a51-0b0f6b7c1c11' },
    'document.read': { entryId: id, offset: 0, length: 1024 },
  };
}
