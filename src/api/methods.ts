// The names alone, with no schemas, so that the preload (which must stay tiny and cannot run zod
// under the CSP) can hold its allow-list. `contract.ts` is checked against these lists by the type
// system: a method in one and not the other does not compile.
export const METHOD_NAMES = [
  'app.info',
  'settings.get',
  'settings.set',
  'session.get',
  'session.login',
  'session.lock',
  'session.touch',
  'session.recover',
  'session.changePassword',
  'setup.createCentre',
  'setup.confirmRecovery',
  'users.list',
  'users.add',
  'users.resetPassword',
  'users.setDisabled',
  'centre.getSettings',
  'centre.setSettings',
  'store.rotateKey',
  'audit.list',
  'audit.verify',
  'backup.create',
  'backup.list',
  'backup.restore',
  'person.register',
  'person.update',
  'person.void',
  'person.chart',
  'person.search',
  'person.checkDuplicates',
  'person.merge',
  'person.unmerge',
  'person.link',
  'person.unlink',
  'record.stats',
  'demo.fill',
  'duplicates.list',
  'record.history',
  'episode.create',
  'episode.update',
  'episode.void',
  'entry.add',
  'entry.update',
  'entry.void',
  'draft.save',
  'draft.get',
  'draft.discard',
  'document.beginUpload',
  'document.uploadChunk',
  'document.finishUpload',
  'document.cancelUpload',
  'document.read',
  'site.identity',
  'site.ensureIdentity',
  'site.setAuthority',
  'site.importCertificate',
  'site.importTrustList',
  'site.pair',
  'site.unpair',
  'site.trustedSites',
  'transfer.export',
  'transfer.inspect',
  'transfer.apply',
  'transfer.discard',
  'transfer.cancel',
  'transfer.pickFile',
  'transfer.ips',
  'booklet.print',
  'booklet.batch',
  'booklet.cancel',
  'booklet.printWindow',
  'booklet.readQr',
  'booklet.verifyQr',
  'booklet.importQr',
  'ocr.read',
  'ocr.cancel',
  'ocr.confirm',
  'report.use',
  'report.health',
  'report.pdf',
  'report.aggregate',
  'update.status',
  'update.check',
  'update.download',
  'update.installOnRestart',
  'update.pickFolder',
  'update.fromFolder',
  'update.setFeedUrl',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

export const EVENT_NAMES = ['settings:changed', 'session:changed', 'update:changed', 'transfer:progress', 'booklet:progress', 'ocr:progress'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Electron IPC channel for a contract method; one channel per method. */
export function methodChannel(method: MethodName): string {
  return `carnet:${method}`;
}

/** Electron IPC channel on which events reach the renderer. */
export const EVENT_CHANNEL = 'carnet:event';

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
