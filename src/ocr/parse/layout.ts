// Rows of a page rebuilt from word boxes. Tesseract's automatic layout splits a wide table into
// column blocks on poor scans, so one printed row comes back as several "lines" far apart in its
// output; lines whose vertical centres agree (after correcting for skew) and that do not overlap
// horizontally are one row again. Within a row, wide gaps separate cells; a right-to-left row is put
// back in reading order, cell by cell and run by run.
import type { Box, OcrPage } from '../types.ts';
import { cleanOcrText, hasArabic } from './text.ts';
import { matchAnalyte } from './dictionary.ts';
import { looksLikeUnit } from './units.ts';

export interface Word {
  text: string;
  confidence: number;
  box: Box;
}

export interface Row {
  page: number;
  /** Words in reading order. */
  words: Word[];
  /** The same words grouped into cells (separated by wide gaps), in reading order. */
  cells: Word[][];
  box: Box;
  /** Median word height, the unit gaps are measured in. */
  height: number;
  rtl: boolean;
  /** Row text in reading order, cells separated by two spaces. */
  text: string;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const cx = (b: Box) => (b.x0 + b.x1) / 2;
const cy = (b: Box) => (b.y0 + b.y1) / 2;

export function unionBox(boxes: readonly Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/**
 * Specks read as characters inside a real word's box (a "0" inside "NEUT%", from table shading or
 * noise) are dropped: a single character mostly covered by a wider word on the same line. Longer words
 * are kept: Tesseract sometimes gives a word the box of its whole cell ("120" over "120 - 160").
 */
function withoutSpecks(words: Word[]): Word[] {
  return words.filter((word) => {
    if ([...word.text.replace(/[.,:;'"`’]/g, '')].length > 1) return true;
    const width = word.box.x1 - word.box.x0;
    return !words.some((other) => {
      if (other === word || other.box.x1 - other.box.x0 <= width) return false;
      const horizontal = Math.min(word.box.x1, other.box.x1) - Math.max(word.box.x0, other.box.x0);
      const vertical = Math.min(word.box.y1, other.box.y1) - Math.max(word.box.y0, other.box.y0);
      return horizontal >= 0.4 * width && vertical > 0;
    });
  });
}

/** Words of a line; a line without word boxes is cut into words spread evenly over its box. */
function lineWords(line: OcrPage['lines'][number]): Word[] {
  const words = line.words
    .map((w) => ({ text: cleanOcrText(w.text), confidence: w.confidence, box: w.box }))
    .filter((w) => w.text !== '');
  if (words.length > 0 || line.text.trim() === '') return words;
  const parts = cleanOcrText(line.text).split(/\s+/).filter(Boolean);
  const total = parts.reduce((n, p) => n + p.length + 1, 0);
  const width = line.box.x1 - line.box.x0;
  let offset = 0;
  return parts.map((text) => {
    const x0 = line.box.x0 + (offset / total) * width;
    offset += text.length + 1;
    return { text, confidence: line.confidence, box: { x0, y0: line.box.y0, x1: line.box.x0 + ((offset - 1) / total) * width, y1: line.box.y1 } };
  });
}

/** The page's skew as a slope (dy/dx), from lines long enough to show it; 0 when unknown. */
function skewSlope(lines: Word[][]): number {
  const slopes: number[] = [];
  for (const words of lines) {
    if (words.length < 3) continue;
    const xs = words.map((w) => cx(w.box));
    const ys = words.map((w) => cy(w.box));
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
      sxx += ((xs[i] as number) - mx) ** 2;
    }
    if (sxx > 0) slopes.push(sxy / sxx);
  }
  const slope = median(slopes);
  return Math.abs(slope) < 0.1 ? slope : 0;
}

interface Strip {
  words: Word[];
  y: number;
  x0: number;
  x1: number;
}

function overlap(a: Strip, b: Strip): number {
  return Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0));
}

/**
 * On a right-to-left line, a Latin label and its value drawn as one run ("13.2 g/dL (12-16) Hb:")
 * read label first: the words from the right end back to the first that cannot be part of a name
 * (a number, a bracketed range, a unit) are moved to the front.
 */
function labelFirst(run: Word[]): Word[] {
  const last = run[run.length - 1];
  if (!last || run.length < 2) return run;
  // Tesseract puts the colon of a right-to-left label on either side of it: "ALT:" or ":ALT".
  const colon = /:$|^:/.test(last.text);
  let start = run.length - 1;
  while (start > 0) {
    const word = (run[start - 1] as Word).text;
    if (!/\p{L}{2}/u.test(word) || /^[([]|[)\]]$/.test(word) || looksLikeUnit(word)) break;
    start--;
  }
  if (start === 0) return run;
  // Without its colon, the end of the run is a label only when it names an analyte and a number precedes it.
  const label = run.slice(start).map((w) => w.text.replace(/^:|:$/g, ''));
  if (!colon && (matchAnalyte(label) === undefined || !run.slice(0, start).some((w) => /\d/.test(w.text)))) return run;
  return [...run.slice(start), ...run.slice(0, start)];
}

/** An Arabic word, not a Latin unit with a stray Arabic letter in it ("ا10783/0"). */
function isArabicWord(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  const arabic = letters.filter((c) => hasArabic(c)).length;
  return arabic >= 2 || (arabic === 1 && letters.length === 1 && !/\d/.test(text));
}

/** Right-to-left reading order inside a cell: Arabic words right to left, runs of Latin words and numbers kept left to right. */
function rtlCellOrder(cell: Word[]): Word[] {
  const runs: Word[][] = [];
  for (const word of cell) {
    const last = runs[runs.length - 1];
    if (!isArabicWord(word.text) && last && !isArabicWord((last[0] as Word).text)) last.push(word);
    else runs.push([word]);
  }
  return runs
    .reverse()
    .map((run) => (isArabicWord((run[0] as Word).text) ? run : labelFirst(run)))
    .flat();
}

function splitCells(words: Word[], height: number): Word[][] {
  const cells: Word[][] = [];
  let previous: Word | undefined;
  for (const word of words) {
    const gap = previous ? word.box.x0 - previous.box.x1 : 0;
    if (!previous || gap > 1.1 * height) cells.push([word]);
    else (cells[cells.length - 1] as Word[]).push(word);
    previous = word;
  }
  return cells;
}

/**
 * A row reads right to left when its rightmost cell is Arabic; on a right-to-left page, also when it
 * is all Latin (a row of "Hb 13.2 g/dL" drawn from the right), unless it plainly starts at the left
 * with a name and ends at the right with a number.
 */
function readsRightToLeft(cells: Word[][], pageRtl: boolean): boolean {
  const last = cells[cells.length - 1];
  const first = cells[0];
  if (!last || !first) return false;
  if (hasArabic(last.map((w) => w.text).join(' '))) return true;
  const firstText = (first[0] as Word).text;
  const lastText = (last[last.length - 1] as Word).text;
  const arabic = cells.some((cell) => cell.some((w) => isArabicWord(w.text)));
  // Arabic words in the row and a number or range at its left edge: a table drawn from the right.
  if (arabic && cells.length > 1 && /^[<>≤≥(]?\d/.test(firstText)) return true;
  if (!pageRtl) return false;
  return arabic || !(cells.length > 1 && /^\p{L}/u.test(firstText) && !looksLikeUnit(firstText) && /\d[)\]]?$/.test(lastText));
}

export function pageRows(page: OcrPage): Row[] {
  const lines = page.lines.map(lineWords).filter((words) => words.length > 0);
  const slope = skewSlope(lines);
  const level = (w: Word) => cy(w.box) - slope * cx(w.box);
  const strips: Strip[] = lines.map((words) => ({
    words,
    y: median(words.map(level)),
    x0: Math.min(...words.map((w) => w.box.x0)),
    x1: Math.max(...words.map((w) => w.box.x1)),
  }));
  const height = median(lines.flat().map((w) => w.box.y1 - w.box.y0).filter((h) => h > 0)) || 10;
  strips.sort((a, b) => a.y - b.y);

  const groups: Strip[][] = [];
  for (const strip of strips) {
    // Only the last few rows can be on the same level as this strip (they are sorted by level).
    let target: Strip[] | undefined;
    for (let g = groups.length - 1; g >= 0 && g >= groups.length - 3; g--) {
      const group = groups[g] as Strip[];
      const y = median(group.map((s) => s.y));
      if (Math.abs(y - strip.y) <= 0.5 * height && group.every((s) => overlap(s, strip) < 0.2 * Math.min(s.x1 - s.x0, strip.x1 - strip.x0))) {
        target = group;
        break;
      }
    }
    if (target) target.push(strip);
    else groups.push([strip]);
  }

  const built = groups.map((group) => {
    const words = withoutSpecks(group.flatMap((s) => s.words)).sort((a, b) => a.box.x0 - b.box.x0);
    return { words, cells: splitCells(words, height) };
  });
  const arabicRight = built.filter((r) => hasArabic((r.cells[r.cells.length - 1] ?? []).map((w) => w.text).join(' '))).length;
  const arabicLeft = built.filter((r) => r.cells.length > 1 && hasArabic((r.cells[0] ?? []).map((w) => w.text).join(' '))).length;
  const pageRtl = arabicRight > arabicLeft;

  return built.map(({ words, cells }) => {
    const rtl = readsRightToLeft(cells, pageRtl);
    const ordered = rtl ? [...cells].reverse().map(rtlCellOrder) : cells;
    return {
      page: page.page,
      words: ordered.flat(),
      cells: ordered,
      box: unionBox(words.map((w) => w.box)),
      height,
      rtl,
      text: ordered.map((cell) => cell.map((w) => w.text).join(' ')).join('  '),
    };
  });
}
