// The Unicode bidirectional algorithm, through bidi-js: embedding levels per character for a paragraph,
// and the visual order of a line's runs. Explicit controls (isolates, embeddings, marks) take part in
// resolving the levels and are then removed: they are never drawn and never reach the copied text.
import bidiModule from 'bidi-js';

export type BaseDirection = 'ltr' | 'rtl' | 'auto';

// bidi-js is CommonJS whose types declare an ES default export, so TypeScript sees a namespace where
// Node (and bundlers, through its `module` build) hand over the factory itself.
type BidiFactory = typeof bidiModule.default;
const bidiFactory = (typeof bidiModule === 'function' ? bidiModule : bidiModule.default) as BidiFactory;
const bidi = bidiFactory();

const FSI = '\u2068';
const PDI = '\u2069';

/** LRM, RLM, ALM, the embeddings and overrides (LRE..RLO) and the isolates (LRI..PDI). */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function isBidiControl(codePoint: number): boolean {
  return (
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/**
 * Wrap an interpolated value so its direction cannot leak into the sentence around it: `Name: أحمد, 34`
 * otherwise displays as `34 ,أحمد` in a left-to-right line. The engine removes the controls after
 * resolving levels, so they never print.
 */
export function isolate(value: string): string {
  return `${FSI}${value.replace(BIDI_CONTROL, '')}${PDI}`;
}

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, '');
}

export interface BidiParagraph {
  /** The text without bidi controls, as code points. */
  codePoints: number[];
  /** Embedding level of each code point (odd: right-to-left). */
  levels: Uint8Array;
  /** 0 for a left-to-right paragraph, 1 for right-to-left. */
  baseLevel: number;
}

/** Resolve one paragraph (no line breaks inside) and drop the controls. */
export function resolveParagraph(text: string, direction: BaseDirection): BidiParagraph {
  const result = bidi.getEmbeddingLevels(text, direction);
  const baseLevel = result.paragraphs[0]?.level ?? (direction === 'rtl' ? 1 : 0);
  const codePoints: number[] = [];
  const levels: number[] = [];
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i) ?? 0xfffd;
    if (!isBidiControl(codePoint)) {
      codePoints.push(codePoint);
      levels.push(result.levels[i] ?? baseLevel);
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  return { codePoints, levels: Uint8Array.from(levels), baseLevel };
}

/**
 * Rule L2 applied to whole runs: `levels[i]` is the level of the i-th run in logical order; the result
 * lists run indices from left to right. (Trailing whitespace, rule L1, is trimmed by the caller.)
 */
export function visualRunOrder(levels: readonly number[], baseLevel: number): number[] {
  const order = levels.map((_, i) => i);
  let highest = baseLevel;
  let lowestOdd = Number.POSITIVE_INFINITY;
  for (const level of levels) {
    highest = Math.max(highest, level);
    lowestOdd = Math.min(lowestOdd, level | 1);
  }
  for (let level = highest; level >= lowestOdd; level--) {
    for (let i = 0; i < order.length; i++) {
      if ((levels[order[i] as number] as number) < level) continue;
      let end = i;
      while (end + 1 < order.length && (levels[order[end + 1] as number] as number) >= level) end++;
      const reversed = order.slice(i, end + 1).reverse();
      order.splice(i, reversed.length, ...reversed);
      i = end;
    }
  }
  return order;
}
