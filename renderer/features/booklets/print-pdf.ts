// Printing a booklet from the app: its pages drawn by PDF.js at 200 dpi into images in a print-only
// area (styles.css shows only that area on paper, at the booklet's page size with no margins), then
// the desktop's print dialog with duplex and actual size preset (booklet.printWindow), or the
// browser's own dialog in browser mode.
import type { ApiClient } from '../../api/client.ts';
import { openPdf } from '../../components/pdfjs.ts';

const PRINT_DPI = 200;

export async function printPdf(client: ApiClient, bytes: Uint8Array, layout: 'a5' | 'a4'): Promise<void> {
  const pdf = await openPdf(bytes).promise;
  const area = document.createElement('div');
  area.className = 'print-area';
  area.dataset['paper'] = layout;
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: PRINT_DPI / 72 });
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(viewport.width);
      canvas.height = Math.round(viewport.height);
      await page.render({ canvas, viewport }).promise;
      const image = document.createElement('img');
      image.alt = '';
      image.src = canvas.toDataURL('image/png');
      area.append(image);
      page.cleanup();
    }
    document.body.append(area);
    document.body.classList.add('printing');
    const answer = await client.call('booklet.printWindow', { pageSize: layout === 'a4' ? 'A4' : 'A5', duplex: layout === 'a4' ? 'shortEdge' : 'longEdge' });
    if (!answer.ok || !answer.value.handled) window.print();
  } finally {
    document.body.classList.remove('printing');
    area.remove();
    await pdf.destroy();
  }
}
