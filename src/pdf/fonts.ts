// The font faces the PDFs use, loaded once per process from resources/fonts: the bytes (for pdf-lib's
// subset embedder), a HarfBuzz font (for shaping and outlines) and a coverage set (to choose a face per
// character). Which face draws which character is decided in text-engine.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as HB from 'harfbuzzjs';
import { harfbuzz } from './harfbuzz.ts';
import { patchFontkitSubsetting } from './fontkit-patch.ts';

export type FaceId = 'sans' | 'sans-bold' | 'naskh' | 'naskh-bold' | 'nastaliq';

export const FACE_IDS: readonly FaceId[] = ['sans', 'sans-bold', 'naskh', 'naskh-bold', 'nastaliq'];

/** The files in resources/fonts (see its README for where each came from). */
export const FACE_FILES: Readonly<Record<FaceId, string>> = {
  sans: 'NotoSans-Regular.ttf',
  'sans-bold': 'NotoSans-Bold.ttf',
  naskh: 'NotoNaskhArabic-Regular.ttf',
  'naskh-bold': 'NotoNaskhArabic-Bold.ttf',
  nastaliq: 'NotoNastaliqUrdu-Regular.ttf',
};

/** The PostScript-style names written into the PDF (after a subset tag). Fixed, so output is reproducible. */
const FACE_NAMES: Readonly<Record<FaceId, string>> = {
  sans: 'NotoSans-Regular',
  'sans-bold': 'NotoSans-Bold',
  naskh: 'NotoNaskhArabic-Regular',
  'naskh-bold': 'NotoNaskhArabic-Bold',
  nastaliq: 'NotoNastaliqUrdu-Regular',
};

/**
 * Arabic script reads smaller than Latin at the same nominal size (the note: "~1 pt more"), so Arabic
 * faces are drawn 10% larger than the size asked for; mixed lines then look even.
 */
const ARABIC_SCALE = 1.1;

export interface LoadedFace {
  id: FaceId;
  name: string;
  bytes: Uint8Array;
  font: HB.Font;
  upem: number;
  /** Font units, descender negative (HarfBuzz's horizontal extents). */
  ascender: number;
  descender: number;
  lineGap: number;
  /** Multiplier applied to the nominal text size when this face draws. */
  sizeScale: number;
  covers(codePoint: number): boolean;
  /** Advance of a glyph in font units, as the PDF's /W array will state it. */
  advance(gid: number): number;
}

export type FontSet = Readonly<Record<FaceId, LoadedFace>>;

export function defaultFontsDir(): string {
  return join(import.meta.dirname, '..', '..', 'resources', 'fonts');
}

function loadFace(id: FaceId, bytes: Uint8Array): LoadedFace {
  const face = new (harfbuzz().Face)(new (harfbuzz().Blob)(bytes));
  const font = new (harfbuzz().Font)(face);
  const unicodes = new Set(face.collectUnicodes());
  const extents = font.hExtents();
  const advances = new Map<number, number>();
  return {
    id,
    name: FACE_NAMES[id],
    bytes,
    font,
    upem: face.upem,
    ascender: extents.ascender,
    descender: extents.descender,
    lineGap: extents.lineGap,
    sizeScale: id.startsWith('sans') ? 1 : ARABIC_SCALE,
    covers: (codePoint) => unicodes.has(codePoint),
    advance(gid) {
      let value = advances.get(gid);
      if (value === undefined) {
        value = font.glyphHAdvance(gid);
        advances.set(gid, value);
      }
      return value;
    },
  };
}

const loaded = new Map<string, FontSet>();

/**
 * The faces in `dir` (default: the project's resources/fonts), loaded once per folder. Also applies the
 * fontkit subsetting fix, which every PDF with these fonts needs.
 */
export function loadFonts(dir = defaultFontsDir()): FontSet {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const entries = FACE_IDS.map((id) => [id, loadFace(id, readFileSync(join(dir, FACE_FILES[id])))] as const);
  const set = Object.fromEntries(entries) as Record<FaceId, LoadedFace>;
  patchFontkitSubsetting(set.sans.bytes);
  loaded.set(dir, set);
  return set;
}
