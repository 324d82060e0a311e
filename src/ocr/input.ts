// What a user hands to OCR (a photo, a scan, a PDF) turned into page images, one page at a time.
// The type is read from the bytes, never from the file name. Limits are checked from headers before
// anything is decoded, so a decompression bomb is refused without being opened. Nothing is written to
// disk: a report is patient data, and temp files outlive crashes.
//
// PDF pages are rasterised at 300 dpi with pdfjs-dist (legacy build, the one for Node) onto an
// @napi-rs/canvas canvas and handed on as 8-bit grey PGM: the engine wants grey pixels, and encoding a
// PNG only to decode it again costs ~0.3 s a page. Pages come from an async generator, so a 50-page PDF
// never has more than the page being read in memory.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';

export type InputType = 'jpeg' | 'png' | 'tiff' | 'pdf';

/** Why a file is refused. Stable: the UI matches on it and shows `ocr:input.<reason>`. */
export type OcrInputRefusal = 'unsupported-type' | 'corrupt' | 'too-large' | 'too-small' | 'password-protected' | 'empty';

const MESSAGE_KEYS: Readonly<Record<OcrInputRefusal, string>> = {
  'unsupported-type': 'ocr:input.unsupportedType',
  corrupt: 'ocr:input.corrupt',
  'too-large': 'ocr:input.tooLarge',
  'too-small': 'ocr:input.tooSmall',
  'password-protected': 'ocr:input.passwordProtected',
  empty: 'ocr:input.empty',
};

/**
 * A file OCR will not read, and why. Details carry sizes and counts only, never the file name (names
 * of scans often carry the patient's). The service that calls OCR turns it into an AppError.
 */
export class OcrInputError extends Error {
  readonly reason: OcrInputRefusal;
  readonly messageKey: string;
  readonly details: Readonly<Record<string, number | string>>;

  constructor(reason: OcrInputRefusal, details: Record<string, number | string> = {}) {
    super(`OCR input refused: ${reason}`);
    this.name = 'OcrInputError';
    this.reason = reason;
    this.messageKey = MESSAGE_KEYS[reason];
    this.details = details;
  }
}

export interface OcrInputLimits {
  maxFileBytes: number;
  /** Pixels of one page as decoded (or as rasterised, for PDF). A4 at 300 dpi is 8.7 million. */
  maxPagePixels: number;
  maxPages: number;
  /** Shorter side below which text cannot be read (a 300 px wide photo of a report is a thumbnail). */
  minPageSide: number;
}

/**
 * 100 MB is ten times a 50-page scanned PDF at 300 dpi; 60 megapixels is an A4 page photographed at
 * 800 dpi or a 50-megapixel camera, and ~240 MB of RGBA while decoded; 50 pages is a long discharge
 * file (a whole record is better split).
 */
export const OCR_INPUT_LIMITS: Readonly<OcrInputLimits> = {
  maxFileBytes: 100 * 1024 * 1024,
  maxPagePixels: 60_000_000,
  maxPages: 50,
  minPageSide: 300,
};

/** Resolution PDF pages are rasterised at: what Tesseract's models are trained for. */
export const PDF_RENDER_DPI = 300;

export type PageMime = 'image/png' | 'image/jpeg' | 'image/tiff' | 'image/x-portable-graymap';

export interface PageImage {
  /** 1-based page number in the source file. */
  page: number;
  width: number;
  height: number;
  image: Buffer;
  mime: PageMime;
}

export interface OcrInput {
  type: InputType;
  pageCount: number;
  /** The pages in order, each produced when asked for. Ending the loop early releases the document. */
  pages(): AsyncGenerator<PageImage>;
}

export interface OpenOcrInputOptions {
  limits?: Partial<OcrInputLimits>;
  /** Folder of the pdfjs-dist package (its standard fonts, CMaps and WASM decoders); found by default. */
  pdfjsRoot?: string;
}

// ---- type and size from the bytes -----------------------------------------------------------

export function detectInputType(bytes: Uint8Array): InputType | undefined {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'png';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))) return 'tiff';
  // "%PDF-" may follow a little junk (some scanners prepend a header); PDF readers accept 1 KB of it.
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  return undefined;
}

interface Size {
  width: number;
  height: number;
}

