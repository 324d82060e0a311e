// The text engine on its own (no PDF): faces per script, bidi run order, mirroring, isolation, missing
// glyphs, measuring and wrapping. What reaches the PDF is checked with poppler in pdf-extract/pdf-fonts.
import { initHarfbuzz } from '../../src/pdf/harfbuzz.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bidiModule from 'bidi-js';
import { describe, expect, it } from 'vitest';
import { createTextEngine, defaultFontsDir, isolate, patchFontkitSubsetting, type GlyphRun, type TextLine } from '../../src/pdf/index.ts';

await initHarfbuzz();
const engine = createTextEngine();
const bidi = ((typeof bidiModule === 'function' ? bidiModule : bidiModule.default) as typeof bidiModule.default)();

/** A run's text in logical order (its glyphs are left to right, so a right-to-left run reads backwards). */
function runText(run: GlyphRun): string {
  const texts = run.glyphs.flatMap((g) => (g.text === null ? [] : [g.text]));
  return (run.rtl ? texts.reverse() : texts).join('');
}

const runs = (line: TextLine) => line.runs.map((r) => ({ face: r.face.id, rtl: r.rtl, text: runText(r) }));

describe('faces per script', () => {
  it('draws Latin, Greek and Cyrillic with Noto Sans and Arabic script with Naskh', () => {
    for (const text of ['Blood pressure', 'Αρτηριακή πίεση', 'Крвни притисак', 'Tensiune arterială ș ț', 'đ œ']) {
      expect(runs(engine.layoutLine(text, { size: 10 })).map((r) => r.face)).toEqual(['sans']);
    }
    for (const text of ['ضغط الدم', 'فشار خون', 'بلڈ پریشر', 'د وینې فشار']) {
      expect(runs(engine.layoutLine(text, { size: 10 })).map((r) => r.face)).toEqual(['naskh']);
    }
  });

  it('uses the bold faces when asked, Nastaliq for Urdu unless Naskh is asked for, Naskh for the other languages', () => {
    expect(runs(engine.layoutLine('Name نام', { size: 10, bold: true })).map((r) => r.face)).toEqual(['sans-bold', 'naskh-bold']);
    const naskh = engine.layoutLine('بلڈ پریشر', { size: 10, lang: 'ur', arabicStyle: 'naskh' });
    const nastaliq = engine.layoutLine('بلڈ پریشر', { size: 10, lang: 'ur' });
    expect(nastaliq.runs.map((r) => r.face.id)).toEqual(['nastaliq']);
    expect(engine.layoutLine('فشار خون', { size: 10, lang: 'fa' }).runs.map((r) => r.face.id)).toEqual(['naskh']);
    // Nastaliq needs far more height than Naskh (the note: about twice the line height of Latin).
    expect(nastaliq.ascent + nastaliq.descent).toBeGreaterThan(1.3 * (naskh.ascent + naskh.descent));
  });

  it('gives digits and punctuation the face of the text they belong to', () => {
    expect(runs(engine.layoutLine('ضغط الدم 120/80 mmHg', { size: 10, direction: 'rtl' }))).toEqual([
      { face: 'sans', rtl: false, text: 'mmHg' },
      { face: 'naskh', rtl: true, text: ' ' },
      { face: 'naskh', rtl: false, text: '120/80' },
      { face: 'naskh', rtl: true, text: 'ضغط الدم ' },
    ]);
    // After an isolated Arabic name, ", 34" belongs to the English sentence.
    expect(runs(engine.layoutLine(`Name: ${isolate('أحمد')}, 34`, { size: 10 }))).toEqual([
      { face: 'sans', rtl: false, text: 'Name: ' },
      { face: 'naskh', rtl: true, text: 'أحمد' },
      { face: 'sans', rtl: false, text: ', 34' },
    ]);
  });

  it('applies language forms: Urdu and Persian digit shapes differ from Arabic ones in Naskh', () => {
    const gids = (lang: string) => engine.layoutLine('۴۶۷', { size: 10, lang, direction: 'rtl' }).runs.flatMap((r) => r.glyphs.map((g) => g.gid));
    expect(gids('ur')).not.toEqual(gids('fa'));
  });
});

