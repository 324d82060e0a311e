// The lab-report parser on synthetic OCR output: pages built from text lines with made-up word boxes
// and confidences, in the layouts and languages of the corpus and with each way OCR goes wrong on lab
// values (tests/fixtures/ocr/corpus.ts draws real pages; this file needs no engine).
import { describe, expect, it } from 'vitest';
import analytesFile from '../../resources/ocr/analytes.json' with { type: 'json' };
import { loincAnswers, loincItem, ucumUnit } from '../../src/domain/value-sets/index.ts';
import { serbianCyrillicToLatin } from '../../src/i18n/serbian-latin.ts';
import { findDates } from '../../src/ocr/parse/header.ts';
import { parseLabReport } from '../../src/ocr/parse/index.ts';
import { parseNumber } from '../../src/ocr/parse/numbers.ts';
import { resolveUnit } from '../../src/ocr/parse/units.ts';
import { characterErrorRate, f1, fieldScores } from '../../src/ocr/score.ts';
import type { GroundTruth, LabReport, LabRow, OcrLine, OcrPage, OcrWord } from '../../src/ocr/types.ts';

// ---- synthetic pages --------------------------------------------------------------------------

const CHAR = 20;
const HEIGHT = 40;
const LINE = 70;
const SPACE = 12;
const CELL_GAP = 160;
// Arabic letters (not Arabic-Indic digits, which are laid out left to right like Latin ones).
const ARABIC = /[\u0600-\u065f\u066e-\u06ef\u06fa-\u06ff]/;

interface PageOptions {
  /** Each cell becomes its own OCR line, listed column by column (Tesseract's blocks on a poor scan). */
  splitColumns?: boolean;
  /** Lines are laid out from the right (Arabic page): cells right to left, bidi runs within them. */
  rtl?: boolean;
  /** Degrees of skew to apply to every box. */
  skew?: number;
  /** Font size factor per line index (a lab name printed large). */
  large?: number[];
}

/**
 * A page from text lines. Cells are separated by two or more spaces (a wide gap on the page); a word
 * written "13.2@71" has confidence 71 (others 96). Two tables side by side are two lines' cells on one
 * line: "Hb  13.2  g/dL      WBC  7.2 ..." (the wide gap is just another cell gap).
 */
function page(lines: string[], options: PageOptions = {}, number = 1): OcrPage {
  const width = 2480;
  const ocrLines: (OcrLine & { column: number })[] = [];
  lines.forEach((text, index) => {
    const scale = options.large?.includes(index) ? 1.6 : 1;
    const y0 = 200 + index * LINE;
    const cells = text.trim().split(/\s{2,}/);
    const placed: { word: string; x0: number; x1: number }[][] = [];
    const wordWidth = (w: string) => [...w].length * CHAR * scale;
    if (!options.rtl) {
      let x = 180;
      for (const cell of cells) {
        const words: { word: string; x0: number; x1: number }[] = [];
        for (const word of cell.split(' ')) {
          words.push({ word, x0: x, x1: x + wordWidth(word.replace(/@\d+$/, '')) });
          x += wordWidth(word.replace(/@\d+$/, '')) + SPACE;
        }
        placed.push(words);
        x += CELL_GAP;
      }
    } else {
      let right = width - 180;
      for (const cell of cells) {
        // Bidi at word level: Arabic words right to left, runs of other words left to right.
        const runs: string[][] = [];
        for (const word of cell.split(' ')) {
          const last = runs[runs.length - 1];
          if (!ARABIC.test(word) && last && !ARABIC.test(last[0] as string)) last.push(word);
          else runs.push([word]);
        }
        const words: { word: string; x0: number; x1: number }[] = [];
        for (const run of runs) {
          const runWidth = run.reduce((n, w) => n + wordWidth(w.replace(/@\d+$/, '')) + SPACE, -SPACE);
          let x = right - runWidth;
          for (const word of run) {
            words.push({ word, x0: x, x1: x + wordWidth(word.replace(/@\d+$/, '')) });
            x += wordWidth(word.replace(/@\d+$/, '')) + SPACE;
          }
          right -= runWidth + SPACE;
        }
        placed.push(words);
        right -= CELL_GAP;
      }
    }
    const tilt = Math.tan(((options.skew ?? 0) * Math.PI) / 180);
    const toWord = ({ word, x0, x1 }: { word: string; x0: number; x1: number }): OcrWord => {
      const [text, confidence] = word.split('@') as [string, string | undefined];
      const dy = Math.round(((x0 + x1) / 2) * tilt);
      return { text, confidence: confidence === undefined ? 96 : Number(confidence), box: { x0, x1, y0: y0 + dy, y1: y0 + dy + HEIGHT * scale } };
    };
    const groups = options.splitColumns ? placed : [placed.flat()];
    groups.forEach((group, column) => {
      const words = group.map(toWord).sort((a, b) => a.box.x0 - b.box.x0);
      if (words.length === 0) return;
      ocrLines.push({
        column,
        text: words.map((w) => w.text).join(' '),
        confidence: Math.min(...words.map((w) => w.confidence)),
        box: { x0: Math.min(...words.map((w) => w.box.x0)), y0: Math.min(...words.map((w) => w.box.y0)), x1: Math.max(...words.map((w) => w.box.x1)), y1: Math.max(...words.map((w) => w.box.y1)) },
        words,
      });
    });
  });
  // Column blocks come out one after the other, as Tesseract returns them.
  const ordered = options.splitColumns ? [...ocrLines].sort((a, b) => a.column - b.column) : ocrLines;
  return {
    page: number,
    width,
    height: 3508,
    text: ordered.map((l) => l.text).join('\n'),
    confidence: 90,
    lines: ordered.map(({ column: _column, ...line }) => line),
    languages: 'eng',
  };
}

