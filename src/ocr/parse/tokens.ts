// A row's words cut into typed tokens: numbers, comparisons ("<5"), ranges ("3.9-5.5"), dashes, units,
// printed flags and plain words. Values fused with units ("13.2g/dL"), flags stuck to values ("13.2H",
// "*13.2") and brackets around ranges are separated here.
import type { Box } from '../types.ts';
import type { Row, Word } from './layout.ts';
import { isDash, parseComparison, parseDashRange, parseNumber, repairDigits, type Comparator, type ParsedNumber } from './numbers.ts';
import { looksLikeUnit } from './units.ts';

export type PrintedFlag = 'high' | 'low' | 'abnormal';

export type Token =
  | { kind: 'number'; text: string; number: ParsedNumber }
  | { kind: 'comparison'; text: string; comparator: Comparator; number: ParsedNumber }
  | { kind: 'range'; text: string; low: ParsedNumber; high: ParsedNumber }
  | { kind: 'dash'; text: string }
  | { kind: 'unit'; text: string }
  | { kind: 'flag'; text: string; flag: PrintedFlag }
  | { kind: 'word'; text: string };

export type RowToken = Token & {
  confidence: number;
  box: Box;
  /** Index of the cell the token came from (a wide gap separates cells). */
  cell: number;
  /** The token was inside brackets. */
  bracketed: boolean;
};

const FLAGS: Record<string, PrintedFlag> = {
  H: 'high', HH: 'high', 'H*': 'high', '↑': 'high', '▲': 'high', '⬆': 'high', High: 'high', HIGH: 'high', high: 'high', Élevé: 'high', 'ÉLEVÉ': 'high',
  L: 'low', LL: 'low', 'L*': 'low', '↓': 'low', '▼': 'low', '⬇': 'low', Low: 'low', LOW: 'low', low: 'low', Bas: 'low', BAS: 'low',
  '*': 'abnormal', '**': 'abnormal', '!': 'abnormal', A: 'abnormal',
  مرتفع: 'high', منخفض: 'low', Υψηλό: 'high', Χαμηλό: 'low', Висок: 'high', Низак: 'low', Povišen: 'high', Snižen: 'low', Visok: 'high', Nizak: 'low',
};

export function printedFlag(text: string): PrintedFlag | undefined {
  return FLAGS[text.replace(/^[([]|[)\]]$/g, '')];
}

/** One cleaned piece of a word, typed. Returns several tokens when a value and a unit or flag are fused. */
function classify(piece: string): Token[] {
  if (piece === '') return [];
  const flag = printedFlag(piece);
  if (flag) return [{ kind: 'flag', text: piece, flag }];
  const number = parseNumber(piece);
  if (number) return [{ kind: 'number', text: piece, number }];
  const comparison = parseComparison(piece);
  if (comparison) return [{ kind: 'comparison', text: piece, ...comparison }];
  const range = parseDashRange(piece);
  if (range) return [{ kind: 'range', text: piece, ...range }];
  if (isDash(piece)) return [{ kind: 'dash', text: piece }];
  if (looksLikeUnit(piece)) return [{ kind: 'unit', text: piece }];
  // A flag or star before the value: "*13.2", "↑13.2".
  const leading = /^([*↑↓▲▼!])(.+)$/.exec(piece);
  if (leading) return [...classify(leading[1] ?? ''), ...classify(leading[2] ?? '')];
  // A value (or range) with a unit or flag after it: "13.2g/dL", "12-16g/dL", "13.2H", "45%", "<5mg/L".
  const fused = /^((?:[<>≤≥]=?)?\d[\d.,]*(?:[-–—]\d[\d.,]*)?)(\D.*)$/.exec(piece);
  if (fused) {
    const head = classify(fused[1] ?? '');
    const tail = fused[2] ?? '';
    const tailFlag = printedFlag(tail);
    if (head.length > 0 && (tailFlag || looksLikeUnit(tail))) return [...head, tailFlag ? { kind: 'flag', text: tail, flag: tailFlag } : { kind: 'unit', text: tail }];
    // "3.9-" and "-5.5": a range cut in two by OCR.
    if (head.length > 0 && isDash(tail)) return [...head, { kind: 'dash', text: tail }];
  }
  const dashFirst = /^([-–—]+)(\d[\d.,]*)$/.exec(piece);
  if (dashFirst) return [{ kind: 'dash', text: dashFirst[1] ?? '-' }, ...classify(dashFirst[2] ?? '')];
  const repaired = repairDigits(piece);
  if (repaired !== undefined && repaired !== piece) {
    const asNumber = parseNumber(repaired);
    if (asNumber) return [{ kind: 'number', text: piece, number: asNumber }];
  }
  return [{ kind: 'word', text: piece }];
}

