import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The same preload (main/preload.ts) for browser mode, with `electron` replaced by a stand-in that
// talks to the browser-mode server over a WebSocket. Served as /carnet-bridge.js.
export default defineConfig({
  resolve: {
    alias: { electron: resolve(import.meta.dirname, 'renderer/bridge/electron-stand-in.ts') },
  },
  build: {
    outDir: resolve(import.meta.dirname, '.vite/browser'),
    emptyOutDir: true,
    target: 'chrome140',
    minify: true,
    lib: {
      entry: resolve(import.meta.dirname, 'main/preload.ts'),
      formats: ['iife'],
      name: 'carnetBridge',
      fileName: () => 'carnet-bridge.js',
    },
  },
});
