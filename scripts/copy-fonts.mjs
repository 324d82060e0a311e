// `node scripts/copy-fonts.mjs`: copy the font faces the PDFs use from the installed @expo-google-fonts
// packages into resources/fonts, with one OFL.txt and a README naming each file's package, version and
// sha256. The copies are committed; this script only makes an update reproducible (bump the packages,
// run it, review the diff, re-run the pdf tests).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'resources', 'fonts');

// Only the faces src/pdf/fonts.ts loads. The file names follow the upstream Noto naming.
const FACES = [
  { pkg: '@expo-google-fonts/noto-sans', from: '400Regular/NotoSans_400Regular.ttf', to: 'NotoSans-Regular.ttf' },
  { pkg: '@expo-google-fonts/noto-sans', from: '700Bold/NotoSans_700Bold.ttf', to: 'NotoSans-Bold.ttf' },
  { pkg: '@expo-google-fonts/noto-naskh-arabic', from: '400Regular/NotoNaskhArabic_400Regular.ttf', to: 'NotoNaskhArabic-Regular.ttf' },
  { pkg: '@expo-google-fonts/noto-naskh-arabic', from: '700Bold/NotoNaskhArabic_700Bold.ttf', to: 'NotoNaskhArabic-Bold.ttf' },
  { pkg: '@expo-google-fonts/noto-nastaliq-urdu', from: '400Regular/NotoNastaliqUrdu_400Regular.ttf', to: 'NotoNastaliqUrdu-Regular.ttf' },
];

const packageDir = (pkg) => join(root, 'node_modules', ...pkg.split('/'));
const versionOf = (pkg) => JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')).version;
const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

mkdirSync(target, { recursive: true });
const rows = [];
for (const face of FACES) {
  const dest = join(target, face.to);
  copyFileSync(join(packageDir(face.pkg), face.from), dest);
  rows.push(`| ${face.to} | ${face.pkg} | ${versionOf(face.pkg)} | ${face.from} | ${sha256(dest).slice(0, 16)} |`);
}

// Each package ships the same OFL 1.1 text under its own copyright line: one file keeps every line.
const packages = [...new Set(FACES.map((f) => f.pkg))];
const licences = packages.map((pkg) => readFileSync(join(packageDir(pkg), 'LICENSE_FONT'), 'utf8').replace(/\r\n/g, '\n'));
const copyrights = licences.map((text) => text.split('\n')[0]);
const body = licences[0].slice(licences[0].indexOf('-----'));
const ofl = [
  ...copyrights,
  '',
  'This Font Software is licensed under the SIL Open Font License, Version 1.1.',
  'This license is copied below, and is also available with a FAQ at:',
  'https://openfontlicense.org',
  '',
  '',
  body,
].join('\n');
writeFileSync(join(target, 'OFL.txt'), ofl);

const readme = `# Fonts

The faces the PDFs (booklet, reports) embed, as subsets. All are licensed under the SIL Open Font
License 1.1: see OFL.txt. They are copies of files in npm packages (devDependencies); re-copy with
\`node scripts/copy-fonts.mjs\` after updating those packages, and re-run the pdf tests.

| File | npm package | Version | Path in the package | sha256 (first 16) |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

Why these: Noto Sans covers Latin (incl. Romanian, Croatian, French), Greek and Cyrillic but no
Arabic; Noto Naskh Arabic covers Arabic, Persian, Urdu and Pashto with both digit sets; Noto Nastaliq
Urdu is the Urdu style, used when asked (it needs about twice the line height, and has no bold here).
See ../shared/notes/pdf.md (beside the repository) for what was checked.
`;
writeFileSync(join(target, 'README.md'), readme);
console.log(`copied ${FACES.length} faces to ${target}`);
