// A small flow layout over pdf-lib for the booklet and the reports: A5/A4 pages with margins and a
// cursor that moves down the page; headings, paragraphs, key/value rows with labels in two languages,
// tables whose header repeats after a page break, free drawing blocks (charts) and QR codes. In a
// right-to-left document "start" is the right margin: rows, table columns and bars are mirrored.
import { rgb, type Color, type PDFDocument, type PDFPage } from 'pdf-lib';
import { drawTextLine } from './draw-text.ts';
import { PAGE_SIZES, createPdfDocument, mm, type OutputOptions, type PageSizeName } from './pdf-document.ts';
import { PdfFontRegistry } from './pdf-fonts.ts';
import { drawBars, drawLine, drawQrCode, drawRect, type BarChartOptions, type QrMatrix, type ShapeStyle } from './shapes.ts';
import type { TextEngine, TextLine, TextStyle } from './text-engine.ts';

/** 'start' and 'end' follow the document's direction; 'natural' follows the text's own direction. */
export type Align = 'start' | 'end' | 'center' | 'natural';

export interface TextOptions extends Partial<TextStyle> {
  align?: Align;
  color?: Color;
}

/** Text for a cell or label, with its own style where it differs (another language, bold, ...). */
export type Cell = string | ({ text: string } & TextOptions);

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BuilderOptions extends OutputOptions {
  engine: TextEngine;
  pageSize?: PageSizeName;
  landscape?: boolean;
  /** Points; default 12 mm all round (printers need at least 10 mm). */
  margins?: number | Partial<Margins>;
  direction?: 'ltr' | 'rtl';
  /** Default text style; size defaults to 10 pt. */
  style?: Partial<TextStyle>;
  /** Extra space between lines, as a fraction of the line's height. Default 0. */
  leading?: number;
  /** Text for the bottom margin of every page, drawn when the document is saved (so the count is known). */
  footer?: (pageNumber: number, pageCount: number) => Cell;
}

export interface KeyValueRow {
  /** One label per language, side by side (the centre's language first). */
  labels: Cell[];
  value: Cell;
}

export interface TableColumn {
  /** A header cell; several cells are stacked (one per language). */
  header?: Cell | Cell[];
  /** Relative width (weights are scaled to the content width). Default 1. */
  width?: number;
  align?: Align;
}

export interface TableSpec {
  columns: TableColumn[];
  rows: Cell[][];
  style?: Partial<TextStyle>;
  headerFill?: Color;
  /** Lines between rows. Default true. */
  rules?: boolean;
}

export const MIN_QR_SIZE = mm(20);

const GREY = rgb(0.55, 0.55, 0.55);
const HEADER_FILL = rgb(0.92, 0.92, 0.92);
const CELL_PADDING = 3;
const HEADING_SIZES = [16, 13, 11] as const;

/** Text wrapped to a width and measured, ready to draw (see `layout` and `drawLaidOut`). */
export interface LaidOutText {
  lines: TextLine[];
  height: number;
  align: Align;
  color: Color | undefined;
}

export class PdfDocumentBuilder {
  readonly doc: PDFDocument;
  readonly engine: TextEngine;
  readonly fonts: PdfFontRegistry;
  readonly direction: 'ltr' | 'rtl';
  readonly margins: Margins;
  readonly pages: PDFPage[] = [];
  private readonly options: BuilderOptions;
  private readonly pageSize: [number, number];
  private readonly style: TextStyle;
  private cursor = 0;
  private saved = false;

  private constructor(doc: PDFDocument, options: BuilderOptions) {
    this.doc = doc;
    this.options = options;
    this.engine = options.engine;
    this.fonts = new PdfFontRegistry(doc, options.engine.fonts);
    this.direction = options.direction ?? 'ltr';
    const [w, h] = PAGE_SIZES[options.pageSize ?? 'A5'];
    this.pageSize = options.landscape ? [h, w] : [w, h];
    const m = options.margins ?? mm(12);
    this.margins = typeof m === 'number' ? { top: m, right: m, bottom: m, left: m } : { top: mm(12), right: mm(12), bottom: mm(12), left: mm(12), ...m };
    this.style = { size: 10, ...options.style };
  }

