// Schemas of transfer between centres: this site's identity and whom it trusts (site.*), files of
// records sent and received (transfer.*), and the International Patient Summary. The services in
// src/transfer take the parsed (output) types of these.
import { z } from '../zod.ts';
import { GlobalIdSchema, IsoDateSchema, IsoDateTimeSchema } from '../../domain/envelope.ts';
import { PersonSchema, SexSchema } from '../../domain/person.ts';
import { DuplicateCandidateSchema } from './record.ts';

/** A site id as certificates carry it (Carnet makes UUIDs; the format allows the network's own names). */
export const SiteIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
/** Eight groups of four digits, as typed or read aloud: spaces and dashes are ignored when compared. */
export const FingerprintSchema = z.string().trim().min(32).max(64);
const CompactJwsSchema = z.string().trim().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
const CountrySchema = z.string().regex(/^[A-Z]{2}$/);
const FilePathSchema = z.string().min(1).max(4096);

// ---------------------------------------------------------------------------------------------
// Site identity and trust

export const CertificateStatusSchema = z.enum(['none', 'valid', 'expired', 'not-yet-valid', 'revoked', 'unverified']);

export const SiteIdentitySchema = z
  .object({
    siteId: z.string(),
    name: z.string(),
    country: z.string(),
    /** False until ensureIdentity has made the keys. */
    configured: z.boolean(),
    signingKeyId: z.string().nullable(),
    encryptionKeyId: z.string().nullable(),
    /** The digits to read aloud to the other centre or the coordinating office. */
    fingerprint: z.string().nullable(),
    /** The self-signed site card (compact JWS) to hand to the authority or to a centre pairing with this one. */
    card: z.string().nullable(),
    createdAt: z.string().nullable(),
    certificate: z
      .object({
        /** unverified: there is a certificate but no pinned authority (or another one) to check it against. */
        status: CertificateStatusSchema,
        serial: z.string().optional(),
        notBefore: z.string().optional(),
        notAfter: z.string().optional(),
        /** As the authority names the site. */
        name: z.string().optional(),
        country: z.string().optional(),
      })
      .strict(),
    authority: z.object({ keyId: z.string(), fingerprint: z.string(), pinnedAt: z.string() }).strict().nullable(),
    trustList: z
      .object({ sequence: z.number().int(), issuedAt: z.string(), importedAt: z.string(), certificates: z.number().int(), revocations: z.number().int() })
      .strict()
      .nullable(),
    pairedSites: z.number().int(),
  })
  .strict();
export type SiteIdentityView = z.infer<typeof SiteIdentitySchema>;

/** Pin the network authority: its public file (or bare SPKI, base64) and the fingerprint read out by the office. */
export const SetAuthorityInputSchema = z.object({ publicKey: z.string().trim().min(1).max(4096), fingerprint: FingerprintSchema }).strict();
export const ImportCertificateInputSchema = z.object({ certificate: CompactJwsSchema.max(8192) }).strict();
/** The trust list file's content (a compact JWS). */
export const ImportTrustListInputSchema = z.object({ trustList: CompactJwsSchema.max(64 * 1024 * 1024) }).strict();
export const ImportTrustListOutputSchema = z
  .object({ sequence: z.number().int(), certificates: z.number().int(), revocations: z.number().int(), certificateAdopted: z.boolean() })
  .strict();
/** Pair with a centre that has no certificate: its card, and the fingerprint its admin read out on the phone. */
export const PairInputSchema = z.object({ card: CompactJwsSchema.max(65_536), fingerprint: FingerprintSchema }).strict();
export const UnpairInputSchema = z.object({ siteId: SiteIdSchema }).strict();

export const TrustedSiteSchema = z
  .object({
    siteId: z.string(),
    name: z.string(),
    country: z.string(),
    fingerprint: z.string(),
    source: z.enum(['authority', 'paired']),
    /** Only 'valid' sites can be chosen as recipients; the others are listed so that the screen can say why. */
    status: z.enum(['valid', 'revoked', 'expired', 'not-yet-valid']),
    notAfter: z.string().optional(),
  })
  .strict();
