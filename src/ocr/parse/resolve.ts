// From what a row printed to a checked result: which LOINC variant (glucose in mg/dL or mmol/L,
// neutrophils as a count or a percentage), which unit, and whether the numbers are believable. OCR
// loses decimal separators ("13,2" → "132", "3.9 - 5.5" → "39-55"): an integer that is implausible for
// the analyte, or far outside the range printed beside it while a tenth or hundredth of it fits, gets
// its decimals back, and the row says so. Printed H/L flags are unreliable; the interpretation is
// recomputed from value and range.
import { loincItem, ucumUnit } from '../../domain/value-sets/index.ts';
import type { LabRow, RowWarning } from '../types.ts';
import { ANALYTES, isCoded, nameDistance, variantAccepts, type Analyte, type AnalyteMatch, type AnalyteVariant } from './dictionary.ts';
import { unionBox, type Row } from './layout.ts';
import type { ParsedNumber } from './numbers.ts';
import { isAdministrative, type RawResult } from './results.ts';
import { nearestUnit, resolveUnit, type ResolvedUnit } from './units.ts';

export const LOW_CONFIDENCE = 80;

interface Interval {
  low?: number;
  high?: number;
}

/** How far x lies outside [low, high], in decades (0 inside). */
function decadesOutside(x: number, range: Interval): number {
  if (range.low !== undefined && x < range.low) return x <= 0 ? 2 : Math.log10(range.low / x);
  if (range.high !== undefined && x > range.high) return range.high <= 0 ? 2 : Math.log10(x / range.high);
  return 0;
}

/** The LOINC item's typical adult range (both sexes together), in the variant's default unit. */
function typicalRange(variant: AnalyteVariant): Interval {
  const reference = loincItem(variant.loinc)?.referenceRange;
  if (!reference) return variant.plausible ? { low: variant.plausible[0], high: variant.plausible[1] } : {};
  const lows = [reference.low, reference.female?.low, reference.male?.low].filter((v): v is number => v !== undefined);
  const highs = [reference.high, reference.female?.high, reference.male?.high].filter((v): v is number => v !== undefined);
  return { ...(lows.length > 0 ? { low: Math.min(...lows) } : {}), ...(highs.length > 0 ? { high: Math.max(...highs) } : {}) };
}

function scaled(range: Interval, divisor: number): Interval {
  return { ...(range.low !== undefined ? { low: range.low / divisor } : {}), ...(range.high !== undefined ? { high: range.high / divisor } : {}) };
}

