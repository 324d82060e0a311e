import { defineConfig } from 'vite';

// The sandboxed preload: one self-contained CJS file (Forge adds entry and format).
export default defineConfig({
  build: { target: 'chrome140', sourcemap: false },
});