function parse(lines: string[], options: PageOptions = {}, languages = ['en']): LabReport {
  return parseLabReport([page(lines, options)], { languages });
}

function row(report: LabReport, loinc: string): LabRow {
  const found = report.rows.find((r) => r.loinc === loinc);
  if (!found) throw new Error(`no row ${loinc} in ${JSON.stringify(report.rows.map((r) => [r.analyteText, r.loinc, r.valueText]))}`);
  return found;
}

const HEADER_EN = ['Northgate Medical Laboratory', '14 Station Road, Dover CT16 1AB', 'LABORATORY REPORT', 'Patient: Amina Yusuf  Lab No.: 250312-4821', 'Date of birth: 04/07/1988  Sex: F', 'Collected: 12/03/2025 08:30  Reported: 13/03/2025', 'Test  Result  Unit  Reference range'];
const FOOTER_EN = ['Validated by: Dr S. Patel', 'Page 1 of 1'];

// ---- the dictionary ---------------------------------------------------------------------------

describe('the analyte dictionary', () => {
  const file = analytesFile as unknown as {
    analytes: { id: string; variants: { loinc: string; units: Record<string, number>; plausible: [number, number] | null }[] }[];
    units: { spellings: Record<string, string[]>; caseSensitive: Record<string, string[]>; ocrMisreads: Record<string, string[]>; outsideValueSet: Record<string, string[]> };
    answers: Record<string, unknown>;
  };

  it('maps every name to a LOINC code of the project subset', () => {
    const codes = file.analytes.flatMap((a) => a.variants.map((v) => v.loinc));
    expect(codes.length).toBeGreaterThan(50);
    for (const code of codes) expect(loincItem(code), code).toBeDefined();
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('lists each variant in its LOINC unit first, with every unit the value set allows', () => {
    for (const analyte of file.analytes) {
      for (const variant of analyte.variants) {
        const item = loincItem(variant.loinc);
        if (item?.valueType !== 'quantity') {
          expect(Object.keys(variant.units), variant.loinc).toEqual([]);
          continue;
        }
        expect(Object.keys(variant.units)[0], variant.loinc).toBe(item.unit);
        expect(variant.units[item.unit as string]).toBe(1);
        for (const alt of item.altUnits ?? []) expect(Object.keys(variant.units), `${variant.loinc} ${alt}`).toContain(alt);
        expect(variant.plausible?.[0]).toBeLessThan(variant.plausible?.[1] as number);
      }
    }
  });

  it('uses UCUM codes of the unit value set, apart from those it lists as outside it', () => {
    const outside = new Set(Object.keys(file.units.outsideValueSet));
    for (const analyte of file.analytes) for (const variant of analyte.variants) for (const unit of Object.keys(variant.units)) expect(ucumUnit(unit) !== undefined || outside.has(unit), unit).toBe(true);
    for (const group of [file.units.spellings, file.units.caseSensitive, file.units.ocrMisreads]) for (const code of Object.keys(group)) expect(ucumUnit(code), code).toBeDefined();
    for (const code of outside) expect(ucumUnit(code), code).toBeUndefined();
  });

  it('maps answers to codes of the value set answer lists', () => {
    const known = new Set(['pos-neg', 'dipstick'].flatMap((list) => loincAnswers(list === 'pos-neg' ? '5196-1' : '5804-0').map((a) => a.code)));
    for (const code of Object.keys(file.answers).filter((k) => k !== '$comment')) expect(known.has(code), code).toBe(true);
  });
});

describe('units', () => {
  it.each([
    ['g/dL', 'g/dL'], ['g/dl', 'g/dL'], ['gr/dl', 'g/dL'], ['g/L', 'g/L'], ['x10^9/L', '10*9/L'], ['x10⁹/L', '10*9/L'], ['×10⁹/L', '10*9/L'], ['10^9/l', '10*9/L'],
    ['x10E9/L', '10*9/L'], ['x109/L', '10*9/L'], ['G/L', '10*9/L'], ['x10^12/L', '10*12/L'], ['T/L', '10*12/L'], ['x10^3/µL', '10*3/uL'], ['10^3/mm3', '10*3/uL'],
    ['10^6/mm3', '10*6/uL'], ['µmol/L', 'umol/L'], ['μmol/L', 'umol/L'], ['umol/l', 'umol/L'], ['mmol/l', 'mmol/L'], ['mg/dL', 'mg/dL'], ['%', '%'], ['IU/L', '[IU]/L'],
    ['UI/L', '[IU]/L'], ['mUI/ml', 'm[IU]/mL'], ['mIU/mL', 'm[IU]/mL'], ['U/L', 'U/L'], ['fL', 'fL'], ['pg', 'pg'], ['mmol/mol', 'mmol/mol'],
  ])('reads %s as %s', (text, code) => {
    expect(resolveUnit(text)?.code).toBe(code);
  });

  it('reads OCR misreadings only where the analyte is reported in the corrected unit', () => {
    expect(resolveUnit('pmol/L', ['umol/L'])?.code).toBe('umol/L');
    expect(resolveUnit('pmol/L', ['mg/dL'])).toBeUndefined();
    expect(resolveUnit('x10M9/L', ['10*9/L', '10*3/uL'])?.code).toBe('10*9/L');
    expect(resolveUnit('x10°/L', ['10*12/L'])?.code).toBe('10*12/L');
    expect(resolveUnit('g/L', ['10*9/L'])?.code).toBe('10*9/L');
    expect(resolveUnit('UI/L', ['U/L'])?.code).toBe('U/L');
  });

  it('knows units the value set lacks without storing them', () => {
    expect(resolveUnit('/mm3')).toMatchObject({ code: '/uL', inValueSet: false });
    expect(resolveUnit('L/L')).toMatchObject({ code: 'L/L', inValueSet: false });
  });
});

describe('numbers', () => {
  it.each([
    ['13.2', 13.2], ['13,2', 13.2], ['1 234', 1234], ['250.000', 250], ['1.234.567', 1234567], ['1,234.5', 1234.5], ['1.234,5', 1234.5], ['.5', 0.5], ['132', 132],
  ])('reads %s as %s', (text, value) => {
    expect(parseNumber(text)?.value).toBe(value);
  });

  it('keeps the grouped-thousands reading of an ambiguous number', () => {
    expect(parseNumber('250.000')?.thousandsReading).toBe(250000);
    expect(parseNumber('4.52')?.thousandsReading).toBeUndefined();
  });
});

// ---- layouts ----------------------------------------------------------------------------------

describe('table layout', () => {
  const lines = [
    ...HEADER_EN,
    'HAEMATOLOGY',
    'Haemoglobin  13.2  g/dL  12.0 - 16.0',
    'White blood cells  12.40  H  x10^9/L  4.0-11.0',
    'Platelets  250  x10^9/L  150 - 400',
    'BIOCHEMISTRY',
    'Creatinine  74  µmol/L  45 - 90',
    'ALT (SGPT)  52  H  U/L  < 35',
    'SEROLOGY',
    'HBsAg  Negative  Negative',
    'Anti-HCV  Reactive',
    ...FOOTER_EN,
  ];

  it('reads every result row and nothing from the header or footer', () => {
    const report = parse(lines);
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '777-3', '14682-9', '1742-6', '5196-1', '13955-0']);
    expect(row(report, '718-7')).toMatchObject({ analyteText: 'Haemoglobin', valueText: '13.2', value: 13.2, unitText: 'g/dL', unit: 'g/dL', referenceRange: { low: 12, high: 16 }, interpretation: 'normal', warnings: [] });
    expect(row(report, '6690-2')).toMatchObject({ value: 12.4, unit: '10*9/L', interpretation: 'high', warnings: [] });
    expect(row(report, '1742-6')).toMatchObject({ value: 52, unit: 'U/L', referenceRange: { high: 35 }, interpretation: 'high' });
    expect(row(report, '5196-1')).toMatchObject({ answer: 'negative', valueText: 'Negative', interpretation: 'normal', referenceRange: { text: 'Negative' } });
    expect(row(report, '13955-0')).toMatchObject({ answer: 'positive', interpretation: 'abnormal' });
  });

  it('finds the collection date and the laboratory', () => {
    const report = parse(lines);
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('Northgate Medical Laboratory');
    expect(report.pages).toBe(1);
  });

  it('rebuilds rows that poor-scan layout split into column blocks', () => {
    const report = parse(lines, { splitColumns: true });
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '777-3', '14682-9', '1742-6', '5196-1', '13955-0']);
    expect(row(report, '718-7')).toMatchObject({ value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(report.collectedOn).toBe('2025-03-12');
  });

  it('rebuilds rows of a skewed page split into column blocks', () => {
    const report = parse(lines, { splitColumns: true, skew: 2 });
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '777-3', '14682-9', '1742-6', '5196-1', '13955-0']);
    expect(row(report, '777-3')).toMatchObject({ value: 250, referenceRange: { low: 150, high: 400 } });
  });

  it('gives each row its box and its lowest word confidence', () => {
    const report = parse(['Haemoglobin  13.2@71  g/dL  12.0 - 16.0']);
    const hb = row(report, '718-7');
    expect(hb.confidence).toBe(71);
    expect(hb.warnings).toContain('low-confidence');
    expect(hb.page).toBe(1);
    expect(hb.box?.x0).toBe(180);
  });
});

