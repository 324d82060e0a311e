// Chunked authenticated encryption, the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár
// 2015) over AES-256-GCM, as age uses it: chunk i is sealed with nonce = 11-byte big-endian i, then a
// byte that is 1 on the last chunk and 0 otherwise. Dropping, reordering or appending chunks breaks
// the tag of the chunk where it happens, and a stream cut after any chunk lacks the last-chunk flag.
//
// Every chunk is the same size on the wire: its plaintext is a 4-byte length, then the data, then
// zero padding up to the chunk size. Non-final chunks are full; the final one holds 0..chunkSize
// bytes. Fixed framing is what lets a reader tell "the file was cut" (too few bytes for a whole chunk,
// or it ends after a non-final chunk) from "a byte was changed" (a whole chunk whose tag fails). It
// costs at most one chunk of padding per stream.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { ByteReader, ByteSource } from './byte-reader.ts';
import { TransferError, throwIfCancelled } from './errors.ts';

export const TAG_BYTES = 16;
const LENGTH_BYTES = 4;
const NONCE_BYTES = 12;
const MAX_COUNTER = 2 ** 48;

export function wireChunkBytes(chunkSize: number): number {
  return LENGTH_BYTES + chunkSize + TAG_BYTES;
}

function nonce(counter: number, final: boolean): Buffer {
  if (counter >= MAX_COUNTER) throw new TransferError('TRANSFER_TOO_LARGE', { reason: 'chunk-count' });
  const out = Buffer.alloc(NONCE_BYTES);
  out.writeUIntBE(counter, 5, 6);
  out[11] = final ? 1 : 0;
  return out;
}

/** Ciphertext and tag as two buffers: joining them would copy every chunk once more for nothing. */
function seal(key: Uint8Array, counter: number, final: boolean, plaintext: Buffer): Buffer[] {
  const cipher = createCipheriv('aes-256-gcm', key, nonce(counter, final), { authTagLength: TAG_BYTES });
  const ciphertext = cipher.update(plaintext);
  const rest = cipher.final();
  return rest.length === 0 ? [ciphertext, cipher.getAuthTag()] : [ciphertext, rest, cipher.getAuthTag()];
}

function unseal(key: Uint8Array, counter: number, final: boolean, wire: Buffer): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(counter, final), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(wire.subarray(wire.length - TAG_BYTES));
    const plaintext = decipher.update(wire.subarray(0, wire.length - TAG_BYTES));
    const rest = decipher.final();
    return rest.length === 0 ? plaintext : Buffer.concat([plaintext, rest]);
  } catch {
    return undefined;
  }
}

/** Push-style sealing, for writers that receive data as it comes (the staging of parts). */
export class ChunkSealer {
  private readonly key: Uint8Array;
  private readonly chunkSize: number;
  private readonly plain: Buffer;
  private filled = 0;
  private counter = 0;
  private finished = false;

  constructor(key: Uint8Array, chunkSize: number) {
    this.key = key;
    this.chunkSize = chunkSize;
    this.plain = Buffer.alloc(LENGTH_BYTES + chunkSize);
  }

  /** Sealed bytes of the chunks now complete; a full chunk is sealed only once more data follows it. */
  push(data: Uint8Array): Buffer[] {
    if (this.finished) throw new Error('ChunkSealer: push after finish');
    const out: Buffer[] = [];
    let offset = 0;
    while (offset < data.length) {
      if (this.filled === this.chunkSize) {
        this.plain.writeUInt32BE(this.chunkSize, 0);
        out.push(...seal(this.key, this.counter, false, this.plain));
        this.counter += 1;
        this.filled = 0;
      }
      const n = Math.min(this.chunkSize - this.filled, data.length - offset);
      this.plain.set(data.subarray(offset, offset + n), LENGTH_BYTES + this.filled);
      this.filled += n;
      offset += n;
    }
    return out;
  }

  finish(): Buffer[] {
    if (this.finished) throw new Error('ChunkSealer: finished twice');
    this.finished = true;
    this.plain.writeUInt32BE(this.filled, 0);
    this.plain.fill(0, LENGTH_BYTES + this.filled);
    const last = seal(this.key, this.counter, true, this.plain);
    this.plain.fill(0);
    return last;
  }
}

export async function* sealChunks(key: Uint8Array, source: ByteSource, chunkSize: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const sealer = new ChunkSealer(key, chunkSize);
  for await (const data of source) {
    throwIfCancelled(signal);
    yield* sealer.push(data);
  }
  throwIfCancelled(signal);
  yield* sealer.finish();
}

export interface OpenChunksOptions {
  /** Named in errors: `payload` for a transfer file, `staging` for a staged part. */
  part: string;
  signal?: AbortSignal | undefined;
}

/**
 * Yield each chunk's data once its tag has been checked. The stream as a whole is proven complete
 * only when this generator returns normally: a consumer must not act on the data before that.
 */
export async function* openChunks(key: Uint8Array, reader: ByteReader, chunkSize: number, options: OpenChunksOptions): AsyncGenerator<Buffer> {
  const wireBytes = wireChunkBytes(chunkSize);
  const { part, signal } = options;
  for (let chunk = 0; ; chunk += 1) {
    throwIfCancelled(signal);
    const wire = await reader.read(wireBytes);
    if (wire.length === 0) throw new TransferError('TRANSFER_TRUNCATED', { part, chunk, reason: 'no-final-chunk' });
    if (wire.length < wireBytes) throw new TransferError('TRANSFER_TRUNCATED', { part, chunk, reason: 'partial-chunk' });
    const middle = unseal(key, chunk, false, wire);
    if (middle) {
      if (middle.readUInt32BE(0) !== chunkSize) throw new TransferError('TRANSFER_TAMPERED', { part, chunk, reason: 'chunk-length' });
      yield middle.subarray(LENGTH_BYTES);
      continue;
    }
    const last = unseal(key, chunk, true, wire);
    if (!last) throw new TransferError('TRANSFER_TAMPERED', { part, chunk, reason: 'authentication' });
    const length = last.readUInt32BE(0);
    if (length > chunkSize || last.subarray(LENGTH_BYTES + length).some((byte) => byte !== 0)) {
      throw new TransferError('TRANSFER_TAMPERED', { part, chunk, reason: 'chunk-length' });
    }
    if (!(await reader.atEnd())) throw new TransferError('TRANSFER_TAMPERED', { part, chunk: chunk + 1, reason: 'data-after-final-chunk' });
    if (length > 0) yield last.subarray(LENGTH_BYTES, LENGTH_BYTES + length);
    return;
  }
}
