// The desktop's print dialog for what the window shows (a booklet's pages, laid out for print by the
// renderer), opened with a booklet's defaults: its paper size, double-sided (flip on the short edge
// for the A4 imposed file, the long edge for A5 pages), no margins, actual size. Browser mode has no
// such call; the page uses the browser's own print dialog instead.
import type { BrowserWindow } from 'electron';
import type { PrintWindow } from '../src/booklet/booklet.service.ts';

export function createPrintWindow(window: () => BrowserWindow | null): PrintWindow {
  return ({ pageSize, duplex }) =>
    new Promise((resolve) => {
      const target = window();
      if (!target) {
        resolve(false);
        return;
      }
      target.webContents.print(
        { silent: false, printBackground: false, pageSize, landscape: pageSize === 'A4', duplexMode: duplex, margins: { marginType: 'none' }, scaleFactor: 100 },
        // A cancelled dialog is still handled: the page must not open a second one.
        () => resolve(true),
      );
    });
}