describe('two-column layout', () => {
  it('reads two results side by side on one line', () => {
    const report = parse([
      'Test  Result  Unit  Reference range      Test  Result  Unit  Reference range',
      'HAEMATOLOGY      BIOCHEMISTRY',
      'Hb  14.1  g/dL  12.0 - 16.0      FBS  6.2  H  mmol/L  3.9 - 5.5',
      'RBC  4.52  x10^12/L  4.00 - 5.20      Creat  0.84  mg/dL  0.50 - 1.00',
      'NEUT#  3.40  x10^9/L  1.80 - 7.50      HbA1c  5.4  %  < 5.7',
      'NEUT%  55.0  %  40.0 - 75.0      SEROLOGY',
      'MCV  88.2  fL  80.0 - 100.0      HBsAg  Negative  Negative',
    ]);
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '14771-0', '789-8', '2160-0', '751-8', '4548-4', '770-8', '787-2', '5196-1']);
    expect(row(report, '14771-0')).toMatchObject({ value: 6.2, unit: 'mmol/L', interpretation: 'high', referenceRange: { low: 3.9, high: 5.5 } });
    expect(row(report, '4548-4')).toMatchObject({ value: 5.4, unit: '%', referenceRange: { high: 5.7 } });
    expect(row(report, '770-8')).toMatchObject({ value: 55, unit: '%' });
    expect(row(report, '751-8')).toMatchObject({ value: 3.4, unit: '10*9/L' });
  });

  it('reads them when each half came back as its own block', () => {
    const report = parse(['Hb  14.1  g/dL  12.0 - 16.0      FBS  6.2  mmol/L  3.9 - 5.5', 'RBC  4.52  x10^12/L  4.00 - 5.20      Creat  0.84  mg/dL  0.50 - 1.00'], { splitColumns: true });
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '14771-0', '789-8', '2160-0']);
  });
});

