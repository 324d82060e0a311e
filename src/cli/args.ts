// A small argument reader: `--name value`, `--name=value`, `--flag`, and positionals.
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) {
        options[arg.slice(2, eq)] = arg.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--') && VALUE_OPTIONS.has(arg.slice(2))) {
          options[arg.slice(2)] = next;
          i++;
        } else {
          options[arg.slice(2)] = true;
        }
      }
    } else if (arg === '-v') {
      options.version = true;
    } else if (arg === '-h') {
      options.help = true;
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, options };
}

/** Options that take a value; every other `--name` is a flag. */
const VALUE_OPTIONS = new Set(['port', 'data-dir', 'centre-name', 'country', 'code', 'admin-user', 'admin-name', 'user', 'role', 'name', 'folder', 'persons', 'seed', 'from', 'to', 'format', 'lang', 'nationality', 'out', 'dir', 'fingerprint', 'days', 'site', 'serial', 'authority', 'trust', 'threshold']);
