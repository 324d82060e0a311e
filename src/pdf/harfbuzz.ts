// HarfBuzz (harfbuzzjs) loaded once, asynchronously: the package starts its WebAssembly with a
// top-level await, which a CommonJS bundle (Electron's main process) cannot hold, so it is imported
// dynamically and stays outside the bundle (vite.main.config.mts; forge.config.ts copies it).
// Call `initHarfbuzz()` before making a text engine.
import type * as HarfBuzz from 'harfbuzzjs';

type Hb = typeof HarfBuzz;

let loaded: Hb | undefined;
let loading: Promise<Hb> | undefined;

export async function initHarfbuzz(): Promise<Hb> {
  loading ??= import('harfbuzzjs').then((m) => (loaded = m));
  return loading;
}

export function harfbuzz(): Hb {
  if (!loaded) throw new Error('HarfBuzz is not loaded: await initHarfbuzz() before making a text engine');
  return loaded;
}
