// The layout layer and the printed file, read back with poppler: wrapping, mirroring in right-to-left
// documents, repeated table headers, the QR code's modules, saddle-stitch imposition and reproducibility.
import { initHarfbuzz } from '../../src/pdf/harfbuzz.ts';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PdfDocumentBuilder,
  createPdfDocument,
  createTextEngine,
  drawQrCode,
  imposeSaddleStitch,
  isolate,
  mm,
  saddleStitchOrder,
  type Binding,
  type BuilderOptions,
} from '../../src/pdf/index.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

await initHarfbuzz();
const engine = createTextEngine();
const temp = makeTempDir('carnet-pdf-layout-');
afterAll(() => temp.cleanup());
const FIXED = new Date('2026-01-01T00:00:00Z');

interface Word {
  page: number;
  x: number;
  xMax: number;
  y: number;
  text: string;
}

function save(name: string, bytes: Uint8Array): string {
  const file = join(temp.dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Every word with its page (1-based) and position, from pdftotext -bbox. */
function words(file: string): { pages: { width: number }[]; words: Word[] } {
  const result = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  const pages: { width: number }[] = [];
  const found: Word[] = [];
  for (const m of result.stdout.matchAll(/<page width="([\d.]+)"|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
    if (m[1]) pages.push({ width: Number(m[1]) });
    else found.push({ page: pages.length, x: Number(m[2]), y: Number(m[3]), xMax: Number(m[4]), text: m[5] as string });
  }
  return { pages, words: found };
}

const find = (all: Word[], text: string): Word => {
  const word = all.find((w) => w.text === text);
  if (!word) throw new Error(`no word ${text}`);
  return word;
};

async function build(options: Partial<BuilderOptions>, draw: (b: PdfDocumentBuilder) => void): Promise<Uint8Array> {
  const builder = await PdfDocumentBuilder.create({ engine, fixedDate: FIXED, ...options });
  draw(builder);
  return builder.save();
}

describe('flow layout', () => {
  it.each([
    ['English', 'ltr', 'The clinician records the health assessment and every follow-up visit, with vaccinations, vital signs, laboratory results and referrals to the hospital. '.repeat(3)],
    ['Arabic', 'rtl', 'يسجل الطبيب التقييم الصحي وكل زيارة متابعة مع اللقاحات والعلامات الحيوية ونتائج المختبر والإحالات إلى المستشفى. '.repeat(3)],
  ] as const)('wraps a %s paragraph inside the margins without splitting a word', async (_name, direction, text) => {
    const file = save(`wrap-${direction}.pdf`, await build({ direction }, (b) => b.paragraph(text.trim(), { size: 11 })));
    const { pages, words: all } = words(file);
    // pdftotext gives each word in logical letter order (-bbox keeps right-to-left words as drawn); it
    // detaches a full stop from a right-to-left word, so punctuation is left out of the comparison.
    const wordsOf = (t: string) => t.replace(/[\u202A-\u202E.,]/g, ' ').split(/\s+/).filter(Boolean).sort();
    const copied = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
    expect(wordsOf(copied)).toEqual(wordsOf(text));
    const margin = mm(12);
    for (const word of all) {
      expect(word.x).toBeGreaterThanOrEqual(margin - 0.5);
      expect(word.xMax).toBeLessThanOrEqual((pages[0]?.width ?? 0) - margin + 0.5);
    }
    expect(new Set(all.map((w) => Math.round(w.y))).size).toBeGreaterThan(4);
  });

  it('mirrors key/value rows and table columns in a right-to-left document', async () => {
    const content = (b: PdfDocumentBuilder) => {
      b.keyValue([{ labels: ['KeyOne', 'KeyTwo'], value: 'ValueOne' }]);
      b.table({ columns: [{ header: 'Alpha' }, { header: 'Beta', width: 2 }, { header: 'Gamma' }], rows: [['a1', 'b1', 'c1']] });
    };
    const ltr = words(save('mirror-ltr.pdf', await build({ direction: 'ltr' }, content))).words;
    const rtl = words(save('mirror-rtl.pdf', await build({ direction: 'rtl' }, content))).words;
    const xs = (all: Word[], texts: string[]) => texts.map((t) => find(all, t).x);
    const increasing = (v: number[]) => v.every((x, i) => i === 0 || x > (v[i - 1] as number));
    for (const row of [['KeyOne', 'KeyTwo', 'ValueOne'], ['Alpha', 'Beta', 'Gamma'], ['a1', 'b1', 'c1']]) {
      expect(increasing(xs(ltr, row))).toBe(true);
      expect(increasing(xs(rtl, row).reverse())).toBe(true);
    }
    // The first column hugs the start margin: left in LTR, right in RTL.
    const width = mm(148);
    expect(find(ltr, 'Alpha').x).toBeLessThan(width / 4);
    expect(find(rtl, 'Alpha').xMax).toBeGreaterThan((width * 3) / 4);
  });

  it('repeats the table header at the top of every page the table runs onto', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`2025-01-${String((i % 28) + 1).padStart(2, '0')}`, `Dose${i + 1}`, isolate('الحصبة')]);
    const file = save('long-table.pdf', await build({}, (b) => b.table({ columns: [{ header: ['Date', 'التاريخ'] }, { header: 'Vaccine' }, { header: 'Name' }], rows })));
    const { pages, words: all } = words(file);
    expect(pages.length).toBeGreaterThan(1);
    for (let page = 1; page <= pages.length; page++) {
      const onPage = all.filter((w) => w.page === page);
      const top = Math.min(...onPage.map((w) => w.y));
      expect(find(onPage, 'Vaccine').y - top).toBeLessThan(2);
    }
    // Every row is printed once.
    expect(all.filter((w) => /^Dose\d+$/.test(w.text)).map((w) => w.text)).toEqual(rows.map((r) => r[1]));
  });

  it('draws the QR code module for module, with a white quiet zone of four modules', async () => {
    const matrix = QRCode.create('CARNET:1:site-7:person-0123456789', { errorCorrectionLevel: 'M' }).modules;
    const doc = await createPdfDocument({ fixedDate: FIXED });
    const page = doc.addPage([300, 300]);
    // A grey page, so the quiet zone is seen to be painted white rather than left empty.
    page.drawRectangle({ x: 0, y: 0, width: 300, height: 300, color: rgb(0.5, 0.5, 0.5) });
    const at = { x: 50, y: 60, size: mm(30) };
    drawQrCode(page, matrix, at);
    const file = save('qr.pdf', await doc.save());
    const dpi = 288;
    spawnSync('pdftoppm', ['-gray', '-r', String(dpi), '-singlefile', file, file.replace(/\.pdf$/, '')]);
    const data = readFileSync(file.replace(/\.pdf$/, '.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1')) as RegExpExecArray;
    const [width, height] = [Number(header[1]), Number(header[2])];
    const pixels = data.subarray(header[0].length);
    const scale = dpi / 72;
    const moduleSize = at.size / (matrix.size + 8);
    const sample = (row: number, col: number): boolean => {
      const x = Math.floor((at.x + (col + 4.5) * moduleSize) * scale);
      const y = Math.floor(height - (at.y + at.size - (row + 4.5) * moduleSize) * scale);
      return (pixels[y * width + x] as number) < 128;
    };
    for (let row = -4; row < matrix.size + 4; row++) {
      for (let col = -4; col < matrix.size + 4; col++) {
        const inside = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size;
        expect(sample(row, col), `module ${row},${col}`).toBe(inside ? Boolean(matrix.get(row, col)) : false);
      }
    }
  });

  it('refuses a QR code too small to scan from paper', async () => {
    const builder = await PdfDocumentBuilder.create({ engine, fixedDate: FIXED });
    expect(() => builder.qrCode(QRCode.create('x', { errorCorrectionLevel: 'M' }).modules, { size: mm(15) })).toThrow(/20 mm/);
  });
});

