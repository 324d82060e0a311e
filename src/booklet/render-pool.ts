// Booklets drawn on worker threads, one per core (at most `size`), for a relocation group's batch.
// Jobs are answered in any order and matched by id; a worker that cannot start or dies makes the
// pool fall back to drawing on the calling thread, so a batch never fails for want of threads.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { renderBookletFile, type RenderJob } from './booklet-render.ts';

export interface RenderPool {
  render(job: RenderJob): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
  job: RenderJob;
}

export function createRenderPool(options: { workerFile: string | URL; localesDir?: string | undefined; size?: number }): RenderPool {
  // size 0: draw on the calling thread.
  const size = Math.max(0, Math.min(options.size ?? availableParallelism(), 4));
  const workers: { worker: Worker; busy: number }[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let broken = false;

  const failAll = (): void => {
    broken = true;
    // Whatever was in a worker is drawn here instead.
    for (const [id, p] of pending) {
      pending.delete(id);
      renderBookletFile(p.job).then(p.resolve, p.reject);
    }
  };

  for (let i = 0; i < size && !broken; i++) {
    try {
      const worker = new Worker(options.workerFile);
      const slot = { worker, busy: 0 };
      worker.on('message', (message: { id: number; bytes?: Uint8Array; error?: string }) => {
        const p = pending.get(message.id);
        if (!p) return;
        pending.delete(message.id);
        slot.busy--;
        if (message.bytes) p.resolve(message.bytes);
        else p.reject(new Error(message.error ?? 'render failed'));
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => {
        if (code !== 0) failAll();
      });
      workers.push(slot);
    } catch {
      broken = true;
    }
  }

  return {
    render(job) {
      if (broken || workers.length === 0) return renderBookletFile(job);
      const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject, job });
        slot.busy++;
        slot.worker.postMessage({ id, job, ...(options.localesDir !== undefined && { localesDir: options.localesDir }) });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}