  static async create(options: BuilderOptions): Promise<PdfDocumentBuilder> {
    const builder = new PdfDocumentBuilder(await createPdfDocument(options), options);
    builder.newPage();
    return builder;
  }

  get page(): PDFPage {
    return this.pages[this.pages.length - 1] as PDFPage;
  }

  /** The area inside the margins, in PDF points (origin bottom-left). */
  get content(): Box {
    const [w, h] = this.pageSize;
    const { top, right, bottom, left } = this.margins;
    return { x: left, y: bottom, width: w - left - right, height: h - top - bottom };
  }

  /** Where the next block starts (PDF y of its top edge). */
  get y(): number {
    return this.cursor;
  }

  /** Space left on the page below the cursor. */
  get remaining(): number {
    return this.cursor - this.margins.bottom;
  }

  newPage(): PDFPage {
    const page = this.doc.addPage(this.pageSize);
    this.pages.push(page);
    this.cursor = this.pageSize[1] - this.margins.top;
    return page;
  }

  /** Start a new page unless `height` still fits below the cursor. */
  ensureSpace(height: number): void {
    if (height > this.remaining && this.cursor < this.pageSize[1] - this.margins.top) this.newPage();
  }

  /** Move down; never past the bottom margin (the next block starts a new page instead). */
  space(height: number): void {
    this.cursor -= Math.max(0, Math.min(height, this.remaining));
  }

  /** x of a box `width` wide whose start edge is `offset` from the content's start edge (right edge in RTL). */
  xAt(offset: number, width: number, box: Box = this.content): number {
    return this.direction === 'rtl' ? box.x + box.width - offset - width : box.x + offset;
  }

  /** Wrap and measure without drawing (to decide where something goes before drawing it). */
  layout(cell: Cell, width: number, base: TextOptions = {}): LaidOutText {
    const { text, ...own } = typeof cell === 'string' ? { text: cell } : cell;
    const { align = 'start', color, ...style } = { ...base, ...own };
    const lines = this.engine.wrap(text, Math.max(width, 1), { ...this.style, ...style });
    const leading = this.options.leading ?? 0;
    const height = lines.reduce((sum, l) => sum + (l.ascent + l.descent) * (1 + leading), 0);
    return { lines, height, align, color };
  }

  /** Draw laid-out lines in a column `width` wide at x, the first line's top at `top`. */
  drawLaidOut(laid: LaidOutText, x: number, top: number, width: number, page: PDFPage = this.page): void {
    const leading = this.options.leading ?? 0;
    let y = top;
    for (const line of laid.lines) {
      const side = laid.align === 'natural' ? (line.direction === 'rtl' ? 'right' : 'left') : this.side(laid.align);
      const lineX = side === 'left' ? x : side === 'right' ? x + width - line.width : x + (width - line.width) / 2;
      const gap = ((line.ascent + line.descent) * leading) / 2;
      y -= line.ascent + gap;
      drawTextLine(page, this.fonts, line, { x: lineX, y, color: laid.color });
      y -= line.descent + gap;
    }
  }

  private side(align: Exclude<Align, 'natural'>): 'left' | 'right' | 'center' {
    if (align === 'center') return 'center';
    return (align === 'start') === (this.direction === 'ltr') ? 'left' : 'right';
  }

  heading(text: string, options: TextOptions & { level?: 1 | 2 | 3 } = {}): void {
    const { level = 1, ...rest } = options;
    const laid = this.layout(text, this.content.width, { size: HEADING_SIZES[level - 1], bold: true, ...rest });
    this.space(level === 1 ? 6 : 4);
    // Keep a heading with at least two lines of what follows.
    this.ensureSpace(laid.height + 2.5 * this.style.size * 1.4);
    this.drawLaidOut(laid, this.content.x, this.cursor, this.content.width);
    this.cursor -= laid.height + 3;
  }

