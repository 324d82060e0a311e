// Child process of the crash test (node runs this file directly), killed with SIGKILL at a random
// moment:   CARNET_TEST_KEY=<data key, hex> node crash-child.ts <dataDir> <round>
// The parent made its tables (crash_batch, crash_row, crash_total: see the test) in the store.
// It opens the store through the real core, which recovers whatever the previous kill left, then
// writes for ever. Each batch is one transaction: a crash_batch row, exactly k crash_row rows, the
// running totals, and an access-log row through the real appendAudit. Between batches it changes
// the centre settings and adds users through the handlers (the keyring is rewritten then). On
// stdout, one line per finished step: "ready", "ack <batch id>" once a batch has committed,
// "user-start", "user <id>" once users.add has returned (database and keyring both written),
// "settings".
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { openWithKeys } from '../../src/access/open-store.ts';
import { createCore } from '../../src/app/services.ts';
import { appendAudit } from '../../src/audit/audit.repository.ts';
import { findUserByUsername } from '../../src/db/repositories/users.repository.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { ADMIN } from './store.ts';

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

async function main(dataDir: string, round: string, keyHex: string): Promise<void> {
  const core = createCore({ dataDir, mode: 'cli', logger: SILENT_LOGGER });
  const call = async <T = Record<string, unknown>>(method: string, input: unknown = {}): Promise<T> => {
    const result = await core.handlers.invoke(method, input, { transport: 'test' });
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code}`);
    return result.value as T;
  };
  // session.login without its Argon2 step (the parent hands over the data key): the keyring read,
  // openWithKeys (open, WAL recovery, migrations, store check) and setOpen are the app's own.
  const keyring = await core.store.readKeyring();
  const opened = await openWithKeys(core.store, keyring, [{ version: keyring.keyVersion, key: Buffer.from(keyHex, 'hex') }]);
  const user = findUserByUsername(opened.db, ADMIN.username);
  if (!user) throw new Error('no admin');
  core.store.setOpen({ ...opened, user });
  const { db } = opened;
  const nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM crash_batch').pluck();
  const insertBatch = db.prepare('INSERT INTO crash_batch (id, k, audit_seq) VALUES (?, ?, ?)');
  const insertRow = db.prepare('INSERT INTO crash_row (batch, i, payload) VALUES (?, ?, ?)');
  const bump = db.prepare('UPDATE crash_total SET batches = batches + 1, rows = rows + ? WHERE id = 1');
  const writeBatch = db.transaction((k: number, payloadBytes: number): number => {
    const id = nextId.get() as number;
    const seq = appendAudit(db, { userId: user.id, username: user.username, role: user.role, method: 'crash.batch', outcome: 'ok', changes: { batch: id, k } });
    insertBatch.run(id, k, seq);
    for (let i = 0; i < k; i++) insertRow.run(id, i, randomBytes(payloadBytes));
    bump.run(k);
    return id;
  });
  say('ready');

  for (let n = 1; ; n++) {
    if (n % 150 === 0) {
      say('user-start');
      const added = await call<{ id: string }>('users.add', { username: `crash.${round}.${n}`, displayName: `Crash ${round}/${n}`, role: 'viewer', password: 'crash test password' });
      say(`user ${added.id}`);
    } else if (n % 20 === 0) {
      await call('centre.setSettings', { idleLockMinutes: 5 + (n % 50) });
      say('settings');
    } else {
      // Mostly small batches; every 25th spans ~15 pages with overflow pages.
      const big = n % 25 === 0;
      const id = writeBatch(big ? 40 : 12, big ? 1500 : 1 + ((n * 37) % 400));
      say(`ack ${id}`);
    }
  }
}

const [dataDir, round] = process.argv.slice(2);
const keyHex = process.env.CARNET_TEST_KEY;
if (!dataDir || !round || !keyHex) throw new Error('usage: CARNET_TEST_KEY=<hex> crash-child.ts <dataDir> <round>');
await main(dataDir, round, keyHex);
