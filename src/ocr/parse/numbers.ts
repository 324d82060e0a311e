// Numbers as laboratories print them (decimal point or comma, thousands grouped by point, comma,
// space or apostrophe) and as OCR returns them (letters for digits, a lost decimal separator).

export interface ParsedNumber {
  value: number;
  /** Digits after the decimal separator as printed (0 for an integer). */
  decimals: number;
  /** The text had no decimal separator at all: a candidate for a lost one. */
  integerText: boolean;
  /** "250.000" or "7,500" can be a decimal or a grouped thousand: the grouped reading. */
  thousandsReading?: number;
}

/** Letters OCR returns for digits inside a number: l/I/| for 1, O/o for 0, S for 5, B for 8, Z for 2. */
const DIGIT_LOOKALIKES: Record<string, string> = { l: '1', I: '1', '|': '1', O: '0', o: '0', S: '5', B: '8', Z: '2', Ο: '0', О: '0', о: '0', ο: '0' };

/**
 * A token that is a number except for look-alike letters, repaired ("l3.2" → "13.2"); undefined when
 * it is not mostly digits (so words such as "Ol" or "SB" are left alone).
 */
export function repairDigits(text: string): string | undefined {
  if (!/\d/.test(text)) return undefined;
  const repaired = [...text].map((c) => DIGIT_LOOKALIKES[c] ?? c).join('');
  if (!/^\d[\d.,]*$|^[.,]\d+$/.test(repaired)) return undefined;
  const digits = [...text].filter((c) => /\d/.test(c)).length;
  return digits * 2 >= [...text].length ? repaired : undefined;
}

export function parseNumber(raw: string): ParsedNumber | undefined {
  const text = raw.replace(/[\u2009\u202f\u00a0]/g, ' ').trim();
  if (/^\d+$/.test(text)) return { value: Number(text), decimals: 0, integerText: true };
  let match = /^(\d*)[.,](\d+)$/.exec(text);
  if (match) {
    const [, whole = '', fraction = ''] = match;
    const value = Number(`${whole || '0'}.${fraction}`);
    const grouped = fraction.length === 3 && whole.length >= 1 && whole.length <= 3 && !whole.startsWith('0');
    return grouped ? { value, decimals: 3, integerText: false, thousandsReading: Number(whole + fraction) } : { value, decimals: fraction.length, integerText: false };
  }
  // 1.234.567 / 1,234,567 / 1 234 567 / 1'234'567, optionally with a decimal part in the other separator.
  match = /^(\d{1,3}(?:([., '’])\d{3})(?:\2\d{3})*)(?:([.,])(\d+))?$/.exec(text);
  if (match) {
    const [, grouped = '', separator, decimalSeparator, fraction] = match;
    if (decimalSeparator !== undefined && decimalSeparator === separator) return undefined;
    const whole = Number(grouped.replace(/[., '’]/g, ''));
    if (fraction === undefined) return { value: whole, decimals: 0, integerText: false };
    return { value: Number(`${whole}.${fraction}`), decimals: fraction.length, integerText: false };
  }
  return undefined;
}

export type Comparator = '<' | '>' | '≤' | '≥';

/** "<5", "≤ 0.5", ">40", "=<5": a bound printed with a comparison sign. */
export function parseComparison(text: string): { comparator: Comparator; number: ParsedNumber } | undefined {
  // Guillemets and single angle quotes are what OCR makes of < and > now and then ("«35").
  const match = /^(<=|=<|>=|=>|[<>≤≥«‹»›])\s*(.+)$/.exec(text.trim().replace(/^[«‹]/, '<').replace(/^[»›]/, '>'));
  if (!match) return undefined;
  const number = parseNumber(match[2] ?? '');
  if (!number) return undefined;
  const sign = match[1] ?? '';
  const comparator: Comparator = sign.includes('<') ? (sign.length > 1 ? '≤' : '<') : sign.includes('>') ? (sign.length > 1 ? '≥' : '>') : (sign as Comparator);
  return { comparator, number };
}

const DASHES = '-–—~‐‑‒−';

/** "3.9-5.5", "3,9–5,5", "3.9 - 5.5" as one token: the two numbers, or undefined. */
export function parseDashRange(text: string): { low: ParsedNumber; high: ParsedNumber } | undefined {
  const match = new RegExp(`^([\\d.,' ]*\\d)\\s*[${DASHES}]{1,2}\\s*(\\d[\\d.,' ]*)$`).exec(text.trim());
  if (!match) return undefined;
  const low = parseNumber(match[1] ?? '');
  const high = parseNumber(match[2] ?? '');
  return low && high ? { low, high } : undefined;
}

export function isDash(text: string): boolean {
  return text.length === 1 && DASHES.includes(text);
}

/** Words that join the two bounds of a range: "12 to 16", "12 à 16", "12 έως 16", "12 до 16". */
const RANGE_WORDS = new Set(['to', 'a', 'à', 'au', 'bis', 'έως', 'εως', 'ως', 'до', 'do', 'până', 'pana', 'la', 'الى', 'إلى', 'ile', 'fino']);

export function isRangeWord(text: string): boolean {
  return RANGE_WORDS.has(text.toLowerCase());
}

/** Words that open an upper bound alone: "up to 40", "jusqu'à 40", "до 40", "έως 40", "حتى 40". */
const UPPER_WORDS = new Set(['up to', 'upto', "jusqu'à", 'jusqu’à', 'jusqua', 'до', 'do', 'έως', 'εως', 'ως', 'bis', 'fino a', 'până la', 'حتى', 'أقل من', 'اقل من']);
const LOWER_WORDS = new Set(['above', 'over', 'more than', 'greater than', 'plus de', 'sup à', 'supérieur à', 'над', 'преко', 'iznad', 'άνω του', 'πάνω από', 'أكثر من', 'اكثر من', 'über', 'peste']);

export function upperBoundWord(text: string): boolean {
  return UPPER_WORDS.has(text.toLowerCase());
}

export function lowerBoundWord(text: string): boolean {
  return LOWER_WORDS.has(text.toLowerCase());
}
