// Schemas of the encrypted store's methods: set-up, session, users, access log, backup.
import { z } from '../zod.ts';

export const ROLES = ['admin', 'clinician', 'mediator', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._-]+$/u);
export const PasswordSchema = z.string().min(10).max(256);
export const DisplayNameSchema = z.string().trim().min(1).max(120);
export const IdSchema = z.string().min(1).max(64);

/** ISO 3166-1 alpha-2, upper case. */
export const CountryCodeSchema = z.string().regex(/^[A-Z]{2}$/);

export const CentreSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    country: CountryCodeSchema,
    /** Short code used in record numbers, e.g. GR-LES. */
    code: z.string().trim().regex(/^[A-Z0-9][A-Z0-9-]{1,15}$/),
  })
  .strict();
export type Centre = z.infer<typeof CentreSchema>;

export const UserSchema = z
  .object({
    id: IdSchema,
    username: z.string(),
    displayName: z.string(),
    role: RoleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .strict();
export type User = z.infer<typeof UserSchema>;

export const SessionSchema = z
  .object({
    /** absent: no store yet (run set-up); locked: store exists, nobody logged in; open: logged in. */
    state: z.enum(['absent', 'locked', 'open']),
    user: UserSchema.optional(),
    centre: CentreSchema.extend({ recoveryConfirmed: z.boolean() }).optional(),
    idleLockMinutes: z.number().int().optional(),
  })
  .strict();
export type Session = z.infer<typeof SessionSchema>;

/** The recovery key as printed: 8 groups of 4 characters (Crockford base32, 160 bits). */
export const RecoveryKeySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[0-9A-HJKMNP-TV-Z]{32}$/));

export const SetupInputSchema = z
  .object({
    centre: CentreSchema,
    admin: z.object({ username: UsernameSchema, displayName: DisplayNameSchema, password: PasswordSchema }).strict(),
  })
  .strict();

export const SetupOutputSchema = z
  .object({
    session: SessionSchema,
    /** Shown once, never stored in clear. */
    recoveryKey: z.string(),
  })
  .strict();

export const LoginInputSchema = z.object({ username: UsernameSchema, password: z.string().min(1).max(256) }).strict();

export const RecoverInputSchema = z
  .object({ recoveryKey: RecoveryKeySchema, username: UsernameSchema, newPassword: PasswordSchema })
  .strict();

export const ChangePasswordInputSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema })
  .strict();

export const AddUserInputSchema = z
  .object({ username: UsernameSchema, displayName: DisplayNameSchema, role: RoleSchema, password: PasswordSchema })
  .strict();

export const ResetUserInputSchema = z.object({ userId: IdSchema, newPassword: PasswordSchema }).strict();
export const SetUserDisabledInputSchema = z.object({ userId: IdSchema, disabled: z.boolean() }).strict();

export const CentreSettingsSchema = z
  .object({
    idleLockMinutes: z.number().int().min(1).max(240),
    backupFolder: z.string().max(1024).nullable(),
    backupDaily: z.boolean(),
    backupKeep: z.number().int().min(1).max(365),
    /** Report cells counting fewer persons than this are hidden, with the cells that would reveal them. */
    reportThreshold: z.number().int().min(2).max(100),
  })
  .strict();
export type CentreSettings = z.infer<typeof CentreSettingsSchema>;

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    userId: z.string().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
    method: z.string(),
    personId: z.string().nullable(),
    outcome: z.enum(['ok', 'denied', 'failed']),
    /** Ids and field names only, never values. */
    changes: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListInputSchema = z
  .object({
    userId: IdSchema.optional(),
    personId: IdSchema.optional(),
    method: z.string().max(64).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    /** Rows with seq below this (for paging backwards in time). */
    beforeSeq: z.number().int().positive().optional(),
  })
  .strict();

export const AuditListOutputSchema = z.object({ entries: z.array(AuditEntrySchema), total: z.number().int() }).strict();

export const AuditVerifyOutputSchema = z
  .object({
    intact: z.boolean(),
    rows: z.number().int(),
    /** The first row whose content or link does not match, or the point where rows are missing. */
    firstBadSeq: z.number().int().nullable(),
    problem: z.enum(['edited', 'deleted', 'truncated']).nullable(),
  })
  .strict();

export const BackupCreateInputSchema = z.object({ folder: z.string().min(1).max(1024).optional() }).strict();
export const BackupInfoSchema = z
  .object({ file: z.string(), bytes: z.number().int(), createdAt: z.string(), verified: z.boolean() })
  .strict();
export const BackupListInputSchema = z.object({ folder: z.string().min(1).max(1024).optional() }).strict();
export const BackupRestoreInputSchema = z.object({ file: z.string().min(1).max(1024), confirm: z.literal(true) }).strict();

export const RotateKeyOutputSchema = z.object({ keyVersion: z.number().int() }).strict();