export const TrustedSitesOutputSchema = z.object({ sites: z.array(TrustedSiteSchema) }).strict();
export type TrustedSite = z.infer<typeof TrustedSiteSchema>;

// ---------------------------------------------------------------------------------------------
// Export

export const ExportSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('persons'), personIds: z.array(GlobalIdSchema).min(1).max(10_000) }).strict(),
  /** A relocation group: everyone (active) who arrived between two dates, inclusive. */
  z
    .object({ kind: z.literal('arrived'), from: IsoDateSchema, to: IsoDateSchema })
    .strict()
    .refine((s) => s.from <= s.to, { message: 'from is after to', path: ['to'] }),
  /** Every person whose record, episodes or entries changed at or after a time (voids included). */
  z.object({ kind: z.literal('changedSince'), since: IsoDateTimeSchema }).strict(),
]);
export type ExportSelection = z.infer<typeof ExportSelectionSchema>;

export const ExportInputSchema = z
  .object({
    selection: ExportSelectionSchema,
    /** Receiving sites (valid in the trust list or paired): the file opens with their keys. */
    recipients: z.array(SiteIdSchema).max(64).default([]),
    /** Also (or only) protect the file with a generated passphrase, for a receiver without a certificate. */
    passphrase: z.boolean().default(false),
    /** Where to write the .carnet file; its folder must exist. */
    outPath: FilePathSchema,
  })
  .strict()
  .refine((i) => i.recipients.length > 0 || i.passphrase, { message: 'Choose a receiving centre or a passphrase', path: ['recipients'] });

export const ExportOutputSchema = z
  .object({
    transferId: z.uuid(),
    path: z.string(),
    persons: z.number().int(),
    episodes: z.number().int(),
    entries: z.number().int(),
    documents: z.number().int(),
    bytes: z.number().int(),
    sha256: z.string(),
    /** The generated passphrase: shown once to the user, never stored. */
    passphrase: z.string().optional(),
  })
  .strict();
export type ExportResult = z.infer<typeof ExportOutputSchema>;

/** What export and import report while they run (an event for the screen's progress bar). */
export const ExchangeProgressSchema = z
  .object({
    phase: z.enum(['selecting', 'writing', 'reading', 'checking']),
    done: z.number().int().optional(),
    total: z.number().int().optional(),
    bytes: z.number().int().optional(),
    totalBytes: z.number().int().optional(),
  })
  .strict();
export type ExchangeProgress = z.infer<typeof ExchangeProgressSchema>;

// ---------------------------------------------------------------------------------------------
// Import: inspect (preview), apply, discard

export const InspectInputSchema = z.object({ path: FilePathSchema, passphrase: z.string().min(1).max(200).optional() }).strict();

export const RecordTypeSchema = z.enum(['person', 'episode', 'entry']);

/**
 * A field changed at both centres since they last exchanged the record. `field` is a top-level field
 * of the person, episode or entry (names, phone, value, note...), or `recordStatus` for its status
 * (active, voided with its reason, merged into another person).
 */
export const ConflictSchema = z
  .object({ recordType: RecordTypeSchema, id: GlobalIdSchema, field: z.string(), local: z.unknown(), incoming: z.unknown() })
  .strict();
export type Conflict = z.infer<typeof ConflictSchema>;

export const RecordCountsSchema = z
  .object({ new: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), older: z.number().int() })
  .strict();

/** new: not here; update: newer than here (or changed at both: see conflicts); unchanged; older: here is newer, nothing is lost. */
export const ImportStatusSchema = z.enum(['new', 'update', 'unchanged', 'older']);

