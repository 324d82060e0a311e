import { defineConfig } from 'vite';

// Electron's main process. Forge adds the entry (main/main.ts), CJS output and Node externals.
export default defineConfig({
  build: { target: 'node24', sourcemap: false },
});
