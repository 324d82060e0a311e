import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-512 of a file, base64 (as electron-updater compares it), and its size, read as a stream. */
export async function sha512OfFile(path: string): Promise<{ sha512: string; size: number }> {
  const hash = createHash('sha512');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha512: hash.digest('base64'), size };
}
