// Schemas of the update methods: what the interface learns about updates, and what it may ask.
import { ERROR_CODES } from '../errors.ts';
import { z } from '../zod.ts';

export const UPDATE_STATES = ['idle', 'checking', 'up-to-date', 'available', 'downloading', 'downloaded', 'error'] as const;
export const UpdateStateSchema = z.enum(UPDATE_STATES);

/** An update feed: plain http is accepted because the metadata is signed and names each file's sha512. */
export const FeedUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export const UpdateErrorSchema = z
  .object({
    code: z.enum(ERROR_CODES),
    messageKey: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const UpdateOfferSchema = z
  .object({
    version: z.string(),
    releaseDate: z.string().nullable(),
    /** Plain text, shown as written (never as HTML). */
    releaseNotes: z.string().nullable(),
    /** Bytes of the installer file this computer would use. */
    size: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type UpdateOffer = z.infer<typeof UpdateOfferSchema>;

export const UpdateProgressSchema = z
  .object({
    percent: z.number().min(0).max(100),
    transferred: z.number().nonnegative(),
    total: z.number().nonnegative(),
    bytesPerSecond: z.number().nonnegative(),
  })
  .strict();

export const UpdateStatusSchema = z
  .object({
    currentVersion: z.string(),
    /** This copy can download and install an update itself (installed desktop app on a supported system). */
    canInstall: z.boolean(),
    /** A folder can be chosen with the system's dialog (desktop app); otherwise the path is typed. */
    canPickFolder: z.boolean(),
    /** The feed checked: the admin's setting, else the address the installer shipped with. */
    feedUrl: z.string().nullable(),
    /** Whether feedUrl comes from the admin's setting (rather than the installer's default). */
    feedUrlIsSetting: z.boolean(),
    state: UpdateStateSchema,
    /** Where the offered update comes from. */
    source: z.enum(['feed', 'folder']).nullable(),
    folder: z.string().nullable(),
    update: UpdateOfferSchema.nullable(),
    progress: UpdateProgressSchema.nullable(),
    error: UpdateErrorSchema.nullable(),
    lastCheckedAt: z.string().nullable(),
  })
  .strict();
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const UpdateFolderInputSchema = z.object({ folder: z.string().trim().min(1).max(1024) }).strict();
export const UpdateFeedInputSchema = z.object({ url: FeedUrlSchema.nullable() }).strict();
/** "Restart and install" closes Carnet: the interface asks first and says so. */
export const UpdateInstallInputSchema = z.object({ confirm: z.literal(true) }).strict();
export const UpdatePickFolderOutputSchema = z.object({ folder: z.string().nullable() }).strict();
