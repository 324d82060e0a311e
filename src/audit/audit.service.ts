import type { z } from '../api/zod.ts';
import type { AuditListInputSchema, AuditListOutputSchema, AuditVerifyOutputSchema } from '../api/schemas/store.ts';
import type { StoreContext } from '../access/store-context.ts';
import { listAudit, verifyAudit } from './audit.repository.ts';

export interface AuditService {
  list(input: z.output<typeof AuditListInputSchema>): Promise<z.output<typeof AuditListOutputSchema>>;
  verify(): Promise<z.output<typeof AuditVerifyOutputSchema>>;
}

export function createAuditService(context: StoreContext): AuditService {
  return {
    async list(input) {
      return listAudit(context.requireOpen().db, input);
    },
    async verify() {
      return verifyAudit(context.requireOpen().db);
    },
  };
}
