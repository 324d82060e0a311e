// Where the parts of a transfer file wait while the rest of it is checked. Nothing reaches the
// caller before the manifest's signature and every digest have been verified, so the parts have to
// be held somewhere meanwhile: in memory up to a budget, and beyond it in files that are themselves
// encrypted (STREAM, under a random key that lives only in this process's memory). Plain patient
// data is never written to a temporary file; a staging file left behind by a crash is unreadable.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteReader } from './byte-reader.ts';
import { TransferError } from './errors.ts';
import { ChunkSealer, openChunks } from './stream-cipher.ts';

export const DEFAULT_MEMORY_BUDGET = 32 * 1024 * 1024;
const STAGING_CHUNK = 64 * 1024;

export interface StagingOptions {
  /** Folder for the encrypted staging files; the OS temp folder when absent. */
  dir?: string | undefined;
  /** Bytes of parts kept in memory, all parts together, before spilling to encrypted files. */
  memoryBudget?: number | undefined;
}

export interface StagedPart {
  name: string;
  size: number;
  /** SHA-256 of the part's bytes, hex. */
  sha256: string;
  /** Where it waits (for tests and diagnostics). */
  location: 'memory' | 'encrypted-file';
  /** The part's bytes, in pieces; read again from staging each time. */
  stream(): AsyncGenerator<Buffer>;
  /** The whole part in one buffer: for small parts such as bundle.json. */
  bytes(): Promise<Buffer>;
}

export interface PartWriter {
  write(data: Uint8Array): Promise<void>;
  end(): Promise<StagedPart>;
}

function ioFailed(operation: string, error: unknown): TransferError {
  return new TransferError('TRANSFER_IO_FAILED', { operation, errno: (error as NodeJS.ErrnoException).code ?? 'unknown' });
}

export class Staging {
  private readonly dirOption: string | undefined;
  private readonly memoryBudget: number;
  private memoryUsed = 0;
  private dir: string | undefined;
  private readonly open = new Set<FileHandle>();
  private disposed = false;

  constructor(options: StagingOptions = {}) {
    this.dirOption = options.dir;
    this.memoryBudget = options.memoryBudget ?? DEFAULT_MEMORY_BUDGET;
  }

  /** The folder of this staging's files, once one has been needed. */
  get stagingDir(): string | undefined {
    return this.dir;
  }

  private async folder(): Promise<string> {
    if (this.dir === undefined) {
      try {
        this.dir = await mkdtemp(join(this.dirOption ?? tmpdir(), 'carnet-staging-'));
      } catch (error) {
        throw ioFailed('staging-folder', error);
      }
    }
    return this.dir;
  }

  begin(name: string): PartWriter {
    if (this.disposed) throw new Error('Staging: used after dispose');
    const hash = createHash('sha256');
    const pieces: Buffer[] = [];
    let size = 0;
    let file: { handle: FileHandle; path: string; key: Buffer; sealer: ChunkSealer } | undefined;

    const writeSealed = async (chunks: Buffer[]): Promise<void> => {
      if (!file) return;
      if (chunks.length === 0) return;
      try {
        await file.handle.writev(chunks);
      } catch (error) {
        throw ioFailed('staging-write', error);
      }
    };

    const spill = async (): Promise<void> => {
      const path = join(await this.folder(), `${randomBytes(8).toString('hex')}.part`);
      let handle: FileHandle;
      try {
        handle = await open(path, 'wx', 0o600);
      } catch (error) {
        throw ioFailed('staging-open', error);
      }
      this.open.add(handle);
      const key = randomBytes(32);
      file = { handle, path, key, sealer: new ChunkSealer(key, STAGING_CHUNK) };
      const held = pieces.splice(0);
      for (const piece of held) {
        this.memoryUsed -= piece.length;
        await writeSealed(file.sealer.push(piece));
      }
    };

    return {
      write: async (data: Uint8Array): Promise<void> => {
        if (data.length === 0) return;
        hash.update(data);
        size += data.length;
        if (!file && this.memoryUsed + data.length > this.memoryBudget) await spill();
        if (file) {
          await writeSealed(file.sealer.push(data));
        } else {
          // Copied: the caller's buffer may be reused (or be a view into a larger decrypted chunk).
          pieces.push(Buffer.from(data));
          this.memoryUsed += data.length;
        }
      },
      end: async (): Promise<StagedPart> => {
        const sha256 = hash.digest('hex');
        if (!file) {
          const held = pieces;
          return {
            name,
            size,
            sha256,
            location: 'memory',
            stream: async function* () {
              for (const piece of held) yield piece;
            },
            bytes: async () => Buffer.concat(held, size),
          };
        }
        const { handle, path, key, sealer } = file;
        await writeSealed(sealer.finish());
        try {
          await handle.close();
        } catch (error) {
          throw ioFailed('staging-close', error);
        } finally {
          this.open.delete(handle);
        }
        const stream = async function* (): AsyncGenerator<Buffer> {
          const reader = new ByteReader(createReadStream(path, { highWaterMark: 1024 * 1024 }));
          try {
            yield* openChunks(key, reader, STAGING_CHUNK, { part: 'staging' });
          } finally {
            await reader.close();
          }
        };
        return {
          name,
          size,
          sha256,
          location: 'encrypted-file',
          stream,
          bytes: async () => {
            const out: Buffer[] = [];
            for await (const piece of stream()) out.push(piece);
            return Buffer.concat(out, size);
          },
        };
      },
    };
  }

  /** Delete every staging file and drop what memory holds. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const handle of this.open) await handle.close().catch(() => undefined);
    this.open.clear();
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
