// The fonts of one PDF document. Glyphs are collected while pages are drawn and the fonts are embedded
// once, at the end, through pdf-lib's subset embedder, with two changes the note calls for:
//  - every (glyph, text) pair gets its own CID, so a shape Naskh shares between ب ت ث ن ي still copies
//    as the right letter: the subset simply holds that glyph more than once;
//  - ToUnicode and /W are written from our own table instead of fontkit's character map, which knows
//    nothing of contextual forms.
// Glyphs that carry no text (dots, marks) are drawn as vector outlines (form XObjects), not as text.
//
// Streams written here are compressed with Node's zlib rather than pdf-lib's pako: a document has a
// hundred small outline streams, and pako's per-stream set-up was a third of the time of a booklet.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { CustomFontSubsetEmbedder, PDFName, type PDFContext, type PDFDocument, type PDFPage, type PDFRef } from 'pdf-lib';
import type { FaceId, FontSet, LoadedFace } from './fonts.ts';

type Fontkit = Parameters<typeof CustomFontSubsetEmbedder.for>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

/** The pdf-lib/fontkit internals used here, present in the versions fontkit-patch.ts accepts. */
interface SubsetEmbedderInternals {
  subset: { glyphs: number[]; mapping: Record<number, number> };
  embedUnicodeCmap(context: PDFContext): PDFRef;
  computeWidths(): (number | number[])[];
  embedFontStream(context: PDFContext): Promise<PDFRef>;
  serializeFont(): Promise<Uint8Array>;
  embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef>;
}

interface CidEntry {
  gid: number;
  text: string;
  /** Thousandths of the text size, rounded as written in /W (TJ adjustments are computed against it). */
  width: number;
}

interface FaceUse {
  ref: PDFRef;
  resourceName: PDFName;
  cids: Map<string, number>;
  entries: CidEntry[];
}

// One parsed fontkit font per face and process: parsing is the slow part of embedding, and subsets
// only read from it.
const parsed = new WeakMap<LoadedFace, FontkitFont>();
function fontkitFor(face: LoadedFace): Fontkit {
  let font = parsed.get(face);
  if (!font) {
    font = fontkit.create(face.bytes);
    parsed.set(face, font);
  }
  const cached = font;
  return { create: () => cached } as unknown as Fontkit;
}

function deflated(context: PDFContext, contents: string | Uint8Array, dict: Record<string, unknown> = {}): PDFRef {
  const bytes = typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents;
  return context.register(context.stream(deflateSync(bytes), { ...dict, Filter: 'FlateDecode' }));
}

