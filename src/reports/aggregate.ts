// Reports across centres. A centre signs its report's counts (aggregates only: tables of numbers
// per group, month, age band...; never a person) with its site key; the coordinating office checks
// each file against the network's trust list, adds the tables up cell by cell, and only then hides
// the small cells of the combined report, so a count of 3 at one centre and 4 at another becomes a
// visible 7. The counts inside a file are unsuppressed: it goes to the office, not to the public.
import { z } from '../api/zod.ts';
import { AppError } from '../api/errors.ts';
import { ReportFiltersSchema, ReportHeaderSchema, type HealthReport, type ReportFilters, type ReportHeader, type UseReport } from '../api/schemas/reports.ts';
import type { Db } from '../db/open.ts';
import { TransferError } from '../transfer/errors.ts';
import { jwsKeyId, signJws, verifyJws } from '../transfer/jws.ts';
import type { LocalSite } from '../transfer/site.service.ts';
import { lookupSender, type TrustStore } from '../transfer/trust-list.ts';
import { healthReportCounts } from './health-report.ts';
import { suppress } from './suppression.ts';
import type { CountTable } from './tables.ts';
import { useReportCounts } from './use-report.ts';

export const AGGREGATE_TYP = 'carnet-aggregate-report+jws';

const CountTableSchema = z
  .object({
    id: z.string().max(64),
    titleKey: z.string().max(100),
    title: z.string().max(200),
    unit: z.string().max(32),
    rowDimension: z.string().max(32),
    columnDimension: z.string().max(32),
    rows: z.array(ReportHeaderSchema).max(500),
    columns: z.array(ReportHeaderSchema).max(500),
    cells: z.array(z.array(z.number().int().min(0))),
    rowTotals: z.array(z.number().int().min(0)).nullable(),
    columnTotals: z.array(z.number().int().min(0)).nullable(),
    grandTotal: z.number().int().min(0).nullable(),
  })
  .strict();

export const AggregatePayloadSchema = z
  .object({
    format: z.literal(1),
    kind: z.enum(['use', 'health']),
    filters: ReportFiltersSchema,
    site: z.object({ siteId: z.string(), name: z.string(), country: z.string() }).strict(),
    createdAt: z.string(),
    tables: z.array(CountTableSchema).max(50),
  })
  .strict();
export type AggregatePayload = z.infer<typeof AggregatePayloadSchema>;

/** This centre's counts for a period, signed with its site key. */
export async function signAggregate(db: Db, site: LocalSite, kind: 'use' | 'health', filters: ReportFilters, now: Date): Promise<string> {
  const tables = kind === 'use' ? useReportCounts(db, filters) : healthReportCounts(db, filters);
  const payload: AggregatePayload = {
    format: 1,
    kind,
    filters,
    site: { siteId: site.siteId, name: site.name, country: site.country },
    createdAt: now.toISOString(),
    tables: tables as AggregatePayload['tables'],
  };
  return signJws(payload, site.keys.signingPrivateKey, AGGREGATE_TYP, site.keys.signingKeyId);
}

export interface CombinedReport {
  report: UseReport | HealthReport;
  centres: { siteId: string; name: string; country: string }[];
}

