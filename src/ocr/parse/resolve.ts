// From what a row printed to a checked result: which LOINC variant (glucose in mg/dL or mmol/L,
// neutrophils as a count or a percentage), which unit, which reading of the numbers (readings.ts puts
// back decimal separators OCR lost, and the row says so), and the warnings that point the clinician at
// what needs a look. Printed H/L flags are unreliable; the interpretation is recomputed from value
// and range.
import { loincItem, ucumUnit } from '../../domain/value-sets/index.ts';
import type { LabRow, RowWarning } from '../types.ts';
import { ANALYTES, isCoded, nameDistance, variantAccepts, type Analyte, type AnalyteMatch } from './dictionary.ts';
import { unionBox, type Row } from './layout.ts';
import { decadesOutside, evaluate, scaled, typicalRange, type Candidate, type Interval } from './readings.ts';
import { isAdministrative, type RawResult } from './results.ts';
import { nearestUnit, resolveUnit, type ResolvedUnit } from './units.ts';

export const LOW_CONFIDENCE = 80;

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
