import { defineConfig } from 'vite';

// Electron's main process. Forge adds the entry (main/main.ts), CJS output and Node externals.
// The SQLCipher driver stays outside the bundle: it loads its native addon from its own folder, which
// forge.config.ts copies into the packaged app. So does HarfBuzz (harfbuzzjs), an ES module whose
// top-level await a CommonJS bundle cannot hold: src/pdf imports it dynamically. OCR's and the QR
// reader's libraries load files from their own folders at run time (WebAssembly, worker scripts, a
// native canvas addon, pdf.js's fonts and decoders), so they stay outside too and ship as packages.
// Everything else (electron-updater included) is bundled.
export default defineConfig({
  build: {
    target: 'node24',
    sourcemap: false,
    rollupOptions: {
      external: ['better-sqlite3-multiple-ciphers', 'harfbuzzjs', 'tesseract.js', 'tesseract.js-core', '@napi-rs/canvas', /^pdfjs-dist(\/.*)?$/, /^zxing-wasm(\/.*)?$/],
    },
  },
});