describe('saddle-stitch imposition', () => {
  /** Page labels on each A4 side, read back: [left, right] per side, null for a blank half. */
  async function imposed(pageCount: number, binding: Binding): Promise<(string | null)[][]> {
    const a5 = await build({}, (b) => {
      for (let i = 0; i < pageCount; i++) {
        if (i > 0) b.newPage();
        b.heading(`P${i + 1}`);
      }
    });
    const file = save(`imposed-${pageCount}-${binding}.pdf`, await imposeSaddleStitch(a5, { binding, fixedDate: FIXED }));
    const { pages, words: all } = words(file);
    return pages.map((page, i) => {
      const labels = all.filter((w) => w.page === i + 1 && /^P\d+$/.test(w.text));
      const half = (left: boolean) => labels.find((w) => (w.x < page.width / 2) === left)?.text ?? null;
      return [half(true), half(false)];
    });
  }

  /** Fold the printed stack (sheet 0 outermost) and read it front to back, as the person will. */
  function readingOrder(sides: (string | null)[][], binding: Binding): (string | null)[] {
    const [first, second] = binding === 'ltr' ? [1, 0] : [0, 1];
    const sheets = sides.length / 2;
    const order: (string | null)[] = [];
    for (let s = 0; s < sheets; s++) order.push(sides[2 * s]?.[first] ?? null, sides[2 * s + 1]?.[second] ?? null);
    for (let s = sheets - 1; s >= 0; s--) order.push(sides[2 * s + 1]?.[first] ?? null, sides[2 * s]?.[second] ?? null);
    return order;
  }

  it.each([5, 6, 7, 8, 9, 10, 11, 12].flatMap((n) => [[n, 'ltr'] as const, [n, 'rtl'] as const]))(
    'prints %i A5 pages so the folded booklet reads in order (%s binding)',
    async (pageCount, binding) => {
      const sides = await imposed(pageCount, binding);
      const padded = Math.ceil(pageCount / 4) * 4;
      expect(sides).toHaveLength(padded / 2);
      const expected = Array.from({ length: padded }, (_, i) => (i < pageCount ? `P${i + 1}` : null));
      expect(readingOrder(sides, binding)).toEqual(expected);
    },
  );

  it('states the sheet layout of the note: front [N-1-2s | 2s], back [2s+1 | N-2-2s], mirrored for RTL', () => {
    expect(saddleStitchOrder(8, 'ltr')).toEqual([
      { front: [7, 0], back: [1, 6] },
      { front: [5, 2], back: [3, 4] },
    ]);
    expect(saddleStitchOrder(6, 'rtl')).toEqual([
      { front: [0, null], back: [null, 1] },
      { front: [2, 5], back: [4, 3] },
    ]);
  });
});

