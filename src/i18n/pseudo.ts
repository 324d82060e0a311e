// The pseudo-locale `en-XA`: English with every letter accented and every text 40% longer, in
// brackets. A screen shown in it reveals text that bypasses translation (plain English letters) and
// layouts that cut longer translations off (a missing closing bracket). Made from English at load
// time; offered to tests and developers, not in the language menu.
export const PSEUDO_LOCALE = 'en-XA';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [c, [...'àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i] as string]),
);

/** Placeholders, nesting and markup stay as they are. */
const KEEP = /(\{\{[^}]*\}\}|\$t\([^)]*\)|<\/?[a-z0-9]+\/?>)/g;

export function pseudoLocalize(text: string): string {
  const parts = text.split(KEEP);
  const body = parts.map((part, i) => (i % 2 === 1 ? part : [...part].map((c) => ACCENTED[c] ?? c).join(''))).join('');
  const visible = text.replace(KEEP, '').length;
  return `[${body}${'~'.repeat(Math.ceil(visible * 0.4))}]`;
}
