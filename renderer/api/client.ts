import type { CarnetBridge } from '../../src/api/bridge.ts';
import type { EventPayload, MethodInput, MethodOutput } from '../../src/api/contract.ts';
import { apiError, type ApiError } from '../../src/api/errors.ts';
import type { EventName, MethodName } from '../../src/api/methods.ts';
import { fail, type Result } from '../../src/api/result.ts';

declare global {
  interface Window {
    carnet?: CarnetBridge;
  }
}

/** The renderer's only way to the core, typed from the contract. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(bridge: CarnetBridge | undefined): ApiClient {
  return {
    async call(method, input) {
      if (!bridge) return fail(apiError('TRANSPORT_FAILED', { reason: 'no-bridge' }));
      return (await bridge.invoke(method, input)) as Result<never>;
    },
    on(event, listener) {
      if (!bridge) return () => undefined;
      return bridge.on(event, listener as (payload: unknown) => void);
    },
  };
}

/** Thrown inside query functions so TanStack Query sees a failure; carries the ApiError as data. */
export class ApiCallError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.code);
    this.error = error;
  }
}

export async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new ApiCallError(settled.error);
  return settled.value;
}
