import type { AppInfo, Settings, SettingsPatch } from '../api/contract.ts';
import type { Role, User } from '../api/schemas/store.ts';
import type { CentreService } from '../access/centre.service.ts';
import type { SessionService } from '../access/session.service.ts';
import type { SetupService } from '../access/setup.service.ts';
import type { UsersService } from '../access/users.service.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { BackupService } from '../backup/backup.service.ts';
import type { RecordService } from '../record/record.service.ts';
import type { DocumentsService } from '../record/documents.service.ts';
import type { DemoService } from '../demo/demo.service.ts';
import type { SiteService } from '../transfer/site.service.ts';
import type { TransferService } from '../transfer/transfer.service.ts';
import type { ReportService } from '../reports/report.service.ts';
import type { BookletService } from '../booklet/booklet.service.ts';
import type { OcrService } from '../ocr/ocr.service.ts';
import type { UpdateService } from '../release/update.service.ts';

/** Who is calling, and over which transport. */
export interface CallContext {
  transport: 'ipc' | 'http' | 'ws' | 'cli' | 'test';
}

/** The services the host binds the contract to; each group lives in its own folder of src/. */
export interface Services {
  app: {
    info(ctx: CallContext): Promise<AppInfo>;
  };
  settings: {
    get(): Promise<Settings>;
    set(patch: SettingsPatch): Promise<Settings>;
  };
  session: SessionService;
  setup: SetupService;
  users: UsersService;
  centre: CentreService;
  audit: AuditService;
  backup: BackupService;
  record: RecordService;
  documents: DocumentsService;
  demo: DemoService;
  site: SiteService;
  transfer: TransferService;
  reports: ReportService;
  booklet: BookletService;
  ocr: OcrService;
  updates: UpdateService;
}

/** What the host needs to enforce the permission matrix: the logged-in user, if any. */
export interface AccessControl {
  currentUser(): User | null;
  /** The logged-in user did something: restart the idle countdown. */
  activity(): void;
  /** Record a refused call in the access log. */
  denied(method: string, user: User | null, role: Role | null): void;
}

export const OPEN_ACCESS: AccessControl = {
  currentUser: () => null,
  activity: () => undefined,
  denied: () => undefined,
};
