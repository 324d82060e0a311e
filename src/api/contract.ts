// THE contract between the UI and the core: every method's input and output schema. Both transports
// (Electron IPC, browser-mode HTTP/WebSocket), the host and the renderer's client derive their types
// from this one table.
import { z } from './zod.ts';
import type { EventName, MethodName } from './methods.ts';
import { LANGUAGE_CODES, UI_LANGUAGE_CODES } from '../i18n/languages.ts';
import {
  AddUserInputSchema,
  AuditListInputSchema,
  AuditListOutputSchema,
  AuditVerifyOutputSchema,
  BackupCreateInputSchema,
  BackupInfoSchema,
  BackupListInputSchema,
  BackupRestoreInputSchema,
  CentreSettingsSchema,
  ChangePasswordInputSchema,
  LoginInputSchema,
  RecoverInputSchema,
  RecoveryKeySchema,
  ResetUserInputSchema,
  RotateKeyOutputSchema,
  SessionSchema,
  SetUserDisabledInputSchema,
  SetupInputSchema,
  SetupOutputSchema,
  UserSchema,
} from './schemas/store.ts';
import {
  AddEntriesInputSchema,
  ChartSchema,
  CreateEpisodeInputSchema,
  DemoFillInputSchema,
  DemoFillOutputSchema,
  DocumentBeginInputSchema,
  DocumentBeginOutputSchema,
  DocumentChunkInputSchema,
  DocumentReadInputSchema,
  DocumentReadOutputSchema,
  DocumentUploadIdSchema,
  DraftGetOutputSchema,
  DraftKeySchema,
  DraftSaveInputSchema,
  DuplicateCheckInputSchema,
  DuplicateCheckOutputSchema,
  DuplicateListOutputSchema,
  EntryRecordSchema,
  EpisodeRecordSchema,
  HistoryInputSchema,
  HistoryOutputSchema,
  LinkInputSchema,
  MergeInputSchema,
  PersonIdInputSchema,
  PersonRecordSchema,
  RecordStatsSchema,
  RegisterInputSchema,
  SearchInputSchema,
  SearchOutputSchema,
  UnlinkInputSchema,
  UnmergeInputSchema,
  UpdateEntryInputSchema,
  UpdateEpisodeInputSchema,
  UpdatePersonInputSchema,
  VoidEntryInputSchema,
  VoidEpisodeInputSchema,
  VoidPersonInputSchema,
} from './schemas/record.ts';
import {
  ApplyInputSchema,
  ApplyOutputSchema,
  ExchangeProgressSchema,
  ExportInputSchema,
  ExportOutputSchema,
  ImportCertificateInputSchema,
  ImportIdInputSchema,
  ImportPreviewSchema,
  ImportTrustListInputSchema,
  ImportTrustListOutputSchema,
  InspectInputSchema,
  IpsInputSchema,
  IpsOutputSchema,
  PairInputSchema,
  PickFileInputSchema,
  SetAuthorityInputSchema,
  SiteIdentitySchema,
  TrustedSiteSchema,
  TrustedSitesOutputSchema,
  UnpairInputSchema,
} from './schemas/transfer.ts';
import { HealthReportSchema, ReportInputSchema, UseReportSchema } from './schemas/reports.ts';
import {
  BookletBatchInputSchema,
  BookletBatchOutputSchema,
  BookletFileSchema,
  BookletPrintInputSchema,
  BookletProgressSchema,
  ImportQrInputSchema,
  ImportQrOutputSchema,
  PrintWindowInputSchema,
  PrintWindowOutputSchema,
  ReadQrInputSchema,
  ReadQrOutputSchema,
  VerifyQrInputSchema,
  VerifyQrOutputSchema,
} from './schemas/booklet.ts';
import { OcrConfirmInputSchema, OcrConfirmOutputSchema, OcrProgressSchema, OcrReadInputSchema, OcrReadOutputSchema } from './schemas/ocr.ts';
import {
  UpdateFeedInputSchema,
  UpdateFolderInputSchema,
  UpdateInstallInputSchema,
  UpdatePickFolderOutputSchema,
  UpdateStatusSchema,
} from './schemas/update.ts';

const NoInput = z.object({}).strict();
const NoOutput = z.object({}).strict();

export const UiLanguageSchema = z.enum(UI_LANGUAGE_CODES);
export const LanguageCodeSchema = z.enum(LANGUAGE_CODES);

