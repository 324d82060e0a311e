// The shapes OCR passes between its parts: what the engine reads off a page (words with boxes and
// confidences, grouped in lines), what the lab-report parser makes of it (rows of analyte, value,
// unit, range, flag), and what the test corpus knows to be true about a generated page.

/** A box on the page image, in pixels. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrWord {
  text: string;
  /** Tesseract's confidence, 0-100. */
  confidence: number;
  box: Box;
}

export interface OcrLine {
  text: string;
  confidence: number;
  box: Box;
  words: OcrWord[];
}

/** One recognised page. */
export interface OcrPage {
  /** 1-based page number in the source file. */
  page: number;
  width: number;
  height: number;
  text: string;
  confidence: number;
  lines: OcrLine[];
  /** Tesseract language string used, e.g. "eng+ell". */
  languages: string;
  /** Degrees the page was rotated by before recognition (deskew/orientation), when known. */
  rotation?: number;
}

/** Why a row needs the clinician's eye, beside the general rule that every row is reviewed. */
export type RowWarning =
  | 'low-confidence'
  | 'implausible-value'
  | 'unit-unknown'
  | 'unit-not-allowed'
  | 'analyte-unknown'
  | 'range-mismatch'
  | 'decimal-restored'
  | 'flag-differs';

/** One result row read from a lab report. */
export interface LabRow {
  /** The analyte as printed. */
  analyteText: string;
  /** LOINC code from the project's subset (resources/value-sets/loinc.json), when recognised. */
  loinc?: string;
  /** The value as printed. */
  valueText: string;
  /** Numeric value, when the analyte is quantitative and the value reads as a number. */
  value?: number;
  /** Coded answer (positive/negative/...) for qualitative analytes, from the LOINC item's answer list. */
  answer?: string;
  /** The unit as printed. */
  unitText?: string;
  /** UCUM code (resources/value-sets/ucum.json), when recognised. */
  unit?: string;
  referenceRange?: { low?: number; high?: number; text?: string };
  /** Flag computed from value and range (printed flags are unreliable in OCR). */
  interpretation?: 'normal' | 'low' | 'high' | 'abnormal';
  /** Lowest word confidence in the row, 0-100. */
  confidence: number;
  warnings: RowWarning[];
  /** Where the row is on its page, to highlight it beside the image. */
  page: number;
  box?: Box;
}

/** Everything read from one lab report. */
export interface LabReport {
  rows: LabRow[];
  /** ISO date (YYYY-MM-DD) of collection, when found. */
  collectedOn?: string;
  labName?: string;
  pages: number;
}

/** The truth about one generated corpus page, written beside its image. */
export interface GroundTruthRow {
  analyteText: string;
  loinc: string;
  valueText: string;
  value?: number;
  answer?: string;
  unitText?: string;
  unit?: string;
  referenceRange?: { low?: number; high?: number };
}

export interface GroundTruth {
  /** Every line of text as drawn, top to bottom (for the character error rate). */
  text: string;
  rows: GroundTruthRow[];
  collectedOn?: string;
  labName?: string;
  /** Tesseract languages to read the page with, e.g. "eng+fra". */
  languages: string;
  layout: 'table' | 'two-column' | 'free-lines';
  headerLanguage: 'en' | 'fr' | 'el' | 'sr' | 'ar';
  degradation: 'clean' | 'skew' | 'noise' | 'blur' | 'jpeg' | 'low-contrast';
}
