// `carnet ocr FILE [--lang el,fr]`: a lab report (PDF, JPEG, PNG, TIFF) read into result rows, printed
// as JSON on standard output, for batch use and tests. The same engine and parser as the app; nothing
// is stored and no store is opened.
import { readFile } from 'node:fs/promises';
import { OcrEngine, OcrEngineError } from '../ocr/engine.ts';
import { OcrInputError, openOcrInput } from '../ocr/input.ts';
import { isOcrLanguage, OCR_LANGUAGES } from '../ocr/ocr-data.ts';
import { parseLabReport } from '../ocr/parse/index.ts';
import { CliError } from './store-commands.ts';

export async function runOcr(file: string | undefined, options: Record<string, string | true>, out: { write(text: string): unknown }, err: { write(text: string): unknown }): Promise<number> {
  if (!file) throw new CliError('carnet ocr FILE [--lang en,el]: name the file to read.', 2);
  const languages = typeof options.lang === 'string' ? options.lang.split(',').map((l) => l.trim()) : ['en'];
  const unknown = languages.filter((l) => !isOcrLanguage(l));
  if (unknown.length > 0) throw new CliError(`Languages OCR can read: ${OCR_LANGUAGES.join(', ')} (not ${unknown.join(', ')}).`, 2);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError(`Cannot read ${file}.`, 1);
  }
  let engine: OcrEngine | undefined;
  try {
    const input = await openOcrInput(bytes);
    engine = await OcrEngine.start({ languages });
    const pages = await engine.recognizeDocument(input.pages(), {
      total: input.pageCount,
      onProgress: (p) => err.write(`page ${p.done}/${input.pageCount}\n`),
    });
    const report = parseLabReport(pages, { languages });
    out.write(`${JSON.stringify({ ...report, languages: engine.languages }, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof OcrInputError) throw new CliError(`This file cannot be read as a lab report (${error.reason}).`, 1);
    if (error instanceof OcrEngineError) throw new CliError(`Text recognition failed (${error.reason}).`, 1);
    throw error;
  } finally {
    await engine?.terminate();
  }
}
