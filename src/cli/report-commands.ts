// `carnet report use|health --from --to --format csv|pdf` (through the same report methods and
// permission checks as the app) and `carnet authority init|sign|revoke|publish` (the coordinating
// office's network authority, on its own machine: files, no centre database).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n/languages.ts';
import { translator } from '../app/translations.ts';
import { reportCsvFiles, reportValueLabel } from '../domain/report-csv.ts';
import type { HealthReport, UseReport } from '../api/schemas/reports.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from '../api/schemas/reports.ts';
import { combineAggregates } from '../reports/aggregate.ts';
import { reportPdf } from '../reports/report-pdf.ts';
import { parseAuthorityPublicKey } from '../transfer/authority-key.ts';
import { verifyTrustList } from '../transfer/trust-list.ts';
import { initAuthority, publishTrustListFile, revokeInState, signSiteCard, writeFileAtomic } from '../transfer/authority-files.ts';
import type { Output } from './main.ts';
import { readSecret } from './secrets.ts';
import { call, CliError, loggedIn, option } from './store-commands.ts';

/** --format, --lang and --out, checked. */
function outputOptions(options: Record<string, string | true>): { format: 'csv' | 'pdf'; lang: LanguageCode; outDir: string } {
  const format = option(options, 'format', false) ?? 'csv';
  if (format !== 'csv' && format !== 'pdf') throw new CliError('--format must be csv or pdf', 2);
  const lang = (option(options, 'lang', false) ?? 'en') as LanguageCode;
  if (!(LANGUAGE_CODES as readonly string[]).includes(lang)) throw new CliError(`--lang must be one of ${LANGUAGE_CODES.join(', ')}`, 2);
  return { format, lang, outDir: resolve(option(options, 'out', false) ?? '.') };
}

/** One CSV per table, labels in `lang`, each written atomically and its path printed. */
async function writeCsvFiles(report: UseReport | HealthReport, lang: LanguageCode, outDir: string, out: Output, rename: (name: string) => string): Promise<void> {
  const t = await translator(lang);
  for (const file of reportCsvFiles(report, { translate: (key, fallback) => t(key, { defaultValue: fallback }), valueLabel: reportValueLabel(lang) })) {
    const path = join(outDir, rename(file.name));
    await writeFileAtomic(path, file.csv);
    out.write(`${path}\n`);
  }
}

export async function runReport(kind: string | undefined, options: Record<string, string | true>, dataDir: string, out: Output, files: readonly string[] = []): Promise<number> {
  if (kind === 'combine') return combine(files, options, out);
  if (kind !== 'use' && kind !== 'health') throw new CliError('say which report: carnet report use|health|combine', 2);
  const from = option(options, 'from') as string;
  const to = option(options, 'to') as string;
  const { format, lang, outDir } = outputOptions(options);
  const filters = { from, to, ...(typeof options['nationality'] === 'string' && { nationality: options['nationality'].toUpperCase() }) };
  const core = await loggedIn(dataDir, options);
  try {
    if (format === 'pdf') {
      const pdf = await call<{ name: string; data: string }>(core, 'report.pdf', { kind, filters, language: lang });
      const path = join(outDir, pdf.name);
      await writeFileAtomic(path, Buffer.from(pdf.data, 'base64'));
      out.write(`${path}\n`);
      return 0;
    }
    const report = await call<UseReport | HealthReport>(core, kind === 'use' ? 'report.use' : 'report.health', { filters });
    await writeCsvFiles(report, lang, outDir, out, (name) => name);
    return 0;
  } finally {
    core.close();
  }
}

