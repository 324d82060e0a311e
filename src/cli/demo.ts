// `carnet demo --persons N [--seed S] --user ADMIN`: fill a centre with synthetic persons and their
// visits (src/demo) through the real record service, so every record is validated, indexed and
// logged like one typed in. For a demonstration or a test of scale; never for a centre in use.
import type { Core } from '../app/services.ts';
import type { Output } from './main.ts';
import { call, CliError, loggedIn, option } from './store-commands.ts';

/** Through the service, each person is one transaction with its access-log row: beyond this, seconds become hours. */
export const DEMO_MAX_PERSONS = 100_000;
/** Persons per `demo.fill` call (the contract's limit). */
const DEMO_BATCH = 200;

interface Session {
  user?: { role: string; username: string };
}

function progress(err: Output, interactive: boolean) {
  let last = 0;
  let lastLine = -1;
  return (done: number, total: number, episodes: number, final = false) => {
    const now = Date.now();
    const percent = Math.floor((done / total) * 100);
    if (interactive) {
      if (!final && now - last < 200) return;
      last = now;
      err.write(`\rdemo: ${done}/${total} persons (${percent}%), ${episodes} visits${final ? '\n' : ''}`);
    } else if (final || Math.floor(percent / 10) > lastLine) {
      lastLine = Math.floor(percent / 10);
      err.write(`demo: ${done}/${total} persons (${percent}%), ${episodes} visits\n`);
    }
  };
}

export async function runDemo(options: Record<string, string | true>, dataDir: string, out: Output, err: Output): Promise<number> {
  const count = Number(option(options, 'persons'));
  if (!Number.isInteger(count) || count < 1) throw new CliError('--persons must be a whole number of at least 1', 2);
  if (count > DEMO_MAX_PERSONS) {
    throw new CliError(`refusing ${count} persons: at most ${DEMO_MAX_PERSONS} through the record service (one transaction and access-log row each). Fill larger test stores directly, as bench/record.bench.ts does.`, 2);
  }
  const seedText = option(options, 'seed', false) ?? '1';
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || seed > 2 ** 31) throw new CliError('--seed must be a whole number from 0 to 2147483648', 2);
  option(options, 'user');

  const core: Core = await loggedIn(dataDir, options);
  try {
    const session = await call<Session>(core, 'session.get', {});
    if (session.user?.role !== 'admin') throw new CliError('only an admin may fill a centre with demo data [FORBIDDEN]');
    const report = progress(err, (err as { isTTY?: boolean }).isTTY === true);
    const started = Date.now();
    let persons = 0;
    let episodes = 0;
    let entries = 0;
    while (persons < count) {
      const batch = await call<{ persons: number; episodes: number; entries: number }>(core, 'demo.fill', { from: persons, count: Math.min(DEMO_BATCH, count - persons), seed });
      persons += batch.persons;
      episodes += batch.episodes;
      entries += batch.entries;
      report(persons, count, episodes);
    }
    report(persons, count, episodes, true);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out.write(`Added ${persons} demo persons with ${episodes} visits and ${entries} entries (seed ${seedText}) in ${seconds} s.\n`);
    return 0;
  } finally {
    core.close();
  }
}
