// `node scripts/copy-ocr-data.mjs`: copy the OCR language models from the installed @tesseract.js-data
// packages into resources/ocr/lang/<code>.traineddata.gz, where the app reads them (it never fetches
// them at run time). Run after install and before packaging; the copies are not committed.
//
// Which languages: every @tesseract.js-data/* package that package.json depends on, so adding a
// language is one dependency (and a line in src/ocr/ocr-data.ts). Only the `4.0.0_best_int` files: the
// LSTM-only integer models (eng 2.95 MB against 10.9 MB for the legacy+LSTM `4.0.0` one, which each
// package's index.js points at).
//
// Idempotent: a file already there with the same bytes is left alone; a changed one is replaced
// through a temporary name in the same folder, so a reader never sees half a model.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'resources', 'ocr', 'lang');
const SCOPE = '@tesseract.js-data/';
const MODEL_DIR = '4.0.0_best_int';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const codes = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => name.startsWith(SCOPE))
  .map((name) => name.slice(SCOPE.length))
  .sort();
if (codes.length === 0) throw new Error(`package.json depends on no ${SCOPE}* package`);

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

mkdirSync(target, { recursive: true });
let copied = 0;
for (const code of codes) {
  const file = `${code}.traineddata.gz`;
  const source = join(root, 'node_modules', ...SCOPE.slice(0, -1).split('/'), code, MODEL_DIR, file);
  if (!existsSync(source)) throw new Error(`${source} is missing: run npm install`);
  const bytes = readFileSync(source);
  // A truncated download would only fail when a user first reads a page in that language.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error(`${source} is not gzip data`);
  const dest = join(target, file);
  if (existsSync(dest) && sha256(readFileSync(dest)) === sha256(bytes)) continue;
  const temporary = `${dest}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, dest);
  copied++;
}
console.log(`ocr language data: ${codes.join(', ')} in ${target} (${copied} copied, ${codes.length - copied} up to date)`);
