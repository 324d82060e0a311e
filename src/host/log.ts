// The core's logger. Messages are fixed strings and fields are ids, codes and counts: never names,
// identifiers or clinical values. Callers pass structured fields, not formatted text, so nothing
// from a request can slip into a message.
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createConsoleLogger(scope: string): Logger {
  const write = (level: string, message: string, fields?: LogFields) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...fields });
    process.stderr.write(`${line}\n`);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const SILENT_LOGGER: Logger = { info() {}, warn() {}, error() {} };
