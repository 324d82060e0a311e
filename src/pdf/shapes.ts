// Vector shapes in PDF points (origin bottom-left): rules, boxes, chart bars and QR codes. Everything is
// drawn as paths, so it prints sharp at any size and adds no resources to the page.
import {
  closePath,
  fill,
  fillAndStroke,
  lineTo,
  moveTo,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingColor,
  setLineWidth,
  setStrokingColor,
  stroke,
  type Color,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';

export interface ShapeStyle {
  fill?: Color;
  stroke?: Color;
  /** Points; default 0.5 when there is a stroke colour. */
  lineWidth?: number;
}

const r = (value: number): number => Math.round(value * 1000) / 1000;

function paint(page: PDFPage, style: ShapeStyle, path: PDFOperator[]): void {
  const ops: PDFOperator[] = [pushGraphicsState()];
  if (style.fill) ops.push(setFillingColor(style.fill));
  if (style.stroke) ops.push(setStrokingColor(style.stroke), setLineWidth(style.lineWidth ?? 0.5));
  ops.push(...path);
  ops.push(style.fill && style.stroke ? fillAndStroke() : style.fill ? fill() : stroke());
  ops.push(popGraphicsState());
  page.pushOperators(...ops);
}

export function drawLine(page: PDFPage, from: { x: number; y: number }, to: { x: number; y: number }, style: { color?: Color; lineWidth?: number } = {}): void {
  paint(page, { stroke: style.color ?? rgb(0, 0, 0), lineWidth: style.lineWidth ?? 0.5 }, [moveTo(r(from.x), r(from.y)), lineTo(r(to.x), r(to.y))]);
}

export function drawRect(page: PDFPage, box: { x: number; y: number; width: number; height: number }, style: ShapeStyle = { stroke: rgb(0, 0, 0) }): void {
  if (!style.fill && !style.stroke) return;
  paint(page, style, [rectangle(r(box.x), r(box.y), r(box.width), r(box.height))]);
}

export function drawPolygon(page: PDFPage, points: readonly { x: number; y: number }[], style: ShapeStyle): void {
  const [first, ...rest] = points;
  if (!first) return;
  paint(page, style, [moveTo(r(first.x), r(first.y)), ...rest.map((p) => lineTo(r(p.x), r(p.y))), closePath()]);
}

export interface BarChartOptions {
  /** The value at the top of the box; default the largest value. */
  max?: number;
  /** Fraction of each slot left empty between bars (0..1). Default 0.25. */
  gap?: number;
  colors?: readonly Color[];
  /** Right-to-left: the first value's bar is at the right. */
  rtl?: boolean;
}

/** Vertical bars filling `box` from its bottom edge, one slot per value; returns each bar's box (for labels). */
export function drawBars(
  page: PDFPage,
  box: { x: number; y: number; width: number; height: number },
  values: readonly number[],
  options: BarChartOptions = {},
): { x: number; y: number; width: number; height: number }[] {
  const max = options.max ?? Math.max(0, ...values);
  const slot = values.length > 0 ? box.width / values.length : 0;
  const gap = slot * (options.gap ?? 0.25);
  const colors = options.colors ?? [rgb(0.25, 0.4, 0.6)];
  return values.map((value, i) => {
    const index = options.rtl ? values.length - 1 - i : i;
    const height = max > 0 ? (Math.max(0, value) / max) * box.height : 0;
    const bar = { x: box.x + index * slot + gap / 2, y: box.y, width: slot - gap, height };
    if (height > 0) drawRect(page, bar, { fill: colors[i % colors.length] as Color });
    return bar;
  });
}

/** A QR symbol's modules: `QRCode.create(text, { errorCorrectionLevel: 'M' }).modules` (package `qrcode`) fits. */
export interface QrMatrix {
  size: number;
  get(row: number, column: number): boolean | number;
}

/**
 * A QR code as one vector path (one rectangle per horizontal stretch of dark modules), black on white.
 * `size` is the whole square including the quiet zone of `quietZone` modules (ISO/IEC 18004 asks for 4).
 */
export function drawQrCode(page: PDFPage, matrix: QrMatrix, at: { x: number; y: number; size: number; quietZone?: number }): void {
  const quiet = at.quietZone ?? 4;
  const module = at.size / (matrix.size + 2 * quiet);
  const path: PDFOperator[] = [];
  for (let row = 0; row < matrix.size; row++) {
    const y = at.y + at.size - (quiet + row + 1) * module;
    for (let col = 0; col < matrix.size; ) {
      if (!matrix.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.get(row, col)) col++;
      path.push(rectangle(r(at.x + (quiet + start) * module), r(y), r((col - start) * module), r(module)));
    }
  }
  drawRect(page, { x: at.x, y: at.y, width: at.size, height: at.size }, { fill: rgb(1, 1, 1) });
  if (path.length > 0) paint(page, { fill: rgb(0, 0, 0) }, path);
}