export const PersonPreviewSchema = z
  .object({
    personId: GlobalIdSchema,
    status: ImportStatusSchema,
    /** The person as the file holds them. */
    incoming: z
      .object({
        names: PersonSchema.shape.names,
        sex: SexSchema,
        birth: PersonSchema.shape.birth,
        nationality: z.string().optional(),
        /** The record number at the sending centre. */
        recordNumber: z.string(),
        status: z.enum(['active', 'voided', 'merged']),
        mergedInto: GlobalIdSchema.optional(),
      })
      .strict(),
    /** The same record here, if there is one. */
    local: z.object({ recordNumber: z.string(), status: z.enum(['active', 'voided', 'merged']) }).strict().nullable(),
    /** For a new person: local persons who may be the same person (the registration matcher). */
    duplicates: z.array(DuplicateCandidateSchema),
    episodes: RecordCountsSchema,
    entries: RecordCountsSchema,
    /** Attached documents that are new here. */
    documents: z.number().int(),
    conflicts: z.array(ConflictSchema),
  })
  .strict();
export type PersonPreview = z.infer<typeof PersonPreviewSchema>;

export const ImportPreviewSchema = z
  .object({
    /** Give it to apply (or discard) within 30 minutes; the checked content waits in memory until then. */
    importId: z.uuid(),
    expiresAt: z.string(),
    transferId: z.uuid(),
    createdAt: z.string(),
    /** This very file was applied here before: applying it again changes nothing. */
    alreadyImported: z.boolean(),
    importedAt: z.string().optional(),
    sender: z
      .object({ siteId: z.string(), name: z.string(), country: CountrySchema, fingerprint: z.string(), source: z.enum(['authority', 'paired']) })
      .strict(),
    openedBy: z.enum(['site', 'passphrase']),
    totals: z
      .object({
        persons: RecordCountsSchema,
        episodes: RecordCountsSchema,
        entries: RecordCountsSchema,
        documents: z.number().int(),
        conflicts: z.number().int(),
        duplicates: z.number().int(),
      })
      .strict(),
    persons: z.array(PersonPreviewSchema),
  })
  .strict();
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ResolutionSchema = z
  .object({ recordType: RecordTypeSchema, id: GlobalIdSchema, field: z.string().min(1).max(64), take: z.enum(['local', 'incoming']) })
  .strict();
export type Resolution = z.infer<typeof ResolutionSchema>;

/** "This incoming person is local person X": the incoming record is kept (its global id) and merged into X. */
export const ImportLinkSchema = z.object({ incomingPersonId: GlobalIdSchema, localPersonId: GlobalIdSchema }).strict();

export const ApplyInputSchema = z
  .object({
    importId: z.uuid(),
    /** One per conflict of the preview. */
    resolutions: z.array(ResolutionSchema).max(100_000).default([]),
    links: z.array(ImportLinkSchema).max(10_000).default([]),
  })
  .strict();

const WrittenCountsSchema = z.object({ created: z.number().int(), updated: z.number().int() }).strict();

export const ApplyOutputSchema = z
  .object({
    transferId: z.uuid(),
    /** The file had been applied before: nothing was written. */
    alreadyImported: z.boolean(),
    persons: z.object({ created: z.number().int(), updated: z.number().int(), linked: z.number().int() }).strict(),
    episodes: WrittenCountsSchema,
    entries: WrittenCountsSchema,
    documents: z.number().int(),
    conflictsResolved: z.number().int(),
  })
  .strict();
export type ApplyResult = z.infer<typeof ApplyOutputSchema>;

export const ImportIdInputSchema = z.object({ importId: z.uuid() }).strict();

// ---------------------------------------------------------------------------------------------
// International Patient Summary

export const IpsInputSchema = z.object({ personId: GlobalIdSchema }).strict();
/** A FHIR R4 Bundle of type document (Composition first), as JSON. */
export const IpsOutputSchema = z
  .object({ bundle: z.looseObject({ resourceType: z.literal('Bundle'), type: z.literal('document') }) })
  .strict();

/** A file dialog of the desktop app: where to save a transfer file, or which one to open. */
export const PickFileInputSchema = z
  .object({
    mode: z.enum(['save', 'open']),
    defaultName: z.string().max(255).regex(/^[^/\\]+$/).optional(),
    filters: z.array(z.object({ name: z.string().max(100), extensions: z.array(z.string().regex(/^[a-z0-9]{1,10}$/)).max(10) }).strict()).max(5).optional(),
  })
  .strict();