/** Verify every file against the trust list, check they answer the same question, add them up, then suppress. */
export async function combineAggregates(files: readonly string[], trust: TrustStore, options: { now: Date; threshold: number }): Promise<CombinedReport> {
  if (files.length === 0) throw new AppError('VALIDATION', { reason: 'no-files' });
  const payloads: AggregatePayload[] = [];
  for (const [index, jws] of files.entries()) {
    const kid = jwsKeyId(jws);
    if (!kid) throw new TransferError('TRANSFER_TAMPERED', { part: `file ${index + 1}`, reason: 'malformed' });
    const sender = lookupSender(trust, kid, options.now);
    if (sender.status === 'unknown' || !sender.identity) throw new TransferError('TRANSFER_UNKNOWN_SENDER', { part: `file ${index + 1}`, keyId: kid });
    if (sender.status === 'revoked') throw new TransferError('TRANSFER_REVOKED', { part: `file ${index + 1}`, siteId: sender.identity.siteId });
    if (sender.status === 'expired') throw new TransferError('TRANSFER_EXPIRED', { part: `file ${index + 1}`, siteId: sender.identity.siteId });
    if (sender.status === 'not-yet-valid') throw new TransferError('TRANSFER_NOT_YET_VALID', { part: `file ${index + 1}`, siteId: sender.identity.siteId });
    let payload: AggregatePayload;
    try {
      payload = (await verifyJws(jws, sender.identity.signingPublicKey, AGGREGATE_TYP, AggregatePayloadSchema)).payload;
    } catch {
      throw new TransferError('TRANSFER_TAMPERED', { part: `file ${index + 1}`, siteId: sender.identity.siteId });
    }
    if (payload.site.siteId !== sender.identity.siteId) throw new TransferError('TRANSFER_TAMPERED', { part: `file ${index + 1}`, reason: 'site' });
    payloads.push(payload);
  }
  const [first] = payloads as [AggregatePayload, ...AggregatePayload[]];
  for (const p of payloads) {
    if (p.kind !== first.kind || JSON.stringify(p.filters) !== JSON.stringify(first.filters)) throw new AppError('VALIDATION', { reason: 'different-reports', siteId: p.site.siteId });
  }
  const sites = payloads.map((p) => p.site.siteId);
  const twice = sites.find((s, i) => sites.indexOf(s) !== i);
  if (twice) throw new AppError('VALIDATION', { reason: 'same-centre-twice', siteId: twice });

  const tables = first.tables.map((table) => {
    const same = payloads.map((p) => p.tables.find((t) => t.id === table.id)).filter((t): t is AggregatePayload['tables'][number] => t !== undefined);
    return suppress(addUp(same as unknown as CountTable[]), options.threshold);
  });
  const report = { kind: first.kind, filters: first.filters, threshold: options.threshold, tables } as UseReport | HealthReport;
  return { report, centres: payloads.map((p) => p.site) };
}

/** Tables with the same id from several centres, over the union of their rows and columns. */
function addUp(tables: readonly CountTable[]): CountTable {
  const [first] = tables as [CountTable, ...CountTable[]];
  const union = (pick: (t: CountTable) => ReportHeader[]) => {
    const byKey = new Map<string, ReportHeader>();
    for (const t of tables) for (const h of pick(t)) if (!byKey.has(h.key)) byKey.set(h.key, h);
    return [...byKey.values()];
  };
  const rows = union((t) => t.rows);
  const columns = union((t) => t.columns);
  const cells = rows.map(() => columns.map(() => 0));
  const rowTotals = first.rowTotals ? rows.map(() => 0) : null;
  const columnTotals = first.columnTotals ? columns.map(() => 0) : null;
  let grandTotal = first.grandTotal === null ? null : 0;
  for (const t of tables) {
    t.rows.forEach((r, ri) => {
      const R = rows.findIndex((x) => x.key === r.key);
      t.columns.forEach((c, ci) => {
        const C = columns.findIndex((x) => x.key === c.key);
        (cells[R] as number[])[C] = ((cells[R] as number[])[C] ?? 0) + (t.cells[ri]?.[ci] ?? 0);
      });
      if (rowTotals && t.rowTotals) rowTotals[R] = (rowTotals[R] ?? 0) + (t.rowTotals[ri] ?? 0);
    });
    if (columnTotals && t.columnTotals) {
      t.columns.forEach((c, ci) => {
        const C = columns.findIndex((x) => x.key === c.key);
        columnTotals[C] = (columnTotals[C] ?? 0) + (t.columnTotals?.[ci] ?? 0);
      });
    }
    if (grandTotal !== null) grandTotal += t.grandTotal ?? 0;
  }
  return { ...first, rows, columns, cells, rowTotals, columnTotals, grandTotal };
}
