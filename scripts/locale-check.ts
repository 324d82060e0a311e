// node scripts/locale-check.ts <lng> [<lng>...]: what a translation still lacks against English.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkLocale, type LocaleTree } from '../src/i18n/locale-check.ts';

const localesDir = join(import.meta.dirname, '..', 'locales');
const namespaces = readdirSync(join(localesDir, 'en')).map((f) => f.replace(/\.json$/, ''));
const read = (lng: string, ns: string): LocaleTree => {
  const file = join(localesDir, lng, `${ns}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocaleTree) : {};
};
let failed = false;
for (const lng of process.argv.slice(2)) {
  for (const ns of namespaces) {
    const problems = checkLocale(read('en', ns), read(lng, ns), lng);
    failed ||= problems.length > 0;
    console.log(`${lng}/${ns}: ${problems.length === 0 ? 'complete' : `${problems.length} problems`}`);
    for (const p of problems.slice(0, 40)) console.log(`  ${p.problem} ${p.key}${p.detail ? ` (${p.detail})` : ''}`);
  }
}
process.exit(failed ? 1 : 0);