const round = (value: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** A subset tag (six capitals, PDF 9.6.4) derived from the subset's contents: reproducible, and different per subset. */
function subsetTag(faceId: FaceId, entries: readonly CidEntry[]): string {
  const hash = createHash('sha256').update(faceId);
  for (const e of entries) hash.update(`${e.gid}:${e.text}\u0000`);
  return [...hash.digest().subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
}

function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}

/** A ToUnicode CMap; bfchar blocks hold at most 100 entries (PDF 9.10.3, Adobe TN 5411). */
function toUnicodeCmap(entries: readonly CidEntry[]): string {
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100).map((e, k) => `<${hex4(i + k + 1)}> <${utf16Hex(e.text)}>`);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** A glyph outline as a compressed form XObject content stream, made once per process. */
function outlineStream(face: LoadedFace, gid: number): Uint8Array {
  let byGlyph = outlineCache.get(face);
  if (!byGlyph) {
    byGlyph = new Map();
    outlineCache.set(face, byGlyph);
  }
  let bytes = byGlyph.get(gid);
  if (bytes === undefined) {
    bytes = deflateSync(Buffer.from(pathOf(face, gid), 'latin1'));
    byGlyph.set(gid, bytes);
  }
  return bytes;
}

const outlineCache = new WeakMap<LoadedFace, Map<number, Uint8Array>>();

/** A glyph outline in font units as PDF path operators (quadratic curves raised to cubic). */
function pathOf(face: LoadedFace, gid: number): string {
  const ops: string[] = [];
  let x = 0;
  let y = 0;
  for (const { type, values: v } of face.font.glyphToJson(gid)) {
    if (type === 'M' || type === 'L') {
      [x, y] = v as [number, number];
      ops.push(`${round(x, 2)} ${round(y, 2)} ${type === 'M' ? 'm' : 'l'}`);
    } else if (type === 'Q') {
      const [cx, cy, ex, ey] = v as [number, number, number, number];
      const c1 = [x + ((cx - x) * 2) / 3, y + ((cy - y) * 2) / 3];
      const c2 = [ex + ((cx - ex) * 2) / 3, ey + ((cy - ey) * 2) / 3];
      ops.push(`${[...c1, ...c2, ex, ey].map((n) => round(n, 2)).join(' ')} c`);
      [x, y] = [ex, ey];
    } else if (type === 'C') {
      ops.push(`${v.map((n) => round(n, 2)).join(' ')} c`);
      [x, y] = [v[4] as number, v[5] as number];
    } else if (type === 'Z') {
      ops.push('h');
    }
  }
  ops.push('f');
  return ops.join('\n');
}

/**
 * Usable on any pdf-lib document: draw with drawTextLine(page, registry, line, ...), then
 * `await registry.embed()` before `doc.save()` (PdfDocumentBuilder does both).
 */
export class PdfFontRegistry {
  private readonly uses = new Map<FaceId, FaceUse>();
  private readonly outlines = new Map<string, { ref: PDFRef; name: PDFName }>();
  private readonly pageResources = new WeakMap<PDFPage, Set<string>>();
  private embedded = false;
  private readonly doc: PDFDocument;
  readonly fonts: FontSet;

  constructor(doc: PDFDocument, fonts: FontSet) {
    this.doc = doc;
    this.fonts = fonts;
  }

  private use(face: LoadedFace): FaceUse {
    let use = this.uses.get(face.id);
    if (!use) {
      use = { ref: this.doc.context.nextRef(), resourceName: PDFName.of(`F-${face.id}`), cids: new Map(), entries: [] };
      this.uses.set(face.id, use);
    }
    return use;
  }

  /** The CID for a glyph standing for `text`, and its width as /W states it. */
  cid(face: LoadedFace, gid: number, text: string): { cid: number; width: number } {
    if (this.embedded) throw new Error('src/pdf: the fonts of this document are already embedded');
    const use = this.use(face);
    const key = `${gid}\u0000${text}`;
    let cid = use.cids.get(key);
    if (cid === undefined) {
      use.entries.push({ gid, text, width: round((face.advance(gid) * 1000) / face.upem) });
      cid = use.entries.length;
      use.cids.set(key, cid);
    }
    return { cid, width: (use.entries[cid - 1] as CidEntry).width };
  }

  /** The page's resource name for a face (added to the page's /Font dictionary on first use). */
  fontResource(page: PDFPage, face: LoadedFace): PDFName {
    const use = this.use(face);
    this.addResource(page, `font:${face.id}`, () => page.node.setFontDictionary(use.resourceName, use.ref));
    return use.resourceName;
  }

  /** The page's resource name for a glyph outline (a form XObject in font units, made once per document). */
  outlineResource(page: PDFPage, face: LoadedFace, gid: number): PDFName {
    const key = `${face.id}:${gid}`;
    let outline = this.outlines.get(key);
    if (!outline) {
      const e = face.font.glyphExtents(gid);
      const bbox = e ? [e.xBearing - 1, e.yBearing + e.height - 1, e.xBearing + e.width + 1, e.yBearing + 1] : [0, 0, 0, 0];
      const stream = this.doc.context.stream(outlineStream(face, gid), { Type: 'XObject', Subtype: 'Form', BBox: bbox, Filter: 'FlateDecode' });
      const ref = this.doc.context.register(stream);
      outline = { ref, name: PDFName.of(`G-${face.id}-${gid}`) };
      this.outlines.set(key, outline);
    }
    const { ref, name } = outline;
    this.addResource(page, `outline:${key}`, () => page.node.setXObject(name, ref));
    return name;
  }

  private addResource(page: PDFPage, key: string, add: () => void): void {
    let added = this.pageResources.get(page);
    if (!added) {
      added = new Set();
      this.pageResources.set(page, added);
    }
    if (!added.has(key)) {
      add();
      added.add(key);
    }
  }

  /** Embed every face that was drawn with, as a subset. Call once, after the last glyph and before save(). */
  async embed(): Promise<void> {
    if (this.embedded) return;
    this.embedded = true;
    for (const [faceId, use] of this.uses) {
      const face = this.fonts[faceId];
      const name = `${subsetTag(faceId, use.entries)}+${face.name}`;
      const embedder = (await CustomFontSubsetEmbedder.for(fontkitFor(face), face.bytes, name)) as unknown as SubsetEmbedderInternals;
      const { subset } = embedder;
      if (!Array.isArray(subset?.glyphs) || typeof subset.mapping !== 'object') throw new Error('src/pdf: pdf-lib subset internals changed');
      // CID n is subset glyph n (CIDToGIDMap /Identity); glyph 0 (.notdef) is already there and never shown.
      for (const entry of use.entries) {
        subset.glyphs.push(entry.gid);
        subset.mapping[entry.gid] ??= subset.glyphs.length - 1;
      }
      const entries = use.entries;
      embedder.computeWidths = () => (entries.length > 0 ? [1, entries.map((e) => e.width)] : []);
      embedder.embedUnicodeCmap = (context) => deflated(context, toUnicodeCmap(entries));
      embedder.embedFontStream = async (context) => deflated(context, await embedder.serializeFont.call(embedder));
      await embedder.embedIntoContext(this.doc.context, use.ref);
    }
  }
}
