// Tesseract's result tree (blocks > paragraphs > lines > words) turned into an OcrPage: words with
// boxes and confidences, grouped into the page's physical lines.
// Tesseract's own lines stop at its block edges, and its layout analysis cuts wide tables into column
// blocks (the note: worse on poor scans), so "Haemoglobin", "13.2" and "g/dL" can arrive in three
// blocks. Lines are rebuilt from the word boxes instead: Tesseract lines that share a band of the page
// become one line, its words in reading order. The page has been deskewed before recognition, so a
// row of a table is a horizontal band.
import type { Box, OcrLine, OcrPage, OcrWord } from './types.ts';

/** The parts of tesseract.js's `blocks` output read here. */
export interface TesseractBlock {
  paragraphs: {
    is_ltr: boolean;
    lines: { words: { text: string; confidence: number; bbox: Box }[] }[];
  }[];
}

export interface PageMeta {
  page: number;
  width: number;
  height: number;
  languages: string;
  rotation?: number;
  /** Tesseract's mean text confidence for the page. */
  confidence: number;
}

// Direction marks Tesseract puts around right-to-left words: invisible, and they break matching.
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g;
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

interface SourceLine {
  words: OcrWord[];
  box: Box;
  rtl: boolean;
}

export function toOcrPage(blocks: readonly TesseractBlock[] | null, meta: PageMeta): OcrPage {
  const source: SourceLine[] = [];
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words = line.words
          .map((w) => ({ text: w.text.replace(BIDI_CONTROLS, '').trim(), confidence: w.confidence, box: { ...w.bbox } }))
          .filter((w) => w.text !== '');
        if (words.length > 0) source.push({ words, box: union(words.map((w) => w.box)), rtl: !paragraph.is_ltr });
      }
    }
  }
  const rtl = isRightToLeftPage(source);
  const lines = groupIntoRows(source).map((row) => toLine(row, rtl));
  const page: OcrPage = {
    page: meta.page,
    width: meta.width,
    height: meta.height,
    text: lines.map((l) => l.text).join('\n'),
    confidence: meta.confidence,
    lines,
    languages: meta.languages,
  };
  if (meta.rotation !== undefined) page.rotation = meta.rotation;
  return page;
}

/**
 * Tesseract lines joined into page rows: a line joins the row it overlaps vertically by at least half
 * the height of the shorter of the two. Rows run top to bottom.
 */
function groupIntoRows(lines: SourceLine[]): SourceLine[][] {
  const sorted = [...lines].sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const rows: { box: Box; lines: SourceLine[] }[] = [];
  for (const line of sorted) {
    const height = line.box.y1 - line.box.y0;
    let target: (typeof rows)[number] | undefined;
    let bestOverlap = 0;
    // Only the last few rows can overlap a line further down the page.
    for (let i = rows.length - 1; i >= Math.max(0, rows.length - 4); i--) {
      const row = rows[i] as (typeof rows)[number];
      const overlap = Math.min(row.box.y1, line.box.y1) - Math.max(row.box.y0, line.box.y0);
      const shorter = Math.min(height, medianHeight(row.lines));
      if (overlap >= shorter * 0.5 && overlap > bestOverlap) {
        target = row;
        bestOverlap = overlap;
      }
    }
    if (target) {
      target.lines.push(line);
      target.box = union([target.box, line.box]);
    } else {
      rows.push({ box: { ...line.box }, lines: [line] });
    }
  }
  return rows.map((r) => r.lines);
}

function medianHeight(lines: SourceLine[]): number {
  const heights = lines.map((l) => l.box.y1 - l.box.y0).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)] as number;
}

/**
 * A page whose letters are a quarter or more in a right-to-left script is laid out right to left:
 * every row of its tables, the all-Latin ones (WBC, 6.92, x10^9/L) included, reads from the right.
 */
function isRightToLeftPage(lines: SourceLine[]): boolean {
  let rtl = 0;
  let letters = 0;
  for (const line of lines) {
    for (const word of line.words) {
      for (const c of word.text.match(/\p{L}/gu) ?? []) {
        letters++;
        if (RIGHT_TO_LEFT.test(c)) rtl++;
      }
    }
  }
  return rtl > 0 && rtl >= letters * 0.25;
}

/**
 * One row in reading order. Left to right: its pieces (Tesseract lines) by position, words in
 * Tesseract's order. Right to left (on an Arabic page): cell by cell from the right (a cell: words
 * closer than a couple of letter heights), and inside a cell as the Unicode bidi algorithm would have
 * laid it out: Arabic words from the right, a run of Latin words and numbers from the left. Tesseract's
 * own order scrambles such runs ("pg )27.0-33.0( L MCH: 26.0") and reads a row of Latin cells
 * ("WBC | 6.92 | x10^9/L") backwards.
 */
function toLine(row: SourceLine[], rtl: boolean): OcrLine {
  const pieces = [...row].sort((a, b) => (rtl ? b.box.x1 - a.box.x1 : a.box.x0 - b.box.x0));
  const words = rtl ? rightToLeftOrder(pieces.flatMap((l) => l.words)) : pieces.flatMap((l) => l.words);
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: Math.round((words.reduce((n, w) => n + w.confidence, 0) / words.length) * 10) / 10,
    box: union(words.map((w) => w.box)),
    words,
  };
}

function rightToLeftOrder(words: OcrWord[]): OcrWord[] {
  const byPosition = [...words].sort((a, b) => b.box.x1 - a.box.x1);
  const heights = byPosition.map((w) => w.box.y1 - w.box.y0).sort((a, b) => a - b);
  const gap = 1.5 * (heights[Math.floor(heights.length / 2)] as number);
  const cells: OcrWord[][] = [];
  let left = Infinity;
  for (const word of byPosition) {
    if (cells.length === 0 || left - word.box.x1 > gap) cells.push([]);
    (cells[cells.length - 1] as OcrWord[]).push(word);
    left = Math.min(left, word.box.x0);
  }
  return cells.flatMap((cell) => {
    const out: OcrWord[] = [];
    let latin: OcrWord[] = [];
    const flush = () => {
      out.push(...latin.reverse().map(unmirror));
      latin = [];
    };
    for (const word of cell) {
      if (RIGHT_TO_LEFT.test(word.text)) {
        flush();
        out.push(word);
      } else {
        latin.push(word);
      }
    }
    flush();
    return out;
  });
}

/**
 * Tesseract mirrors some brackets of Latin text in a right-to-left line: ")27.0-33.0(" is "(27.0-33.0)".
 * Only that unambiguous form is undone. A lone bracket, or "<" and ">" (which it also mirrors, and
 * not always), is left as read: which way it faced cannot be told from the word alone.
 */
function unmirror(word: OcrWord): OcrWord {
  const m = /^([)\]])(.*)([([])$/s.exec(word.text);
  if (!m || /[()[\]]/.test(m[2] as string)) return word;
  return { ...word, text: `${m[1] === ')' ? '(' : '['}${m[2]}${m[3] === '(' ? ')' : ']'}` };
}

function union(boxes: Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}
