// The paper booklet as an A5 PDF: every label in the centre's language and the person's side by side,
// coded values from the value sets in both, free text as written and marked with its language, laid
// out right to left when the centre's language is; plus the A4 file imposed for saddle stitching.
import type { TFunction } from 'i18next';
import QRCode from 'qrcode';
import type { Chart } from '../api/schemas/record.ts';
import { translator } from '../app/translations.ts';
import { languageInfo, type LanguageCode } from '../i18n/languages.ts';
import { drawQrCode, imposeSaddleStitch, isolate, mm, PdfDocumentBuilder, sharedTextEngine, type Cell } from '../pdf/index.ts';
import { bookletContent, type BookletContent, type BookletSection, type BookletValue, type Label } from './booklet-content.ts';

export interface BookletOptions {
  /** The centre's name, as it prints in the booklet. */
  centre: string;
  /** The centre's language: printed first, and it decides the direction of the layout. */
  lngA: LanguageCode;
  /** The person's language (English when it is the centre's own, see bookletLanguages). */
  lngB: LanguageCode;
  fontsDir?: string;
  /** Fixed document dates (tests compare files). */
  fixedDate?: Date;
  /** The signed summary (signBookletQr) to print as a QR code on the first page. */
  qr?: string;
}

const BODY_SIZE = 8.5;
/** Side of the printed QR code with its quiet zone: ~0.35 mm modules for a typical summary (version 19). */
export const BOOKLET_QR_SIZE = mm(36);

/** Labels and values in one language. */
interface Side {
  lng: LanguageCode;
  t: TFunction;
}

function labelText(side: Side, label: Label): string {
  return side.t(label.key, { ...label.values, defaultValue: label.defaultValue });
}

function valueText(side: Side, value: BookletValue, which: 'a' | 'b'): string {
  switch (value.kind) {
    case 'label':
      return labelText(side, value.label);
    case 'coded':
      return value[which];
    case 'free':
      // As written, never translated: the language it was written in says who can read it.
      return `[${value.lang}] ${isolate(value.text)}`;
    case 'plain':
      return value.text === '' ? '' : isolate(value.text);
    case 'list':
      return value.items
        .map((item) => valueText(side, item, which))
        .filter((s) => s !== '')
        .join(' · ');
  }
}

export async function bookletPdf(chart: Chart, options: BookletOptions): Promise<Uint8Array> {
  const content = bookletContent(chart, { centre: options.centre, lngA: options.lngA, lngB: options.lngB });
  return renderBooklet(content, options);
}

/** The same booklet imposed on A4 landscape sheets for saddle stitching (bound on the right for a right-to-left centre language). */
export async function bookletA4(chart: Chart, options: BookletOptions): Promise<Uint8Array> {
  const a5 = await bookletPdf(chart, options);
  return imposeSaddleStitch(a5, { binding: directionOf(options.lngA), ...(options.fixedDate && { fixedDate: options.fixedDate }) });
}

function directionOf(lng: string): 'ltr' | 'rtl' {
  return languageInfo(lng)?.dir ?? 'ltr';
}

export async function renderBooklet(content: BookletContent, options: BookletOptions): Promise<Uint8Array> {
  const engine = await sharedTextEngine(options.fontsDir);
  const a: Side = { lng: content.lngA, t: await translator(content.lngA) };
  const b: Side = { lng: content.lngB, t: await translator(content.lngB) };
  const direction = directionOf(content.lngA);
  // HarfBuzz's language forms (Persian and Urdu digits, Pashto letters) follow the Arabic-script language.
  const scriptLang = directionOf(content.lngB) === 'rtl' ? content.lngB : content.lngA;

  /** Both languages, one per line; once when they say the same (a language with no translation yet). */
  const both = (textA: string, textB: string): string => (textA === textB || textB === '' ? textA : textA === '' ? textB : `${textA}\n${textB}`);
  const labelCells = (label: Label): Cell[] => {
    const [textA, textB] = [labelText(a, label), labelText(b, label)];
    return textA === textB ? [{ text: textA, lang: a.lng }, ''] : [{ text: textA, lang: a.lng }, { text: textB, lang: b.lng }];
  };
  const valueCell = (value: BookletValue): Cell => ({ text: both(valueText(a, value, 'a'), valueText(b, value, 'b')), lang: scriptLang });
  const pair = (label: Label): string => {
    const [textA, textB] = [labelText(a, label), labelText(b, label)];
    return textA === textB ? textA : `${textA} / ${textB}`;
  };

  const title: Label = { key: 'booklet.title', defaultValue: 'Personal health record' };
  const page: Label = { key: 'booklet.page', defaultValue: 'Page {{n}} of {{count}}' };
  const builder = await PdfDocumentBuilder.create({
    engine,
    pageSize: 'A5',
    direction,
    style: { size: BODY_SIZE, lang: content.lngA },
    footer: (n, count) => ({
      text: `${isolate(content.centre)} · ${pair({ ...page, values: { n, count } })}`,
      direction,
      lang: scriptLang,
    }),
    info: { title: `${labelText(a, title)} ${content.recordNumber}`, language: content.lngA },
    ...(options.fixedDate && { fixedDate: options.fixedDate }),
  });

  // First page: the title and the centre at the start side, the signed QR code at the end side.
  const titleText = both(labelText(a, title), labelText(b, title));
  const headWidth = builder.content.width - (options.qr ? BOOKLET_QR_SIZE + 6 : 0);
  const titleLaid = builder.layout({ text: titleText, size: 14, bold: true, lang: scriptLang }, headWidth);
  const centreLaid = builder.layout({ text: isolate(content.centre), size: 10, direction }, headWidth);
  const headHeight = Math.max(titleLaid.height + centreLaid.height + 4, options.qr ? BOOKLET_QR_SIZE : 0);
  builder.block(headHeight, (box, pdfPage) => {
    const x = builder.xAt(0, headWidth, box);
    builder.drawLaidOut(titleLaid, x, box.y + box.height, headWidth, pdfPage);
    builder.drawLaidOut(centreLaid, x, box.y + box.height - titleLaid.height - 4, headWidth, pdfPage);
    if (options.qr) {
      const matrix = QRCode.create(options.qr, { errorCorrectionLevel: 'M' }).modules;
      drawQrCode(pdfPage, matrix, { x: builder.xAt(box.width - BOOKLET_QR_SIZE, BOOKLET_QR_SIZE, box), y: box.y + box.height - BOOKLET_QR_SIZE, size: BOOKLET_QR_SIZE });
    }
  });
  builder.rule();

  const none: Label = { key: 'chart.none', defaultValue: 'None recorded' };
  for (const section of content.sections) drawSection(section);
  return builder.save();

  function drawSection(section: BookletSection): void {
    builder.heading(pair(section.title), { level: 3, direction, lang: scriptLang });
    if (section.kind === 'fields') {
      builder.keyValue(
        section.fields.map((f) => ({ labels: labelCells(f.label), value: valueCell(f.value) })),
        { columns: [0.26, 0.26, 0.48] },
      );
      builder.space(4);
      return;
    }
    if (section.rows.length === 0) {
      builder.paragraph(both(labelText(a, none), labelText(b, none)), { lang: scriptLang, size: BODY_SIZE - 0.5 });
      return;
    }
    builder.table({
      columns: section.columns.map((c) => ({
        header: c.label ? labelCells(c.label).filter((cell) => cell !== '') : isolate(c.plain ?? ''),
        width: c.width,
      })),
      rows: section.rows.map((row) => row.map(valueCell)),
      style: { size: BODY_SIZE - 1 },
    });
  }
}
