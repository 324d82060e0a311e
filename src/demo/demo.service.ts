// `demo.fill`: synthetic persons i = from .. from+count-1 of a seed, written through the real record
// service, so each is validated, indexed and logged like one typed in. The caller (the home screen, or
// `carnet demo`) asks for small batches and shows progress between them, and can stop between two.
import type { z } from '../api/zod.ts';
import type { DemoFillInputSchema } from '../api/schemas/record.ts';
import type { StoreContext } from '../access/store-context.ts';
import { actionBy } from '../audit/audit.repository.ts';
import { getCentre } from '../db/repositories/centre.repository.ts';
import type { RecordService } from '../record/record.service.ts';
import { demoRecords } from './index.ts';

export interface DemoFillResult {
  persons: number;
  episodes: number;
  entries: number;
}

export interface DemoService {
  fill(input: z.output<typeof DemoFillInputSchema>): Promise<DemoFillResult>;
}

export function createDemoService(record: RecordService, context: StoreContext): DemoService {
  return {
    async fill({ from, count, seed }) {
      const open = context.requireOpen();
      const today = context.now().toISOString().slice(0, 10);
      const hostCountry = getCentre(open.db)?.country ?? 'RS';
      const result: DemoFillResult = { persons: 0, episodes: 0, entries: 0 };
      for (const r of demoRecords(count, { seed, today, hostCountry }, from)) {
        const { id } = await record.register({ person: r.person });
        for (const e of r.episodes) {
          await record.createEpisode({ personId: id, episode: e.episode, entries: e.entries });
          result.episodes++;
          result.entries += e.entries.length;
        }
        result.persons++;
      }
      context.audit(actionBy(open.user, 'demo.fill', { changes: { from, count, seed } }));
      return result;
    },
  };
}