describe('free lines', () => {
  it('reads "name: value unit (range)" lines', () => {
    const report = parse(['Haemoglobin: 13.2 g/dL (12.0-16.0)', 'Fasting glucose: 101 mg/dL (ref. 70 - 99) H', 'Anti-HBs: 150 mIU/mL (> 10)', 'HIV 1/2 Ag/Ab: Non-reactive']);
    expect(row(report, '718-7')).toMatchObject({ value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(row(report, '1558-6')).toMatchObject({ value: 101, unit: 'mg/dL', referenceRange: { low: 70, high: 99 }, interpretation: 'high', warnings: [] });
    expect(row(report, '16935-9')).toMatchObject({ value: 150, unit: 'm[IU]/mL', referenceRange: { low: 10 }, interpretation: 'normal' });
    expect(row(report, '56888-1')).toMatchObject({ answer: 'negative' });
  });
});

// ---- languages --------------------------------------------------------------------------------

describe('a French report', () => {
  const lines = [
    'Laboratoire Saint-Michel',
    '4 rue des Tanneurs, 59000 Lille',
    "COMPTE RENDU D'ANALYSES",
    'Patient(e): Awa Traoré  N° de dossier: 250312-4821',
    'Né(e) le: 04/07/1988  Sexe: F',
    'Prélevé le: 12/03/2025 08:30  Édité le: 13/03/2025',
    'Analyse  Résultat  Unité  Valeurs de référence',
    'HÉMATOLOGIE',
    'Hémoglobine  13,2  g/dL  12,0 - 16,0',
    'Leucocytes  7,20  G/L  4,0 - 11,0',
    'Hématies  4,52  T/L  4,00 - 5,20',
    'Plaquettes  250 000  /mm3  150 000 - 400 000',
    'Polynucléaires neutrophiles  3,40  G/L  1,8 - 7,5',
    'BIOCHIMIE',
    'Glycémie à jeun  5,2  mmol/L  3,9 - 5,5',
    'ALAT (TGP)  28  UI/L  < 35',
    'Ac anti-VHC  Négatif  Négatif',
    'Ag HBs  Positif',
    'Validé par: Dr M. Lefèvre',
    'Page 1/1',
  ];

  it('reads decimal commas, G/L and T/L, UI/L for an enzyme, and French answers', () => {
    const report = parse(lines, {}, ['fr']);
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '789-8', '777-3', '751-8', '14771-0', '1742-6', '13955-0', '5196-1']);
    expect(row(report, '718-7')).toMatchObject({ valueText: '13,2', value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(row(report, '6690-2')).toMatchObject({ value: 7.2, unit: '10*9/L' });
    expect(row(report, '789-8')).toMatchObject({ value: 4.52, unit: '10*12/L' });
    expect(row(report, '1742-6')).toMatchObject({ value: 28, unit: 'U/L', unitText: 'UI/L' });
    expect(row(report, '13955-0')).toMatchObject({ answer: 'negative', interpretation: 'normal' });
    expect(row(report, '5196-1')).toMatchObject({ answer: 'positive', interpretation: 'abnormal' });
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('Laboratoire Saint-Michel');
  });

  it('reads grouped thousands per mm³, a unit the value set lacks: recognised, not stored', () => {
    const plt = row(parse(lines, {}, ['fr']), '777-3');
    expect(plt).toMatchObject({ value: 250000, unitText: '/mm3', referenceRange: { low: 150000, high: 400000 }, interpretation: 'normal' });
    expect(plt.unit).toBeUndefined();
    expect(plt.warnings).toEqual(['unit-unknown']);
  });
});

describe('a Greek report', () => {
  const lines = [
    'Διαγνωστικό Εργαστήριο Αθηνών',
    'Λεωφόρος Συγγρού 112, 117 41 Αθήνα',
    'ΑΠΟΤΕΛΕΣΜΑΤΑ ΕΡΓΑΣΤΗΡΙΟΥ',
    'Ασθενής: Αμίνα Γιουσούφ  Αρ. πρωτοκόλλου: 250312-1234',
    'Ημ. γέννησης: 04/07/1988  Φύλο: Γ',
    'Ημερομηνία λήψης: 12-03-2025 08:30  Ημ. έκδοσης: 13-03-2025',
    'Εξέταση  Αποτέλεσμα  Μονάδα  Τιμές αναφοράς',
    'Αιμοσφαιρίνη  13,2  g/dL  12,0 - 16,0',
    'Λευκά αιμοσφαίρια  7,20  x10^9/L  4,0 - 11,0',
    'Αιμοπετάλια  250  x10^9/L  150 - 400',
    'Σάκχαρο νηστείας  92  mg/dL  70 - 99',
    'SGPT  28  U/L  < 35',
    'ΗΒsΑg  Αρνητικό  Αρνητικό',
    'Σελίδα 1 από 1',
  ];

  it('reads Greek names, answers and an abbreviation OCR spelt with Greek capitals', () => {
    const report = parse(lines, {}, ['el']);
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '777-3', '1558-6', '1742-6', '5196-1']);
    expect(row(report, '1558-6')).toMatchObject({ value: 92, unit: 'mg/dL', referenceRange: { low: 70, high: 99 } });
    expect(row(report, '5196-1')).toMatchObject({ analyteText: 'ΗΒsΑg', answer: 'negative' });
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('Διαγνωστικό Εργαστήριο Αθηνών');
  });

  it('leaves out the address, the patient lines and the footer', () => {
    const report = parse(lines, {}, ['el']);
    expect(report.rows.every((r) => r.loinc !== undefined)).toBe(true);
  });
});

