// A page image made ready for Tesseract in the main thread: 8-bit grey and straightened, handed over
// as PGM.
//  - Grey PGM rather than the PNG/JPEG as given: decode.ts reads them safely, and Tesseract then only
//    copies raw bytes (Leptonica decoding a PNG inside WASM costs ~0.3 s a page more).
//  - Our own deskew rather than tesseract.js's `rotateAuto`, which runs a second layout analysis and
//    rotates inside WASM (+0.9 s a page here) with a white fill: on a grey page turned 3 degrees
//    that fill raised the error rate with automatic layout from 4.5% to 14.8% (the note saw empty
//    output). Here the angle comes from the projection profile of a sample of the pixels (~50 ms),
//    the turn is ~0.1 s, and uncovered corners take the page's own paper grey.
//  - No contrast stretching: on the generated faded (grey ink on grey paper) and blurred pages it
//    changed nothing or made the error rate slightly worse; Tesseract's own threshold copes.
// TIFF pages (and the rare interlaced PNG) go to Tesseract as they are: Leptonica decodes them inside
// WebAssembly. No deskew for them.
import { decodeJpeg, decodePgm, decodePng, encodePgm, NotDecodedHere, type GreyImage } from './decode.ts';
import { OCR_INPUT_LIMITS, OcrInputError, detectInputType, imageSize } from './input.ts';

export type { GreyImage } from './decode.ts';

export interface PageAnalysis {
  /** Grey level of paper (the median): what a turned page's uncovered corners are filled with. */
  paper: number;
  /** Angle of the text lines, degrees, positive when they run down to the right. */
  skew: number;
}

export interface PreparedPage {
  /** What Tesseract reads: PGM, or the file as given when Leptonica decodes it. */
  image: Buffer;
  width: number;
  height: number;
  /** Degrees the page was turned by (the opposite of its skew); boxes are in the turned image. */
  rotation: number;
  /** Resolution to tell Tesseract: PGM carries none, and it assumes 70 dpi otherwise. */
  dpi: number;
}

export interface PrepareOptions {
  deskew?: boolean;
}

/** Below this the page is left as it is: Tesseract's line finding copes, and turning blurs a little. */
const MIN_DESKEW_DEGREES = 0.3;
const MAX_SKEW_DEGREES = 8;

export async function preparePage(image: Buffer, options: PrepareOptions = {}): Promise<PreparedPage> {
  const isPgm = image[0] === 0x50 && image[1] === 0x35;
  const type = isPgm ? 'pgm' : detectInputType(image);
  if (type !== 'pgm' && type !== 'png' && type !== 'jpeg' && type !== 'tiff') throw new OcrInputError('unsupported-type');
  // Pages from openOcrInput are checked already; this guards a caller handing in anything.
  const size = type === 'pgm' ? undefined : imageSize(image);
  if (size && size.width * size.height > OCR_INPUT_LIMITS.maxPagePixels) throw new OcrInputError('too-large', { ...size });
  let grey: GreyImage;
  try {
    if (type === 'tiff') throw new NotDecodedHere('tiff');
    grey = await decodeGrey(image);
  } catch (error) {
    if (!(error instanceof NotDecodedHere) || !size) throw error;
    return { image, width: size.width, height: size.height, rotation: 0, dpi: estimateDpi(size.width, size.height) };
  }
  // Each step holds the thread for a while: let timers and an abort in between.
  await turn();
  const analysis = analysePage(grey);
  let rotation = 0;
  if ((options.deskew ?? true) && Math.abs(analysis.skew) >= MIN_DESKEW_DEGREES) {
    rotation = -analysis.skew;
    await turn();
    grey = rotateGrey(grey, rotation, analysis.paper);
  }
  const unchanged = type === 'pgm' && rotation === 0;
  return { image: unchanged ? image : encodePgm(grey), width: grey.width, height: grey.height, rotation, dpi: estimateDpi(grey.width, grey.height) };
}

