// The booklet as the contract serves it: the person's chart in the centre's language and a second
// one (the person's, chosen at print time; English when they coincide), A5 or pre-imposed A4, with
// the summary QR signed by this centre's site key when the centre has one. Printing is in the
// person's access log.
import { AppError } from '../api/errors.ts';
import type { StoreContext } from '../access/store-context.ts';
import { appendAudit } from '../audit/audit.repository.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import { COUNTRY_DEFAULT_LANGUAGE, type LanguageCode } from '../i18n/languages.ts';
import type { RecordService } from '../record/record.service.ts';
import { loadLocalSite } from '../transfer/site.service.ts';
import { bookletLanguages } from './booklet-content.ts';
import { bookletA4, bookletPdf } from './booklet-pdf.ts';
import { bookletSummary, signBookletQr } from './booklet-qr.ts';

export interface BookletService {
  print(input: { personId: string; language?: LanguageCode | undefined; layout: 'a5' | 'a4' }): Promise<{ name: string; data: string; languages: [LanguageCode, LanguageCode] }>;
}

export function createBookletService(context: StoreContext, record: Pick<RecordService, 'chart'>, paths: { fontsDir?: string | undefined } = {}): BookletService {
  return {
    async print({ personId, language, layout }) {
      const chart = await record.chart({ personId });
      const open = context.requireOpen();
      const centre = getCentre(open.db);
      if (!centre) throw new AppError('INTERNAL', { reason: 'centre-missing' });
      const centreLanguage = COUNTRY_DEFAULT_LANGUAGE[centre.country] ?? 'en';
      const { lngA, lngB } = bookletLanguages(centreLanguage, language ? [language] : chart.person.person.languages);
      const site = await loadLocalSite(open.db);
      const today = context.now().toISOString().slice(0, 10);
      const qr = site ? await signBookletQr(bookletSummary(chart, site.siteId, today), site.keys.signingPrivateKey, site.keys.signingKeyId) : undefined;
      const options = { centre: centre.name, lngA, lngB, ...(qr !== undefined && { qr }), ...(paths.fontsDir !== undefined && { fontsDir: paths.fontsDir }) };
      const bytes = layout === 'a4' ? await bookletA4(chart, options) : await bookletPdf(chart, options);
      appendAudit(open.db, {
        userId: open.user.id,
        username: open.user.username,
        role: open.user.role,
        method: 'booklet.print',
        personId: chart.person.id,
        outcome: 'ok',
        changes: { layout, languages: [lngA, lngB], signed: qr !== undefined },
      });
      return { name: `booklet-${chart.person.recordNumber}-${lngA}-${lngB}-${layout}.pdf`, data: Buffer.from(bytes).toString('base64'), languages: [lngA, lngB] };
    },
  };
}
