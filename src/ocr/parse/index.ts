// The lab-report parser: OCR pages in, result rows out. Rows are rebuilt from word boxes (layout.ts),
// cut into tokens (tokens.ts) and results (results.ts), each result checked against the analyte
// dictionary and its plausible values (resolve.ts); the header gives the collection date and the
// laboratory (header.ts). Every row is still reviewed by a clinician against the page image: the
// warnings say which ones deserve a closer look.
import type { LabReport, LabRow, OcrPage } from '../types.ts';
import { findCollectionDate, findLabName } from './header.ts';
import { pageRows, type Row } from './layout.ts';
import { resolveResult } from './resolve.ts';
import { rowResults } from './results.ts';
import { rowTokens } from './tokens.ts';

export interface ParseOptions {
  /** Languages the report is expected in (the project's codes: "en", "sr-Latn", "ar"...). */
  languages: string[];
}

/**
 * Reads the result rows, collection date and laboratory of a report from its OCR pages (in any order;
 * rows come out page by page, top to bottom). Names, answers and dates are matched in every language
 * the dictionary knows whatever `options.languages` says: a Greek report prints English abbreviations,
 * a French one Latin names, an Arabic one both, and OCR run with the wrong language still returns
 * something worth matching. The option is part of the contract for when that stops being true.
 */
export function parseLabReport(pages: OcrPage[], options: ParseOptions): LabReport {
  void options;
  const rows: Row[] = [...pages].sort((a, b) => a.page - b.page).flatMap(pageRows);
  const resultRows = new Set<Row>();
  const labRows: LabRow[] = [];
  for (const row of rows) {
    for (const raw of rowResults(rowTokens(row))) {
      const labRow = resolveResult(raw, row);
      if (!labRow) continue;
      labRows.push(labRow);
      resultRows.add(row);
    }
  }
  const collectedOn = findCollectionDate(rows, resultRows);
  const labName = findLabName(rows, resultRows);
  return {
    rows: labRows,
    ...(collectedOn !== undefined ? { collectedOn } : {}),
    ...(labName !== undefined ? { labName } : {}),
    pages: pages.length,
  };
}