describe('bidi', () => {
  it('orders runs visually and keeps each run in logical order inside', () => {
    const line = engine.layoutLine('ضغط الدم 120/80 mmHg', { size: 10, direction: 'rtl' });
    expect(line.direction).toBe('rtl');
    expect(line.text).toBe('ضغط الدم 120/80 mmHg');
    // Left to right on the page: mmHg, 120/80, then the Arabic words at the right.
    expect(line.runs.map(runText).join('|')).toBe('mmHg| |120/80|ضغط الدم ');
  });

  it('takes the direction from the first strong character when asked for auto', () => {
    expect(engine.layoutLine('ضغط 120', { size: 10, direction: 'auto' }).direction).toBe('rtl');
    expect(engine.layoutLine('BP ضغط', { size: 10, direction: 'auto' }).direction).toBe('ltr');
    expect(engine.layoutLine('120 ضغط', { size: 10, direction: 'auto' }).direction).toBe('rtl');
  });

  it('mirrors brackets in right-to-left runs and keeps the logical character for copying', () => {
    const { fonts } = engine;
    const line = engine.layoutLine('(مرحبا)', { size: 10, direction: 'rtl' });
    const [run] = line.runs;
    const first = run?.glyphs[0];
    const last = run?.glyphs[run.glyphs.length - 1];
    // Leftmost glyph: the logical ")" drawn with the "(" shape; rightmost: "(" drawn as ")".
    expect(first).toMatchObject({ gid: fonts.naskh.font.nominalGlyph(0x28), text: ')' });
    expect(last).toMatchObject({ gid: fonts.naskh.font.nominalGlyph(0x29), text: '(' });
  });

  it('draws the mirrored glyph for exactly the characters bidi-js says to mirror', () => {
    // Brackets at right-to-left levels (around Arabic) and at left-to-right ones (around "x" in an LTR line).
    for (const [text, direction] of [['Dose (أ) [ب] {ج} «د» <5> (x)', 'rtl'], ['Dose (x) [أ]', 'ltr']] as const) {
      const line = engine.layoutLine(text, { size: 10, direction });
      const mirrored = bidi.getMirroredCharactersMap(text, bidi.getEmbeddingLevels(text, direction).levels);
      let brackets = 0;
      for (const run of line.runs) {
        for (const glyph of run.glyphs) {
          if (glyph.text === null || !'()[]{}«»<>'.includes(glyph.text)) continue;
          brackets++;
          const drawn = mirrored.get(glyph.index) ?? glyph.text;
          expect(glyph.gid, `${glyph.text} at ${glyph.index}`).toBe(run.face.font.nominalGlyph(drawn.codePointAt(0) as number));
        }
      }
      expect(brackets).toBe([...text].filter((c) => '()[]{}«»<>'.includes(c)).length);
      expect(mirrored.size).toBe(direction === 'rtl' ? 12 : 0);
    }
  });

  it('keeps an isolated value from reordering its sentence, and never prints the controls', () => {
    const plain = engine.layoutLine('Name: أحمد, 34', { size: 10 });
    const isolated = engine.layoutLine(`Name: ${isolate('أحمد')}, 34`, { size: 10 });
    // Without isolation the bidi algorithm makes "34" Arabic-side: the line displays as "Name: 34 ,أحمد".
    expect(plain.runs.map(runText).join('|')).toBe('Name: |34|أحمد, ');
    expect(isolated.runs.map(runText).join('|')).toBe('Name: |أحمد|, 34');
    expect(isolated.text).toBe('Name: أحمد, 34');
    expect(isolate('a\u202Eb')).toBe('\u2068ab\u2069');
  });

  it('hands each glyph of a shared Naskh shape its own letter, and dots to no text at all', () => {
    // Naskh draws ب ت ث ن ي from one dotless shape plus separate dot glyphs.
    const line = engine.layoutLine('بتثني', { size: 10, direction: 'rtl' });
    const glyphs = line.runs.flatMap((r) => r.glyphs);
    const carriers = glyphs.filter((g) => g.text !== null);
    expect(carriers.map((g) => g.text).reverse().join('')).toBe('بتثني');
    expect(glyphs.filter((g) => g.text === null).length).toBeGreaterThanOrEqual(4);
    const textsByGlyph = new Map<number, Set<string>>();
    for (const g of carriers) textsByGlyph.set(g.gid, (textsByGlyph.get(g.gid) ?? new Set()).add(g.text as string));
    expect([...textsByGlyph.values()].some((texts) => texts.size > 1)).toBe(true);
  });
});

