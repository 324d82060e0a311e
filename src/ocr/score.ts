// How well OCR and the lab-report parser did on a generated page whose truth is known: the character
// error rate of the text, and precision/recall/F1 over the fields of the result rows.
//
// Fields: each row has up to five fields.
//   analyte     its LOINC code;
//   value       the number (equal within 1e-9) or, for a qualitative test, the answer code;
//   unit        the UCUM code;
//   range low   the reference range's lower bound (equal within 1e-9);
//   range high  its upper bound.
// A truth row expects the fields it has (a qualitative row has no unit, "< 35" has no low bound). A
// predicted row counts the fields it fills in, right or wrong: a wrong value is a false positive and
// a missed one. Predicted rows are matched to truth rows by LOINC code, one to one (where a code
// appears twice, the pairing with the most agreeing fields wins); a predicted row with no truth row
// of its code counts all its fields as false positives. Rows the parser returns without a LOINC code
// (analyte not recognised, returned for the clinician to map) make no claim and are not counted.
import type { GroundTruth, GroundTruthRow, LabReport, LabRow } from './types.ts';

/** Levenshtein distance between two arrays of code points (two rows of memory). */
function levenshtein(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (ai === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/** Runs of whitespace (line breaks included) count as one space; leading and trailing space is ignored. */
function normalizeWhitespace(text: string): string[] {
  return [...text.replace(/\s+/gu, ' ').trim()];
}

/**
 * Character error rate: edit distance (insertions, deletions, substitutions of Unicode code points)
 * between the truth and what was read, after whitespace normalisation, divided by the truth's length.
 * Can exceed 1 when far more is read than was printed; 0 for two empty texts.
 */
export function characterErrorRate(truth: string, read: string): number {
  const t = normalizeWhitespace(truth);
  const r = normalizeWhitespace(read);
  if (t.length === 0) return r.length === 0 ? 0 : 1;
  return levenshtein(t, r) / t.length;
}

export interface FieldCounts {
  truePositives: number;
  predicted: number;
  expected: number;
}

const same = (a: number | undefined, b: number | undefined) => a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9;

function expectedFields(row: GroundTruthRow): number {
  return 1 + (row.value !== undefined || row.answer !== undefined ? 1 : 0) + (row.unit !== undefined ? 1 : 0) + (row.referenceRange?.low !== undefined ? 1 : 0) + (row.referenceRange?.high !== undefined ? 1 : 0);
}

function predictedFields(row: LabRow): number {
  return 1 + (row.value !== undefined || row.answer !== undefined ? 1 : 0) + (row.unit !== undefined ? 1 : 0) + (row.referenceRange?.low !== undefined ? 1 : 0) + (row.referenceRange?.high !== undefined ? 1 : 0);
}

function agreeing(truth: GroundTruthRow, row: LabRow): number {
  const value = truth.answer !== undefined ? row.answer === truth.answer : same(truth.value, row.value);
  return (
    1 +
    (value ? 1 : 0) +
    (truth.unit !== undefined && row.unit === truth.unit ? 1 : 0) +
    (same(truth.referenceRange?.low, row.referenceRange?.low) ? 1 : 0) +
    (same(truth.referenceRange?.high, row.referenceRange?.high) ? 1 : 0)
  );
}

/** Field counts of one page (see the definition at the top of this file); add them up over pages. */
export function fieldScores(truth: GroundTruth, report: LabReport): FieldCounts {
  const predictedRows = report.rows.filter((row) => row.loinc !== undefined);
  const unmatched = new Set(predictedRows);
  let truePositives = 0;
  for (const truthRow of truth.rows) {
    let best: { row: LabRow; score: number } | undefined;
    for (const row of unmatched) {
      if (row.loinc !== truthRow.loinc) continue;
      const score = agreeing(truthRow, row);
      if (!best || score > best.score) best = { row, score };
    }
    if (best) {
      unmatched.delete(best.row);
      truePositives += best.score;
    }
  }
  return {
    truePositives,
    predicted: predictedRows.reduce((n, row) => n + predictedFields(row), 0),
    expected: truth.rows.reduce((n, row) => n + expectedFields(row), 0),
  };
}

/** Precision, recall and F1 from field counts; an empty prediction of an empty truth scores 1. */
export function f1(counts: FieldCounts): { precision: number; recall: number; f1: number } {
  const { truePositives, predicted, expected } = counts;
  const precision = predicted === 0 ? (expected === 0 ? 1 : 0) : truePositives / predicted;
  const recall = expected === 0 ? (predicted === 0 ? 1 : 0) : truePositives / expected;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