/** The coordinating office: centres' signed counts, checked against the trust list, added up, then suppressed. */
async function combine(files: readonly string[], options: Record<string, string | true>, out: Output): Promise<number> {
  if (files.length === 0) throw new CliError('carnet report combine FILE... --authority authority-public.json --trust trust-list.jws', 2);
  const authority = parseAuthorityPublicKey(await readFile(option(options, 'authority') as string, 'utf8'));
  const trustList = await verifyTrustList((await readFile(option(options, 'trust') as string, 'utf8')).trim(), authority);
  const threshold = Number(option(options, 'threshold', false) ?? DEFAULT_SUPPRESSION_THRESHOLD);
  if (!Number.isInteger(threshold) || threshold < 2 || threshold > 100) throw new CliError('--threshold must be a whole number from 2 to 100', 2);
  const { format, lang, outDir } = outputOptions(options);
  const contents = await Promise.all(files.map(async (f) => (await readFile(f, 'utf8')).trim()));
  const { report, centres } = await combineAggregates(contents, { trustList }, { now: new Date(), threshold });
  if (format === 'pdf') {
    const bytes = await reportPdf(report, { t: await translator(lang), lng: lang, valueLabel: reportValueLabel(lang), centreName: centres.map((c) => c.name).join(', ') });
    const path = join(outDir, `carnet-${report.kind}-combined-${report.filters.from}-${report.filters.to}-${lang}.pdf`);
    await writeFileAtomic(path, Buffer.from(bytes));
    out.write(`${path}\n`);
  } else {
    await writeCsvFiles(report, lang, outDir, out, (name) => name.replace(/^(use|health)-/, '$1-combined-'));
  }
  out.write(`Combined ${centres.length} centres: ${centres.map((c) => c.name).join(', ')}\n`);
  return 0;
}

/** The authority's files: a folder holding its sealed key, its state and its public file. */
function authorityFiles(options: Record<string, string | true>) {
  const dir = resolve(option(options, 'dir', false) ?? '.');
  return { keyFile: join(dir, 'authority.key'), stateFile: join(dir, 'authority-state.json'), publicFile: join(dir, 'authority-public.json') };
}

export async function runAuthority(sub: string | undefined, args: readonly string[], options: Record<string, string | true>, out: Output): Promise<number> {
  const files = authorityFiles(options);
  const now = new Date();
  const passphrase = () => readSecret('Authority passphrase: ', 'CARNET_AUTHORITY_PASSPHRASE');
  switch (sub) {
    case 'init': {
      const name = option(options, 'name', false);
      const result = await initAuthority(files, { passphrase: await passphrase(), ...(name !== undefined && { name }) });
      out.write(`Network authority created. Give every centre ${files.publicFile} and read this fingerprint to them:\n${result.fingerprint}\n`);
      return 0;
    }
    case 'sign': {
      const [cardFile] = args;
      if (!cardFile) throw new CliError('carnet authority sign CARD-FILE --fingerprint "…" [--out FILE]', 2);
      const fingerprint = option(options, 'fingerprint') as string;
      const days = option(options, 'days', false);
      const signed = await signSiteCard(files, {
        passphrase: await passphrase(),
        card: (await readFile(cardFile, 'utf8')).trim(),
        fingerprint,
        now,
        ...(days !== undefined && { validDays: Number(days) }),
      });
      const outFile = resolve(option(options, 'out', false) ?? `certificate-${signed.siteId}.jws`);
      await writeFileAtomic(outFile, signed.certificate);
      out.write(`Signed ${signed.name} (${signed.country}), serial ${signed.serial}, valid until ${signed.notAfter}: ${outFile}\n`);
      return 0;
    }
    case 'revoke': {
      const site = option(options, 'site', false);
      const serial = option(options, 'serial', false);
      if ((site === undefined) === (serial === undefined)) throw new CliError('carnet authority revoke --site SITE-ID | --serial SERIAL', 2);
      await revokeInState(files.stateFile, site !== undefined ? { siteId: site } : { serial: serial as string }, { now });
      out.write('Revoked. Publish a new trust list for the centres to learn it.\n');
      return 0;
    }
    case 'publish': {
      const outFile = resolve(option(options, 'out', false) ?? 'trust-list.jws');
      const result = await publishTrustListFile(files, { passphrase: await passphrase(), outFile, now });
      out.write(`Trust list number ${result.sequence} (${result.certificates} centres, ${result.revocations} revoked) written to ${outFile}\n`);
      return 0;
    }
    default:
      throw new CliError('carnet authority init|sign|revoke|publish', 2);
  }
}
