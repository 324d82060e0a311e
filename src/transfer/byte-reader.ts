// Exact-length reads over a stream of byte chunks of any size, without concatenating the whole
// stream: the binary formats here (envelope header, cipher chunks, package records) are all read
// as "give me the next n bytes".

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private done = false;
  /** Bytes handed out so far: the offset of the next read in the stream. */
  offset = 0;

  constructor(source: ByteSource) {
    this.iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  }

  private async fill(wanted: number): Promise<void> {
    while (this.pendingLength < wanted && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const chunk = next.value;
      if (chunk.length === 0) continue;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      this.pending.push(buffer);
      this.pendingLength += buffer.length;
    }
  }

  /** The next `length` bytes, or fewer only where the stream ends. */
  async read(length: number): Promise<Buffer> {
    await this.fill(length);
    const take = Math.min(length, this.pendingLength);
    let out: Buffer;
    const first = this.pending[0];
    if (first !== undefined && first.length >= take) {
      out = first.subarray(0, take);
      if (first.length === take) this.pending.shift();
      else this.pending[0] = first.subarray(take);
    } else {
      out = Buffer.allocUnsafe(take);
      let filled = 0;
      while (filled < take) {
        const head = this.pending[0] as Buffer;
        const n = Math.min(head.length, take - filled);
        head.copy(out, filled, 0, n);
        filled += n;
        if (n === head.length) this.pending.shift();
        else this.pending[0] = head.subarray(n);
      }
    }
    this.pendingLength -= take;
    this.offset += take;
    return out;
  }

  /** True when nothing at all is left. */
  async atEnd(): Promise<boolean> {
    await this.fill(1);
    return this.pendingLength === 0;
  }

  /** Release the source (closes a file stream that is read only partly). */
  async close(): Promise<void> {
    this.pending = [];
    this.pendingLength = 0;
    if (!this.done) {
      this.done = true;
      await this.iterator.return?.();
    }
  }
}

export function u16(value: number): Buffer {
  const out = Buffer.allocUnsafe(2);
  out.writeUInt16BE(value);
  return out;
}

export function u32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value);
  return out;
}

/** Accept a whole buffer as well as an iterable of chunks wherever bytes are streamed in. */
export async function* chunksOf(data: Uint8Array | ByteSource): AsyncGenerator<Uint8Array> {
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  for await (const chunk of data) yield chunk;
}
