// Text in any mix of the programme's scripts turned into positioned glyphs: bidi levels (bidi-js), a
// face per character (Noto Sans for Latin, Greek and Cyrillic; Naskh or Nastaliq for Arabic script),
// runs of one level and one face in visual order, each shaped by HarfBuzz. Lines are measured and
// wrapped here; draw-text.ts puts them on a page. Nothing here knows about PDF.
//
// Mirroring (rule L4) is HarfBuzz's: a buffer shaped right-to-left gets the mirrored glyph of every
// Bidi_Mirrored character, exactly the characters bidi-js's getMirroredCharactersMap would list for the
// run (odd level). Substituting them beforehand as well would mirror them twice.
import type * as HB from 'harfbuzzjs';
import { harfbuzz, initHarfbuzz } from './harfbuzz.ts';
import { resolveParagraph, visualRunOrder, type BaseDirection, type BidiParagraph } from './bidi.ts';
import { loadFonts, type FaceId, type FontSet, type LoadedFace } from './fonts.ts';

export type { BaseDirection } from './bidi.ts';

export interface TextStyle {
  /** Nominal size in points (Arabic faces draw 10% larger, see fonts.ts). */
  size: number;
  bold?: boolean;
  /** Arabic-script style: Nastaliq for Urdu (`lang` ur), Naskh otherwise, unless asked (Nastaliq has a regular weight only). */
  arabicStyle?: 'naskh' | 'nastaliq';
  /** BCP 47 language of the text, for language forms (Urdu and Persian digits, Pashto letters, ...). */
  lang?: string;
  /** Paragraph direction; 'auto' (the default) takes it from the first strong character. */
  direction?: BaseDirection;
}

export interface ShapedGlyph {
  gid: number;
  /** Where its cluster starts in the line's text (code points). */
  index: number;
  /** Font units, as HarfBuzz positioned them. */
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  /**
   * The characters this glyph stands for when the PDF's text is copied, in logical order; null for a
   * glyph that shares its cluster with one that carries the text (a dot, a mark): drawn as an outline.
   * A bracket in a right-to-left run keeps its own character although its mirror image is drawn:
   * extractors reverse right-to-left text as a whole, which puts it back where it belongs.
   */
  text: string | null;
}

export interface GlyphRun {
  /** Index of the run's first character in the line's text (code points): runs sorted by it are in logical order. */
  start: number;
  face: LoadedFace;
  /** Points, with the face's size scale applied. */
  size: number;
  rtl: boolean;
  /** Left to right on the page (HarfBuzz's order for right-to-left runs too). */
  glyphs: ShapedGlyph[];
  width: number;
}

export interface TextLine {
  /** The line's characters in logical order, bidi controls removed. */
  text: string;
  direction: 'ltr' | 'rtl';
  /** Left to right on the page. */
  runs: GlyphRun[];
  /** Points; descent is below the baseline, positive. */
  width: number;
  ascent: number;
  descent: number;
  /** Code points no face can draw: shown as U+FFFD (copied as themselves), never as a .notdef box. */
  missing: number[];
}

export interface TextEngine {
  readonly fonts: FontSet;
  /** One line, no wrapping (line breaks count as spaces). */
  layoutLine(text: string, style: TextStyle): TextLine;
  measure(text: string, style: TextStyle): number;
  /**
   * Lines no wider than maxWidth, broken at spaces (a word longer than a line is broken between clusters).
   * Results are cached and shared: treat them as read-only.
   */
  wrap(text: string, maxWidth: number, style: TextStyle): TextLine[];
}

type CharKind = 'arabic' | 'letter' | 'mark' | 'neutral' | 'ignorable';

const ARABIC = /\p{Script=Arabic}/u;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/;
const REPLACEMENT = 0xfffd;
const WRAP_CACHE_SIZE = 500;

type HbGlyph = { codepoint: number; cluster: number; xAdvance: number; xOffset: number; yOffset: number };

const kinds = new Map<number, CharKind>();

function kindOf(codePoint: number): CharKind {
  if (codePoint < 0x80) return (codePoint | 0x20) >= 0x61 && (codePoint | 0x20) <= 0x7a ? 'letter' : 'neutral';
  let kind = kinds.get(codePoint);
  if (kind === undefined) {
    const char = String.fromCodePoint(codePoint);
    kind = ARABIC.test(char) ? 'arabic' : MARK.test(char) ? 'mark' : LETTER.test(char) ? 'letter' : IGNORABLE.test(char) ? 'ignorable' : 'neutral';
    kinds.set(codePoint, kind);
  }
  return kind;
}

