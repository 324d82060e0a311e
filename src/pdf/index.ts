// The PDF machinery the booklet and the reports share. shared/notes/pdf.md (beside the repository) says
// why it is built this way: pdf-lib alone cannot write Arabic-script text correctly.
export { isolate, stripBidiControls, type BaseDirection } from './bidi.ts';
export { FACE_FILES, FACE_IDS, defaultFontsDir, loadFonts, type FaceId, type FontSet, type LoadedFace } from './fonts.ts';
export { SUPPORTED_FONTKIT_VERSIONS, SUPPORTED_PDF_LIB_VERSIONS, UnsupportedFontkitError, patchFontkitSubsetting } from './fontkit-patch.ts';
export { createTextEngine, sharedTextEngine, type GlyphRun, type ShapedGlyph, type TextEngine, type TextLine, type TextStyle } from './text-engine.ts';
export { PdfFontRegistry } from './pdf-fonts.ts';
export { drawTextLine, type DrawTextOptions } from './draw-text.ts';
export { MM, PAGE_SIZES, createPdfDocument, mm, type DocumentInfo, type OutputOptions, type PageSizeName } from './pdf-document.ts';
export { drawBars, drawLine, drawPolygon, drawQrCode, drawRect, type BarChartOptions, type QrMatrix, type ShapeStyle } from './shapes.ts';
export {
  MIN_QR_SIZE,
  PdfDocumentBuilder,
  type Align,
  type Box,
  type BuilderOptions,
  type Cell,
  type KeyValueRow,
  type LaidOutText,
  type Margins,
  type TableColumn,
  type TableSpec,
  type TextOptions,
} from './document-builder.ts';
export { imposeSaddleStitch, saddleStitchOrder, type Binding, type ImposeOptions, type Sheet, type SheetSide } from './imposition.ts';
export { initHarfbuzz } from './harfbuzz.ts';
