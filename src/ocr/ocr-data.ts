// The OCR language models: which Tesseract model reads which of the project's languages, and where the
// models are. They ship with the app in resources/ocr/lang/<code>.traineddata.gz (copied there from
// the @tesseract.js-data packages by scripts/copy-ocr-data.mjs) and are never fetched at run time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The project's language codes (as in locales/) that OCR can read. */
export const OCR_LANGUAGES = ['en', 'fr', 'el', 'it', 'sr', 'sr-Latn', 'hr', 'ro', 'ar', 'sl', 'bg'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/**
 * Tesseract's model for each language. Serbian in Latin script reads with the Croatian model: npm has
 * no Serbian-Latin model, and the two alphabets are the same letters (č ć đ š ž, dž lj nj as pairs).
 */
export const TESSERACT_MODEL: Readonly<Record<OcrLanguage, string>> = {
  en: 'eng',
  fr: 'fra',
  el: 'ell',
  it: 'ita',
  sr: 'srp',
  'sr-Latn': 'hrv',
  hr: 'hrv',
  ro: 'ron',
  ar: 'ara',
  sl: 'slv',
  bg: 'bul',
};

export const ENGLISH_MODEL = 'eng';

export function isOcrLanguage(code: string): code is OcrLanguage {
  return (OCR_LANGUAGES as readonly string[]).includes(code);
}

/**
 * Models that must come before English in a combination. With 'eng+ara', lines wholly in Arabic
 * (a report's title, the self-test word) were dropped from the output, natively and in tesseract.js;
 * 'ara+eng' reads them and still reads English units and abbreviations (checked on the generated
 * Arabic pages: character error rate 20.5% against 31.4% on free lines, better on every layout).
 */
const BEFORE_ENGLISH: ReadonlySet<string> = new Set(['ara']);

/**
 * The Tesseract language string for a page in these languages. English is always in it: lab reports
 * in every language print English abbreviations and units (HbA1c, HBsAg, g/dL). It comes first,
 * because the first model's settings win and a combination led by another model can drop English
 * altogether ('ell+eng' read `HBsAg` as `ΗΒεΑΩα`) -- except for the models in BEFORE_ENGLISH.
 * Unknown codes are refused rather than skipped, so a typo does not silently read a page in English.
 */
export function tesseractLanguages(languages: readonly string[]): string {
  const models = [ENGLISH_MODEL];
  for (const code of languages) {
    if (!isOcrLanguage(code)) throw new RangeError(`No OCR model for language "${code}"`);
    const model = TESSERACT_MODEL[code];
    if (models.includes(model)) continue;
    if (BEFORE_ENGLISH.has(model)) models.splice(models.indexOf(ENGLISH_MODEL), 0, model);
    else models.push(model);
  }
  return models.join('+');
}

/** Where the models are in a checkout (the packaged app passes its own resources path). */
export function defaultLangPath(): string {
  return join(import.meta.dirname, '..', '..', 'resources', 'ocr', 'lang');
}

export function modelFile(langPath: string, model: string): string {
  return join(langPath, `${model}.traineddata.gz`);
}

/** The models of a language string ('eng+ell') that are not in langPath. */
export function missingModels(langPath: string, tesseractLangs: string): string[] {
  return tesseractLangs.split('+').filter((model) => !existsSync(modelFile(langPath, model)));
}