  /** Wrapped text across the content width, continued on the next page where it does not fit. */
  paragraph(text: string, options: TextOptions = {}): void {
    const laid = this.layout(text, this.content.width, options);
    const leading = this.options.leading ?? 0;
    for (const line of laid.lines) {
      const height = (line.ascent + line.descent) * (1 + leading);
      this.ensureSpace(height);
      this.drawLaidOut({ ...laid, lines: [line], height }, this.content.x, this.cursor, this.content.width);
      this.cursor -= height;
    }
    this.cursor -= this.style.size * 0.4;
  }

  /**
   * Rows of label(s) and value, e.g. `Date of birth | تاريخ الميلاد | 1990-03-02`. `columns` are relative
   * widths for the labels then the value; in a right-to-left document the first column is at the right.
   */
  keyValue(rows: readonly KeyValueRow[], options: { columns?: number[]; labelColor?: Color; rules?: boolean } = {}): void {
    for (const row of rows) {
      const cells = [...row.labels, row.value];
      const weights = options.columns ?? (row.labels.length === 1 ? [0.4, 0.6] : [...row.labels.map(() => 0.56 / row.labels.length), 0.44]);
      const widths = this.columnWidths(weights, this.content.width);
      const laid = cells.map((cell, i) => this.layout(cell, (widths[i] as number) - 2 * CELL_PADDING, i < row.labels.length ? { color: options.labelColor ?? GREY } : {}));
      const height = Math.max(...laid.map((l) => l.height)) + 2 * CELL_PADDING;
      this.ensureSpace(height);
      this.drawRow(laid, widths, this.cursor);
      this.cursor -= height;
      if (options.rules ?? true) this.rule({ color: rgb(0.85, 0.85, 0.85), spaceAround: 0 });
    }
  }

  /** A table with a header row (repeated at the top of each new page) and relative column widths. */
  table(spec: TableSpec): void {
    const widths = this.columnWidths(
      spec.columns.map((c) => c.width ?? 1),
      this.content.width,
    );
    const base: TextOptions = { size: this.style.size * 0.9, ...spec.style };
    const cellWidth = (i: number): number => (widths[i] as number) - 2 * CELL_PADDING;
    const hasHeader = spec.columns.some((c) => c.header !== undefined);
    const header = spec.columns.map((c, i) => {
      const parts = c.header === undefined ? [] : Array.isArray(c.header) ? c.header : [c.header];
      const laid = parts.map((p) => this.layout(p, cellWidth(i), { ...base, bold: true, align: c.align }));
      return { lines: laid.flatMap((l) => l.lines), height: laid.reduce((s, l) => s + l.height, 0), align: c.align ?? 'start', color: undefined } satisfies LaidOutText;
    });
    const headerHeight = hasHeader ? Math.max(...header.map((h) => h.height)) + 2 * CELL_PADDING : 0;
    const drawHeader = () => {
      if (!hasHeader) return;
      drawRect(this.page, { x: this.content.x, y: this.cursor - headerHeight, width: this.content.width, height: headerHeight }, { fill: spec.headerFill ?? HEADER_FILL });
      this.drawRow(header, widths, this.cursor);
      this.cursor -= headerHeight;
    };

    const rows = spec.rows.map((row) => {
      const laid = spec.columns.map((c, i) => this.layout(row[i] ?? '', cellWidth(i), { ...base, align: c.align }));
      return { laid, height: Math.max(...laid.map((l) => l.height)) + 2 * CELL_PADDING };
    });
    this.ensureSpace(headerHeight + (rows[0]?.height ?? 0));
    drawHeader();
    for (const row of rows) {
      if (row.height > this.remaining) {
        this.newPage();
        drawHeader();
      }
      this.drawRow(row.laid, widths, this.cursor);
      this.cursor -= row.height;
      if (spec.rules ?? true) drawLine(this.page, { x: this.content.x, y: this.cursor }, { x: this.content.x + this.content.width, y: this.cursor }, { color: rgb(0.8, 0.8, 0.8), lineWidth: 0.4 });
    }
    this.cursor -= this.style.size * 0.6;
  }

