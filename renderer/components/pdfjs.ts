// PDF.js (Mozilla) for the renderer, set up once: its worker script is one of the app's own files, and
// nothing from a file is ever evaluated (isEvalSupported off, no XFA forms).
import { getDocument, GlobalWorkerOptions, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Open PDF bytes (a copy: PDF.js takes ownership of the buffer it is given). */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  return getDocument({ data: data.slice(), isEvalSupported: false, enableXfa: false });
}
