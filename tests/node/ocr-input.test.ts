// What OCR accepts and refuses: the type comes from the bytes, limits are checked before decoding,
// PDF pages are rasterised at 300 dpi one at a time, and every refusal has its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OcrInputError, detectInputType, openOcrInput, type OcrInputRefusal, type PageImage } from '../../src/ocr/input.ts';
import { orient } from '../../src/ocr/decode.ts';
import { decodeGrey } from '../../src/ocr/preprocess.ts';
import { registerCorpusFonts, renderSample } from '../fixtures/ocr/corpus.ts';
import { ANALYTES } from '../fixtures/ocr/corpus-vocabulary.ts';
import { blankPdf, blankPng, encodePng, encodeTiff, mixedPdf, textJpeg, withExifOrientation, greyTextPage, passwordProtectedPdf, pdfWithoutPages, pngHeaderClaiming } from '../fixtures/ocr/files.ts';

registerCorpusFonts();

async function refusal(bytes: Uint8Array, limits?: Parameters<typeof openOcrInput>[1]): Promise<OcrInputRefusal> {
  try {
    const input = await openOcrInput(bytes, limits);
    for await (const page of input.pages()) if (page.mime !== 'image/tiff') await decodeGrey(page.image);
  } catch (error) {
    expect(error).toBeInstanceOf(OcrInputError);
    return (error as OcrInputError).reason;
  }
  throw new Error('accepted');
}

async function allPages(input: Awaited<ReturnType<typeof openOcrInput>>): Promise<PageImage[]> {
  const pages: PageImage[] = [];
  for await (const page of input.pages()) pages.push(page);
  return pages;
}

