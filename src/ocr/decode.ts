// Page images decoded to 8-bit grey in memory-safe code only. @napi-rs/canvas (Skia) 0.1.100 crashes
// the whole process (SIGSEGV, nothing to catch) on damaged input: a PNG cut after its header, a JPEG
// with five bytes changed (checked here; upstream Brooooooklyn/canvas#1309). Files come from patients'
// phones and old scanners, so damaged ones will come. Hence:
//  - PNG: chunks and CRCs checked here, the image data inflated by node:zlib (bounded to the size the
//    header announces), rows unfiltered in JavaScript. As fast as Skia for a 300 dpi page.
//  - JPEG: pdf.js's JavaScript decoder (the one it uses for JPEG inside PDFs), slower (~0.5 s for A4
//    at 300 dpi) but it throws on bad data. EXIF orientation is applied here.
//  - PGM (P5): what input.ts makes of PDF pages.
// TIFF is not decoded here: Tesseract's Leptonica reads it inside WebAssembly, which cannot crash us.
import { crc32, inflateSync } from 'node:zlib';
import { JpegImage, VerbosityLevel, setVerbosityLevel } from 'pdfjs-dist/image_decoders/pdf.image_decoders.mjs';
import { OcrInputError } from './input.ts';

export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Signals that Leptonica should decode the file itself (an interlaced PNG, which is rare in scans). */
export class NotDecodedHere extends Error {}

export function decodePgm(b: Buffer): GreyImage {
  // "P5" whitespace width whitespace height whitespace maxval, one whitespace byte, then the pixels.
  const fields: number[] = [];
  let i = 2;
  while (fields.length < 3 && i < Math.min(b.length, 256)) {
    const c = b[i] as number;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    if (c === 0x23) {
      while (i < b.length && b[i] !== 0x0a) i++;
      continue;
    }
    const start = i;
    while (i < b.length && (b[i] as number) >= 0x30 && (b[i] as number) <= 0x39) i++;
    if (i === start) break;
    fields.push(Number(b.toString('latin1', start, i)));
  }
  const [width = 0, height = 0, max = 0] = fields;
  const offset = i + 1;
  if (fields.length < 3 || max !== 255 || width === 0 || height === 0 || b.length < offset + width * height) throw new OcrInputError('corrupt', { type: 'pgm' });
  return { width, height, pixels: new Uint8Array(b.buffer, b.byteOffset + offset, width * height) };
}

