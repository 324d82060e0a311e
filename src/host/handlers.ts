import { CONTRACT, type MethodOutput, type ParsedInput } from '../api/contract.ts';
import { AppError, apiError } from '../api/errors.ts';
import { METHOD_NAMES, isMethodName, type MethodName } from '../api/methods.ts';
import { fail, ok, type Result } from '../api/result.ts';
import type { EventBus } from './events.ts';
import { SILENT_LOGGER, type Logger } from './log.ts';
import { isAllowed, PERMISSIONS } from '../api/permissions.ts';
import { OPEN_ACCESS, type AccessControl, type CallContext, type Services } from './services.ts';

type Binding<M extends MethodName> = (
  services: Services,
  input: ParsedInput<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>>;

// Every contract method bound to the service that does the work. A method missing here does not
// compile.
const BINDINGS: { [M in MethodName]: Binding<M> } = {
  'app.info': (s, _input, ctx) => s.app.info(ctx),
  'settings.get': (s) => s.settings.get(),
  'settings.set': (s, input) => s.settings.set(input),
  'session.get': (s) => s.session.get(),
  'session.login': (s, input) => s.session.login(input),
  'session.lock': (s) => s.session.lock(),
  'session.touch': (s) => s.session.touch(),
  'session.recover': (s, input) => s.session.recover(input),
  'session.changePassword': (s, input) => s.session.changePassword(input),
  'setup.createCentre': (s, input) => s.setup.createCentre(input),
  'setup.confirmRecovery': (s, input) => s.setup.confirmRecovery(input),
  'users.list': (s) => s.users.list(),
  'users.add': (s, input) => s.users.add(input),
  'users.resetPassword': (s, input) => s.users.resetPassword(input),
  'users.setDisabled': (s, input) => s.users.setDisabled(input),
  'centre.getSettings': (s) => s.centre.getSettings(),
  'centre.setSettings': (s, input) => s.centre.setSettings(input),
  'store.rotateKey': (s) => s.centre.rotateKey(),
  'audit.list': (s, input) => s.audit.list(input),
  'audit.verify': (s) => s.audit.verify(),
  'backup.create': (s, input) => s.backup.create(input),
  'backup.list': (s, input) => s.backup.list(input),
  'backup.restore': (s, input) => s.backup.restore(input),
  'person.register': (s, input) => s.record.register(input),
  'person.update': (s, input) => s.record.update(input),
  'person.void': (s, input) => s.record.voidPerson(input),
  'person.chart': (s, input) => s.record.chart(input),
  'person.search': (s, input) => s.record.search(input),
  'person.checkDuplicates': (s, input) => s.record.checkDuplicates(input),
  'person.merge': (s, input) => s.record.merge(input),
  'person.unmerge': (s, input) => s.record.unmerge(input),
  'person.link': (s, input) => s.record.link(input),
  'person.unlink': (s, input) => s.record.unlink(input),
  'record.stats': (s) => s.record.stats(),
  'demo.fill': (s, input) => s.demo.fill(input),
  'duplicates.list': (s) => s.record.listDuplicates(),
  'record.history': (s, input) => s.record.history(input),
  'episode.create': (s, input) => s.record.createEpisode(input),
  'episode.update': (s, input) => s.record.updateEpisode(input),
  'episode.void': (s, input) => s.record.voidEpisode(input),
  'entry.add': (s, input) => s.record.addEntries(input),
  'entry.update': (s, input) => s.record.updateEntry(input),
  'entry.void': (s, input) => s.record.voidEntry(input),
  'draft.save': (s, input) => s.record.saveDraft(input),
  'draft.get': (s, input) => s.record.getDraft(input),
  'draft.discard': (s, input) => s.record.discardDraft(input),
  'document.beginUpload': (s, input) => s.documents.begin(input),
  'document.uploadChunk': (s, input) => s.documents.chunk(input),
  'document.finishUpload': (s, input) => s.documents.finish(input),
  'document.cancelUpload': (s, input) => s.documents.cancel(input),
  'document.read': (s, input) => s.documents.read(input),
  'site.identity': (s) => s.site.identity(),
  'site.ensureIdentity': (s) => s.site.ensureIdentity(),
  'site.setAuthority': (s, input) => s.site.setAuthority(input),
  'site.importCertificate': (s, input) => s.site.importCertificate(input),
  'site.importTrustList': (s, input) => s.site.importTrustList(input),
  'site.pair': (s, input) => s.site.pair(input),
  'site.unpair': (s, input) => s.site.unpair(input),
  'site.trustedSites': (s) => s.site.trustedSites(),
  'transfer.export': (s, input) => s.transfer.export(input),
  'transfer.inspect': (s, input) => s.transfer.inspect(input),
  'transfer.apply': (s, input) => s.transfer.apply(input),
  'transfer.discard': (s, input) => s.transfer.discard(input),
  'transfer.cancel': (s) => s.transfer.cancel(),
  'transfer.pickFile': (s, input) => s.transfer.pickFile(input),
  'transfer.ips': (s, input) => s.transfer.ips(input),
  'booklet.print': (s, input) => s.booklet.print(input),
  'booklet.batch': (s, input) => s.booklet.batch(input),
  'booklet.cancel': (s) => s.booklet.cancel(),
  'booklet.printWindow': (s, input) => s.booklet.printWindow(input),
  'booklet.readQr': (s, input) => s.booklet.readQr(input),
  'booklet.verifyQr': (s, input) => s.booklet.verifyQr(input),
  'booklet.importQr': (s, input) => s.booklet.importQr(input),
  'ocr.read': (s, input) => s.ocr.read(input),
  'ocr.cancel': (s) => s.ocr.cancel(),
  'ocr.confirm': (s, input) => s.ocr.confirm(input),
  'report.use': (s, input) => s.reports.use(input),
  'report.health': (s, input) => s.reports.health(input),
  'report.pdf': (s, input) => s.reports.pdf(input),
  'report.aggregate': (s, input) => s.reports.aggregate(input),
  'update.status': (s) => s.updates.status(),
  'update.check': (s) => s.updates.check(),
  'update.download': (s) => s.updates.download(),
  'update.installOnRestart': (s) => s.updates.installOnRestart(),
  'update.pickFolder': (s) => s.updates.pickFolder(),
  'update.fromFolder': (s, input) => s.updates.fromFolder(input),
  'update.setFeedUrl': (s, input) => s.updates.setFeedUrl(input),
};

export interface Handlers {
  readonly methods: readonly MethodName[];
  readonly events: EventBus;
  /** Never throws: every outcome, including a bug, comes back as a Result. */
  invoke(method: unknown, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>>;
}

export interface HandlerOptions {
  events: EventBus;
  logger?: Logger;
  /** The permission matrix is enforced against this; without it only public methods answer. */
  access?: AccessControl;
}

export function createHandlers(services: Services, options: HandlerOptions): Handlers {
  const logger = options.logger ?? SILENT_LOGGER;
  const access = options.access ?? OPEN_ACCESS;

  async function invoke(method: unknown, rawInput: unknown, ctx: CallContext): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return fail(apiError('UNKNOWN_METHOD'));
    }
    // Permission before parsing: a caller without the right learns nothing about the input format.
    if (PERMISSIONS[method] !== 'public') {
      const user = access.currentUser();
      if (!user) return fail(apiError('UNAUTHENTICATED'));
      if (!isAllowed(method, user.role)) {
        access.denied(method, user, user.role);
        return fail(apiError('FORBIDDEN', { method }));
      }
      access.activity();
    }
    const spec = CONTRACT[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // Paths and issue codes only: a message could echo what the user typed.
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code }));
      return fail(apiError('VALIDATION', { method, issues }));
    }
    try {
      const binding = BINDINGS[method] as Binding<MethodName>;
      const value = await binding(services, parsed.data as never, ctx);
      // Parsing the output strips anything a service returned beyond the contract.
      const output = spec.output.safeParse(value);
      if (!output.success) {
        logger.error('service output broke the contract', { method });
        return fail(apiError('INTERNAL'));
      }
      return ok(output.data);
    } catch (error) {
      if (error instanceof AppError) return fail(error.toApiError());
      logger.error('method failed', {
        method,
        transport: ctx.transport,
        error: error instanceof Error ? error.name : typeof error,
      });
      return fail(apiError('INTERNAL'));
    }
  }

  return { methods: METHOD_NAMES, events: options.events, invoke };
}