function pngSize(b: Buffer): Size {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') throw new OcrInputError('corrupt', { type: 'png' });
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function jpegSize(b: Buffer): Size {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw new OcrInputError('corrupt', { type: 'jpeg' });
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Markers without a length: TEM and RST0-7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    // SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 9 > b.length) break;
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new OcrInputError('corrupt', { type: 'jpeg' });
}

interface TiffPage extends Size {
  ifdOffset: number;
}

/** Every image of a TIFF (one per page), following the chain of image file directories. */
function tiffPages(b: Buffer, maxPages: number): TiffPage[] {
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const pages: TiffPage[] = [];
  const seen = new Set<number>();
  let offset = b.length >= 8 ? u32(4) : 0;
  while (offset !== 0) {
    if (seen.has(offset) || offset + 2 > b.length) throw new OcrInputError('corrupt', { type: 'tiff' });
    seen.add(offset);
    const count = u16(offset);
    const end = offset + 2 + count * 12;
    if (end + 4 > b.length) throw new OcrInputError('corrupt', { type: 'tiff' });
    let width = 0;
    let height = 0;
    for (let e = offset + 2; e < end; e += 12) {
      const tag = u16(e);
      if (tag !== 256 && tag !== 257) continue;
      const value = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8);
      if (tag === 256) width = value;
      else height = value;
    }
    if (width === 0 || height === 0) throw new OcrInputError('corrupt', { type: 'tiff' });
    pages.push({ width, height, ifdOffset: offset });
    if (pages.length > maxPages) throw new OcrInputError('too-large', { pages: pages.length, maxPages });
    offset = u32(end);
  }
  if (pages.length === 0) throw new OcrInputError('empty', { type: 'tiff' });
  return pages;
}

/**
 * Page n of a multi-page TIFF as a TIFF of its own: the same bytes with the header pointing at that
 * page's directory (readers take the first image; offsets inside stay valid).
 */
function tiffPage(b: Buffer, page: TiffPage): Buffer {
  const copy = Buffer.from(b);
  if (copy[0] === 0x49) copy.writeUInt32LE(page.ifdOffset, 4);
  else copy.writeUInt32BE(page.ifdOffset, 4);
  return copy;
}

function checkPageSize(size: Size, limits: OcrInputLimits, page: number): void {
  if (size.width * size.height > limits.maxPagePixels) throw new OcrInputError('too-large', { page, width: size.width, height: size.height, maxPagePixels: limits.maxPagePixels });
  if (Math.min(size.width, size.height) < limits.minPageSide) throw new OcrInputError('too-small', { page, width: size.width, height: size.height, minPageSide: limits.minPageSide });
}

/** Size of a PNG, JPEG or TIFF (first page) from its header, without decoding. */
export function imageSize(bytes: Buffer): Size {
  switch (detectInputType(bytes)) {
    case 'png':
      return pngSize(bytes);
    case 'jpeg':
      return jpegSize(bytes);
    case 'tiff':
      return tiffPages(bytes, Number.MAX_SAFE_INTEGER)[0] as TiffPage;
    default:
      throw new OcrInputError('unsupported-type');
  }
}

// ---- opening --------------------------------------------------------------------------------

/**
 * Checks a file and prepares to read its pages. Refuses (OcrInputError) what cannot be read, before
 * any page is decoded: wrong type, empty, too big, too small, damaged headers, password-protected PDF.
 */
export async function openOcrInput(bytes: Uint8Array, options: OpenOcrInputOptions = {}): Promise<OcrInput> {
  const limits = { ...OCR_INPUT_LIMITS, ...options.limits };
  if (bytes.length === 0) throw new OcrInputError('empty');
  if (bytes.length > limits.maxFileBytes) throw new OcrInputError('too-large', { bytes: bytes.length, maxFileBytes: limits.maxFileBytes });
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = detectInputType(buffer);
  switch (type) {
    case 'png':
    case 'jpeg': {
      const size = type === 'png' ? pngSize(buffer) : jpegSize(buffer);
      checkPageSize(size, limits, 1);
      const mime: PageMime = type === 'png' ? 'image/png' : 'image/jpeg';
      return {
        type,
        pageCount: 1,
        async *pages() {
          yield { page: 1, ...size, image: buffer, mime };
        },
      };
    }
    case 'tiff': {
      const pages = tiffPages(buffer, limits.maxPages);
      pages.forEach((p, i) => checkPageSize(p, limits, i + 1));
      return {
        type,
        pageCount: pages.length,
        async *pages() {
          for (const [i, p] of pages.entries()) {
            yield { page: i + 1, width: p.width, height: p.height, image: i === 0 ? buffer : tiffPage(buffer, p), mime: 'image/tiff' };
          }
        },
      };
    }
    case 'pdf':
      return openPdf(buffer, limits, options.pdfjsRoot ?? defaultPdfjsRoot());
    default:
      throw new OcrInputError('unsupported-type');
  }
}

