import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/api/errors.ts';
import { METHOD_NAMES } from '../../src/api/methods.ts';
import { createEventBus } from '../../src/host/events.ts';
import { createHandlers } from '../../src/host/handlers.ts';
import { fakeServices } from '../helpers/fake-services.ts';

const ctx = { transport: 'test' as const };

// Inputs no method accepts: wrong types, and objects with keys outside the contract.
const MALFORMED: unknown[] = ['text', 42, true, [], [{}], { unexpected: 1 }, { uiLanguage: 'xx' }, { uiLanguage: 5 }];

function setup() {
  const { services, allSpies } = fakeServices();
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const handlers = createHandlers(services, { events: createEventBus(), logger });
  return { services, allSpies, handlers, logger };
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
    const inputs: Record<string, unknown> = { 'settings.set': { uiLanguage: 'ar' } };
    for (const method of METHOD_NAMES) {
      const result = await handlers.invoke(method, inputs[method] ?? {}, ctx);
      expect(result.ok, method).toBe(true);
    }
    expect(allSpies.every((spy) => spy.mock.calls.length === 1)).toBe(true);
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
