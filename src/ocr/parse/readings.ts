// Which reading of a printed row is the most believable, for one LOINC variant and one unit: the
// value and range bounds as printed, or with a decimal separator OCR lost put back ("13,2" read as
// "132", "3.9 - 5.5" as "39-55"). Each hypothesis has a cost: how far the value lies outside the range
// printed beside it (or the analyte's typical one), in decades, plus a penalty for each restored
// separator and a large one for a physiologically impossible value. The cheapest reading wins.
import { loincItem } from '../../domain/value-sets/index.ts';
import { isCoded, variantAccepts, type AnalyteVariant } from './dictionary.ts';
import type { ParsedNumber } from './numbers.ts';
import type { RawResult } from './results.ts';

export interface Interval {
  low?: number;
  high?: number;
}

/** How far x lies outside [low, high], in decades (0 inside). */
export function decadesOutside(x: number, range: Interval): number {
  if (range.low !== undefined && x < range.low) return x <= 0 ? 2 : Math.log10(range.low / x);
  if (range.high !== undefined && x > range.high) return range.high <= 0 ? 2 : Math.log10(x / range.high);
  return 0;
}

/** The LOINC item's typical adult range (both sexes together), in the variant's default unit. */
export function typicalRange(variant: AnalyteVariant): Interval {
  const reference = loincItem(variant.loinc)?.referenceRange;
  if (!reference) return variant.plausible ? { low: variant.plausible[0], high: variant.plausible[1] } : {};
  const lows = [reference.low, reference.female?.low, reference.male?.low].filter((v): v is number => v !== undefined);
  const highs = [reference.high, reference.female?.high, reference.male?.high].filter((v): v is number => v !== undefined);
  return { ...(lows.length > 0 ? { low: Math.min(...lows) } : {}), ...(highs.length > 0 ? { high: Math.max(...highs) } : {}) };
}

export function scaled(range: Interval, divisor: number): Interval {
  return { ...(range.low !== undefined ? { low: range.low / divisor } : {}), ...(range.high !== undefined ? { high: range.high / divisor } : {}) };
}

export interface Reading {
  value: number;
  restored: boolean;
  cost: number;
}

/** Penalty for supposing OCR lost a decimal separator: it must buy a clearly better fit. */
const RESTORE_COST = 0.6;
const IMPLAUSIBLE_COST = 10;

/**
 * The most believable reading of a printed number: as printed, or (for an integer text) with a lost
 * decimal separator put back. `expected` is where the value should lie (the printed or typical range),
 * `plausible` the physiological limits, both in the unit the number is in.
 */
function readNumber(number: ParsedNumber, expected: Interval, plausible: Interval, decimals: number, isBound = false): Reading {
  const options: Reading[] = [];
  const judge = (value: number, restored: boolean, extra: number) => {
    const implausible = decadesOutside(value, plausible) > 0;
    options.push({ value, restored, cost: decadesOutside(value, expected) + extra + (implausible ? IMPLAUSIBLE_COST : 0) });
  };
  judge(number.value, false, 0);
  if (number.thousandsReading !== undefined) judge(number.thousandsReading, false, 0.05);
  if (number.integerText) {
    const implausibleAsPrinted = decadesOutside(number.value, plausible) > 0;
    for (let k = 1; k <= 3; k++) {
      // An analyte printed without decimals (platelets, ALT) loses none, unless the integer is impossible.
      if (decimals === 0 && !implausibleAsPrinted) continue;
      const value = Number((number.value / 10 ** k).toFixed(k));
      if (value === 0) continue;
      // Values come with the analyte's usual decimals; range bounds often with fewer ("0.5 - 1.0").
      judge(value, true, RESTORE_COST + (decimals === 0 || isBound ? 0 : 0.15 * Math.abs(k - decimals)));
    }
  }
  return options.reduce((best, option) => (option.cost < best.cost ? option : best));
}

/** "02" and "045" are 0.2 and 0.45 with the separator lost: no other reading is possible. */
function leadingZeroReading(text: string): number | undefined {
  const digits = text.replace(/\s/g, '');
  return /^0\d+$/.test(digits) ? Number(`0.${digits.slice(1)}`) : undefined;
}

export interface Candidate {
  variant: AnalyteVariant;
  unit?: string;
  cost: number;
  value?: Reading;
  low?: Reading;
  high?: Reading;
}

/**
 * The best reading of a result as `variant` in `unit` (a coded variant: whether the answer fits). The
 * candidate's cost lets the caller choose between variants and units (glucose in mg/dL or mmol/L).
 */