describe('reproducible output', () => {
  const mixed = (b: PdfDocumentBuilder) => {
    b.heading('Carnet – Βιβλιάριο υγείας – السجل الصحي');
    b.keyValue([
      { labels: ['Name', { text: 'الاسم', lang: 'ar' }], value: isolate('أحمد كريمي') },
      { labels: ['Крвни притисак', { text: 'فشار خون', lang: 'fa' }], value: '120/80 mmHg' },
      { labels: ['Blood pressure', { text: 'بلڈ پریشر', lang: 'ur', arabicStyle: 'nastaliq' }], value: '۱۲۰/۸۰' },
    ]);
    b.newPage();
    b.paragraph('د وینې فشار 120/80 mmHg', { direction: 'rtl', lang: 'ps' });
    b.bars(40, [1, 4, 2]);
  };

  it('gives byte-identical PDFs for the same input and fixed dates, and different bytes for different text', async () => {
    const first = await build({ direction: 'rtl' }, mixed);
    const second = await build({ direction: 'rtl' }, mixed);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await build({ direction: 'rtl' }, (b) => {
      mixed(b);
      b.paragraph('one more line');
    });
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
    const imposedA = await imposeSaddleStitch(first, { binding: 'rtl', fixedDate: FIXED });
    const imposedB = await imposeSaddleStitch(second, { binding: 'rtl', fixedDate: FIXED });
    expect(Buffer.from(imposedA).equals(Buffer.from(imposedB))).toBe(true);
  });
});
