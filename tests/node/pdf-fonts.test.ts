// What the fonts look like once in a PDF, read back with poppler: every face embedded as a subset with
// a ToUnicode map, every glyph of the subset drawn (the fontkit padding fix), and no .notdef boxes.
import { initHarfbuzz } from '../../src/pdf/harfbuzz.ts';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPdfDocument, createTextEngine, drawTextLine, PdfFontRegistry, type TextStyle } from '../../src/pdf/index.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

await initHarfbuzz();
const engine = createTextEngine();
const temp = makeTempDir('carnet-pdf-fonts-');
afterAll(() => temp.cleanup());

function run(command: string, args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return { stdout: result.stdout, stderr: result.stderr };
}

/** One page with each item drawn at its own place; returns the file's path. */
async function pageWith(name: string, items: { text: string; style: TextStyle; x: number; y: number }[], size: [number, number] = [420, 595]): Promise<string> {
  const doc = await createPdfDocument({ fixedDate: new Date('2026-01-01T00:00:00Z') });
  const fonts = new PdfFontRegistry(doc, engine.fonts);
  const page = doc.addPage(size);
  for (const item of items) drawTextLine(page, fonts, engine.layoutLine(item.text, item.style), { x: item.x, y: item.y });
  await fonts.embed();
  const file = join(temp.dir, `${name}.pdf`);
  writeFileSync(file, await doc.save());
  return file;
}

/** Page 1 rendered in grey at 72 dpi (one pixel per point), rows from the top. */
function render(file: string): { width: number; height: number; pixels: Uint8Array; stderr: string } {
  const prefix = file.replace(/\.pdf$/, '');
  const { stderr } = run('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const data = readFileSync(`${prefix}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  const [, width, height] = header.map(Number) as [number, number, number];
  return { width, height, pixels: data.subarray(header[0].length), stderr };
}

describe('fonts in the PDF', () => {
  it('embeds every face drawn with as a subset with a ToUnicode map, under reproducible names', async () => {
    const file = await pageWith('faces', [
      { text: 'Latin Ελληνικά Српски', style: { size: 12 }, x: 20, y: 550 },
      { text: 'Bold', style: { size: 12, bold: true }, x: 20, y: 520 },
      { text: 'العربية فارسی', style: { size: 12 }, x: 20, y: 490 },
      { text: 'پښتو', style: { size: 12, bold: true }, x: 20, y: 460 },
      { text: 'اردو', style: { size: 12, arabicStyle: 'nastaliq' }, x: 20, y: 420 },
    ]);
    const rows = run('pdffonts', [file]).stdout.trim().split('\n').slice(2);
    const fonts = rows.map((row) => {
      const [name, ...rest] = row.trim().split(/\s+/);
      return { name, flags: rest.slice(-5, -2).join(' '), type: rest.slice(0, 2).join(' ') };
    });
    expect(fonts.map((f) => f.name?.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(
      ['NotoNaskhArabic-Bold', 'NotoNaskhArabic-Regular', 'NotoNastaliqUrdu-Regular', 'NotoSans-Bold', 'NotoSans-Regular'].sort(),
    );
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+Noto/);
      expect(font.type).toBe('CID TrueType');
      expect(font.flags).toBe('yes yes yes'); // embedded, subset, ToUnicode
    }
  });

  it('draws every glyph of a subset (records padded to 4 bytes, so no outline after an odd-length one is lost)', async () => {
    // Many distinct glyphs in one subset: with fontkit's unpadded records most of them vanish.
    const chars = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789ΑΒΓΔΕΖΗΘΛΞΠΣΦΨΩαβγδεζηθλξπσφψωБГДЖЗИЛПФЦЧШЩЭЮЯбгджзилпфцчшщэюяșțđœ'];
    const arabic = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگکیۀټځڅډړږښګڼېۍے١٢٣٤٥٦٧٨٩۴۵۶'];
    const cells = [...chars.map((c) => ({ c, style: { size: 14 } })), ...arabic.map((c) => ({ c, style: { size: 14, direction: 'rtl' as const } }))];
    const columns = 16;
    const cell = 25;
    const items = cells.map(({ c, style }, i) => ({ text: c, style, x: 10 + (i % columns) * cell, y: 800 - Math.floor(i / columns) * cell }));
    const file = await pageWith('glyph-grid', items, [420, 830]);
    const image = render(file);
    expect(image.stderr).toBe('');
    const empty = items.filter((item) => {
      let ink = 0;
      for (let y = image.height - item.y - 18; y < image.height - item.y + 8; y++) {
        for (let x = item.x - 2; x < item.x + 20; x++) if ((image.pixels[y * image.width + x] as number) < 128) ink++;
      }
      return ink < 4;
    });
    expect(empty.map((item) => item.text)).toEqual([]);
  });

  it('draws a character no font has as U+FFFD, never as a .notdef box', async () => {
    const missing = await pageWith('missing', [{ text: 'A😀B 中 ok', style: { size: 16 }, x: 20, y: 550 }]);
    const replaced = await pageWith('replaced', [{ text: 'A\uFFFDB \uFFFD ok', style: { size: 16 }, x: 20, y: 550 }]);
    const notdef = await pageWith('boxes', [{ text: 'AB ok', style: { size: 16 }, x: 20, y: 550 }]);
    expect(engine.layoutLine('A😀B 中 ok', { size: 16 }).missing).toHaveLength(2);
    expect(Buffer.from(render(missing).pixels).equals(Buffer.from(render(replaced).pixels))).toBe(true);
    // The comparison can tell pages apart at this resolution.
    expect(Buffer.from(render(missing).pixels).equals(Buffer.from(render(notdef).pixels))).toBe(false);
    // And the text still copies as what was written.
    expect(run('pdftotext', [missing, '-']).stdout.trim()).toBe('A😀B 中 ok');
  });
});
