// A .carnet file on disk, end to end. Writing streams the package through the envelope into a
// temporary file beside the target, flushes it and renames it into place: a cancelled or failed
// export leaves no file and no temp file. Reading performs every check (envelope, sender trust,
// certificate validity and revocation, manifest signature, recipients, every part's digest) and
// returns the parts only when all of them passed.
import { createHash, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ByteReader } from './byte-reader.ts';
import type { SiteCard, SiteCertificate } from './certificate.ts';
import { TransferError, throwIfCancelled } from './errors.ts';
import { inspectEnvelope, openEnvelope, sealEnvelope, type EnvelopeHeader, type KdfParameters, type OpenedBy } from './envelope.ts';
import { readPackage, writePackage, type Manifest, type ManifestRecipient, type PackageLimits, type PackageSender, type PartInput } from './package.ts';
import { keyIdOf, type SiteKeys } from './site-keys.ts';
import type { StagedPart, StagingOptions } from './staging.ts';
import { lookupSender, type SenderLookup, type TrustStore } from './trust-list.ts';

export const TRANSFER_FILE_EXTENSION = '.carnet';
const PROGRESS_STEP = 1024 * 1024;
const WRITE_BATCH = 1024 * 1024;

export interface TransferProgress {
  phase: 'writing' | 'reading';
  /** Bytes of the .carnet file written or read so far. */
  bytes: number;
  /** The file's size, when reading. */
  totalBytes?: number;
}

