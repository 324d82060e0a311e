// A worker thread that draws booklets: the batch hands it a chart and the print options, it answers
// with the PDF's bytes. Drawing is the costly part of a group's booklets (HarfBuzz shaping, layout,
// font subsets); reading charts and signing stay on the thread that holds the database.
import { parentPort } from 'node:worker_threads';
import { setLocalesDir } from '../app/translations.ts';
import { renderBookletFile, type RenderJob } from './booklet-render.ts';

const port = parentPort;
if (port) {
  port.on('message', (message: { id: number; job: RenderJob; localesDir?: string }) => {
    setLocalesDir(message.localesDir);
    renderBookletFile(message.job).then(
      (bytes) => port.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]),
      (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? error.message : 'render failed' }),
    );
  });
}
