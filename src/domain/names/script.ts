// Which writing system a name is in, by Unicode block. Only letters count: digits, spaces and
// punctuation are common to all scripts.
import type { SCRIPTS } from '../person.ts';

export type Script = (typeof SCRIPTS)[number];

/** Arabic-block code points that are not letters or marks: signs, punctuation, digits, tatweel. */
const ARABIC_NON_LETTER = /[\u0600-\u060f\u061b-\u061f\u0640\u0660-\u066d\u06d4\u06dd\u06de\u06e9\u06f0-\u06f9]/;

/** The script of one code point, or undefined when it is not a letter of any script. */
export function scriptOfCodePoint(cp: number): Script | undefined {
  if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) ? 'Latn' : undefined;
  if (cp < 0xc0) return cp === 0xaa || cp === 0xba ? 'Latn' : undefined; // ª º; the rest is punctuation
  if (cp < 0x250) return cp === 0xd7 || cp === 0xf7 ? undefined : 'Latn'; // but × and ÷
  if (cp < 0x300) return cp < 0x2b0 ? 'Latn' : undefined; // IPA letters; modifier letters (ʿ ʾ) are no script
  if (cp < 0x370) return undefined; // combining marks
  if (cp < 0x400) return 'Grek';
  if (cp < 0x530) return 'Cyrl';
  if (cp >= 0x600 && cp < 0x700) return ARABIC_NON_LETTER.test(String.fromCharCode(cp)) ? undefined : 'Arab';
  if (cp >= 0x750 && cp < 0x780) return 'Arab';
  if (cp >= 0x8a0 && cp < 0x900) return 'Arab';
  if (cp >= 0x900 && cp < 0x980) return 'Deva';
  if (cp >= 0x980 && cp < 0xa00) return 'Beng';
  if (cp >= 0x1200 && cp < 0x13a0) return 'Ethi';
  if (cp >= 0x1e00 && cp < 0x1f00) return 'Latn';
  if (cp >= 0x1f00 && cp < 0x2000) return 'Grek';
  if (cp >= 0x2d80 && cp < 0x2de0) return 'Ethi';
  if (cp >= 0xab00 && cp < 0xab30) return 'Ethi';
  if (cp >= 0xfb50 && cp < 0xfe00) return 'Arab';
  if (cp >= 0xfe70 && cp < 0xff00) return 'Arab';
  if (cp >= 0xff21 && cp <= 0xff5a) return 'Latn'; // full-width Latin
  if (cp >= 0x1c80 && cp < 0x1c90) return 'Cyrl';
  if (cp >= 0x2de0 && cp < 0x2e00) return 'Cyrl';
  if (cp >= 0xa640 && cp < 0xa6a0) return 'Cyrl';
  // Other letters (CJK, Armenian, Georgian, Tamil, ...): anything that is not a mark or punctuation.
  return cp >= 0x2000 && cp < 0x2c00 ? undefined : 'Other';
}

/**
 * The script most of a name's letters are in: 'Latn', 'Arab' (also Persian, Pashto, Urdu, Kurdish),
 * 'Cyrl', 'Grek', 'Ethi', 'Deva', 'Beng', or 'Other'. A name with no letters is 'Other'.
 */
export function detectScript(text: string): Script {
  const counts = new Map<Script, number>();
  let best: Script = 'Other';
  let bestCount = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < text.length) {
      cp = text.codePointAt(i) ?? cp;
      i++;
    }
    const s = scriptOfCodePoint(cp);
    if (s === undefined) continue;
    const c = (counts.get(s) ?? 0) + 1;
    counts.set(s, c);
    if (c > bestCount) {
      best = s;
      bestCount = c;
    }
  }
  return best;
}