/** The resolution an image of this size would have if it were an A4 or Letter page. */
export function estimateDpi(width: number, height: number): number {
  return Math.max(72, Math.min(1200, Math.round(Math.max(width, height) / 11.3)));
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** PNG, JPEG or PGM as grey pixels. Yields to the event loop first: a decode blocks for a while. */
export async function decodeGrey(image: Buffer): Promise<GreyImage> {
  await turn();
  if (image[0] === 0x50 && image[1] === 0x35) return decodePgm(image);
  const type = detectInputType(image);
  if (type === 'png') return decodePng(image);
  if (type === 'jpeg') return decodeJpeg(image);
  throw new OcrInputError('unsupported-type');
}

// ---- analysis ---------------------------------------------------------------------------------

/** Paper level and text skew, from a sample of every `step`-th pixel in both directions. */
export function analysePage(grey: GreyImage): PageAnalysis {
  const { width, height, pixels } = grey;
  const step = Math.max(1, Math.round(Math.max(width, height) / 900));
  const histogram = new Uint32Array(256);
  let samples = 0;
  for (let y = 0; y < height; y += step) {
    for (let x = 0, i = y * width; x < width; x += step, i += step) histogram[pixels[i] as number]!++;
  }
  for (const n of histogram) samples += n;
  const paper = percentile(histogram, samples, 0.5);
  const threshold = otsu(histogram, samples);

  // Dark samples, at most ~80k of them (a page of dense text has fewer): their rows decide the angle.
  const xs: number[] = [];
  const ys: number[] = [];
  let dark = 0;
  for (let v = 0; v < threshold; v++) dark += histogram[v] as number;
  const keepEvery = Math.max(1, Math.ceil(dark / 80_000));
  let seen = 0;
  for (let y = 0, sy = 0; y < height; y += step, sy++) {
    for (let x = 0, sx = 0, i = y * width; x < width; x += step, sx++, i += step) {
      if ((pixels[i] as number) < threshold && seen++ % keepEvery === 0) {
        xs.push(sx);
        ys.push(sy);
      }
    }
  }
  // A blank page, or one that is mostly dark (a photo of a hand?): no lines to go by.
  const skew = xs.length < 200 || dark > samples * 0.5 ? 0 : estimateSkew(xs, ys, Math.ceil(height / step), Math.ceil(width / step));
  return { paper, skew };
}

function percentile(histogram: Uint32Array, total: number, p: number): number {
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v] as number;
    if (seen >= total * p) return v;
  }
  return 255;
}

function otsu(histogram: Uint32Array, total: number): number {
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * (histogram[v] as number);
  let sumBelow = 0;
  let below = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    below += histogram[v] as number;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += v * (histogram[v] as number);
    const meanBelow = sumBelow / below;
    const meanAbove = (sum - sumBelow) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = v + 1;
    }
  }
  return threshold;
}

/**
 * The angle at which the dark points' projection onto the vertical is sharpest (sum of squared bin
 * counts): lines of text then fall into few rows. Coarse search over ±8° by 0.25°, then ±0.25° by 0.05°.
 */
function estimateSkew(xs: number[], ys: number[], rows: number, columns: number): number {
  const margin = Math.ceil(columns * Math.tan((MAX_SKEW_DEGREES * Math.PI) / 180)) + 2;
  const bins = new Float64Array(rows + 2 * margin);
  const score = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const row = (ys[i] as number) - (xs[i] as number) * t + margin;
      bins[Math.round(row)]!++;
    }
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  const flat = bestScore;
  for (let d = -MAX_SKEW_DEGREES; d <= MAX_SKEW_DEGREES + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25 + 1e-9; d += 0.05) {
    const s = score(d);
    if (s > bestScore) [best, bestScore] = [d, s];
  }
  // A profile barely sharper than the unturned one is noise (a table of rules, a photo), not skew.
  return bestScore > flat * 1.05 ? Math.round(best * 100) / 100 : 0;
}

// ---- corrections ------------------------------------------------------------------------------

/** The image turned by `degrees` (clockwise on screen) about its centre, same size, bilinear. */
export function rotateGrey(grey: GreyImage, degrees: number, fill: number): GreyImage {
  const { width, height, pixels } = grey;
  const out = new Uint8Array(width * height);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0, k = 0; y < height; y++) {
    const dy = y - cy;
    // Source of (x, y) is the centre plus the offset turned back by `degrees`.
    let sx = cx - cos * cx + sin * dy;
    let sy = cy + sin * cx + cos * dy;
    for (let x = 0; x < width; x++, k++, sx += cos, sy -= sin) {
      if (sx < 0 || sy < 0 || sx >= width - 1 || sy >= height - 1) {
        out[k] = fill;
        continue;
      }
      const x0 = sx | 0;
      const y0 = sy | 0;
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const p00 = pixels[i] as number;
      const p10 = pixels[i + 1] as number;
      const p01 = pixels[i + width] as number;
      const p11 = pixels[i + width + 1] as number;
      const top = p00 + (p10 - p00) * fx;
      out[k] = top + (p01 + (p11 - p01) * fx - top) * fy + 0.5;
    }
  }
  return { width, height, pixels: out };
}
