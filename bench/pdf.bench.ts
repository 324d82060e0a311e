// The shared PDF machinery: a 2-page and a 4-page A5 document in mixed scripts (Latin, Greek, Cyrillic,
// Arabic, Persian, Urdu in Naskh and Nastaliq, Pashto), with key/value rows, a table, bars and a QR code;
// median time per document over 50 runs (after 10 to warm up), file size, and the A4 imposition of the
// 4-page one.
import { initHarfbuzz } from '../src/pdf/harfbuzz.ts';
import QRCode from 'qrcode';
import { PdfDocumentBuilder, createTextEngine, imposeSaddleStitch, isolate, type TextEngine } from '../src/pdf/index.ts';

const QR = QRCode.create('CARNET:1:site-7:person-0123456789:signature-placeholder-0123456789abcdef', { errorCorrectionLevel: 'M' }).modules;

// Labels repeat from document to document (the engine caches them, as it would in a batch); values
// differ in every document, as they would.
const LABELS = (n: number): [string, string, string][] => [
  ['Name', 'الاسم', isolate(`أحمد كريمي ${n}`)],
  ['Date of birth', 'تاريخ الميلاد', `19${50 + (n % 50)}-03-02`],
  ['Ημερομηνία άφιξης', 'تاريخ الوصول', `2025-11-${10 + (n % 20)}`],
  ['Крвни притисак', 'فشار خون', `${100 + (n % 60)}/80 mmHg`],
  ['Blood pressure', 'بلڈ پریشر', `۱۲۰/${n % 90}`],
  ['Allergies', 'الحساسية', `Penicillin (rash, ${n} days)`],
  ['Weight', 'وزن', `${50 + (n % 40)} kg`],
];

let serial = 0;

async function booklet(engine: TextEngine, pages: number): Promise<Uint8Array> {
  const n = serial++;
  const b = await PdfDocumentBuilder.create({ engine, direction: 'rtl', fixedDate: new Date('2026-01-01T00:00:00Z'), footer: (n, c) => `${n} / ${c}` });
  for (let p = 0; p < pages; p++) {
    if (p > 0) b.newPage();
    b.heading(p === 0 ? 'Carnet – السجل الصحي الشخصي' : `Βιβλιάριο υγείας ${p + 1} – د روغتیا کتاب`);
    b.keyValue(LABELS(n * 10 + p).map(([en, ar, value]) => ({ labels: [en, { text: ar, lang: 'ar' }], value })));
    b.paragraph(`بلڈ پریشر 120/80 mmHg، نبض ${60 + (n % 40)}`, { direction: 'rtl', lang: 'ur', arabicStyle: 'nastaliq' });
    b.table({
      columns: [{ header: ['Date', 'التاريخ'] }, { header: ['Vaccine', 'اللقاح'], width: 2 }, { header: ['Dose', 'الجرعة'], width: 0.6 }],
      rows: Array.from({ length: 6 }, (_, i) => [`2025-0${i + 1}-${10 + (n % 18)}`, i % 2 ? 'MMR (measles, mumps, rubella)' : 'الحصبة والنكاف', String(n + i)]),
    });
    if (p === 0) b.qrCode(QR);
    else b.bars(40, [3, 5, 2, 8, 6]);
  }
  return b.save();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

export async function run(): Promise<void> {
  console.log('pdf (A5, mixed scripts, subset fonts, vector QR)');
  let start = performance.now();
  await initHarfbuzz();
  const engine = createTextEngine();
  console.log(`  engine (fonts, HarfBuzz)           ${(performance.now() - start).toFixed(1)} ms`);
  start = performance.now();
  await booklet(engine, 2);
  console.log(`  first document                     ${(performance.now() - start).toFixed(1)} ms`);

  for (const pages of [2, 4]) {
    const times: number[] = [];
    let bytes: Uint8Array = new Uint8Array();
    for (let i = 0; i < 10; i++) await booklet(engine, pages);
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      bytes = await booklet(engine, pages);
      times.push(performance.now() - t);
    }
    console.log(`  ${pages}-page document, median of 50     ${median(times).toFixed(1)} ms, ${(bytes.length / 1024).toFixed(1)} KB`);
    if (pages === 4) {
      const t = performance.now();
      const imposed = await imposeSaddleStitch(bytes, { binding: 'rtl' });
      console.log(`  A4 imposition of it                ${(performance.now() - t).toFixed(1)} ms, ${(imposed.length / 1024).toFixed(1)} KB`);
    }
  }
  const heap = process.memoryUsage().heapUsed / 1024 / 1024;
  console.log(`  heap after the runs                ${heap.toFixed(0)} MB`);
}
