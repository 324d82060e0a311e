// `npm run release:keygen -- --out <file.pem> [--trust] [--comment "who, when"]`: a new Ed25519
// release key. The private key is written once, readable by its owner only, and never overwritten;
// keep it offline (see the README, "Release signing"). --trust adds the public key to the keys the
// app ships (src/release/trusted-keys.json), which a release built from this tree then accepts.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateReleaseKey } from '../src/release/signature.ts';
import { TrustedKeysFileSchema } from '../src/release/trusted-keys.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    trust: { type: 'boolean', default: false },
    comment: { type: 'string' },
    'trusted-keys': { type: 'string', default: resolve(import.meta.dirname, '..', 'src', 'release', 'trusted-keys.json') },
  },
});
if (!values.out) {
  process.stderr.write('release:keygen: pass --out <file.pem> (outside the repository, on the signing machine)\n');
  process.exit(1);
}

const { privateKeyPem, trusted } = generateReleaseKey(values.comment);
try {
  await writeFile(values.out, privateKeyPem, { mode: 0o600, flag: 'wx' });
} catch (error) {
  process.stderr.write(`release:keygen: cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (an existing key is never overwritten)\n`);
  process.exit(1);
}
process.stdout.write(`Private key written to ${values.out}\nPublic key (key id ${trusted.keyId}):\n${JSON.stringify(trusted, null, 2)}\n`);
if (values.trust) {
  const file = values['trusted-keys'];
  const current = TrustedKeysFileSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  const next = { keys: [...current.keys.filter((k) => k.keyId !== trusted.keyId), trusted] };
  await writeFile(file, `${JSON.stringify(TrustedKeysFileSchema.parse(next), null, 2)}\n`);
  process.stdout.write(`Added to ${file}: commit it, then build.\n`);
}
