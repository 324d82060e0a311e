// Reading QR codes from an image (a scanned booklet page, a photo, a camera frame) with ZXing-C++
// compiled to WebAssembly (zxing-wasm). The WebAssembly file is read from the app's own files: the
// library's default would fetch it from a CDN, which Carnet never does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready: Promise<unknown> | undefined;

function prepare(): Promise<unknown> {
  ready ??= (async () => {
    const wasmBinary = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const bytes = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer;
    return prepareZXingModule({ overrides: { wasmBinary: bytes, locateFile: (path: string) => path }, fireImmediately: true });
  })();
  return ready;
}

/** The largest image taken: a 300-dpi A4 scan is ~8.7 megapixels, as an encoded file a few MB. */
export const QR_IMAGE_MAX_BYTES = 25 * 1024 * 1024;

/** The text of every QR code found in an encoded image (PNG, JPEG, BMP, GIF), in reading order. */
export async function readQrCodes(image: Uint8Array): Promise<string[]> {
  await prepare();
  const results = await readBarcodes(image, { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: false, maxNumberOfSymbols: 4 });
  return results.filter((r) => r.isValid && r.text !== '').map((r) => r.text);
}
