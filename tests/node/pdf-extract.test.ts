// Text read back out of our PDFs with poppler, for the programme's scripts mixed with digits and Latin.
//  - pdftotext (what a user gets by copying in a poppler viewer): a left-to-right line comes back
//    exactly as written; a right-to-left line comes back with every word and number intact, letters in
//    logical order ("120/80", never "08/021"). Poppler orders the words of a mixed right-to-left line by
//    a heuristic of its own (one direction per page, RLE/LRE marks), which is not the written order.
//  - pdftotext -bbox (where each word is on the page): the words from left to right spell the line
//    exactly as the Unicode bidi algorithm displays what was written (UAX #9, through bidi-js).
import { initHarfbuzz } from '../../src/pdf/harfbuzz.ts';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bidiModule from 'bidi-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfDocumentBuilder, createTextEngine, isolate, stripBidiControls, type TextStyle } from '../../src/pdf/index.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const bidi = ((typeof bidiModule === 'function' ? bidiModule : bidiModule.default) as typeof bidiModule.default)();
await initHarfbuzz();
const engine = createTextEngine();
const temp = makeTempDir('carnet-pdf-extract-');
afterAll(() => temp.cleanup());

const LINES: { lang: string; text: string; style: Partial<TextStyle> & { direction?: 'ltr' | 'rtl' } }[] = [
  { lang: 'en', text: 'Blood pressure 120/80 mmHg', style: {} },
  { lang: 'el', text: 'Αρτηριακή πίεση 120/80 mmHg, θερμοκρασία 37,5 °C', style: {} },
  { lang: 'sr', text: 'Крвни притисак 120/80 mmHg (Београд)', style: {} },
  { lang: 'en', text: `Name: ${isolate('أحمد')}, 34`, style: {} },
  { lang: 'ar', text: 'ضغط الدم 120/80 mmHg', style: { direction: 'rtl' } },
  { lang: 'ar', text: `الاسم: ${isolate('Ahmad Karimi')}، العمر 34 سنة`, style: { direction: 'rtl' } },
  { lang: 'fa', text: 'فشار خون ۱۲۰/۸۰ میلی‌متر جیوه', style: { direction: 'rtl', lang: 'fa' } },
  { lang: 'ur', text: 'بلڈ پریشر 120/80 mmHg', style: { direction: 'rtl', lang: 'ur', arabicStyle: 'naskh' } },
  { lang: 'ur', text: 'بلڈ پریشر 120/80', style: { direction: 'rtl', lang: 'ur', arabicStyle: 'nastaliq' } },
  { lang: 'ps', text: 'د وینې فشار 120/80 mmHg', style: { direction: 'rtl', lang: 'ps' } },
];

const EMBEDDING_MARKS = /[\u202A-\u202E]/g;

/** What a bidi-aware program shows, left to right: UAX #9 reordering with mirroring, spaces dropped. */
function displayed(text: string, direction: 'ltr' | 'rtl'): string {
  return stripBidiControls(bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, direction))).replace(/\s+/g, '');
}

let extracted: string[] = [];
/** Per printed line, its words as poppler places them, left to right. */
let placed: string[] = [];

function wordsByLine(bboxHtml: string): string[] {
  const words = [...bboxHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] as string }));
  const lines: { y: number; words: typeof words }[] = [];
  for (const word of words) {
    const line = lines.find((l) => Math.abs(l.y - word.y) < 6);
    if (line) line.words.push(word);
    else lines.push({ y: word.y, words: [word] });
  }
  return lines.sort((a, b) => a.y - b.y).map((l) => l.words.sort((a, b) => a.x - b.x).map((w) => w.text).join(' '));
}

beforeAll(async () => {
  const builder = await PdfDocumentBuilder.create({ engine, pageSize: 'A4', fixedDate: new Date('2026-01-01T00:00:00Z') });
  for (const line of LINES) {
    // Each line on its own, aligned to its side, with room between lines so poppler keeps them apart.
    builder.paragraph(line.text, { ...line.style, size: 12, align: line.style.direction === 'rtl' ? 'end' : 'start' });
    builder.space(14);
  }
  const file = join(temp.dir, 'languages.pdf');
  writeFileSync(file, await builder.save());
  const result = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  extracted = result.stdout.split('\n').filter((l) => l.trim() !== '');
  const bbox = spawnSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  expect(bbox.status).toBe(0);
  placed = wordsByLine(bbox.stdout);
});

describe('text read back from the PDF (poppler)', () => {
  it('finds one line per printed line', () => {
    expect(extracted).toHaveLength(LINES.length);
    expect(placed).toHaveLength(LINES.length);
  });

  it.each(LINES.map((line, i) => [line.lang, i, line] as const))('places the words of the %s line %i left to right as the bidi algorithm displays them', (_lang, i, line) => {
    expect((placed[i] as string).replace(/\s+/g, '')).toBe(displayed(line.text, line.style.direction ?? 'ltr'));
  });

  it.each(LINES.map((line, i) => [line.lang, i, line] as const).filter(([, , line]) => line.style.direction !== 'rtl'))(
    'copies the left-to-right %s line %i exactly as written',
    (_lang, i, line) => {
      expect(extracted[i]?.replace(EMBEDDING_MARKS, '')).toBe(stripBidiControls(line.text));
    },
  );

  it.each(LINES.map((line, i) => [line.lang, i, line] as const).filter(([, , line]) => line.style.direction === 'rtl'))(
    'copies the right-to-left %s line %i with every word and number in logical order',
    (_lang, i, line) => {
      const copied = (extracted[i] as string).replace(EMBEDDING_MARKS, '');
      const words = stripBidiControls(line.text).split(/\s+/).map((w) => w.replace(/[،:,]$/, ''));
      for (const word of words) expect(copied).toContain(word);
      expect(copied.replace(/[\s،:,]/g, '').length).toBe(words.join('').length);
    },
  );
});