export const SettingsSchema = z
  .object({
    /** This computer's interface language before login (set from the centre's country at set-up); null: the system's. */
    uiLanguage: UiLanguageSchema.nullable(),
    /** Each user's own interface language on this computer, by username (no patient data). */
    userLanguages: z.record(z.string().min(1).max(64), UiLanguageSchema).optional(),
  })
  .strict();
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const AppInfoSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    /** Which transport this UI is served over. */
    mode: z.enum(['electron', 'browser', 'cli']),
    languages: z.array(
      z
        .object({
          code: LanguageCodeSchema,
          nativeName: z.string(),
          dir: z.enum(['ltr', 'rtl']),
          ui: z.boolean(),
        })
        .strict(),
    ),
    /** Whether an encrypted store exists in the data folder (set up by the site admin). */
    storeReady: z.boolean(),
  })
  .strict();
export type AppInfo = z.infer<typeof AppInfoSchema>;

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const CONTRACT = {
  'app.info': { input: NoInput, output: AppInfoSchema },
  'settings.get': { input: NoInput, output: SettingsSchema },
  'settings.set': { input: SettingsPatchSchema, output: SettingsSchema },
  'session.get': { input: NoInput, output: SessionSchema },
  'session.login': { input: LoginInputSchema, output: SessionSchema },
  'session.lock': { input: NoInput, output: SessionSchema },
  'session.touch': { input: NoInput, output: NoOutput },
  'session.recover': { input: RecoverInputSchema, output: SessionSchema },
  'session.changePassword': { input: ChangePasswordInputSchema, output: NoOutput },
  'setup.createCentre': { input: SetupInputSchema, output: SetupOutputSchema },
  'setup.confirmRecovery': { input: z.object({ recoveryKey: RecoveryKeySchema }).strict(), output: SessionSchema },
  'users.list': { input: NoInput, output: z.array(UserSchema) },
  'users.add': { input: AddUserInputSchema, output: UserSchema },
  'users.resetPassword': { input: ResetUserInputSchema, output: UserSchema },
  'users.setDisabled': { input: SetUserDisabledInputSchema, output: UserSchema },
  'centre.getSettings': { input: NoInput, output: CentreSettingsSchema },
  'centre.setSettings': { input: CentreSettingsSchema.partial().strict(), output: CentreSettingsSchema },
  'store.rotateKey': { input: NoInput, output: RotateKeyOutputSchema },
  'audit.list': { input: AuditListInputSchema, output: AuditListOutputSchema },
  'audit.verify': { input: NoInput, output: AuditVerifyOutputSchema },
  'backup.create': { input: BackupCreateInputSchema, output: BackupInfoSchema },
  'backup.list': { input: BackupListInputSchema, output: z.array(BackupInfoSchema) },
  'backup.restore': { input: BackupRestoreInputSchema, output: SessionSchema },
  'person.register': { input: RegisterInputSchema, output: PersonRecordSchema },
  'person.update': { input: UpdatePersonInputSchema, output: PersonRecordSchema },
  'person.void': { input: VoidPersonInputSchema, output: PersonRecordSchema },
  'person.chart': { input: PersonIdInputSchema, output: ChartSchema },
  'person.search': { input: SearchInputSchema, output: SearchOutputSchema },
  'person.checkDuplicates': { input: DuplicateCheckInputSchema, output: DuplicateCheckOutputSchema },
  'person.merge': { input: MergeInputSchema, output: PersonRecordSchema },
  'person.unmerge': { input: UnmergeInputSchema, output: PersonRecordSchema },
  'person.link': { input: LinkInputSchema, output: PersonRecordSchema },
  'person.unlink': { input: UnlinkInputSchema, output: PersonRecordSchema },
  'record.stats': { input: NoInput, output: RecordStatsSchema },
  'demo.fill': { input: DemoFillInputSchema, output: DemoFillOutputSchema },
  'duplicates.list': { input: NoInput, output: DuplicateListOutputSchema },
  'record.history': { input: HistoryInputSchema, output: HistoryOutputSchema },
  'episode.create': { input: CreateEpisodeInputSchema, output: EpisodeRecordSchema },
  'episode.update': { input: UpdateEpisodeInputSchema, output: EpisodeRecordSchema },
  'episode.void': { input: VoidEpisodeInputSchema, output: EpisodeRecordSchema },
  'entry.add': { input: AddEntriesInputSchema, output: z.array(EntryRecordSchema) },
  'entry.update': { input: UpdateEntryInputSchema, output: EntryRecordSchema },
  'entry.void': { input: VoidEntryInputSchema, output: EntryRecordSchema },
  'draft.save': { input: DraftSaveInputSchema, output: NoOutput },
  'draft.get': { input: z.object({ key: DraftKeySchema }).strict(), output: DraftGetOutputSchema },
  'draft.discard': { input: z.object({ key: DraftKeySchema }).strict(), output: NoOutput },
  'document.beginUpload': { input: DocumentBeginInputSchema, output: DocumentBeginOutputSchema },
  'document.uploadChunk': { input: DocumentChunkInputSchema, output: z.object({ received: z.number().int() }).strict() },
  'document.finishUpload': { input: DocumentUploadIdSchema, output: EntryRecordSchema },
  'document.cancelUpload': { input: DocumentUploadIdSchema, output: NoOutput },
  'document.read': { input: DocumentReadInputSchema, output: DocumentReadOutputSchema },
  'site.identity': { input: NoInput, output: SiteIdentitySchema },
  'site.ensureIdentity': { input: NoInput, output: SiteIdentitySchema },
  'site.setAuthority': { input: SetAuthorityInputSchema, output: SiteIdentitySchema },
  'site.importCertificate': { input: ImportCertificateInputSchema, output: SiteIdentitySchema },
  'site.importTrustList': { input: ImportTrustListInputSchema, output: ImportTrustListOutputSchema },
  'site.pair': { input: PairInputSchema, output: TrustedSiteSchema },
  'site.unpair': { input: UnpairInputSchema, output: NoOutput },
  'site.trustedSites': { input: NoInput, output: TrustedSitesOutputSchema },
  'transfer.export': { input: ExportInputSchema, output: ExportOutputSchema },
  'transfer.inspect': { input: InspectInputSchema, output: ImportPreviewSchema },
  'transfer.apply': { input: ApplyInputSchema, output: ApplyOutputSchema },
  'transfer.discard': { input: ImportIdInputSchema, output: NoOutput },
  'transfer.cancel': { input: NoInput, output: NoOutput },
  'transfer.pickFile': { input: PickFileInputSchema, output: z.object({ path: z.string().nullable() }).strict() },
  'transfer.ips': { input: IpsInputSchema, output: IpsOutputSchema },
  'booklet.print': { input: BookletPrintInputSchema, output: BookletFileSchema },
  'booklet.batch': { input: BookletBatchInputSchema, output: BookletBatchOutputSchema },
  'booklet.cancel': { input: NoInput, output: NoOutput },
  'booklet.printWindow': { input: PrintWindowInputSchema, output: PrintWindowOutputSchema },
  'booklet.readQr': { input: ReadQrInputSchema, output: ReadQrOutputSchema },
  'booklet.verifyQr': { input: VerifyQrInputSchema, output: VerifyQrOutputSchema },
  'booklet.importQr': { input: ImportQrInputSchema, output: ImportQrOutputSchema },
  'ocr.read': { input: OcrReadInputSchema, output: OcrReadOutputSchema },
  'ocr.cancel': { input: NoInput, output: NoOutput },
  'ocr.confirm': { input: OcrConfirmInputSchema, output: OcrConfirmOutputSchema },
  'report.use': { input: ReportInputSchema, output: UseReportSchema },
  'report.health': { input: ReportInputSchema, output: HealthReportSchema },
  'report.pdf': {
    input: ReportInputSchema.extend({ kind: z.enum(['use', 'health']), language: LanguageCodeSchema }).strict(),
    output: z.object({ name: z.string(), data: z.string() }).strict(),
  },
  'report.aggregate': {
    input: ReportInputSchema.extend({ kind: z.enum(['use', 'health']) }).strict(),
    output: z.object({ name: z.string(), data: z.string() }).strict(),
  },
  'update.status': { input: NoInput, output: UpdateStatusSchema },
  'update.check': { input: NoInput, output: UpdateStatusSchema },
  'update.download': { input: NoInput, output: UpdateStatusSchema },
  'update.installOnRestart': { input: UpdateInstallInputSchema, output: NoOutput },
  'update.pickFolder': { input: NoInput, output: UpdatePickFolderOutputSchema },
  'update.fromFolder': { input: UpdateFolderInputSchema, output: UpdateStatusSchema },
  'update.setFeedUrl': { input: UpdateFeedInputSchema, output: UpdateStatusSchema },
} as const satisfies Record<MethodName, MethodSpec>;

export const EVENTS = {
  'settings:changed': SettingsSchema,
  'session:changed': SessionSchema,
  'update:changed': UpdateStatusSchema,
  'transfer:progress': ExchangeProgressSchema,
  'booklet:progress': BookletProgressSchema,
  'ocr:progress': OcrProgressSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type Contract = typeof CONTRACT;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
