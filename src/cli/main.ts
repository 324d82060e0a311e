// The `carnet` command. Each command runs on the same core services as the app.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../app/paths.ts';
import { APP_NAME, APP_VERSION } from '../app/version.ts';
import { parseArgs } from './args.ts';
import { DEMO_MAX_PERSONS, runDemo } from './demo.ts';
import { runOcr } from './ocr-command.ts';
import { runAuthority, runReport } from './report-commands.ts';
import { serve } from './serve.ts';
import { CliError, runStoreCommand } from './store-commands.ts';

const STORE_COMMANDS = new Set(['init', 'user', 'backup', 'restore', 'audit']);

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const HELP = `Usage: carnet <command> [options]

Commands:
  serve            Run browser mode: the app on http://127.0.0.1 for this computer only
    --port N         listen on port N (default: any free port)
    --data-dir DIR   the data folder (default: ${defaultDataDir()})

  init             Set up the centre and its first admin (prints the recovery key once)
    --centre-name NAME --country CC --code CODE --admin-user NAME [--admin-name "Full name"]
  user add USERNAME --role admin|clinician|mediator|viewer [--name "Full name"] --user ADMIN
  user passwd USERNAME --user ADMIN      Set a new password for USERNAME
  user disable USERNAME --user ADMIN
  backup [--folder DIR] --user ADMIN     Encrypted, verified copy (default: the centre's backup folder)
  restore FILE --yes --user ADMIN        Replace the records with a backup of this centre
  audit verify --user ADMIN              Check the access log's hash chain (exit 3 if tampered)
  demo --persons N [--seed S] --user ADMIN
                   Fill the centre with N synthetic persons and their visits (at most ${DEMO_MAX_PERSONS.toLocaleString('en')});
                   the same seed gives the same persons. For demonstrations and tests, never a centre in use
  report use|health --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|pdf] [--lang el] [--nationality SY] [--out DIR] --user USER
                   The use or health report (small counts hidden): one CSV per table, or a PDF
  report combine FILE... --authority authority-public.json --trust trust-list.jws [--threshold 5] [--format csv|pdf]
                   The coordinating office: add up centres' signed counts (Reports → signed counts), then hide small cells

  ocr FILE [--lang en,el]                   A lab report (PDF, JPEG, PNG, TIFF) read into result rows, as JSON
                   (languages: en, fr, el, it, sr, sr-Latn, hr, ro, ar, sl, bg; English is always read too)

  authority init [--name NAME] [--dir DIR]        The coordinating office's network authority (its own machine)
  authority sign CARD-FILE --fingerprint "…" [--days N] [--out FILE] [--dir DIR]
  authority revoke --site SITE-ID | --serial SERIAL [--dir DIR]
  authority publish [--out trust-list.jws] [--dir DIR]
                   The authority's passphrase is asked for, or read from CARNET_AUTHORITY_PASSPHRASE

Passwords are asked for at a hidden prompt, or read from CARNET_PASSWORD (the --user's or the first
admin's) and CARNET_NEW_PASSWORD (a new user's), or from standard input.

Options:
  --data-dir DIR   the data folder (default: ${defaultDataDir()})
  --version, -v    Print the version
  --help, -h       Print this help
`;

/** Where the command writes; process.stdout/stderr in real use. */
export interface Output {
  write(text: string): unknown;
}

export async function run(argv: readonly string[], out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  const { positionals, options } = parseArgs(argv);
  if (options.version) {
    out.write(`${APP_NAME} ${APP_VERSION}\n`);
    return 0;
  }
  const [command] = positionals;
  if (options.help || command === undefined || command === 'help') {
    out.write(HELP);
    return command === undefined && !options.help ? 1 : 0;
  }
  if (command === 'serve') {
    const port = options.port === undefined ? undefined : Number(options.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      err.write('carnet serve: --port must be a number from 0 to 65535\n');
      return 2;
    }
    const dataDir = typeof options['data-dir'] === 'string' ? resolve(options['data-dir']) : defaultDataDir();
    const server = await serve({ root: PROJECT_ROOT, dataDir, port });
    out.write(`Carnet is running in browser mode. Open this address in Chromium, Chrome or Edge:\n${server.url}\n`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return await new Promise<number>(() => undefined);
  }
  if (command === 'ocr') {
    try {
      return await runOcr(positionals[1], options, out, err);
    } catch (error) {
      if (error instanceof CliError) {
        err.write(`carnet ocr: ${error.message}\n`);
        return error.exitCode;
      }
      throw error;
    }
  }
  if (command === 'authority') {
    try {
      return await runAuthority(positionals[1], positionals.slice(2), options, out);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof CliError || code !== undefined) {
        err.write(`carnet authority: ${error instanceof CliError ? error.message : `${code} ${JSON.stringify((error as { details?: unknown }).details ?? {})}`}\n`);
        return error instanceof CliError ? error.exitCode : 1;
      }
      throw error;
    }
  }
  if (STORE_COMMANDS.has(command) || command === 'demo' || command === 'report') {
    const dataDir = typeof options['data-dir'] === 'string' ? resolve(options['data-dir']) : defaultDataDir();
    try {
      if (command === 'demo') return await runDemo(options, dataDir, out, err);
      if (command === 'report' && positionals[1] === 'combine') return await runReport('combine', options, dataDir, out, positionals.slice(2));
      if (command === 'report') return await runReport(positionals[1], options, dataDir, out);
      return await runStoreCommand(command, positionals.slice(1), options, dataDir, out);
    } catch (error) {
      if (error instanceof CliError) {
        err.write(`carnet ${command}: ${error.message}\n`);
        return error.exitCode;
      }
      throw error;
    }
  }
  err.write(`carnet: unknown command '${command}'. Run 'carnet --help'.\n`);
  return 2;
}