export function evaluate(raw: RawResult, variant: AnalyteVariant, unit: string | undefined, labelHint: 'percent' | 'count' | undefined, valueText: string, rtl: boolean): Candidate {
  if (isCoded(variant)) {
    const cost = raw.answer !== undefined ? (variantAccepts(variant, raw.answer) ? 0 : 5) : raw.number !== undefined ? 6 : 10;
    return { variant, cost };
  }
  let cost = raw.number === undefined ? 8 : 0;
  const factor = unit !== undefined ? (variant.units[unit] ?? 1) : 1;
  const plausible = variant.plausible ? scaled({ low: variant.plausible[0], high: variant.plausible[1] }, factor) : {};
  const typical = scaled(typicalRange(variant), factor);
  const isPercent = unit === '%';
  if (labelHint === 'percent' && !isPercent) cost += 3;
  if (labelHint === 'count' && isPercent) cost += 3;
  const candidate: Candidate = { variant, ...(unit !== undefined ? { unit } : {}), cost };
  let range = raw.range;
  // Right to left, Tesseract mirrors "<" and ">" as often as not: a one-sided bound takes the side of
  // the analyte's typical range it is nearer to ("< 35" for ALT, "> 10" for anti-HBs).
  const oneSided = range && (range.low === undefined) !== (range.high === undefined) ? (range.low ?? range.high) : undefined;
  if ((rtl || range?.sideUnknown) && oneSided && oneSided.value > 0 && (typical.low !== undefined || typical.high !== undefined)) {
    const distance = (b: number | undefined) => (b === undefined || b <= 0 ? Number.POSITIVE_INFINITY : Math.abs(Math.log10(oneSided.value / b)));
    range = distance(typical.high) <= distance(typical.low) ? { high: oneSided } : { low: oneSided };
  }
  const bound = (n: ParsedNumber | undefined, typicalBound: number | undefined): Reading | undefined => {
    if (n === undefined) return undefined;
    const zero = n.integerText ? leadingZeroReading(rawDigits(raw, n)) : undefined;
    if (zero !== undefined) return { value: zero, restored: true, cost: decadesOutside(zero, plausible) > 0 ? IMPLAUSIBLE_COST : 0 };
    if (typicalBound === undefined || typicalBound === 0) return { value: n.value, restored: false, cost: decadesOutside(n.value, plausible) > 0 ? IMPLAUSIBLE_COST : 0 };
    return readNumber(n, { low: typicalBound / 1.6, high: typicalBound * 1.6 }, plausible, variant.decimals, true);
  };
  candidate.low = bound(range?.low, typical.low);
  candidate.high = bound(range?.high, typical.high);
  let rangeCost = (candidate.low?.cost ?? 0) + (candidate.high?.cost ?? 0);
  // Bounds read right to left come out high first ("5.5 - 3.9"); lost decimals also make low > high
  // ("40-5.2", "18-7,5"), so the swapped reading competes with the restored one (at a small cost on a
  // left-to-right row, where swapped bounds are the rarer slip).
  if (range?.low && range.high && range.low.value > range.high.value) {
    const low = bound(range.high, typical.low);
    const high = bound(range.low, typical.high);
    const swappedCost = (low?.cost ?? 0) + (high?.cost ?? 0) + (rtl ? 0 : 0.3);
    const inOrder = candidate.low && candidate.high && candidate.low.value <= candidate.high.value;
    if (!inOrder || swappedCost < rangeCost) {
      candidate.low = low;
      candidate.high = high;
      rangeCost = swappedCost;
    }
  }
  candidate.cost += rangeCost * 0.5;
  if (raw.number !== undefined) {
    const printed: Interval = {
      ...(candidate.low ? { low: candidate.low.value } : {}),
      ...(candidate.high ? { high: candidate.high.value } : {}),
    };
    const expected = printed.low !== undefined || printed.high !== undefined ? printed : typical;
    const zero = raw.comparator === undefined && raw.number.integerText ? leadingZeroReading(valueText) : undefined;
    candidate.value =
      zero !== undefined
        ? { value: zero, restored: true, cost: 0 }
        : raw.comparator !== undefined
          ? { value: raw.number.value, restored: false, cost: decadesOutside(raw.number.value, plausible) > 0 ? IMPLAUSIBLE_COST : 0 }
          : readNumber(raw.number, expected, plausible, variant.decimals);
    candidate.cost += candidate.value.cost;
  }
  return candidate;
}

/** The digits of a range bound as printed, to see a leading zero ("00-05"). */
function rawDigits(raw: RawResult, n: ParsedNumber): string {
  for (const token of raw.tokens) {
    if (token.kind === 'range') {
      const [low, high] = token.text.split(/\s*[-–—~‐‑‒−]\s*/);
      if (token.low === n && low !== undefined) return low;
      if (token.high === n && high !== undefined) return high;
    }
    if ((token.kind === 'number' || token.kind === 'comparison') && token.number === n) return token.text.replace(/^[<>≤≥=]+\s*/, '');
  }
  return String(n.value);
}
