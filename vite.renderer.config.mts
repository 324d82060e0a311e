import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The renderer. Forge's Vite plugin merges this over its own settings; browser mode builds it
// directly with `npm run build:renderer`. Both write to the same folder.
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  build: {
    outDir: resolve(import.meta.dirname, '.vite/renderer/main_window'),
    emptyOutDir: true,
    target: 'chrome140',
    sourcemap: false,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client"; meaningless in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { fs: { allow: [import.meta.dirname] } },
});