interface Reading {
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

interface Candidate {
  variant: AnalyteVariant;
  unit?: string;
  cost: number;
  value?: Reading;
  low?: Reading;
  high?: Reading;
}

function evaluate(raw: RawResult, variant: AnalyteVariant, unit: string | undefined, labelHint: 'percent' | 'count' | undefined, valueText: string, rtl: boolean): Candidate {
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
  // ("40-5.2"), so the swapped reading competes with the restored one.
  if (range?.low && range.high && range.low.value > range.high.value) {
    const low = bound(range.high, typical.low);
    const high = bound(range.low, typical.high);
    const swappedCost = (low?.cost ?? 0) + (high?.cost ?? 0);
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

function labelHintOf(raw: RawResult): 'percent' | 'count' | undefined {
  const words = raw.labelTokens.map((t) => t.text.toLowerCase());
  if (words.some((w) => w.includes('%') || /^(نسبة|percent|pourcentage|ποσοστό|проценат)$/.test(w))) return 'percent';
  if (words.some((w) => w.includes('#') || /^\(?(abs|absolute|absolu|apsolutni|апсолутни|count|число|број|broj|αριθμός|عدد)\)?\.?$/.test(w))) return 'count';
  return undefined;
}

function interpretationOf(value: number, range: Interval): LabRow['interpretation'] {
  if (range.low !== undefined && value < range.low) return 'low';
  if (range.high !== undefined && value > range.high) return 'high';
  return 'normal';
}

function answerInterpretation(answer: string): LabRow['interpretation'] {
  return answer === 'negative' || answer === 'normal' ? 'normal' : 'abnormal';
}

function flagDiffers(raw: RawResult, interpretation: LabRow['interpretation']): boolean {
  if (interpretation === undefined) return false;
  return raw.flags.some((flag) => (flag === 'abnormal' ? interpretation === 'normal' : flag !== interpretation));
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(Math.min(10, Math.max(0, decimals))));
}

function joinText(tokens: RawResult['tokens'], separator = ' '): string {
  return tokens.map((t) => t.text).join(separator);
}

/** A row read as a result but naming no known analyte: kept (without LOINC) when it clearly is one. */
function unknownRow(raw: RawResult, base: Omit<LabRow, 'warnings'>): LabRow | undefined {
  const letters = joinText(raw.labelTokens).replace(/[^\p{L}]/gu, '');
  if (raw.number === undefined || letters.length < 2 || isAdministrative(raw.labelTokens)) return undefined;
  const unit = raw.unitTokens.length > 0 ? resolveUnit(joinText(raw.unitTokens, '')) : undefined;
  const hasRange = raw.range?.low !== undefined && raw.range.high !== undefined;
  if (!unit && !hasRange) return undefined;
  const range: Interval = { ...(raw.range?.low ? { low: raw.range.low.value } : {}), ...(raw.range?.high ? { high: raw.range.high.value } : {}) };
  const interpretation = range.low !== undefined || range.high !== undefined ? interpretationOf(raw.number.value, range) : undefined;
  const warnings: RowWarning[] = ['analyte-unknown'];
  if (base.confidence < LOW_CONFIDENCE) warnings.push('low-confidence');
  if (flagDiffers(raw, interpretation)) warnings.push('flag-differs');
  return {
    ...base,
    value: raw.number.value,
    ...(unit?.inValueSet ? { unit: unit.code } : {}),
    ...(raw.range ? { referenceRange: { ...range, ...(raw.range.text ? { text: raw.range.text } : {}) } } : {}),
    ...(interpretation ? { interpretation } : {}),
    warnings,
  };
}

/**
 * A label OCR garbled ("Ho" for Hb, "Μον" for MCV, "ROW" for RDW) is still recognised from what
 * surrounds it, when it names nothing or names an analyte never reported in the unit read:
 *  - the unit and the printed range fit exactly one analyte (each bound within 25% of its typical one)
 *    and the label is near one of that analyte's names (edit distance at most half its length); or
 *  - the label was read with low confidence, is one letter off a name of exactly one analyte reported
 *    in that unit, and any printed range is within a factor of two of that analyte's.
 */
function recognisedByFingerprint(raw: RawResult, labelText: string, unitText: string | undefined): AnalyteMatch | undefined {
  const unit = unitText !== undefined ? resolveUnit(unitText) : undefined;
  if (!unit?.inValueSet || raw.number === undefined) return undefined;
  if (raw.match?.analytes.some((a) => a.variants.some((v) => unit.code in v.units))) return undefined;
  const length = [...labelText.replace(/\s/g, '')].length;
  if (length < 2) return undefined;
  const within = (tolerance: number) => (printedBound: number | undefined, typicalBound: number | undefined) =>
    printedBound === undefined || typicalBound === undefined || (typicalBound > 0 && printedBound / typicalBound >= 1 / tolerance && printedBound / typicalBound <= tolerance);
  const rangeFits = (analyte: Analyte, tolerance: number, needBound: boolean) =>
    analyte.variants.some((variant) => {
      const factor = variant.units[unit.code];
      if (factor === undefined) return false;
      const typical = scaled(typicalRange(variant), factor);
      const compared = (raw.range?.low && typical.low !== undefined ? 1 : 0) + (raw.range?.high && typical.high !== undefined ? 1 : 0);
      const close = within(tolerance);
      return (!needBound || compared > 0) && close(raw.range?.low?.value, typical.low) && close(raw.range?.high?.value, typical.high);
    });
  const byRange = raw.range?.low || raw.range?.high ? ANALYTES.filter((analyte) => rangeFits(analyte, 1.25, true)) : [];
  const [fitting] = byRange;
  if (byRange.length === 1 && fitting && nameDistance(fitting, labelText) <= Math.max(1, Math.ceil(length / 2))) {
    return { analytes: [fitting], from: 0, to: raw.labelTokens.length, distance: 1 };
  }
  const labelConfidence = Math.min(...raw.labelTokens.map((t) => t.confidence));
  if (labelConfidence >= 85) return undefined;
  const near = ANALYTES.filter((analyte) => analyte.variants.some((v) => unit.code in v.units) && nameDistance(analyte, labelText) <= 1);
  const [analyte] = near;
  if (near.length !== 1 || !analyte || !rangeFits(analyte, 2, false)) return undefined;
  return { analytes: [analyte], from: 0, to: raw.labelTokens.length, distance: 1 };
}

/** The checked row for one result, or undefined when it is not a result after all. */
export function resolveResult(raw: RawResult, row: Row): LabRow | undefined {
  const labelText = raw.labelTokens
    .filter((t, i) => !(t.kind === 'unit' && raw.unitTokens.includes(t)) && !(t.kind === 'flag' && i === raw.labelTokens.length - 1 && raw.labelTokens.length > 1))
    .map((t) => t.text)
    .join(' ');
  const valueText = joinText(raw.valueTokens);
  const unitText = raw.unitTokens.length > 0 ? joinText(raw.unitTokens, raw.unitTokens.length > 1 ? '' : ' ') : undefined;
  const confidence = Math.min(...raw.tokens.map((t) => t.confidence));
  const base: Omit<LabRow, 'warnings'> = {
    analyteText: labelText,
    valueText,
    ...(unitText !== undefined ? { unitText } : {}),
    confidence: Number.isFinite(confidence) ? confidence : 0,
    page: row.page,
    box: unionBox(raw.tokens.map((t) => t.box)),
  };
  const match = recognisedByFingerprint(raw, labelText, unitText) ?? raw.match;
  if (!match) return unknownRow(raw, base);

  const variants = match.analytes.flatMap((a) => a.variants);
  const hinted = match.loinc !== undefined ? variants.filter((v) => v.loinc === match.loinc) : variants;
  const pool = hinted.length > 0 ? hinted : variants;
  const allowed = [...new Set(pool.flatMap((v) => Object.keys(v.units)))];
  const readUnit = unitText !== undefined ? (resolveUnit(unitText, allowed) ?? resolveUnit(unitText)) : undefined;
  const printed: ResolvedUnit | undefined = raw.percentMisread
    ? { code: '%', inValueSet: true, misread: true }
    : (readUnit ?? (unitText !== undefined ? nearestUnit(unitText, allowed) : undefined));
  const warnings: RowWarning[] = [];
  const unitAllowed = printed !== undefined && allowed.includes(printed.code);
  // Unreadable, or only guessed from a garbled spelling: the clinician checks it.
  if (unitText !== undefined && !readUnit && !raw.percentMisread) warnings.push('unit-unknown');
  if (printed && !unitAllowed) warnings.push('unit-not-allowed');

  const labelHint = labelHintOf(raw);
  const candidates: Candidate[] = [];
  for (const variant of pool) {
    if (isCoded(variant)) {
      candidates.push(evaluate(raw, variant, undefined, labelHint, valueText, row.rtl));
      continue;
    }
    const units = Object.keys(variant.units);
    if (printed && unitAllowed) {
      if (units.includes(printed.code)) candidates.push(evaluate(raw, variant, printed.code, labelHint, valueText, row.rtl));
    } else {
      // No usable printed unit: every unit the variant is reported in is a hypothesis, its default first.
      units.forEach((unit, index) => {
        const candidate = evaluate(raw, variant, unit, labelHint, valueText, row.rtl);
        candidate.cost += index === 0 ? 0 : 0.2;
        candidates.push(candidate);
      });
    }
  }
  const best = candidates.reduce<Candidate | undefined>((a, c) => (a === undefined || c.cost < a.cost ? c : a), undefined);
  if (!best) return unknownRow(raw, base);
  const { variant } = best;
  const item = loincItem(variant.loinc);

  if (isCoded(variant)) {
    if (raw.answer === undefined) return undefined;
    if (!variantAccepts(variant, raw.answer)) return undefined;
    const interpretation = answerInterpretation(raw.answer);
    if (base.confidence < LOW_CONFIDENCE) warnings.push('low-confidence');
    if (flagDiffers(raw, interpretation)) warnings.push('flag-differs');
    return {
      ...base,
      loinc: variant.loinc,
      answer: raw.answer,
      ...(raw.range ? { referenceRange: { ...(raw.range.text ? { text: raw.range.text } : {}) } } : {}),
      interpretation,
      warnings,
    };
  }
  if (raw.number === undefined || !best.value) return undefined;

  const unitCode = printed && !unitAllowed ? printed.code : best.unit;
  const storedUnit = unitCode !== undefined && ucumUnit(unitCode) ? unitCode : undefined;
  if (printed === undefined && unitText === undefined && unitCode !== undefined && !ucumUnit(unitCode)?.unitless) warnings.push('unit-unknown');
  if (printed && !printed.inValueSet && !warnings.includes('unit-unknown')) warnings.push('unit-unknown');

  const value = roundTo(best.value.value, 10);
  const low = best.low?.value;
  const high = best.high?.value;
  if (best.value.restored || best.low?.restored || best.high?.restored) warnings.push('decimal-restored');

  // A printed unit the analyte is never reported in leaves nothing to judge the value against.
  const judgeable = !(printed && !unitAllowed);
  const factor = !judgeable ? Number.NaN : best.unit !== undefined ? (variant.units[best.unit] ?? 1) : 1;
  if (variant.plausible && Number.isFinite(factor)) {
    const plausible = scaled({ low: variant.plausible[0], high: variant.plausible[1] }, factor);
    if (decadesOutside(value, plausible) > 0) warnings.push('implausible-value');
    const typical = scaled(typicalRange(variant), factor);
    const far = (printedBound: number | undefined, typicalBound: number | undefined) =>
      printedBound !== undefined && typicalBound !== undefined && typicalBound > 0 && (printedBound <= 0 || Math.abs(Math.log10(printedBound / typicalBound)) > 0.4);
    if (far(low, typical.low) || far(high, typical.high) || (low !== undefined && high !== undefined && low > high)) warnings.push('range-mismatch');
  }
  const printedRange: Interval = { ...(low !== undefined ? { low } : {}), ...(high !== undefined ? { high } : {}) };
  const hasPrintedRange = low !== undefined || high !== undefined;
  const typicalForInterpretation = Number.isFinite(factor) && item?.referenceRange && !item.referenceRange.female ? scaled(typicalRange(variant), factor) : undefined;
  const interpretation = hasPrintedRange
    ? interpretationOf(value, printedRange)
    : typicalForInterpretation && (typicalForInterpretation.low !== undefined || typicalForInterpretation.high !== undefined)
      ? interpretationOf(value, typicalForInterpretation)
      : undefined;
  if (base.confidence < LOW_CONFIDENCE) warnings.push('low-confidence');
  if (flagDiffers(raw, interpretation)) warnings.push('flag-differs');

  return {
    ...base,
    loinc: variant.loinc,
    value,
    ...(storedUnit !== undefined ? { unit: storedUnit } : {}),
    ...(raw.range ? { referenceRange: { ...printedRange, ...(raw.range.text ? { text: raw.range.text } : {}) } } : {}),
    ...(interpretation ? { interpretation } : {}),
    warnings,
  };
}
