// Which role may call which method: the permission matrix, as data. The host enforces it for every
// call on every transport, before any service runs. `public` methods work with the store locked.
import type { MethodName } from './methods.ts';
import type { Role } from './schemas/store.ts';

export type Permission = 'public' | readonly Role[];

const ALL: readonly Role[] = ['admin', 'clinician', 'mediator', 'viewer'];
const ADMIN: readonly Role[] = ['admin'];
/** Those who write clinical data. */
const CLINICAL: readonly Role[] = ['admin', 'clinician'];
/** Those who register persons and keep their personal data current (mediators do this at reception). */
const REGISTRARS: readonly Role[] = ['admin', 'clinician', 'mediator'];
/** Those who read reports: the centre's coordinator (admin), clinicians, and the read-only role of an epidemiologist. */
const READERS: readonly Role[] = ['admin', 'clinician', 'viewer'];

export const PERMISSIONS: Record<MethodName, Permission> = {
  'app.info': 'public',
  'settings.get': 'public',
  'settings.set': 'public',
  'session.get': 'public',
  'session.login': 'public',
  'session.recover': 'public',
  'setup.createCentre': 'public',
  'session.lock': ALL,
  'session.touch': ALL,
  'session.changePassword': ALL,
  'centre.getSettings': ALL,
  'setup.confirmRecovery': ADMIN,
  'users.list': ADMIN,
  'users.add': ADMIN,
  'users.resetPassword': ADMIN,
  'users.setDisabled': ADMIN,
  'centre.setSettings': ADMIN,
  'store.rotateKey': ADMIN,
  'audit.list': ADMIN,
  'audit.verify': ADMIN,
  'backup.create': ADMIN,
  'backup.list': ADMIN,
  'backup.restore': ADMIN,
  'person.search': ALL,
  'person.chart': ALL,
  'record.history': ALL,
  'person.register': REGISTRARS,
  'person.update': REGISTRARS,
  'person.checkDuplicates': REGISTRARS,
  'person.link': REGISTRARS,
  'person.unlink': REGISTRARS,
  'record.stats': ALL,
  // Synthetic persons, for training and demonstrations: the admin decides, and only an empty centre is offered it.
  'demo.fill': ADMIN,
  'draft.save': REGISTRARS,
  'draft.get': REGISTRARS,
  'draft.discard': REGISTRARS,
  'person.void': CLINICAL,
  'episode.create': CLINICAL,
  'episode.update': CLINICAL,
  'episode.void': CLINICAL,
  'entry.add': CLINICAL,
  'entry.update': CLINICAL,
  'entry.void': CLINICAL,
  'document.beginUpload': CLINICAL,
  'document.uploadChunk': CLINICAL,
  'document.finishUpload': CLINICAL,
  'document.cancelUpload': CLINICAL,
  'document.read': ALL,
  'duplicates.list': ADMIN,
  'person.merge': ADMIN,
  'person.unmerge': ADMIN,
  // Every role sees this centre's identity; the admin makes its keys and decides whom it trusts.
  'site.identity': ALL,
  'site.ensureIdentity': ADMIN,
  'site.setAuthority': ADMIN,
  'site.importCertificate': ADMIN,
  'site.importTrustList': ADMIN,
  'site.pair': ADMIN,
  'site.unpair': ADMIN,
  // Records leave and arrive through those who write clinical data.
  'site.trustedSites': CLINICAL,
  'transfer.export': CLINICAL,
  'transfer.inspect': CLINICAL,
  'transfer.apply': CLINICAL,
  'transfer.discard': CLINICAL,
  'transfer.cancel': CLINICAL,
  'transfer.pickFile': CLINICAL,
  'transfer.ips': CLINICAL,
  // The booklet the person carries: whoever meets the person at reception or in the consultation.
  'booklet.print': REGISTRARS,
  'booklet.batch': REGISTRARS,
  'booklet.cancel': REGISTRARS,
  'booklet.printWindow': ALL,
  // Reading a booklet's code is looking a person up; writing its summary into a record is clinical.
  'booklet.readQr': REGISTRARS,
  'booklet.verifyQr': REGISTRARS,
  'booklet.importQr': CLINICAL,
  // Reading a lab report and saving its results is clinical work.
  'ocr.read': CLINICAL,
  'ocr.cancel': CLINICAL,
  'ocr.confirm': CLINICAL,
  // Aggregates with small cells hidden: everyone who reads records; a mediator registers, and does not need them.
  'report.use': READERS,
  'report.health': READERS,
  'report.pdf': READERS,
  // Unsuppressed counts leave the centre only by the admin's decision, signed, for the coordinating office.
  'report.aggregate': ADMIN,
  // Everyone sees that an update exists; only an admin changes the installed software or its source.
  'update.status': ALL,
  'update.check': ALL,
  'update.download': ADMIN,
  'update.installOnRestart': ADMIN,
  'update.pickFolder': ADMIN,
  'update.fromFolder': ADMIN,
  'update.setFeedUrl': ADMIN,
};

export function isAllowed(method: MethodName, role: Role | null): boolean {
  const permission = PERMISSIONS[method];
  if (permission === 'public') return true;
  return role !== null && permission.includes(role);
}

/** Methods whose calls are written to the access log (every write; reads of records join later). */
export const AUDITED_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'session.login',
  'session.lock',
  'session.recover',
  'session.changePassword',
  'setup.createCentre',
  'setup.confirmRecovery',
  'users.add',
  'users.resetPassword',
  'users.setDisabled',
  'centre.setSettings',
  'store.rotateKey',
  'backup.create',
  'backup.restore',
  'person.register',
  'person.update',
  'person.void',
  'person.chart',
  'person.merge',
  'person.unmerge',
  'person.link',
  'person.unlink',
  'demo.fill',
  'duplicates.list',
  'record.history',
  'episode.create',
  'episode.update',
  'episode.void',
  'entry.add',
  'entry.update',
  'entry.void',
  'document.finishUpload',
  'document.read',
  'site.ensureIdentity',
  'site.setAuthority',
  'site.importCertificate',
  'site.importTrustList',
  'site.pair',
  'site.unpair',
  'transfer.export',
  'transfer.apply',
  'transfer.ips',
  'report.pdf',
  'report.aggregate',
  'booklet.print',
  'booklet.batch',
  'booklet.importQr',
  'update.download',
  'update.installOnRestart',
  'update.fromFolder',
  'update.setFeedUrl',
]);