export interface WriteTransferFileOptions {
  outPath: string;
  parts: Iterable<PartInput> | AsyncIterable<PartInput>;
  sender: PackageSender;
  /** Receiving sites: their certificates or paired cards (anything with an X25519 public key). */
  recipients?: readonly { encryptionPublicKey: KeyObject }[] | undefined;
  passphrase?: string | undefined;
  kdf?: KdfParameters | undefined;
  /** Written as the manifest's creation time. */
  now: Date;
  transferId?: string | undefined;
  chunkSize?: number | undefined;
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface WrittenTransfer {
  path: string;
  transferId: string;
  bytes: number;
  /** SHA-256 of the whole file, hex: to compare copies without opening them. */
  sha256: string;
}

function ioFailed(operation: string, error: unknown): unknown {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof TransferError || typeof errno !== 'string') return error;
  return new TransferError('TRANSFER_IO_FAILED', { operation, errno });
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  // Some USB file systems (vfat, exfat through FUSE) refuse fsync on a directory; the rename has
  // still happened, so that refusal is not a failed export.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}

export async function writeTransferFile(options: WriteTransferFileOptions): Promise<WrittenTransfer> {
  const { outPath, signal, onProgress } = options;
  throwIfCancelled(signal);
  const transferId = options.transferId ?? randomUUID();
  const recipients = options.recipients ?? [];
  const envelopeRecipients = recipients.map((r) => r.encryptionPublicKey);
  const manifestRecipients: ManifestRecipient[] = envelopeRecipients.map((key) => ({ kind: 'site', keyId: keyIdOf(key) }));
  if (options.passphrase !== undefined) manifestRecipients.push({ kind: 'passphrase' });

  const dir = dirname(outPath);
  const temp = join(dir, `.${basename(outPath)}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', 0o600);
  } catch (error) {
    throw ioFailed('create', error);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  let reported = 0;
  try {
    const plaintext = writePackage({ parts: options.parts, sender: options.sender, recipients: manifestRecipients, createdAt: options.now, transferId, signal });
    const file = sealEnvelope(plaintext, {
      senderKeyId: options.sender.keys.signingKeyId,
      recipients: envelopeRecipients,
      passphrase: options.passphrase,
      kdf: options.kdf,
      chunkSize: options.chunkSize,
      signal,
    });
    // Pieces are gathered into writes of about a megabyte: fewer system calls, and flash media
    // handle large writes better than many 64 KiB ones.
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      try {
        await (handle as FileHandle).writev(batch);
      } catch (error) {
        throw ioFailed('write', error);
      }
      bytes += batched;
      batch = [];
      batched = 0;
      if (onProgress && bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        onProgress({ phase: 'writing', bytes });
      }
    };
    for await (const piece of file) {
      throwIfCancelled(signal);
      hash.update(piece);
      batch.push(piece);
      batched += piece.length;
      if (batched >= WRITE_BATCH) await flush();
    }
    await flush();
    throwIfCancelled(signal);
    try {
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, outPath);
    } catch (error) {
      throw ioFailed('commit', error);
    }
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
  onProgress?.({ phase: 'writing', bytes });
  return { path: outPath, transferId, bytes, sha256: hash.digest('hex') };
}

// ---- reading ----

export interface ReadTransferFileOptions {
  path: string;
  /** This site's keys (the X25519 pair is what opens the file). */
  me?: Pick<SiteKeys, 'encryptionPrivateKey' | 'encryptionPublicKey'> | undefined;
  passphrase?: string | undefined;
  trust: TrustStore;
  /** Certificates and pairings are judged at this time. */
  now: Date;
  staging?: StagingOptions | undefined;
  limits?: Partial<PackageLimits> | undefined;
  onProgress?: ((progress: TransferProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface TransferSender {
  siteId: string;
  name: string;
  country: string;
  signingKeyId: string;
  fingerprint: string;
  source: 'authority' | 'paired';
  certificate?: SiteCertificate;
}

export interface VerifiedTransfer {
  transferId: string;
  createdAt: Date;
  sender: TransferSender;
  openedBy: OpenedBy;
  manifest: Manifest;
  /** In manifest order; every digest checked. */
  parts: StagedPart[];
  part(name: string): StagedPart | undefined;
  /** Delete the staged parts; call once the import is done (or abandoned). */
  dispose(): Promise<void>;
}

/** The refusal for a sender that is known but may not be trusted now, or is not known at all. */
function senderRefusal(found: SenderLookup, keyId: string, card?: SiteCard): TransferError | undefined {
  const siteId = found.identity?.siteId;
  switch (found.status) {
    case 'valid':
      return undefined;
    case 'revoked':
      return new TransferError('TRANSFER_REVOKED', { keyId, siteId, serial: found.certificate?.serial, revokedAt: found.revocation?.revokedAt });
    case 'expired':
      return new TransferError('TRANSFER_EXPIRED', { keyId, siteId, notAfter: found.certificate?.notAfter.toISOString() });
    case 'not-yet-valid':
      return new TransferError('TRANSFER_NOT_YET_VALID', { keyId, siteId, notBefore: found.certificate?.notBefore.toISOString() });
    case 'unknown':
      // The card is what the receiving admin needs to pair with the sender after a phone call.
      return new TransferError('TRANSFER_UNKNOWN_SENDER', card ? { keyId, siteId: card.siteId, fingerprint: card.fingerprint, siteCard: card.jws } : { keyId });
  }
}

async function* counted(path: string, totalBytes: number, options: ReadTransferFileOptions): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let bytes = 0;
  let reported = 0;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      throwIfCancelled(options.signal);
      bytes += piece.length;
      if (options.onProgress && (bytes - reported >= PROGRESS_STEP || bytes === totalBytes)) {
        reported = bytes;
        options.onProgress({ phase: 'reading', bytes, totalBytes });
      }
      yield piece;
    }
  } catch (error) {
    throw ioFailed('read', error);
  } finally {
    stream.destroy();
  }
}

/** What the file's header says, with no key: whether to ask for a passphrase, which sites it is for. */
export async function inspectTransferFile(path: string): Promise<EnvelopeHeader> {
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    return await inspectEnvelope(stream as AsyncIterable<Buffer>);
  } catch (error) {
    throw ioFailed('read', error);
  } finally {
    stream.destroy();
  }
}

export async function readTransferFile(options: ReadTransferFileOptions): Promise<VerifiedTransfer> {
  const { path, trust, now, signal } = options;
  throwIfCancelled(signal);
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (error) {
    throw ioFailed('open', error);
  }
  const reader = new ByteReader(counted(path, totalBytes, options));
  try {
    const me = options.me;
    const envelope = await openEnvelope(reader, { encryption: me && { privateKey: me.encryptionPrivateKey, publicKey: me.encryptionPublicKey }, passphrase: options.passphrase }, signal);
    const senderKeyId = envelope.header.senderKeyId;
    // Refuse a revoked or expired sender before decrypting hundreds of megabytes; an unknown one is
    // refused once its card has been read, so that the refusal can offer pairing.
    const found = lookupSender(trust, senderKeyId, now);
    if (found.status !== 'valid' && found.status !== 'unknown') throw senderRefusal(found, senderKeyId) as TransferError;

    const pkg = await readPackage(envelope.payload, {
      trustSender: (card) => {
        if (card.signingKeyId !== senderKeyId) throw new TransferError('TRANSFER_TAMPERED', { part: 'sender-card', reason: 'key-mismatch' });
        const refusal = senderRefusal(found, senderKeyId, card);
        if (refusal) throw refusal;
        return (found.identity as NonNullable<SenderLookup['identity']>).signingPublicKey;
      },
      staging: options.staging,
      limits: options.limits,
      signal,
    });
    try {
      const identity = found.identity as NonNullable<SenderLookup['identity']>;
      const { manifest } = pkg;
      if (manifest.sender.keyId !== senderKeyId || manifest.sender.siteId !== identity.siteId) {
        throw new TransferError('TRANSFER_TAMPERED', { part: 'manifest', reason: 'sender-mismatch', keyId: senderKeyId });
      }
      const opened = envelope.openedBy;
      const addressed = manifest.recipients.some((r) => (opened.kind === 'site' ? r.kind === 'site' && r.keyId === opened.keyId : r.kind === 'passphrase'));
      if (!addressed) throw new TransferError('TRANSFER_WRONG_RECIPIENT', { reason: 'not-addressed-by-sender', openedBy: opened.kind });
      const byName = new Map(pkg.parts.map((p) => [p.name, p]));
      return {
        transferId: manifest.transferId,
        createdAt: new Date(manifest.createdAt),
        sender: {
          siteId: identity.siteId,
          name: identity.name,
          country: identity.country,
          signingKeyId: identity.signingKeyId,
          fingerprint: identity.fingerprint,
          source: found.source as 'authority' | 'paired',
          ...(found.certificate ? { certificate: found.certificate } : {}),
        },
        openedBy: opened,
        manifest,
        parts: pkg.parts,
        part: (name) => byName.get(name),
        dispose: () => pkg.dispose(),
      };
    } catch (error) {
      await pkg.dispose();
      throw error;
    }
  } finally {
    await reader.close();
  }
}