describe('OCR input', () => {
  it('tells the type from the bytes, whatever the file would be called', async () => {
    const png = blankPng(400, 400);
    const jpeg = renderSample({ seed: 1, language: 'en', layout: 'table', degradation: 'jpeg' }).image;
    const tiff = encodeTiff([greyTextPage('x')]);
    const pdf = await blankPdf(1);
    expect([png, jpeg, tiff, pdf].map(detectInputType)).toEqual(['png', 'jpeg', 'tiff', 'pdf']);
    expect(detectInputType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeUndefined();
    // A PDF with a scanner's junk before its header is still a PDF.
    expect(detectInputType(Buffer.concat([Buffer.from('junk\n'), pdf]))).toBe('pdf');
    const input = await openOcrInput(jpeg);
    expect(input).toMatchObject({ type: 'jpeg', pageCount: 1 });
    const [page] = await allPages(input);
    expect(page).toMatchObject({ page: 1, width: 2480, height: 3508, mime: 'image/jpeg' });
  });

  it('rasterises each page of a 3-page PDF at 300 dpi, one at a time, as grey pixels', async () => {
    const input = await openOcrInput(await mixedPdf());
    expect(input).toMatchObject({ type: 'pdf', pageCount: 3 });
    const pages = await allPages(input);
    expect(pages.map((p) => [p.page, p.width, p.height, p.mime])).toEqual([1, 2, 3].map((n) => [n, 2480, 3508, 'image/x-portable-graymap']));
    for (const page of pages) {
      // Each page is drawn: mostly paper, some ink.
      const grey = await decodeGrey(page.image);
      const dark = grey.pixels.reduce((n, v) => n + (v < 128 ? 1 : 0), 0) / grey.pixels.length;
      expect(dark, `page ${page.page}`).toBeGreaterThan(0.0005);
      expect(dark, `page ${page.page}`).toBeLessThan(0.05);
    }
  }, 30_000);

  it('gives each page of a multi-page TIFF as a TIFF of its own', async () => {
    const tiff = encodeTiff([greyTextPage('one', 400, 320), greyTextPage('two', 500, 330)]);
    const input = await openOcrInput(tiff);
    const pages = await allPages(input);
    expect(pages.map((p) => [p.page, p.width, p.height, p.mime])).toEqual([
      [1, 400, 320, 'image/tiff'],
      [2, 500, 330, 'image/tiff'],
    ]);
    expect(pages[1]!.image.readUInt32LE(4)).not.toBe(8);
  });

  it('decodes the PNGs scanners write: 1-bit, grey, palette, 16-bit colour, transparency, every filter', async () => {
    const luma = (r: number, g: number, b: number) => (r * 77 + g * 150 + b * 29) >> 8;
    const bits = await decodeGrey(encodePng({ width: 10, height: 1, colorType: 0, depth: 1, rows: [Uint8Array.of(0b10110000, 0b01000000)] }));
    expect([...bits.pixels]).toEqual([255, 0, 255, 255, 0, 0, 0, 0, 0, 255]);
    const values = Array.from({ length: 4 }, (_, y) => Uint8Array.from({ length: 9 }, (_, x) => (x * 37 + y * 91) & 255));
    for (const filter of [0, 1, 2, 4] as const) {
      const grey = await decodeGrey(encodePng({ width: 9, height: 4, colorType: 0, depth: 8, rows: values, filter }));
      expect([...grey.pixels], `filter ${filter}`).toEqual(values.flatMap((row) => [...row]));
    }
    const palette = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 0, 255]];
    const indexed = await decodeGrey(encodePng({ width: 4, height: 1, colorType: 3, depth: 2, rows: [Uint8Array.of(0b00011011)], palette }));
    expect([...indexed.pixels]).toEqual([0, 255, luma(255, 0, 0), luma(0, 0, 255)]);
    const deep = await decodeGrey(encodePng({ width: 2, height: 1, colorType: 2, depth: 16, rows: [Uint8Array.of(200, 1, 100, 2, 50, 3, 10, 0, 20, 0, 30, 0)], filter: 1 }));
    expect([...deep.pixels]).toEqual([luma(200, 100, 50), luma(10, 20, 30)]);
    const transparent = await decodeGrey(encodePng({ width: 3, height: 1, colorType: 4, depth: 8, rows: [Uint8Array.of(0, 0, 0, 255, 0, 128)] }));
    expect([...transparent.pixels]).toEqual([255, 0, 127]);
  });

  it('knows all eight EXIF orientations, mirrored ones included', () => {
    const stored = { width: 3, height: 2, pixels: Uint8Array.of(0, 1, 2, 3, 4, 5) };
    const shown = [1, 2, 3, 4, 5, 6, 7, 8].map((o) => [...orient(stored, o).pixels]);
    expect(shown).toEqual([
      [0, 1, 2, 3, 4, 5],
      [2, 1, 0, 5, 4, 3],
      [5, 4, 3, 2, 1, 0],
      [3, 4, 5, 0, 1, 2],
      [0, 3, 1, 4, 2, 5],
      [3, 0, 4, 1, 5, 2],
      [5, 2, 4, 1, 3, 0],
      [2, 5, 1, 4, 0, 3],
    ]);
    expect(orient(stored, 6)).toMatchObject({ width: 2, height: 3 });
  });

  it('turns a photo the way its EXIF orientation says', async () => {
    const jpeg = textJpeg('Hb 13.2 g/dL', 600, 400);
    const upright = await decodeGrey(jpeg);
    const quarter = await decodeGrey(withExifOrientation(jpeg, 6));
    const half = await decodeGrey(withExifOrientation(jpeg, 3));
    expect([upright.width, upright.height, quarter.width, quarter.height, half.width, half.height]).toEqual([600, 400, 400, 600, 600, 400]);
    // Orientation 6 is stored turned a quarter anticlockwise: shown, pixel (x, y) is stored at (y, h - 1 - x).
    for (const [x, y] of [[0, 0], [123, 456], [399, 599]] as const) {
      expect(quarter.pixels[y * 400 + x]).toBe(upright.pixels[(399 - x) * 600 + y]);
      expect(half.pixels[(399 - (y % 400)) * 600 + (599 - x)]).toBe(upright.pixels[(y % 400) * 600 + x]);
    }
  });

  it('refuses a file that is neither an image nor a PDF', async () => {
    expect(await refusal(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'latin1'))).toBe('unsupported-type');
    expect(await refusal(Buffer.from('PK\x03\x04 a word document', 'latin1'))).toBe('unsupported-type');
    expect(await refusal(Buffer.from('Hb 13.2 g/dL'))).toBe('unsupported-type');
  });

  it('refuses an empty file and a PDF without pages', async () => {
    expect(await refusal(Buffer.alloc(0))).toBe('empty');
    expect(await refusal(pdfWithoutPages())).toBe('empty');
  });

  it('refuses damaged files', async () => {
    const png = blankPng(400, 400);
    expect(await refusal(png.subarray(0, 20))).toBe('corrupt');
    // A header that holds, image data that does not.
    expect(await refusal(Buffer.concat([png.subarray(0, 33), Buffer.alloc(200, 7)]))).toBe('corrupt');
    expect(await refusal(Buffer.from('\xff\xd8\xff\xe0\x00\x10JFIF garbage', 'latin1'))).toBe('corrupt');
    expect(await refusal(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf', 'latin1'))).toBe('corrupt');
    const tiff = encodeTiff([greyTextPage('x', 400, 320)]);
    tiff.writeUInt32LE(tiff.length + 100, 4);
    expect(await refusal(tiff)).toBe('corrupt');
  });

  it('survives damaged photos and scans: each one is decoded or refused as corrupt, never a crash', async () => {
    // Skia's decoders crashed the process on these (see src/ocr/decode.ts); a crash ends this test run.
    const canvasText = greyTextPage('Hb 13.2 g/dL', 500, 400);
    const png = blankPng(500, 400);
    const jpeg = textJpeg('Hb 13.2 g/dL');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const outcomes = new Set<string>();
    for (const original of [png, jpeg, encodeTiff([canvasText])]) {
      for (let i = 0; i < 12; i++) {
        const damaged = Buffer.from(original);
        if (i % 2 === 0) for (let k = 0; k < 5; k++) damaged[40 + Math.floor(next() * (damaged.length - 40))] = Math.floor(next() * 256);
        const bytes = i % 2 === 0 ? damaged : damaged.subarray(0, 40 + Math.floor(next() * (damaged.length - 40)));
        try {
          const input = await openOcrInput(bytes);
          for await (const page of input.pages()) if (page.mime !== 'image/tiff') await decodeGrey(page.image);
          outcomes.add('decoded');
        } catch (error) {
          expect(error).toBeInstanceOf(OcrInputError);
          outcomes.add((error as OcrInputError).reason);
        }
      }
    }
    expect(outcomes).toContain('corrupt');
  }, 60_000);

  it('refuses a PDF locked with a password', async () => {
    expect(await refusal(passwordProtectedPdf())).toBe('password-protected');
  });

  it('refuses what is too large before decoding it: file size, pixels per page, page count', async () => {
    expect(await refusal(blankPng(400, 400), { limits: { maxFileBytes: 1000 } })).toBe('too-large');
    // 20000 x 20000 pixels claimed by a 2 KB file: refused from its header alone.
    expect(await refusal(pngHeaderClaiming(20_000, 20_000))).toBe('too-large');
    expect(await refusal(await blankPdf(51))).toBe('too-large');
    // An A0 poster at 300 dpi is ~140 megapixels.
    expect(await refusal(await blankPdf(1, [2384, 3370]))).toBe('too-large');
    expect(await refusal(encodeTiff([greyTextPage('x', 400, 320), greyTextPage('y', 400, 320)]), { limits: { maxPages: 1 } })).toBe('too-large');
  });

  it('refuses images too small to read', async () => {
    expect(await refusal(blankPng(250, 1000))).toBe('too-small');
    expect(await refusal(encodeTiff([greyTextPage('x', 299, 400)]))).toBe('too-small');
    // A business-card-sized PDF page is ~1000 px wide at 300 dpi: fine. A stamp is not.
    expect(await refusal(await blankPdf(1, [60, 60]))).toBe('too-small');
  });

  it('uses only LOINC and UCUM codes of the project in the generated corpus', () => {
    const root = join(import.meta.dirname, '..', '..', 'resources', 'value-sets');
    const loinc = new Set((JSON.parse(readFileSync(join(root, 'loinc.json'), 'utf8')) as { items: { code: string }[] }).items.map((i) => i.code));
    const ucum = new Set((JSON.parse(readFileSync(join(root, 'ucum.json'), 'utf8')) as { units: { code: string }[] }).units.map((u) => u.code));
    for (const analyte of ANALYTES) {
      for (const m of analyte.measures ?? []) {
        expect(loinc, analyte.id).toContain(m.loinc);
        expect(ucum, analyte.id).toContain(m.ucum);
      }
      if (analyte.qualitative) expect(loinc, analyte.id).toContain(analyte.qualitative);
    }
  });
});
