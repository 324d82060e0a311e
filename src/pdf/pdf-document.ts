// Page sizes, units and the document-level settings every PDF of Carnet shares: metadata, and fixed
// dates when output must be reproducible (tests compare files byte for byte; pdf-lib otherwise writes
// the current time). Font and resource names are always fixed (see pdf-fonts.ts).
import { PDFDocument } from 'pdf-lib';

/** Points per millimetre. */
export const MM = 72 / 25.4;
export const mm = (millimetres: number): number => millimetres * MM;

export const PAGE_SIZES = {
  A5: [mm(148), mm(210)],
  A4: [mm(210), mm(297)],
} as const satisfies Record<string, readonly [number, number]>;

export type PageSizeName = keyof typeof PAGE_SIZES;

export interface DocumentInfo {
  title?: string;
  author?: string;
  subject?: string;
  /** BCP 47 tag of the document's main language (the catalog's /Lang, read by screen readers). */
  language?: string;
}

export interface OutputOptions {
  info?: DocumentInfo;
  /** Write this creation and modification date instead of now, so the same input gives the same bytes. */
  fixedDate?: Date;
}

export async function createPdfDocument(options: OutputOptions = {}): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { info = {} } = options;
  doc.setProducer('Carnet');
  doc.setCreator('Carnet');
  if (info.title) doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.author) doc.setAuthor(info.author);
  if (info.subject) doc.setSubject(info.subject);
  if (info.language) doc.setLanguage(info.language);
  const date = options.fixedDate ?? new Date();
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc;
}