export function encodePgm(grey: GreyImage): Buffer {
  const header = Buffer.from(`P5\n${grey.width} ${grey.height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + grey.pixels.length);
  header.copy(out);
  out.set(grey.pixels, header.length);
  return out;
}

// ---- PNG --------------------------------------------------------------------------------------

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export function decodePng(b: Buffer): GreyImage {
  const corrupt = () => new OcrInputError('corrupt', { type: 'png' });
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  let paletteAlpha: Uint8Array | undefined;
  const data: Buffer[] = [];
  let ended = false;
  for (let i = 8; i < b.length && !ended; ) {
    if (i + 12 > b.length) throw corrupt();
    const length = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    const end = i + 8 + length;
    if (length > 0x7fffffff || end + 4 > b.length) throw corrupt();
    if (crc32(b.subarray(i + 4, end)) !== b.readUInt32BE(end)) throw corrupt();
    const body = b.subarray(i + 8, end);
    if (i === 8 && type !== 'IHDR') throw corrupt();
    switch (type) {
      case 'IHDR':
        if (length !== 13) throw corrupt();
        width = body.readUInt32BE(0);
        height = body.readUInt32BE(4);
        depth = body[8] as number;
        colorType = body[9] as number;
        if (body[12] !== 0) throw new NotDecodedHere('interlaced');
        if (CHANNELS[colorType] === undefined || ![1, 2, 4, 8, 16].includes(depth) || body[10] !== 0 || body[11] !== 0) throw corrupt();
        break;
      case 'PLTE':
        palette = body;
        break;
      case 'tRNS':
        if (colorType === 3) paletteAlpha = body;
        break;
      case 'IDAT':
        data.push(body);
        break;
      case 'IEND':
        ended = true;
        break;
    }
    i = end + 4;
  }
  if (!ended || data.length === 0 || width === 0 || height === 0) throw corrupt();
  if (colorType === 3 && palette === undefined) throw corrupt();
  const channels = CHANNELS[colorType] as number;
  const bitsPerPixel = channels * depth;
  const rowBytes = Math.ceil((width * bitsPerPixel) / 8);
  const expected = (rowBytes + 1) * height;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data), { maxOutputLength: expected });
  } catch {
    throw corrupt();
  }
  if (raw.length < expected) throw corrupt();
  unfilter(raw, rowBytes, height, Math.max(1, bitsPerPixel >> 3), corrupt);
  const paletteGrey = palette ? paletteToGrey(palette, paletteAlpha) : undefined;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) toGreyRow(raw, y * (rowBytes + 1) + 1, pixels, y * width, width, colorType, depth, paletteGrey);
  return { width, height, pixels };
}

/**
 * Reverses PNG's per-row filters in place (each row starts with its filter byte). The hot loop of
 * decoding: written for speed (a zero row stands in above the first, Paeth without Math.abs).
 */
function unfilter(raw: Buffer, rowBytes: number, height: number, bpp: number, corrupt: () => Error): void {
  const stride = rowBytes + 1;
  const zero = new Uint8Array(stride);
  const data: Uint8Array = raw;
  for (let y = 0; y < height; y++) {
    const row = y * stride + 1;
    const above: Uint8Array = y > 0 ? data : zero;
    const prior = y > 0 ? row - stride : 1;
    switch (data[row - 1]) {
      case 0:
        break;
      case 1:
        for (let x = bpp; x < rowBytes; x++) data[row + x] = (data[row + x] as number) + (data[row + x - bpp] as number);
        break;
      case 2:
        for (let x = 0; x < rowBytes; x++) data[row + x] = (data[row + x] as number) + (above[prior + x] as number);
        break;
      case 3:
        for (let x = 0; x < bpp; x++) data[row + x] = (data[row + x] as number) + ((above[prior + x] as number) >> 1);
        for (let x = bpp; x < rowBytes; x++) data[row + x] = (data[row + x] as number) + (((data[row + x - bpp] as number) + (above[prior + x] as number)) >> 1);
        break;
      case 4:
        for (let x = 0; x < bpp; x++) data[row + x] = (data[row + x] as number) + (above[prior + x] as number);
        for (let x = bpp; x < rowBytes; x++) {
          const a = data[row + x - bpp] as number;
          const b = above[prior + x] as number;
          const c = above[prior + x - bpp] as number;
          let pa = b - c;
          let pb = a - c;
          let pc = pa + pb;
          if (pa < 0) pa = -pa;
          if (pb < 0) pb = -pb;
          if (pc < 0) pc = -pc;
          data[row + x] = (data[row + x] as number) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
        break;
      default:
        throw corrupt();
    }
  }
}

/** Luma by Rec. 601 weights, alpha composited over white paper. */
function luma(r: number, g: number, b: number): number {
  return (r * 77 + g * 150 + b * 29) >> 8;
}

function overWhite(v: number, alpha: number): number {
  return (v * alpha + 255 * (255 - alpha) + 127) / 255;
}

function paletteToGrey(palette: Uint8Array, alpha: Uint8Array | undefined): Uint8Array {
  const grey = new Uint8Array(256);
  for (let i = 0; i * 3 + 2 < palette.length; i++) {
    const v = luma(palette[i * 3] as number, palette[i * 3 + 1] as number, palette[i * 3 + 2] as number);
    grey[i] = alpha && i < alpha.length ? overWhite(v, alpha[i] as number) : v;
  }
  return grey;
}

function toGreyRow(raw: Buffer, from: number, out: Uint8Array, to: number, width: number, colorType: number, depth: number, palette: Uint8Array | undefined): void {
  if (depth < 8) {
    const perByte = 8 / depth;
    const mask = (1 << depth) - 1;
    const scale = 255 / mask;
    for (let x = 0; x < width; x++) {
      const byte = raw[from + Math.floor(x / perByte)] as number;
      const v = (byte >> (8 - depth * ((x % perByte) + 1))) & mask;
      out[to + x] = palette ? (palette[v] as number) : Math.round(v * scale);
    }
    return;
  }
  // 16-bit samples: the high byte is enough for reading text.
  const step = depth === 16 ? 2 : 1;
  switch (colorType) {
    case 0:
      for (let x = 0, i = from; x < width; x++, i += step) out[to + x] = raw[i] as number;
      break;
    case 3:
      for (let x = 0; x < width; x++) out[to + x] = (palette as Uint8Array)[raw[from + x] as number] as number;
      break;
    case 4:
      for (let x = 0, i = from; x < width; x++, i += 2 * step) out[to + x] = overWhite(raw[i] as number, raw[i + step] as number);
      break;
    case 2:
      for (let x = 0, i = from; x < width; x++, i += 3 * step) out[to + x] = luma(raw[i] as number, raw[i + step] as number, raw[i + 2 * step] as number);
      break;
    case 6:
      for (let x = 0, i = from; x < width; x++, i += 4 * step) {
        out[to + x] = overWhite(luma(raw[i] as number, raw[i + step] as number, raw[i + 2 * step] as number), raw[i + 3 * step] as number);
      }
      break;
  }
}

// ---- JPEG -------------------------------------------------------------------------------------

let quiet = false;

export function decodeJpeg(b: Buffer): GreyImage {
  if (!quiet) {
    // pdf.js warns on the console about every oddity of a file; the result or the error is enough.
    setVerbosityLevel(VerbosityLevel.ERRORS);
    quiet = true;
  }
  let width: number;
  let height: number;
  let samples: Uint8Array | Uint8ClampedArray;
  let components: number;
  try {
    const jpeg = new JpegImage();
    jpeg.parse(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    ({ width, height } = jpeg);
    components = jpeg.numComponents;
    samples = jpeg.getData({ width, height, forceRGB: components !== 1 });
  } catch {
    throw new OcrInputError('corrupt', { type: 'jpeg' });
  }
  if (!width || !height || samples.length < width * height * (components === 1 ? 1 : 3)) throw new OcrInputError('corrupt', { type: 'jpeg' });
  let pixels: Uint8Array;
  if (components === 1) {
    pixels = new Uint8Array(samples.buffer, samples.byteOffset, width * height);
  } else {
    pixels = new Uint8Array(width * height);
    for (let k = 0, i = 0; k < pixels.length; k++, i += 3) pixels[k] = luma(samples[i] as number, samples[i + 1] as number, samples[i + 2] as number);
  }
  return orient({ width, height, pixels }, exifOrientation(b));
}

/** EXIF orientation (1-8) from a JPEG's APP1 segment; 1 when absent or unreadable. */
export function exifOrientation(b: Buffer): number {
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1] as number;
    if (marker === 0xda || marker === 0xd9) break;
    const length = b.readUInt16BE(i + 2);
    if (marker === 0xe1 && b.toString('latin1', i + 4, i + 10) === 'Exif\0\0') {
      const tiff = i + 10;
      if (tiff + 8 > b.length) return 1;
      const le = b[tiff] === 0x49;
      const u16 = (o: number) => (o + 2 <= b.length ? (le ? b.readUInt16LE(o) : b.readUInt16BE(o)) : 0);
      const u32 = (o: number) => (o + 4 <= b.length ? (le ? b.readUInt32LE(o) : b.readUInt32BE(o)) : 0);
      const ifd = tiff + u32(tiff + 4);
      const count = u16(ifd);
      for (let e = 0; e < count; e++) {
        const entry = ifd + 2 + e * 12;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    i += 2 + length;
  }
  return 1;
}

/**
 * For each EXIF orientation, where the pixel shown at (x, y) is stored in an image w x h, as
 * sx = ax x + bx y + cx and sy = ay x + by y + cy: [ax, bx, cx, ay, by, cy].
 */
const STORED_AT: Readonly<Record<number, (w: number, h: number) => [number, number, number, number, number, number]>> = {
  2: (w) => [-1, 0, w - 1, 0, 1, 0],
  3: (w, h) => [-1, 0, w - 1, 0, -1, h - 1],
  4: (_w, h) => [1, 0, 0, 0, -1, h - 1],
  5: () => [0, 1, 0, 1, 0, 0],
  6: (_w, h) => [0, 1, 0, -1, 0, h - 1],
  7: (w, h) => [0, -1, w - 1, -1, 0, h - 1],
  8: (w) => [0, -1, w - 1, 1, 0, 0],
};

/** The image as it should be viewed, for EXIF orientations 1-8 (mirrored ones included). */
export function orient(image: GreyImage, orientation: number): GreyImage {
  const mapping = STORED_AT[orientation];
  if (!mapping) return image;
  const { width: w, height: h, pixels } = image;
  const [ax, bx, cx, ay, by, cy] = mapping(w, h);
  const W = ax === 0 ? h : w;
  const H = ax === 0 ? w : h;
  // Index of the stored pixel: (ay x + by y + cy) w + (ax x + bx y + cx), stepped along each row.
  const stepX = ay * w + ax;
  const stepY = by * w + bx;
  const out = new Uint8Array(w * h);
  for (let y = 0, k = 0; y < H; y++) {
    for (let x = 0, i = cy * w + cx + y * stepY; x < W; x++, k++, i += stepX) out[k] = pixels[i] as number;
  }
  return { width: W, height: H, pixels: out };
}
