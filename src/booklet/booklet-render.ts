// One booklet's file from a chart and its print options: A5 pages, or those pages imposed on A4 for
// saddle stitching. The same function runs on the service's thread and in the batch's workers.
import type { Chart } from '../api/schemas/record.ts';
import { bookletA4, bookletPdf, type BookletOptions } from './booklet-pdf.ts';

export interface RenderJob {
  chart: Chart;
  layout: 'a5' | 'a4';
  options: BookletOptions;
}

export function renderBookletFile({ chart, layout, options }: RenderJob): Promise<Uint8Array> {
  return layout === 'a4' ? bookletA4(chart, options) : bookletPdf(chart, options);
}
