// A4 saddle-stitch imposition of an A5 booklet, so an office printer prints a booklet without its
// driver's booklet mode: print duplex, flip on the short edge, actual size; fold the stack and staple.
// The page count is padded with blank pages to a multiple of 4. Sheet s (0-based) carries
//   front [N-1-2s | 2s], back [2s+1 | N-2-2s]   (left | right, left-to-right binding),
// and each side mirrored for a right-to-left binding (Arabic, Persian, Urdu, Pashto booklets open from
// the right).
import { PDFDocument, PDFName, PDFNumber, PDFOperator, PDFOperatorNames as Ops, popGraphicsState, pushGraphicsState, type PDFEmbeddedPage } from 'pdf-lib';
import { PAGE_SIZES, createPdfDocument, type OutputOptions } from './pdf-document.ts';

export type Binding = 'ltr' | 'rtl';

/** Page indices (0-based, null for a blank) on one side of a sheet, left then right. */
export type SheetSide = [left: number | null, right: number | null];

export interface Sheet {
  front: SheetSide;
  back: SheetSide;
}

export function saddleStitchOrder(pageCount: number, binding: Binding = 'ltr'): Sheet[] {
  const n = Math.ceil(Math.max(pageCount, 1) / 4) * 4;
  const page = (i: number): number | null => (i < pageCount ? i : null);
  const sheets: Sheet[] = [];
  for (let s = 0; s < n / 4; s++) {
    const front: SheetSide = [page(n - 1 - 2 * s), page(2 * s)];
    const back: SheetSide = [page(2 * s + 1), page(n - 2 - 2 * s)];
    sheets.push(binding === 'ltr' ? { front, back } : { front: [front[1], front[0]], back: [back[1], back[0]] });
  }
  return sheets;
}

export interface ImposeOptions extends OutputOptions {
  binding?: Binding;
}

/** The A4 landscape file for an A5 PDF (each A5 page is placed at actual size, centred in its half). */
export async function imposeSaddleStitch(a5Pdf: Uint8Array, options: ImposeOptions = {}): Promise<Uint8Array> {
  const source = await PDFDocument.load(a5Pdf);
  const out = await createPdfDocument(options);
  const embedded = await out.embedPdf(source, source.getPageIndices());
  const [a4Width, a4Height] = [PAGE_SIZES.A4[1], PAGE_SIZES.A4[0]];
  const half = a4Width / 2;

  for (const sheet of saddleStitchOrder(source.getPageCount(), options.binding)) {
    for (const side of [sheet.front, sheet.back]) {
      const page = out.addPage([a4Width, a4Height]);
      side.forEach((index, slot) => {
        if (index === null) return;
        const a5 = embedded[index] as PDFEmbeddedPage;
        // Resource names are fixed (pdf-lib's drawPage picks random ones), so output stays reproducible.
        const name = PDFName.of(`P${index + 1}`);
        page.node.setXObject(name, a5.ref);
        const x = slot * half + (half - a5.width) / 2;
        const y = (a4Height - a5.height) / 2;
        page.pushOperators(
          pushGraphicsState(),
          PDFOperator.of(Ops.ConcatTransformationMatrix, [1, 0, 0, 1, x, y].map((v) => PDFNumber.of(Math.round(v * 1000) / 1000))),
          PDFOperator.of(Ops.DrawObject, [name]),
          popGraphicsState(),
        );
      });
    }
  }
  return out.save();
}