// ---- PDF --------------------------------------------------------------------------------------

type Pdfjs = typeof PdfjsModule;

let pdfjs: Promise<Pdfjs> | undefined;

function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

export function defaultPdfjsRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

/** pdfjs appends file names to these "URLs"; in Node it reads them with fs, never over a network. */
function folderUrl(root: string, sub: string): string {
  return join(root, sub) + sep;
}

async function openPdf(buffer: Buffer, limits: OcrInputLimits, root: string): Promise<OcrInput> {
  const { getDocument } = await loadPdfjs();
  // pdfjs takes ownership of (detaches) the array it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(buffer),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    standardFontDataUrl: folderUrl(root, 'standard_fonts'),
    cMapUrl: folderUrl(root, 'cmaps'),
    cMapPacked: true,
    wasmUrl: folderUrl(root, 'wasm'),
    iccUrl: folderUrl(root, 'iccs'),
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') throw new OcrInputError('password-protected');
    throw new OcrInputError('corrupt', { type: 'pdf' });
  }
  const scale = PDF_RENDER_DPI / 72;
  try {
    if (doc.numPages === 0) throw new OcrInputError('empty', { type: 'pdf' });
    if (doc.numPages > limits.maxPages) throw new OcrInputError('too-large', { pages: doc.numPages, maxPages: limits.maxPages });
    // Every page's size before the first is drawn, so a refusal comes before minutes of OCR.
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      checkPageSize({ width: Math.round(viewport.width), height: Math.round(viewport.height) }, limits, n);
      page.cleanup();
    }
  } catch (error) {
    await doc.destroy();
    if (error instanceof OcrInputError) throw error;
    throw new OcrInputError('corrupt', { type: 'pdf' });
  }
  return {
    type: 'pdf',
    pageCount: doc.numPages,
    async *pages() {
      // One canvas for the whole document: a canvas holds ~35 MB of native memory that V8 does not
      // see, so canvases made page after page pile up long before the garbage collector runs.
      const surface: Surface = { canvas: undefined };
      try {
        for (let n = 1; n <= doc.numPages; n++) yield await renderPdfPage(doc, n, scale, surface);
      } finally {
        if (surface.canvas) surface.canvas.width = surface.canvas.height = 0;
        await doc.destroy();
      }
    },
  };
}

interface Surface {
  canvas: Canvas | undefined;
}

type PdfDocument = Awaited<ReturnType<Pdfjs['getDocument']>['promise']>;

async function renderPdfPage(doc: PdfDocument, n: number, scale: number, surface: Surface): Promise<PageImage> {
  const page = await doc.getPage(n);
  try {
    const viewport = page.getViewport({ scale });
    const width = Math.round(viewport.width);
    const height = Math.round(viewport.height);
    let canvas = surface.canvas;
    if (canvas?.width !== width || canvas.height !== height) {
      if (canvas) canvas.width = canvas.height = 0;
      canvas = surface.canvas = createCanvas(width, height);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport }).promise;
    return { page: n, width, height, image: rgbaToPgm(canvas.data(), width, height), mime: 'image/x-portable-graymap' };
  } catch (error) {
    if (error instanceof OcrInputError) throw error;
    throw new OcrInputError('corrupt', { type: 'pdf', page: n });
  } finally {
    page.cleanup();
  }
}

/** 8-bit grey PGM (P5) from RGBA pixels, luma by Rec. 601 weights. */
export function rgbaToPgm(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + width * height);
  header.copy(out);
  for (let i = 0, k = header.length; k < out.length; i += 4, k++) {
    out[k] = ((rgba[i] as number) * 77 + (rgba[i + 1] as number) * 150 + (rgba[i + 2] as number) * 29) >> 8;
  }
  return out;
}