describe('a Serbian report', () => {
  const cyrillic = [
    'Лабораторија Београд',
    'Пастерова 1, 11000 Београд',
    'ЛАБОРАТОРИЈСКИ НАЛАЗ',
    'Пацијент: Амина Јусуф  Протокол бр.: 250312-1234',
    'Датум рођења: 04.07.1988.  Пол: Ж',
    'Датум узорковања: 12.03.2025. 08:30  Датум издавања: 13.03.2025.',
    'Анализа  Резултат  Јединица  Референтне вредности',
    'Хемоглобин  132  g/L  120 - 160',
    'Леукоцити  7,2  x10^9/L  4,0 - 11,0',
    'Еритроцити  4,52  x10^12/L  4,00 - 5,20',
    'Глукоза наште  5,2  mmol/L  3,9 - 5,5',
    'АЛТ  28  U/L  < 35',
    'Анти-HCV  Негативан  Негативан',
    'Страна 1 од 1',
  ];
  const expected = ['718-7', '6690-2', '789-8', '14771-0', '1742-6', '13955-0'];

  it('reads it in Cyrillic', () => {
    const report = parse(cyrillic, {}, ['sr']);
    expect(report.rows.map((r) => r.loinc)).toEqual(expected);
    expect(row(report, '718-7')).toMatchObject({ value: 132, unit: 'g/L', referenceRange: { low: 120, high: 160 }, warnings: [] });
    expect(row(report, '13955-0')).toMatchObject({ answer: 'negative' });
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('Лабораторија Београд');
  });

  it('reads it in Latin script', () => {
    const latin = cyrillic.map(serbianCyrillicToLatin);
    const report = parse(latin, {}, ['sr-Latn']);
    expect(report.rows.map((r) => r.loinc)).toEqual(expected);
    expect(row(report, '1742-6')).toMatchObject({ analyteText: 'ALT', value: 28 });
    expect(row(report, '13955-0')).toMatchObject({ valueText: 'Negativan', answer: 'negative' });
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('Laboratorija Beograd');
  });

  it('reads АЛТ that Latin-trained OCR returned as ANT', () => {
    expect(row(parse(['ANT  28  U/L  < 35']), '1742-6').value).toBe(28);
  });
});