describe('missing glyphs', () => {
  it('reports characters no face has and draws U+FFFD instead of .notdef', () => {
    const line = engine.layoutLine('A😀B 中', { size: 10 });
    expect(line.missing.sort()).toEqual([0x4e2d, 0x1f600].sort());
    const glyphs = line.runs.flatMap((r) => r.glyphs);
    expect(glyphs.every((g) => g.gid !== 0)).toBe(true);
    const replacement = engine.fonts.sans.font.nominalGlyph(0xfffd);
    // The stand-in glyph still copies as the original character.
    expect(glyphs.find((g) => g.text === '😀')?.gid).toBe(replacement);
  });

  it('reports nothing for ordinary text in any of the programme scripts', () => {
    for (const text of ['Slovenščina Română Hrvatski Français', 'Ελληνικά Српски Български', 'العربية فارسی اردو پښتو ۱۲۳ ٤٥٦', 'می‌خواهم']) {
      expect(engine.layoutLine(text, { size: 10 }).missing).toEqual([]);
    }
  });
});

describe('measuring and wrapping', () => {
  it('measures text from the shaped advances', () => {
    const one = engine.measure('Blood pressure', { size: 10 });
    expect(engine.measure('Blood pressure', { size: 20 })).toBeCloseTo(2 * one, 6);
    expect(engine.measure('Blood pressure 120/80', { size: 10 })).toBeGreaterThan(one);
    expect(engine.measure('', { size: 10 })).toBe(0);
  });

  it.each([
    ['en', 'ltr', 'The clinician records the health assessment and every follow-up, with vaccinations, vital signs and referrals.'],
    ['el', 'ltr', 'Ο κλινικός γιατρός καταγράφει την αξιολόγηση υγείας και κάθε επανεξέταση με εμβόλια και ζωτικά σημεία.'],
    ['ar', 'rtl', 'يسجل الطبيب التقييم الصحي وكل متابعة مع اللقاحات والعلامات الحيوية 120/80 والإحالات إلى المستشفى.'],
    ['fa', 'rtl', 'پزشک ارزیابی سلامت و هر پیگیری را با واکسن‌ها و علائم حیاتی ۱۲۰/۸۰ ثبت می‌کند.'],
  ] as const)('wraps %s text at spaces, each line no wider than asked and in its paragraph direction', (_lang, direction, text) => {
    const maxWidth = 120;
    const lines = engine.wrap(text, maxWidth, { size: 10, direction: 'auto' });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.map((l) => l.text).join(' ')).toBe(text);
    for (const line of lines) {
      expect(line.width).toBeLessThanOrEqual(maxWidth + 0.01);
      expect(line.direction).toBe(direction);
    }
    // Greedy: the next line's first word would not have fitted.
    for (let i = 0; i + 1 < lines.length; i++) {
      const next = (lines[i + 1] as TextLine).text.split(' ')[0] as string;
      expect(engine.measure(`${(lines[i] as TextLine).text} ${next}`, { size: 10, direction })).toBeGreaterThan(maxWidth);
    }
  });

  it('keeps hard line breaks and breaks a word only when it is wider than the line', () => {
    expect(engine.wrap('one\ntwo', 500, { size: 10 }).map((l) => l.text)).toEqual(['one', 'two']);
    const long = 'A'.repeat(200);
    const lines = engine.wrap(`Name ${long} end`, 100, { size: 10 });
    expect(lines[0]?.text).toBe('Name');
    expect(lines.map((l) => l.text).join('')).toBe(`Name${long} end`);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.width <= 100.01)).toBe(true);
  });
});

describe('the fontkit subsetting fix', () => {
  it('refuses to patch a fontkit or pdf-lib version it was not checked against', () => {
    const bytes = readFileSync(join(defaultFontsDir(), 'NotoSans-Regular.ttf'));
    expect(() => patchFontkitSubsetting(bytes, { fontkit: '1.1.2', pdfLib: '1.17.1' })).toThrow(/@pdf-lib\/fontkit 1\.1\.2 is not a version .*1\.1\.1/);
    expect(() => patchFontkitSubsetting(bytes, { fontkit: '1.1.1', pdfLib: '2.0.0' })).toThrow(/pdf-lib 2\.0\.0 is not a version/);
    expect(() => patchFontkitSubsetting(bytes)).not.toThrow();
  });
});
