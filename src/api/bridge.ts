import type { Result } from './result.ts';

/**
 * What the preload exposes as `window.carnet`, in Electron and (through the stand-in) in browser
 * mode. Untyped at this boundary on purpose: the renderer's client adds the contract's types.
 */
export interface CarnetBridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_GLOBAL = 'carnet';