  /** A horizontal line across the content width. */
  rule(options: { color?: Color; lineWidth?: number; spaceAround?: number } = {}): void {
    const around = options.spaceAround ?? 3;
    this.space(around);
    drawLine(this.page, { x: this.content.x, y: this.cursor }, { x: this.content.x + this.content.width, y: this.cursor }, { color: options.color ?? GREY, lineWidth: options.lineWidth ?? 0.5 });
    this.space(around);
  }

  /** Reserve `height` of flow for free drawing (a chart, a stamp box); `draw` gets the box in PDF points. */
  block(height: number, draw: (box: Box, page: PDFPage) => void): void {
    this.ensureSpace(height);
    const box = { x: this.content.x, y: this.cursor - height, width: this.content.width, height };
    draw(box, this.page);
    this.cursor -= height;
  }

  /** Vertical bars in a block (mirrored in a right-to-left document); returns each bar's box. */
  bars(height: number, values: readonly number[], options: BarChartOptions = {}): Box[] {
    let boxes: Box[] = [];
    this.block(height, (box, page) => {
      boxes = drawBars(page, box, values, { rtl: this.direction === 'rtl', ...options });
    });
    return boxes;
  }

  /** A QR code at the start side (or centred); `size` includes the 4-module quiet zone. */
  qrCode(matrix: QrMatrix, options: { size?: number; align?: 'start' | 'end' | 'center' } = {}): void {
    const size = options.size ?? mm(28);
    if (size < MIN_QR_SIZE) throw new Error(`src/pdf: a QR code smaller than 20 mm does not scan reliably from print (asked ${(size / mm(1)).toFixed(1)} mm)`);
    this.block(size, (box, page) => {
      const side = this.side(options.align ?? 'start');
      const x = side === 'left' ? box.x : side === 'right' ? box.x + box.width - size : box.x + (box.width - size) / 2;
      drawQrCode(page, matrix, { x, y: box.y, size });
    });
  }

  rect(box: Box, style: ShapeStyle): void {
    drawRect(this.page, box, style);
  }

  line(from: { x: number; y: number }, to: { x: number; y: number }, style: { color?: Color; lineWidth?: number } = {}): void {
    drawLine(this.page, from, to, style);
  }

  /** Text at a fixed place, wrapped to `width`: `top` is the first line's top edge. Returns the height used. */
  textAt(cell: Cell, at: { x: number; top: number; width: number; page?: PDFPage } & TextOptions): number {
    const { x, top, width, page, ...options } = at;
    const laid = this.layout(cell, width, options);
    this.drawLaidOut(laid, x, top, width, page);
    return laid.height;
  }

  /** Embed the fonts and serialise. The builder cannot be drawn on afterwards. */
  async save(): Promise<Uint8Array> {
    if (this.saved) throw new Error('src/pdf: this document was already saved');
    this.saved = true;
    const { footer } = this.options;
    if (footer) {
      this.pages.forEach((page, i) => {
        const laid = this.layout(footer(i + 1, this.pages.length), this.content.width, { size: this.style.size * 0.8, align: 'center', color: GREY });
        this.drawLaidOut(laid, this.content.x, this.margins.bottom - 4, this.content.width, page);
      });
    }
    await this.fonts.embed();
    return this.doc.save();
  }

  private columnWidths(weights: readonly number[], total: number): number[] {
    const sum = weights.reduce((s, w) => s + w, 0) || 1;
    return weights.map((w) => (w / sum) * total);
  }

  /** One row of cells: column i starts at the sum of the widths before it, from the start edge. */
  private drawRow(cells: readonly LaidOutText[], widths: readonly number[], top: number): void {
    let offset = 0;
    cells.forEach((cell, i) => {
      const width = widths[i] as number;
      this.drawLaidOut(cell, this.xAt(offset, width) + CELL_PADDING, top - CELL_PADDING, width - 2 * CELL_PADDING);
      offset += width;
    });
  }
}
