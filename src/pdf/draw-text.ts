// A laid-out line onto a pdf-lib page: one BT..ET per line and one TJ per run, glyphs placed with
// HarfBuzz's advances and offsets as TJ adjustments against the widths the font's /W states. Glyphs
// that carry no text are painted after the text as outline XObjects.
//
// A run whose letters sit above or below the baseline (Nastaliq's sloping words) is painted entirely as
// outlines, with its text written invisibly (render mode 3) on the baseline: extractors group text by
// baseline, and raised letters would otherwise split its words apart.
import {
  PDFArray,
  PDFHexString,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames as Ops,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  type Color,
  type PDFPage,
} from 'pdf-lib';
import type { PdfFontRegistry } from './pdf-fonts.ts';
import type { GlyphRun, TextLine } from './text-engine.ts';

export interface DrawTextOptions {
  /** Left edge of the line and its baseline, in PDF points from the bottom-left corner. */
  x: number;
  y: number;
  color?: Color;
}

interface Placed {
  gid: number;
  text: string | null;
  /** Font units from the run's left edge and from the baseline. */
  x: number;
  y: number;
}

const num = (value: number, digits = 2): PDFNumber => {
  const f = 10 ** digits;
  return PDFNumber.of(Math.round(value * f) / f);
};

/** Each glyph's position, left to right. */
function placements(run: GlyphRun): Placed[] {
  const placed: Placed[] = [];
  let pen = 0;
  for (const g of run.glyphs) {
    placed.push({ gid: g.gid, text: g.text, x: pen + g.xOffset, y: g.yOffset });
    pen += g.xAdvance;
  }
  return placed;
}

const isSpace = (glyph: Placed): boolean => glyph.text !== null && glyph.text.trim() === '';

/**
 * The order a run's glyphs are written in. Positions do not depend on it, but extractors that follow
 * the content stream (pdftotext -raw, pdf.js, screen readers) do: inside a right-to-left run the words
 * go in logical order, each word's glyphs left to right, which is how they expect a visual-order PDF
 * (they reverse each right-to-left word themselves).
 */
function writingOrder(run: GlyphRun): Placed[] {
  const placed = placements(run);
  if (!run.rtl) return placed;
  const words: Placed[][] = [];
  for (const glyph of placed) {
    const last = words[words.length - 1];
    const previous = last?.[last.length - 1];
    if (last && previous && isSpace(previous) === isSpace(glyph)) last.push(glyph);
    else words.push([glyph]);
  }
  return words.reverse().flat();
}

export function drawTextLine(page: PDFPage, fonts: PdfFontRegistry, line: TextLine, options: DrawTextOptions): void {
  if (line.runs.length === 0) return;
  const context = page.doc.context;
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingColor(options.color ?? rgb(0, 0, 0)), PDFOperator.of(Ops.BeginText)];
  const outlines: PDFOperator[] = [];

  // Left edges in visual order; the runs are then written in logical order.
  const left = new Map<GlyphRun, number>();
  let x = options.x;
  for (const run of line.runs) {
    left.set(run, x);
    x += run.width;
  }

  for (const run of [...line.runs].sort((a, b) => a.start - b.start)) {
    if (!run.glyphs.some((g) => g.text !== null)) continue;
    const { face, size } = run;
    const runX = left.get(run) as number;
    const toPoints = size / face.upem;
    const toThousandths = 1000 / face.upem;
    ops.push(
      PDFOperator.of(Ops.SetFontAndSize, [fonts.fontResource(page, face), PDFNumber.of(size)]),
      PDFOperator.of(Ops.SetTextMatrix, [PDFNumber.of(1), PDFNumber.of(0), PDFNumber.of(0), PDFNumber.of(1), num(runX), num(options.y)]),
    );
    const layered = run.glyphs.some((g) => g.text !== null && g.yOffset !== 0);
    const array = PDFArray.withContext(context);
    let hex = '';
    const flushHex = () => {
      if (hex) array.push(PDFHexString.of(hex));
      hex = '';
    };
    const glyphs = layered ? placements(run) : writingOrder(run);
    let textX = 0; // where the viewer's text position is, in thousandths of the size
    for (const glyph of glyphs) {
      if (glyph.text === null || layered) {
        const name = fonts.outlineResource(page, face, glyph.gid);
        outlines.push(
          pushGraphicsState(),
          PDFOperator.of(Ops.ConcatTransformationMatrix, [num(toPoints, 6), PDFNumber.of(0), PDFNumber.of(0), num(toPoints, 6), num(runX + glyph.x * toPoints, 3), num(options.y + glyph.y * toPoints, 3)]),
          PDFOperator.of(Ops.DrawObject, [name]),
          popGraphicsState(),
        );
        if (glyph.text === null) continue;
      }
      const { cid, width } = fonts.cid(face, glyph.gid, glyph.text);
      const adjust = layered ? 0 : Math.round((textX - glyph.x * toThousandths) * 10) / 10;
      if (adjust !== 0) {
        flushHex();
        array.push(PDFNumber.of(adjust));
        textX -= adjust;
      }
      hex += cid.toString(16).padStart(4, '0');
      textX += width;
    }
    flushHex();
    if (array.size() === 0) continue;
    if (layered) {
      // The invisible text: glyph after glyph in visual order, stretched to the run's width.
      const stretch = textX > 0 ? (run.width * 1000 * 100) / (size * textX) : 100;
      ops.push(PDFOperator.of(Ops.SetTextRenderingMode, [PDFNumber.of(3)]), PDFOperator.of(Ops.SetTextHorizontalScaling, [num(stretch, 3)]));
    }
    ops.push(PDFOperator.of(Ops.ShowTextAdjusted, [array]));
    if (layered) ops.push(PDFOperator.of(Ops.SetTextRenderingMode, [PDFNumber.of(0)]), PDFOperator.of(Ops.SetTextHorizontalScaling, [PDFNumber.of(100)]));
  }
  ops.push(PDFOperator.of(Ops.EndText), ...outlines, popGraphicsState());
  page.pushOperators(...ops);
}