describe('an Arabic report', () => {
  const RLM = '\u200f';
  const lines = [
    'مختبر النور للتحاليل الطبية',
    'شارع الجامعة، عمّان',
    'تقرير المختبر',
    'اسم المريض: أمينة يوسف  رقم العينة: 250312-1234',
    'تاريخ الميلاد: ٠٤/٠٧/١٩٨٨  الجنس: أنثى',
    'تاريخ سحب العينة: ١٢/٠٣/٢٠٢٥ 08:30  تاريخ التقرير: 13/03/2025',
    'الفحص  النتيجة  الوحدة  المدى المرجعي',
    'الهيموغلوبين  ١٣٫٢  g/dL  ١٢٫٠ - ١٦٫٠',
    `كريات الدم البيضاء  ${RLM}7.2${RLM}  x10^9/L  4.0 - 11.0`,
    'غلوكوز صائم  5.2mmol/L  3.9 - 5.5',
    'ALT  28  U/L  < 35',
    'HBsAg  سلبي  سلبي',
    'صفحة 1 من 1',
  ];

  it('reads right-to-left rows with bidi marks, Arabic-Indic digits and fused units', () => {
    const report = parse(lines, { rtl: true }, ['ar']);
    expect(report.rows.map((r) => r.loinc)).toEqual(['718-7', '6690-2', '14771-0', '1742-6', '5196-1']);
    expect(row(report, '718-7')).toMatchObject({ analyteText: 'الهيموغلوبين', valueText: '13.2', value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(row(report, '6690-2')).toMatchObject({ analyteText: 'كريات الدم البيضاء', value: 7.2, unit: '10*9/L' });
    expect(row(report, '14771-0')).toMatchObject({ value: 5.2, unitText: 'mmol/L', unit: 'mmol/L', referenceRange: { low: 3.9, high: 5.5 } });
    expect(row(report, '1742-6')).toMatchObject({ value: 28, referenceRange: { high: 35 } });
    expect(row(report, '5196-1')).toMatchObject({ answer: 'negative' });
  });

  it('finds the collection date and the laboratory', () => {
    const report = parse(lines, { rtl: true }, ['ar']);
    expect(report.collectedOn).toBe('2025-03-12');
    expect(report.labName).toBe('مختبر النور للتحاليل الطبية');
  });

  it('reads "name: value unit (range)" lines drawn from the right', () => {
    const report = parse(['الهيموغلوبين: 13.2 g/dL (12.0-16.0)', 'ALT: 52 U/L (< 35) H', 'إنزيم AST: 30 U/L (< 35)'], { rtl: true }, ['ar']);
    expect(row(report, '718-7')).toMatchObject({ value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(row(report, '1742-6')).toMatchObject({ value: 52, interpretation: 'high', warnings: [] });
    expect(row(report, '1920-8')).toMatchObject({ value: 30, referenceRange: { high: 35 } });
  });

  it('reads two tables side by side drawn from the right', () => {
    const report = parse(['WBC  6.92  x10^9/L  4.0 - 11.0      غلوكوز صائم  7.8  H  mmol/L  3.9 - 5.5'], { rtl: true }, ['ar']);
    expect(report.rows.map((r) => r.loinc)).toEqual(['6690-2', '14771-0']);
    expect(row(report, '14771-0')).toMatchObject({ value: 7.8, interpretation: 'high' });
  });
});

// ---- what goes wrong when OCR reads lab values (../shared/notes/ocr.md) -------------------------

describe('lost decimal points', () => {
  it('puts back a decimal the value lost, checked against the analyte and the printed range', () => {
    const hb = row(parse(['Haemoglobin  132  g/dL  12.0 - 16.0']), '718-7');
    expect(hb).toMatchObject({ valueText: '132', value: 13.2, unit: 'g/dL', interpretation: 'normal' });
    expect(hb.warnings).toContain('decimal-restored');
  });

  it('reads 132 g/L as it is: grams per litre have no decimals', () => {
    expect(row(parse(['Haemoglobin  132  g/L  120 - 160']), '718-7')).toMatchObject({ value: 132, unit: 'g/L', warnings: [] });
  });

  it('restores both a range and its value: 39-55 and 452 for red cells', () => {
    const rbc = row(parse(['RBC  452  x10^12/L  39-55']), '789-8');
    expect(rbc).toMatchObject({ value: 4.52, referenceRange: { low: 3.9, high: 5.5 } });
    expect(rbc.warnings).toContain('decimal-restored');
  });

  it('restores a value that is possible but ten times the printed range (WBC 72 for 7.2)', () => {
    expect(row(parse(['WBC  72  x10^9/L  4.0 - 11.0']), '6690-2')).toMatchObject({ value: 7.2, interpretation: 'normal' });
  });

  it('keeps a high count that has its decimal point (WBC 35.0)', () => {
    const wbc = row(parse(['WBC  35.0  x10^9/L  4.0 - 11.0']), '6690-2');
    expect(wbc).toMatchObject({ value: 35, interpretation: 'high' });
    expect(wbc.warnings).not.toContain('decimal-restored');
  });

  it('never restores analytes printed without decimals (platelets, ALT)', () => {
    expect(row(parse(['Platelets  650  x10^9/L  150 - 400']), '777-3')).toMatchObject({ value: 650, interpretation: 'high', warnings: [] });
    expect(row(parse(['ALT  350  U/L  < 35']), '1742-6')).toMatchObject({ value: 350, warnings: [] });
  });

  it('reads a leading zero as a lost decimal point (02 for 0.2, 092 for 0.92)', () => {
    expect(row(parse(['Eosinophils  02  x10^9/L  0.0 - 0.5']), '711-2').value).toBe(0.2);
    expect(row(parse(['Creatinine  092  mg/dL  0.50 - 1.00']), '2160-0').value).toBe(0.92);
  });

  it('restores a range bound printed with fewer decimals than the value (0.5-10 for 0.5-1.0)', () => {
    expect(row(parse(['Creatinine  0.60  mg/dL  0.5-10']), '2160-0').referenceRange).toMatchObject({ low: 0.5, high: 1 });
  });

  it('reads bounds that came out in the wrong order', () => {
    expect(row(parse(['RBC  4.18  x10^6/uL  40-5.2']), '789-8').referenceRange).toMatchObject({ low: 4, high: 5.2 });
  });
});

describe('units OCR misread', () => {
  it('reads pmol/L as µmol/L for creatinine', () => {
    expect(row(parse(['Creatinine  74  pmol/L  45 - 90']), '14682-9')).toMatchObject({ value: 74, unit: 'umol/L' });
  });

  it.each(['x10M9/L', 'x1079/L', 'x109/L', 'x10E9/L', '10^9/1', 'x10°/L'])('reads %s as ×10⁹/L', (unit) => {
    const wbc = row(parse([`WBC  7.20  ${unit}  4.0 - 11.0`]), '6690-2');
    expect(wbc).toMatchObject({ value: 7.2, unit: '10*9/L', referenceRange: { low: 4, high: 11 } });
  });

  it('reads x10%/pL (³ read as %, µ as p) as ×10³/µL', () => {
    expect(row(parse(['WBC  7.20  x10%/pL  4.0 - 11.0']), '6690-2').unit).toBe('10*3/uL');
  });

  it('reads 96 standing for % as a percent sign', () => {
    const hct = row(parse(['Haematocrit  41.2  96  36.0 - 46.0']), '4544-3');
    expect(hct).toMatchObject({ value: 41.2, unit: '%', referenceRange: { low: 36, high: 46 } });
  });

  it('reads a % fused to the value as 96 ("13.596" for "13.5%")', () => {
    expect(row(parse(['RDW  13.596  11.5 - 14.5']), '788-0')).toMatchObject({ value: 13.5, unit: '%' });
  });

  it('splits units fused to values and ranges', () => {
    expect(row(parse(['Haemoglobin  13.2g/dL  12.0-16.0']), '718-7')).toMatchObject({ value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
    expect(row(parse(['Haemoglobin  13.2  12-16g/dL']), '718-7')).toMatchObject({ value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } });
  });

  it('guesses a garbled unit from its spelling and says so', () => {
    const antiHbs = row(parse(['Anticorps anti-HBs  270  mulymL  > 10']), '16935-9');
    expect(antiHbs).toMatchObject({ unit: 'm[IU]/mL', referenceRange: { low: 10 } });
    expect(antiHbs.warnings).toContain('unit-unknown');
  });

  it('warns about a unit it cannot read, and one the analyte is never reported in', () => {
    expect(row(parse(['Haemoglobin  13.2  gdx  12.0 - 16.0']), '718-7')).toMatchObject({ unit: 'g/dL', referenceRange: { low: 12, high: 16 }, warnings: ['unit-unknown'] });
    expect(row(parse(['Haemoglobin  13.2  mmol/L  12.0 - 16.0']), '718-7').warnings).toContain('unit-not-allowed');
  });
});

describe('flags and plausibility', () => {
  it('computes the interpretation when the printed flag was dropped', () => {
    const wbc = row(parse(['WBC  12.40  x10^9/L  4.0 - 11.0']), '6690-2');
    expect(wbc).toMatchObject({ interpretation: 'high', warnings: [] });
    expect(row(parse(['Hb  10.1  g/dL  12.0 - 16.0']), '718-7').interpretation).toBe('low');
  });

  it('says when a printed flag disagrees with value and range', () => {
    const hb = row(parse(['Haemoglobin  13.2  L  g/dL  12.0 - 16.0']), '718-7');
    expect(hb.interpretation).toBe('normal');
    expect(hb.warnings).toContain('flag-differs');
    expect(row(parse(['Haemoglobin  10.2  L  g/dL  12.0 - 16.0']), '718-7').warnings).toEqual([]);
  });

  it('highlights a plausible digit swap only through its low confidence', () => {
    const rbc = row(parse(['RBC  3.52@74  x10^12/L  4.00 - 5.20']), '789-8');
    expect(rbc).toMatchObject({ value: 3.52, confidence: 74, warnings: ['low-confidence'] });
  });

  it('flags an impossible value and a range far from the analyte’s', () => {
    expect(row(parse(['Haemoglobin  92.5  g/dL  12.0 - 16.0']), '718-7').warnings).toContain('implausible-value');
    expect(row(parse(['Haemoglobin  13.2  g/dL  1.2 - 1.6']), '718-7').warnings).toContain('range-mismatch');
  });

  it('returns a result row naming no known analyte without a LOINC code', () => {
    const report = parse(['Cholesterol  5.2  mmol/L  < 5.2', 'Ferritin  45  ng/mL  15 - 150', 'Age: 34 years', 'Weight: 70 kg', 'Page 1 of 2']);
    expect(report.rows).toHaveLength(2);
    expect(report.rows[0]).toMatchObject({ analyteText: 'Cholesterol', value: 5.2, unit: 'mmol/L', warnings: ['analyte-unknown'] });
    expect(report.rows[1]).toMatchObject({ analyteText: 'Ferritin', value: 45, referenceRange: { low: 15, high: 150 }, warnings: ['analyte-unknown'] });
    expect(report.rows.every((r) => r.loinc === undefined)).toBe(true);
  });

  it('recognises a label OCR garbled from its unit and range', () => {
    expect(row(parse(['Ho  126  g/L  120 - 160']), '718-7')).toMatchObject({ analyteText: 'Ho', value: 126 });
    expect(row(parse(['ROW@61  12.9  %  11.5 - 14.5']), '788-0').value).toBe(12.9);
  });

  it('picks the glucose code from the unit, and neutrophils count or percentage from unit and label', () => {
    const report = parse(['Glucose  5.4  mmol/L  3.9 - 7.7', 'Blood glucose  97  mg/dL  70 - 139', 'Neutrophils  3.40  x10^9/L  1.8 - 7.5', 'Neutrophils %  55.0  %  40 - 75']);
    expect(report.rows.map((r) => r.loinc)).toEqual(['14749-6', '2345-7', '751-8', '770-8']);
  });

  it('tells a urine dipstick result from a blood count of the same name', () => {
    const report = parse(['Leukocytes  7.2  x10^9/L  4.0 - 11.0', 'Leukocytes  Negative', 'Glucose  ++']);
    expect(report.rows.map((r) => [r.loinc, r.answer])).toEqual([
      ['6690-2', undefined],
      ['5799-2', 'negative'],
      ['5792-7', '2+'],
    ]);
  });
});

// ---- header -----------------------------------------------------------------------------------

describe('dates', () => {
  it.each([
    ['12/03/2025', '2025-03-12'],
    ['12.03.2025.', '2025-03-12'],
    ['12-03-2025', '2025-03-12'],
    ['2025-03-12', '2025-03-12'],
    ['12.03.25', '2025-03-12'],
    ['03/13/2025', '2025-03-13'],
    ['12 mars 2025', '2025-03-12'],
    ['1 février 2025', '2025-02-01'],
    ['12 Μαρτίου 2025', '2025-03-12'],
    ['12. март 2025.', '2025-03-12'],
    ['12. mart 2025.', '2025-03-12'],
    ['12. ožujka 2025.', '2025-03-12'],
    ['12 marzo 2025', '2025-03-12'],
    ['12 martie 2025', '2025-03-12'],
    ['March 12, 2025', '2025-03-12'],
    ['12-Mar-2025', '2025-03-12'],
    ['12 آذار 2025', '2025-03-12'],
    ['12 مارس 2025', '2025-03-12'],
    ['12 كانون الثاني 2025', '2025-01-12'],
  ])('reads %s as %s (day first where both could be a month)', (text, iso) => {
    expect(findDates(text).map((d) => d.iso)).toEqual([iso]);
  });

  it('rejects impossible dates and range-like numbers', () => {
    expect(findDates('31/02/2025')).toEqual([]);
    expect(findDates('12.0-16.0')).toEqual([]);
  });

  it.each([
    [['Date of birth: 04/07/1988', 'Date of collection: 12/03/2025', 'Reported: 13/03/2025'], '2025-03-12'],
    [['Reported: 13/03/2025  Collected: 12/03/2025 08:30'], '2025-03-12'],
    [['Date de naissance : 04/07/1988', 'Date de prélèvement : 12/03/2025'], '2025-03-12'],
    [['Ημερομηνία λήψης', '12/03/2025'], '2025-03-12'],
    [['Датум узорковања: 12.03.2025.'], '2025-03-12'],
    [['Datum uzorkovanja: 12.03.2025.'], '2025-03-12'],
    [['تاريخ الميلاد: 04/07/1988', 'تاريخ السحب: ١٢/٠٣/٢٠٢٥'], '2025-03-12'],
    [['Date of birth: 04/07/1988', 'Printed on 14/03/2025'], '2025-03-14'],
    [['Date of birth: 04/07/1988'], undefined],
  ])('finds the collection date among %j', (lines, iso) => {
    expect(parse(lines, { rtl: lines.some((l) => /[\u0600-\u06ff]/.test(l)) }).collectedOn).toBe(iso);
  });
});

describe('laboratory name', () => {
  it.each([
    [['LABORATORY REPORT', 'Northgate Medical Laboratory', '14 Station Road'], 'Northgate Medical Laboratory'],
    [['St Anne Hospital Pathology', '221 King Street, Leeds', 'Final Report', 'Patient: A. Yusuf  Lab No.: 250403-2673'], 'St Anne Hospital Pathology'],
    [['Centre médical Bellevue', 'Laboratoire: Biolab Méditerranée', 'Résultats de biologie médicale'], 'Biolab Méditerranée'],
    [['ΕΡΓΑΣΤΗΡΙΑΚΕΣ ΕΞΕΤΑΣΕΙΣ', 'Εργαστήριο Βιοϊατρικής Θεσσαλονίκης'], 'Εργαστήριο Βιοϊατρικής Θεσσαλονίκης'],
    [['Медицинска лабораторија Ниш', 'НАЛАЗ'], 'Медицинска лабораторија Ниш'],
  ])('is read from %j', (lines, name) => {
    expect(parse([...lines, 'Haemoglobin  13.2  g/dL  12.0 - 16.0']).labName).toBe(name);
  });

  it('is the most prominent header line when no line names a laboratory', () => {
    expect(parse(['Harbour View Diagnostics', 'Unit 3, Quay Street', 'Final Report', 'Haemoglobin  13.2  g/dL  12.0 - 16.0'], { large: [0] }).labName).toBe('Harbour View Diagnostics');
  });
});

// ---- scores -----------------------------------------------------------------------------------

describe('scores', () => {
  it('measures the character error rate on code points after whitespace normalisation', () => {
    expect(characterErrorRate('abc', 'abc')).toBe(0);
    expect(characterErrorRate('abcd', 'abXd')).toBe(0.25);
    expect(characterErrorRate('Hb 13.2\n  g/dL', ' Hb 13.2 g/dL ')).toBe(0);
    expect(characterErrorRate('µmol', 'pmol')).toBe(0.25);
    expect(characterErrorRate('Αιμοσφαιρίνη', 'Αιμοσφαιρινη')).toBeCloseTo(1 / 12);
    expect(characterErrorRate('', '')).toBe(0);
    expect(characterErrorRate('ab', '')).toBe(1);
  });

  const truth: GroundTruth = {
    text: '',
    rows: [
      { analyteText: 'Hb', loinc: '718-7', valueText: '13.2', value: 13.2, unitText: 'g/dL', unit: 'g/dL', referenceRange: { low: 12, high: 16 } },
      { analyteText: 'ALT', loinc: '1742-6', valueText: '41', value: 41, unitText: 'U/L', unit: 'U/L', referenceRange: { high: 35 } },
      { analyteText: 'HBsAg', loinc: '5196-1', valueText: 'Negative', answer: 'negative' },
    ],
    languages: 'eng',
    layout: 'table',
    headerLanguage: 'en',
    degradation: 'clean',
  };
  const predicted = (rows: Partial<LabRow>[]): LabReport => ({ rows: rows.map((r) => ({ analyteText: '', valueText: '', confidence: 90, warnings: [], page: 1, ...r })), pages: 1 });

  it('counts every field right when the report matches the truth', () => {
    const report = predicted([
      { loinc: '718-7', value: 13.2, unit: 'g/dL', referenceRange: { low: 12, high: 16 } },
      { loinc: '1742-6', value: 41, unit: 'U/L', referenceRange: { high: 35 } },
      { loinc: '5196-1', answer: 'negative' },
    ]);
    expect(fieldScores(truth, report)).toEqual({ truePositives: 11, predicted: 11, expected: 11 });
    expect(f1(fieldScores(truth, report))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('counts a wrong field as predicted, a missing row as expected, and ignores rows without LOINC', () => {
    const report = predicted([
      { loinc: '718-7', value: 132, unit: 'g/dL', referenceRange: { low: 12, high: 16 } },
      { loinc: '5196-1', answer: 'positive', referenceRange: { text: 'Negative' } },
      { loinc: '2345-7', value: 97, unit: 'mg/dL' },
      { value: 5.2, unit: 'mmol/L', warnings: ['analyte-unknown'] },
    ]);
    // Hb: 4 of 5 right; HBsAg: analyte right, answer wrong; glucose: 3 fields predicted, none expected.
    expect(fieldScores(truth, report)).toEqual({ truePositives: 5, predicted: 10, expected: 11 });
    const { precision, recall, f1: score } = f1(fieldScores(truth, report));
    expect(precision).toBeCloseTo(0.5);
    expect(recall).toBeCloseTo(5 / 11);
    expect(score).toBeCloseTo((2 * 0.5 * (5 / 11)) / (0.5 + 5 / 11));
  });

  it('scores an empty prediction of an empty truth as perfect and of a full one as zero', () => {
    expect(f1({ truePositives: 0, predicted: 0, expected: 0 }).f1).toBe(1);
    expect(f1({ truePositives: 0, predicted: 0, expected: 11 }).f1).toBe(0);
  });
});

describe('a report of several pages', () => {
  it('reads the rows of every page, the header of the first, and numbers the rows by page', () => {
    const first = page(['Riverside Clinical Laboratories', 'Sample taken: 2025-03-16 08:54  Reported: 2025-03-17', 'Haemoglobin  13.2  g/dL  12.0 - 16.0', 'Page 1 of 2'], {}, 1);
    const second = page(['Riverside Clinical Laboratories', 'Creatinine  82  umol/L  45 - 90', 'HBsAg  Negative', 'Page 2 of 2'], {}, 2);
    const report = parseLabReport([second, first], { languages: ['en'] });
    expect(report.pages).toBe(2);
    expect(report.rows.map((r) => [r.loinc, r.page])).toEqual([
      ['718-7', 1],
      ['14682-9', 2],
      ['5196-1', 2],
    ]);
    expect(report.collectedOn).toBe('2025-03-16');
    expect(report.labName).toBe('Riverside Clinical Laboratories');
  });

  it('returns an empty report for a page with no text', () => {
    expect(parseLabReport([page([])], { languages: ['en'] })).toEqual({ rows: [], pages: 1 });
  });
});
