// The fix for fontkit's TrueType subsetter (shared/notes/pdf.md beside the repository, blocker 1). The Noto files store
// glyph records unpadded (odd lengths); fontkit copies them as they are and then writes a short-format
// `loca`, which stores offset/2, so every glyph after an odd-length one is read a byte off and letters
// vanish ("invalid outline") in poppler, MuPDF and Ghostscript. Padding each record to 4 bytes as the
// subset is built keeps every offset even (and 4-aligned, as the OpenType spec recommends).
//
// The patch reaches into fontkit's internals, so it is applied only to the exact versions it was
// written and tested against: any other version is refused with an error naming both, and must be
// re-checked (tests/node/pdf-fonts.test.ts renders a subset and reads it back) before it is added here.
import fontkit from '@pdf-lib/fontkit';
import fontkitPackage from '@pdf-lib/fontkit/package.json' with { type: 'json' };
import pdfLibPackage from 'pdf-lib/package.json' with { type: 'json' };

export const SUPPORTED_FONTKIT_VERSIONS: readonly string[] = ['1.1.1'];
export const SUPPORTED_PDF_LIB_VERSIONS: readonly string[] = ['1.17.1'];

/** fontkit's glyph buffers: its bundled `buffer` polyfill, which its streams insist on (a plain Uint8Array is refused). */
interface FontkitBuffer {
  readonly length: number;
  readonly constructor: { alloc(size: number): FontkitBuffer; concat(list: FontkitBuffer[]): FontkitBuffer };
}

interface TtfSubsetInternals {
  glyf: FontkitBuffer[];
  offset: number;
  _addGlyph(gid: number): number;
}

const PATCHED = Symbol.for('carnet.pdf.fontkitGlyphPadding');

export class UnsupportedFontkitError extends Error {
  constructor(what: string, found: string, supported: readonly string[]) {
    super(
      `src/pdf: ${what} ${found} is not a version the TrueType subset fix was checked against (${supported.join(', ')}). ` +
        'Pin the supported version, or check the fix against the new one and add it to src/pdf/fontkit-patch.ts.',
    );
    this.name = 'UnsupportedFontkitError';
  }
}

function checkVersions(fontkitVersion: string, pdfLibVersion: string): void {
  if (!SUPPORTED_FONTKIT_VERSIONS.includes(fontkitVersion)) throw new UnsupportedFontkitError('@pdf-lib/fontkit', fontkitVersion, SUPPORTED_FONTKIT_VERSIONS);
  if (!SUPPORTED_PDF_LIB_VERSIONS.includes(pdfLibVersion)) throw new UnsupportedFontkitError('pdf-lib', pdfLibVersion, SUPPORTED_PDF_LIB_VERSIONS);
}

/**
 * Patch fontkit's TTFSubset once per process (idempotent). `sampleFont` is any TrueType file: fontkit
 * keeps the subset class private, so its prototype is reached through a subset of a real font.
 */
export function patchFontkitSubsetting(sampleFont: Uint8Array, versions = { fontkit: fontkitPackage.version, pdfLib: pdfLibPackage.version }): void {
  checkVersions(versions.fontkit, versions.pdfLib);
  const subset = fontkit.create(sampleFont).createSubset() as unknown as TtfSubsetInternals;
  const proto = Object.getPrototypeOf(subset) as TtfSubsetInternals & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const original = proto._addGlyph;
  if (typeof original !== 'function' || !/this\.glyf\.push\(buffer\)/.test(String(original))) {
    throw new UnsupportedFontkitError('@pdf-lib/fontkit (TTFSubset._addGlyph changed)', versions.fontkit, SUPPORTED_FONTKIT_VERSIONS);
  }
  proto._addGlyph = function addPaddedGlyph(this: TtfSubsetInternals, gid: number): number {
    const index = original.call(this, gid);
    const record = this.glyf[index];
    const pad = record ? (4 - (record.length % 4)) % 4 : 0;
    if (record && pad > 0) {
      const Buffer = record.constructor;
      this.glyf[index] = Buffer.concat([record, Buffer.alloc(pad)]);
      this.offset += pad;
    }
    return index;
  };
  proto[PATCHED] = true;
}
