// The exchange as the contract serves it: one export or inspection at a time, its progress as
// `transfer:progress` events for the screen's progress bar, `transfer.cancel` to stop it (nothing is
// written: the file is written atomically, and an inspection writes nothing), and the choice of a
// file through the desktop's dialog where there is one (browser mode types the path).
import { AppError } from '../api/errors.ts';
import type { z } from '../api/zod.ts';
import type { ApplyInputSchema, ExchangeProgress, ExportInputSchema, ExportResult, ImportPreview, InspectInputSchema, ApplyResult } from '../api/schemas/transfer.ts';
import type { ExchangeService, RunOptions } from './exchange.service.ts';

type In<S extends z.ZodType> = z.output<S>;

export interface PickFileOptions {
  mode: 'save' | 'open';
  /** For a save dialog: the proposed file name. */
  defaultName?: string;
  /** File types offered: name and extensions without the dot. */
  filters?: { name: string; extensions: string[] }[];
}

/** The desktop's file dialog; absent in browser mode and the CLI. */
export type PickFile = (options: PickFileOptions) => Promise<string | null>;

export interface TransferService {
  export(input: In<typeof ExportInputSchema>): Promise<ExportResult>;
  inspect(input: In<typeof InspectInputSchema>): Promise<ImportPreview>;
  apply(input: In<typeof ApplyInputSchema>): Promise<ApplyResult>;
  discard(input: { importId: string }): Promise<Record<string, never>>;
  ips(input: { personId: string }): Promise<{ bundle: { resourceType: 'Bundle'; type: 'document' } & Record<string, unknown> }>;
  cancel(): Promise<Record<string, never>>;
  /** The desktop's file dialog (the screen offers it in the desktop app, and a typed path in browser mode). */
  pickFile(input: PickFileOptions): Promise<{ path: string | null }>;
}

export function createTransferService(exchange: ExchangeService, deps: { onProgress: (progress: ExchangeProgress) => void; pickFile?: PickFile | undefined }): TransferService {
  let running: AbortController | null = null;
  async function run<T>(work: (options: RunOptions) => Promise<T>): Promise<T> {
    if (running) throw new AppError('CONFLICT', { reason: 'transfer-running' });
    const controller = new AbortController();
    running = controller;
    try {
      return await work({ signal: controller.signal, onProgress: deps.onProgress });
    } finally {
      running = null;
    }
  }
  return {
    export: (input) => run((options) => exchange.export(input, options)),
    inspect: (input) => run((options) => exchange.inspect(input, options)),
    apply: (input) => exchange.apply(input),
    discard: (input) => exchange.discard(input),
    ips: async (input) => (await exchange.ips(input)) as { bundle: { resourceType: 'Bundle'; type: 'document' } & Record<string, unknown> },
    async cancel() {
      running?.abort();
      return {};
    },
    async pickFile(input) {
      if (!deps.pickFile) throw new AppError('VALIDATION', { reason: 'no-file-dialog' });
      return { path: await deps.pickFile(input) };
    },
  };
}
