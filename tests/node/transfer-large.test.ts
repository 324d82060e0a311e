// A 200 MB attachment through export and import: the file is streamed both ways and never held whole
// in memory (the attachment waits in an encrypted staging file while the rest is checked; the
// memory budget of staging is set to 8 MB so that what is measured is the streaming). The
// throughput printed here is informative; speed is judged in `npm run bench`, not by this test.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readTransferFile, writeTransferFile } from '../../src/transfer/transfer-file.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { NOW, makeNetwork } from '../fixtures/transfer/network.ts';

const MB = 1024 * 1024;
const SIZE = 200 * MB;
const temp = makeTempDir('carnet-transfer-large-');
afterAll(() => temp.cleanup());

class Peak {
  private readonly rss0 = process.memoryUsage().rss;
  private readonly ab0 = process.memoryUsage().arrayBuffers;
  rss = 0;
  arrayBuffers = 0;
  sample(): void {
    const now = process.memoryUsage();
    this.rss = Math.max(this.rss, now.rss - this.rss0);
    this.arrayBuffers = Math.max(this.arrayBuffers, now.arrayBuffers - this.ab0);
  }
}

it('streams a 200 MB attachment out and back in with bounded memory', async () => {
  const { lesvos, belgrade, trustList } = await makeNetwork();
  const block = randomBytes(MB);
  const sent = createHash('sha256');
  async function* attachment(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < SIZE / MB; i += 1) {
      const piece = Buffer.from(block);
      piece.writeUInt32BE(i, 0); // no two megabytes alike
      sent.update(piece);
      yield piece;
    }
  }
  const outPath = join(temp.dir, 'large.carnet');
  const stagingDir = join(temp.dir, 'staging');
  mkdirSync(stagingDir);

  const peak = new Peak();
  let started = performance.now();
  const written = await writeTransferFile({
    outPath,
    parts: [
      { name: 'bundle.json', data: Buffer.from('{"resourceType":"Bundle","type":"collection"}') },
      { name: 'attachments/large', data: attachment() },
    ],
    sender: lesvos.sender,
    recipients: [belgrade.keys],
    now: NOW,
    onProgress: () => peak.sample(),
  });
  const writeSeconds = (performance.now() - started) / 1000;
  expect(statSync(outPath).size).toBe(written.bytes);
  expect(written.bytes).toBeGreaterThan(SIZE);

  started = performance.now();
  const result = await readTransferFile({ path: outPath, me: belgrade.keys, trust: { trustList }, now: NOW, staging: { dir: stagingDir, memoryBudget: 8 * MB }, onProgress: () => peak.sample() });
  const readSeconds = (performance.now() - started) / 1000;
  const part = result.part('attachments/large');
  expect(part?.location).toBe('encrypted-file');
  expect(part?.size).toBe(SIZE);

  started = performance.now();
  const received = createHash('sha256');
  let pieces = 0;
  for await (const piece of (part as NonNullable<typeof part>).stream()) {
    received.update(piece);
    if ((pieces += 1) % 16 === 0) peak.sample();
  }
  const streamSeconds = (performance.now() - started) / 1000;
  expect(received.digest('hex')).toBe(sent.digest('hex'));
  await result.dispose();
  expect(readdirSync(stagingDir)).toEqual([]);

  const mbps = (seconds: number): string => (SIZE / MB / seconds).toFixed(0);
  console.log(
    `200 MB: write ${mbps(writeSeconds)} MB/s (${writeSeconds.toFixed(1)} s), read+verify+stage ${mbps(readSeconds)} MB/s (${readSeconds.toFixed(1)} s), ` +
      `stream staged part ${mbps(streamSeconds)} MB/s; peak growth rss ${(peak.rss / MB).toFixed(0)} MB, arrayBuffers ${(peak.arrayBuffers / MB).toFixed(0)} MB`,
  );
  expect(peak.rss).toBeLessThan(100 * MB);
  expect(peak.arrayBuffers).toBeLessThan(100 * MB);
}, 60_000);
