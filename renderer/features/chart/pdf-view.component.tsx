// PDF pages drawn by PDF.js (Mozilla) into canvases: no plugin, no frame, nothing evaluated from the
// file, under the app's CSP. The worker script is one of the app's own files.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { openPdf } from '../../components/pdfjs.ts';

export function PdfView({ data, title }: { data: Uint8Array; title: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const task = openPdf(data);
    task.promise.then(setPdf, () => setFailed(true));
    return () => void task.destroy();
  }, [data]);

  useEffect(() => {
    if (!pdf || !canvas.current) return undefined;
    let cancelled = false;
    let render: { cancel(): void } | undefined;
    void pdf.getPage(page).then((p) => {
      if (cancelled || !canvas.current) return;
      const viewport = p.getViewport({ scale: 1.5 });
      canvas.current.width = viewport.width;
      canvas.current.height = viewport.height;
      const task = p.render({ canvas: canvas.current, viewport });
      render = task;
      task.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [pdf, page]);

  if (failed) return <p role="alert">{t('documents.pdfUnreadable', 'This PDF cannot be shown (it may be damaged or protected by a password); download it to open it.')}</p>;
  return (
    <div className="pdf-view">
      {pdf && pdf.numPages > 1 && (
        <div className="row-actions">
          <Button className="button small" isDisabled={page <= 1} onPress={() => setPage((n) => n - 1)}>
            {t('documents.previousPage', 'Previous page')}
          </Button>
          <span aria-live="polite">{t('documents.pageOf', { page, total: pdf.numPages, defaultValue: 'Page {{page}} of {{total}}' })}</span>
          <Button className="button small" isDisabled={page >= pdf.numPages} onPress={() => setPage((n) => n + 1)}>
            {t('documents.nextPage', 'Next page')}
          </Button>
        </div>
      )}
      <canvas ref={canvas} className="document-image" role="img" aria-label={title} data-testid="document-pdf" />
    </div>
  );
}
