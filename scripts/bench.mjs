// `npm run bench`: every bench/*.bench.ts in turn (Node 24 runs the TypeScript directly).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const only = process.argv[2];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  const { run } = await import(pathToFileURL(join(dir, file)).href);
  await run();
}