/** Dotted leaders and lone punctuation carry nothing. */
/** Dotted leaders, lone punctuation and specks read as symbols ("©", "~~", "“") carry nothing. */
function isFiller(text: string): boolean {
  return !/[\p{L}\p{N}%<>≤≥+*#↑↓▲▼!\-–—]/u.test(text);
}

/** One bracket-free piece of a word, cleaned of a label's colon and a sentence's full stop. */
function pieceTokens(raw: string, rtl: boolean): { tokens: Token[]; bracketed: boolean } {
  // A label's colon: "Hb:", "(TGO):", and right to left ":ALT".
  let text = raw.replace(/:+$/, '').replace(/^:+(?=\p{L})/u, '');
  // Brackets on either side; right to left, Tesseract returns them mirrored (")400", "150(").
  const bracketed = /^[()[\]{}]/.test(text) || /[()[\]{}]$/.test(text);
  text = text.replace(/^[()[\]{}]+|[()[\]{}]+$/g, '').replace(/:+$/, '');
  // A sentence's full stop or comma: "Neg.", "13.2.", "31,9." (but not the decimal point of "13.").
  if (/[.,;]$/.test(text) && (/\D[.,;]$/.test(text) || parseNumber(text.slice(0, -1)) !== undefined)) text = text.slice(0, -1);
  // Right to left, Tesseract returns "< 39" read as one word in reading order: "39<".
  if (rtl) text = text.replace(/^(\d[\d.,]*)\s*([<>≤≥]=?)$/, '$2$1');
  const tokens = text
    .split(/\s+/)
    .filter((piece) => piece !== '' && !isFiller(piece))
    .flatMap((piece) => classify(piece));
  return { tokens, bracketed };
}

function wordTokens(word: Word, cell: number, rtl: boolean): RowToken[] {
  const text = word.text.replace(/[.…_]{3,}/g, ' ').trim();
  // "U/L(<35)H": brackets inside a word separate what OCR ran together.
  const pieces = text.split(/(?<=.)(?=[([])|(?<=[)\]])(?=.)/);
  return pieces.flatMap((piece) => {
    const { tokens, bracketed } = pieceTokens(piece, rtl);
    return tokens.map((token) => ({ ...token, confidence: word.confidence, box: word.box, cell, bracketed }));
  });
}

/**
 * "250 000" read as two words is one number when the second group has exactly three digits and the
 * gap between them is narrow (a thin space, not a column gap).
 */
function joinThousands(tokens: RowToken[], height: number): RowToken[] {
  const out: RowToken[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (
      last?.kind === 'number' &&
      token.kind === 'number' &&
      /^\d{1,3}(?:[ ]\d{3})*$/.test(last.text) &&
      /^\d{3}$/.test(token.text) &&
      token.box.x0 - last.box.x1 < 0.6 * height &&
      token.box.x0 > last.box.x1 - 1
    ) {
      const text = `${last.text} ${token.text}`;
      out[out.length - 1] = {
        ...last,
        text,
        number: { value: Number(text.replace(/ /g, '')), decimals: 0, integerText: false },
        confidence: Math.min(last.confidence, token.confidence),
        box: { x0: last.box.x0, y0: Math.min(last.box.y0, token.box.y0), x1: token.box.x1, y1: Math.max(last.box.y1, token.box.y1) },
      };
    } else out.push(token);
  }
  return out;
}

export function rowTokens(row: Row): RowToken[] {
  const tokens = row.cells.flatMap((cell, index) => cell.flatMap((word) => wordTokens(word, index, row.rtl)));
  return joinThousands(tokens, row.height);
}