/** A string from code points, without spreading a long array into one call's arguments. */
function textOf(codePoints: readonly number[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i += 4096) text += String.fromCodePoint(...codePoints.slice(i, Math.min(to, i + 4096)));
  return text;
}

/** Where a line may break: the spaces of UAX #14's classes SP, BA and ZW, not the no-break ones (U+00A0, U+2007, U+202F). */
function isBreakSpace(codePoint: number): boolean {
  return codePoint === 0x20 || codePoint === 0x200b || codePoint === 0x09 || codePoint === 0x3000 || codePoint === 0x1680 || codePoint === 0x205f || (codePoint >= 0x2000 && codePoint <= 0x200a && codePoint !== 0x2007);
}

interface Prepared {
  bidi: BidiParagraph;
  faces: FaceId[];
  /** What HarfBuzz is given: the text, with U+FFFD for characters no face has. */
  shapeCodePoints: number[];
  missing: Set<number>;
  style: TextStyle;
}

interface Run {
  start: number;
  end: number;
  level: number;
  face: FaceId;
}

export function createTextEngine(options: { fontsDir?: string } = {}): TextEngine {
  const fonts = loadFonts(options.fontsDir);
  const buffer = new (harfbuzz().Buffer)();
  const wrapped = new Map<string, TextLine[]>(); // least recently used first

  function familyFaces(style: TextStyle): { latin: FaceId; arabic: FaceId } {
    const latin: FaceId = style.bold ? 'sans-bold' : 'sans';
    // Urdu is written in Nastaliq unless asked otherwise (it has no bold: a bold Urdu label stays regular).
    const nastaliq = style.arabicStyle !== undefined ? style.arabicStyle === 'nastaliq' : /^ur(-|$)/.test(style.lang ?? '');
    const arabic: FaceId = nastaliq ? 'nastaliq' : style.bold ? 'naskh-bold' : 'naskh';
    return { latin, arabic };
  }

  function prepare(text: string, style: TextStyle): Prepared {
    const bidi = resolveParagraph(text.replace(/\t/g, ' '), style.direction ?? 'auto');
    const { codePoints } = bidi;
    const { latin, arabic } = familyFaces(style);
    const n = codePoints.length;
    const kindsOf = codePoints.map(kindOf);
    const strongFace = (kind: CharKind): FaceId | undefined => (kind === 'arabic' ? arabic : kind === 'letter' ? latin : undefined);

    // Neutrals (digits, punctuation, spaces) take the face of the latest strong character before them at
    // their level or below (so `, 34` after an isolated Arabic name stays with the English sentence), else
    // of the next strong character, else of the paragraph's direction. Marks and joiners follow their base.
    const nextStrong: (FaceId | undefined)[] = new Array(n);
    let following: FaceId | undefined;
    for (let i = n - 1; i >= 0; i--) {
      following = strongFace(kindsOf[i] as CharKind) ?? following;
      nextStrong[i] = following;
    }
    const paragraphFace = bidi.baseLevel % 2 === 1 ? arabic : latin;
    const latestAtLevel: { face: FaceId; index: number }[] = [];
    const faces: FaceId[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const kind = kindsOf[i] as CharKind;
      const level = bidi.levels[i] as number;
      const strong = strongFace(kind);
      if (strong) {
        latestAtLevel[level] = { face: strong, index: i };
        faces[i] = strong;
        continue;
      }
      const base = faces[i - 1];
      if ((kind === 'mark' || kind === 'ignorable') && base) {
        faces[i] = base;
        continue;
      }
      let before: { face: FaceId; index: number } | undefined;
      for (let l = 0; l <= level; l++) {
        const candidate = latestAtLevel[l];
        if (candidate && (!before || candidate.index > before.index)) before = candidate;
      }
      faces[i] = before?.face ?? nextStrong[i] ?? paragraphFace;
    }

    // A face that lacks the character hands it to one that has it; if none has it, U+FFFD stands in.
    const shapeCodePoints = codePoints.slice();
    const missing = new Set<number>();
    for (let i = 0; i < n; i++) {
      const codePoint = codePoints[i] as number;
      const face = faces[i] as FaceId;
      if (fonts[face].covers(codePoint) || kindsOf[i] === 'ignorable') continue;
      const fallback = [latin, arabic, 'naskh', 'sans'].find((id) => fonts[id as FaceId].covers(codePoint)) as FaceId | undefined;
      if (fallback) {
        faces[i] = fallback;
      } else {
        faces[i] = latin;
        shapeCodePoints[i] = REPLACEMENT;
        missing.add(codePoint);
      }
    }
    return { bidi, faces, shapeCodePoints, missing, style };
  }

  function runsOf(p: Prepared, start: number, end: number): Run[] {
    const runs: Run[] = [];
    for (let i = start; i < end; i++) {
      const level = p.bidi.levels[i] as number;
      const face = p.faces[i] as FaceId;
      const last = runs[runs.length - 1];
      if (last && last.level === level && last.face === face) last.end = i + 1;
      else runs.push({ start: i, end: i + 1, level, face });
    }
    return runs;
  }

  /** Shape one run; `context` is the line's code points, so joining sees the neighbours across run ends. */
  function shape(p: Prepared, run: Run, context: number[], contextStart: number): HbGlyph[] {
    buffer.reset();
    buffer.addCodePoints(context, run.start - contextStart, run.end - run.start);
    buffer.setDirection(run.level % 2 === 1 ? harfbuzz().Direction.RTL : harfbuzz().Direction.LTR);
    if (p.style.lang) buffer.setLanguage(p.style.lang);
    buffer.guessSegmentProperties();
    harfbuzz().shape(fonts[run.face].font, buffer);
    // getGlyphInfosAndPositions() is several times slower (it defines hidden properties on every glyph).
    const positions = buffer.getGlyphPositions();
    return buffer.getGlyphInfos().map((info, i) => {
      const p = positions[i] as HB.GlyphPosition;
      return { codepoint: info.codepoint, cluster: info.cluster, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset };
    });
  }

  function layoutRange(p: Prepared, start: number, end: number): TextLine {
    const { codePoints } = p.bidi;
    while (end > start && isBreakSpace(codePoints[end - 1] as number)) end--;
    const runs = runsOf(p, start, end);
    const context = p.shapeCodePoints.slice(start, end);
    const shaped: GlyphRun[] = [];
    const missing = new Set<number>();
    for (let i = start; i < end; i++) if (p.missing.has(codePoints[i] as number)) missing.add(codePoints[i] as number);

    for (const index of visualRunOrder(runs.map((r) => r.level), p.bidi.baseLevel)) {
      const run = runs[index] as Run;
      const face = fonts[run.face];
      const infos = shape(p, run, context, start);
      // Cluster values are indices into the line; a cluster's text runs to the next cluster (logical order).
      const starts = [...new Set(infos.map((g) => g.cluster))].sort((a, b) => a - b);
      const clusterEnd = new Map<number, number>();
      starts.forEach((s, k) => clusterEnd.set(s, starts[k + 1] ?? run.end - start));
      const carrier = new Map<number, number>();
      infos.forEach((g, k) => {
        const current = carrier.get(g.cluster);
        if (current === undefined || g.xAdvance > (infos[current] as HbGlyph).xAdvance) carrier.set(g.cluster, k);
      });
      const glyphs: ShapedGlyph[] = [];
      let advance = 0;
      infos.forEach((g, k) => {
        const from = start + g.cluster;
        const to = start + (clusterEnd.get(g.cluster) as number);
        if (g.codepoint === 0) {
          // .notdef is never drawn. Only invisible characters (joiners, variation selectors) get here:
          // every visible one was given a face that has it, or U+FFFD.
          for (let c = from; c < to; c++) if (kindOf(codePoints[c] as number) !== 'ignorable') missing.add(codePoints[c] as number);
          return;
        }
        const text = carrier.get(g.cluster) === k ? textOf(codePoints, from, to) : null;
        glyphs.push({ gid: g.codepoint, index: g.cluster, xAdvance: g.xAdvance, xOffset: g.xOffset, yOffset: g.yOffset, text });
        advance += g.xAdvance;
      });
      const size = p.style.size * face.sizeScale;
      shaped.push({ start: run.start - start, face, size, rtl: run.level % 2 === 1, glyphs, width: (advance * size) / face.upem });
    }

    // An empty line still has a height: the face its paragraph direction would use.
    const { latin, arabic } = familyFaces(p.style);
    const emptyFace = fonts[p.bidi.baseLevel % 2 === 1 ? arabic : latin];
    const metrics = shaped.length > 0 ? shaped : [{ face: emptyFace, size: p.style.size * emptyFace.sizeScale }];
    return {
      text: textOf(codePoints, start, end),
      direction: p.bidi.baseLevel % 2 === 1 ? 'rtl' : 'ltr',
      runs: shaped,
      width: shaped.reduce((sum, r) => sum + r.width, 0),
      ascent: Math.max(...metrics.map((m) => (m.face.ascender * m.size) / m.face.upem)),
      descent: Math.max(...metrics.map((m) => (-m.face.descender * m.size) / m.face.upem)),
      missing: [...missing],
    };
  }

  /** Advance (points) of each cluster, booked on its first character, shaping the paragraph in logical runs. */
  function clusterAdvances(p: Prepared): { advances: Float64Array; clusterStarts: Uint8Array } {
    const n = p.bidi.codePoints.length;
    const advances = new Float64Array(n);
    const clusterStarts = new Uint8Array(n);
    for (const run of runsOf(p, 0, n)) {
      const face = fonts[run.face];
      const scale = (p.style.size * face.sizeScale) / face.upem;
      for (const g of shape(p, run, p.shapeCodePoints, 0)) {
        advances[g.cluster] = (advances[g.cluster] as number) + g.xAdvance * scale;
        clusterStarts[g.cluster] = 1;
      }
    }
    return { advances, clusterStarts };
  }

  function wrapParagraph(text: string, maxWidth: number, style: TextStyle): TextLine[] {
    const p = prepare(text, style);
    const { codePoints } = p.bidi;
    const n = codePoints.length;
    if (n === 0) return [layoutRange(p, 0, 0)];
    const { advances, clusterStarts } = clusterAdvances(p);
    const widthOf = (from: number, to: number): number => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += advances[i] as number;
      return sum;
    };

    const lines: TextLine[] = [];
    let lineStart = 0;
    let lineEnd = 0; // end of the last word on the line
    let lineWidth = 0;
    let pendingSpace = 0;
    let hasWord = false;
    for (let i = 0; i < n; ) {
      const wordStart = i;
      while (i < n && !isBreakSpace(codePoints[i] as number)) i++;
      const wordEnd = i;
      while (i < n && isBreakSpace(codePoints[i] as number)) i++;
      if (wordEnd === wordStart) {
        // Spaces that open the paragraph: kept on its first line.
        pendingSpace += widthOf(wordEnd, i);
        continue;
      }
      let wordWidth = widthOf(wordStart, wordEnd);
      if (hasWord && lineWidth + pendingSpace + wordWidth > maxWidth) {
        lines.push(layoutRange(p, lineStart, lineEnd));
        lineStart = wordStart;
        lineWidth = 0;
        pendingSpace = 0;
        hasWord = false;
      }
      if (!hasWord && wordWidth > maxWidth) {
        // A word wider than the line (a long name, an identifier): break it between clusters.
        let pieceStart = lineStart;
        let pieceWidth = pendingSpace;
        for (let c = wordStart; c < wordEnd; c++) {
          const w = advances[c] as number;
          if (clusterStarts[c] === 1 && c > pieceStart && pieceWidth + w > maxWidth) {
            lines.push(layoutRange(p, pieceStart, c));
            pieceStart = c;
            pieceWidth = 0;
          }
          pieceWidth += w;
        }
        lineStart = pieceStart;
        wordWidth = pieceWidth;
        pendingSpace = 0;
      }
      lineWidth += pendingSpace + wordWidth;
      pendingSpace = widthOf(wordEnd, i);
      lineEnd = wordEnd;
      hasWord = true;
    }
    lines.push(layoutRange(p, lineStart, lineEnd));
    return lines;
  }

  return {
    fonts,
    layoutLine(text, style) {
      const p = prepare(text.replace(new RegExp(LINE_BREAKS, 'g'), ' '), style);
      return layoutRange(p, 0, p.bidi.codePoints.length);
    },
    measure(text, style) {
      return this.layoutLine(text, style).width;
    },
    wrap(text, maxWidth, style) {
      // Labels and table headers come back on every page and in every document of a batch.
      const key = JSON.stringify([text, maxWidth, style.size, style.bold, style.arabicStyle, style.lang, style.direction]);
      let lines = wrapped.get(key);
      if (lines) {
        wrapped.delete(key);
      } else {
        lines = text.split(LINE_BREAKS).flatMap((paragraph) => wrapParagraph(paragraph, maxWidth, style));
        if (wrapped.size >= WRAP_CACHE_SIZE) wrapped.delete(wrapped.keys().next().value as string);
      }
      wrapped.set(key, lines);
      return lines;
    },
  };
}

const shared = new Map<string, TextEngine>();

/** One engine per fonts folder for the whole process (its caches of shaped lines and outlines are what make batches fast), HarfBuzz loaded first. */
export async function sharedTextEngine(fontsDir?: string): Promise<TextEngine> {
  await initHarfbuzz();
  const key = fontsDir ?? '';
  let engine = shared.get(key);
  if (!engine) {
    engine = createTextEngine(fontsDir !== undefined ? { fontsDir } : {});
    shared.set(key, engine);
  }
  return engine;
}
