import { deflateInWorker } from '../../output/deflate-worker.ts';
import type { Atom } from '../../typeset/atoms.ts';
import type { GlyphInfo, LayoutFace } from '../../typeset/layout-face.ts';
import { isTrueType, subsetTrueType, tablesOf } from '../../fonts/sfnt/truetype-subset.ts';
import type { PdfDocument } from './pdfkit-adapter.ts';
import type { PdfObject } from './pdf-document-types.ts';

/*
 * Glyphs are written with their id in the whole font as their CID (a
 * TrueType subset keeps each glyph at that id; a CFF subset's charset names
 * it). A page's content therefore
 * depends on nothing but the page: the body is drawn a chapter at a time and
 * the front matter after it, and the file is the same as if drawn in order.
 * pdfkit's own font numbers glyphs in the order it first meets them, which
 * ties every page to all before it.
 */

/** What one face's glyphs need in the font dictionary, per glyph id. */
export interface FaceGlyphs {
  /** 1 + the rank of the first use; 0 = unused. */
  rank: Int32Array;
  /** Width in thousandths of an em, as the PDF's /W array gives it. */
  width: Float64Array;
  codePoints: Array<number[] | undefined>;
}

/**
 * The glyphs a document draws, per face, with the text each stands for. The
 * ToUnicode entry of a glyph is the text of its first use in reading order
 * (`rank`: 0 for front matter, then per chapter), although the front matter
 * is drawn last, once the body's page numbers are known.
 */
export class GlyphLedger {
  private readonly faces = new Map<string, FaceGlyphs>();
  /** The reading-order rank of what is being drawn now. */
  rank = 0;

  /** A face's record, fetched once per run of glyphs rather than once per glyph. */
  of(face: LayoutFace): FaceGlyphs {
    const name = resourceName(face);
    let f = this.faces.get(name);
    if (!f) {
      f = { rank: new Int32Array(65536), width: new Float64Array(65536), codePoints: [] };
      this.faces.set(name, f);
    }
    return f;
  }

  /** Records a glyph of the face `f` is the record of as drawn, and returns its width in the PDF, in ems. */
  use(f: FaceGlyphs, g: GlyphInfo): number {
    const id = g.id;
    const r = f.rank[id];
    if (r === 0 || r > this.rank + 1) {
      if (r === 0) f.width[id] = g.nominal * 1000;
      f.rank[id] = this.rank + 1;
      f.codePoints[id] = g.codePoints;
    }
    return f.width[id] / 1000;
  }

  /** The glyph ids drawn in a face, ascending. */
  glyphs(face: string): Array<{ gid: number; width: number; codePoints: number[] }> {
    const f = this.faces.get(face);
    const out: Array<{ gid: number; width: number; codePoints: number[] }> = [];
    f?.rank.forEach((r, gid) => {
      if (r !== 0) out.push({ gid, width: f.width[gid], codePoints: f.codePoints[gid]! });
    });
    return out;
  }
}

/** Resource names by face ordinal (LayoutFace.ordinal): asked once per glyph run. */
const RESOURCE_NAMES: string[] = [];

/** The name a page's /Font resources give a face, and its content streams select it by. */
export function resourceName(face: LayoutFace): string {
  const v = face.variantOf;
  if (v) return `${resourceName(v.face)}v${v.index}`;
  return (RESOURCE_NAMES[face.ordinal] ??= `CF${face.ordinal + 1}`);
}

const COLUMN_NAMES: string[] = [];

/** The name of a face's Identity-V font, which vertical text (直排) shows its upright glyphs with. */
export function columnResourceName(face: LayoutFace): string {
  const v = face.variantOf;
  if (v) return `${columnResourceName(v.face)}v${v.index}`;
  return (COLUMN_NAMES[face.ordinal] ??= `CV${face.ordinal + 1}`);
}

/** The face a PDF draws an atom's glyphs through: the atom's own, or the variant its style names (AtomStyle.faceVariant). */
export function drawnFace(a: Atom): LayoutFace {
  const v = a.style.faceVariant;
  return v === undefined ? a.face : a.face.variant(v);
}

/**
 * A document's faces: one Type0 font each, named by the face, embedded when
 * the document ends; a face set in columns has a second Type0 font, with
 * Identity-V, over the same CIDFont. A face's variant (LayoutFace.variant)
 * is a CIDFont of its own, with its own ToUnicode, over the face's embedded
 * program, which holds the variant's glyphs too.
 */
export class CidFonts {
  private readonly refs = new Map<string, { face: LayoutFace; ref: PdfObject }>();
  private readonly columnRefs = new Map<string, PdfObject>();
  readonly ledger = new GlyphLedger();

  constructor(private readonly pdf: PdfDocument) {}

  /** Puts a face's Identity-V font in the current page's resources (and the face itself, whose CIDFont it shares). */
  useColumnOnPage(face: LayoutFace): void {
    const name = this.known(face);
    let ref = this.columnRefs.get(name);
    if (!ref) this.columnRefs.set(name, (ref = this.pdf.object()));
    this.pdf.useFont(columnResourceName(face), ref);
  }

  /** Puts a face in the current page's resources; its dictionary is filled in by embed(). */
  useOnPage(face: LayoutFace): void {
    const name = this.known(face);
    this.pdf.useFont(name, this.refs.get(name)!.ref);
  }

  /** Records a face to embed (and the face a variant draws from), and returns its resource name. */
  private known(face: LayoutFace): string {
    if (face.variantOf) this.known(face.variantOf.face);
    const name = resourceName(face);
    if (!this.refs.has(name)) this.refs.set(name, { face, ref: this.pdf.object() });
    return name;
  }

  /**
   * Writes every face used: the subset, its widths, CID map and ToUnicode,
   * then its variants' CIDFonts over the same program. The subsets are made
   * here, one after another, and each is deflated on the worker while the
   * next is made.
   */
  async embed(): Promise<void> {
    const used = [...this.refs.values()];
    const glyphsOf = (face: LayoutFace) => withText(face, this.ledger.glyphs(resourceName(face)));
    const faces = used
      .filter(({ face }) => !face.variantOf)
      .map(({ face, ref }) => {
        const glyphs = glyphsOf(face);
        const variants = used.filter((u) => u.face.variantOf?.face === face).map((u) => ({ ...u, glyphs: glyphsOf(u.face) }));
        const gids = [...new Set([...glyphs, ...variants.flatMap((v) => v.glyphs)].map((g) => g.gid))].sort((a, b) => a - b);
        const program = subsetProgram(face, gids);
        return { face, ref, glyphs, variants, gids, program, packed: deflateInWorker([program.bytes]) };
      });
    for (const f of faces) {
      const descriptor = embedProgram(this.pdf, f.face, f.gids, f.program, (await f.packed)[0]);
      embedFonts(this.pdf, f.face, f.glyphs, descriptor, f.ref, this.columnRefs.get(resourceName(f.face)));
      for (const v of f.variants) embedFonts(this.pdf, v.face, v.glyphs, descriptor, v.ref, this.columnRefs.get(resourceName(v.face)));
    }
  }
}

interface Subset {
  glyphs: number[];
  includeGlyph(gid: number): number;
  encode(): Buffer;
  createCIDFontdict?(topDict: Record<string, unknown>): unknown;
  subsetFontdict?(topDict: Record<string, unknown>): unknown;
}

interface SubsetProgram {
  cff: boolean;
  /** The font program, not yet deflated. */
  bytes: Buffer;
}

/**
 * The subset of a face holding the glyphs drawn: TrueType by our own
 * subsetter, which keeps glyph ids (fonts/truetype-subset.ts); CFF by fontkit,
 * whose charset is patched to name each glyph by its whole-font id.
 */
function subsetProgram(face: LayoutFace, gids: number[]): SubsetProgram {
  const tables = tablesOf(face.font);
  if (isTrueType(tables)) return { cff: false, bytes: subsetTrueType(tables, gids) };
  const subset = (face.font as unknown as FontkitInternals).createSubset() as Subset;
  for (const gid of gids) subset.includeGlyph(gid);
  const maxCid = gids.length ? gids[gids.length - 1] : 0;
  for (const m of ['createCIDFontdict', 'subsetFontdict'] as const) {
    const original = subset[m]!.bind(subset);
    subset[m] = (topDict) => {
      topDict.charset = { version: 0, glyphs: subset.glyphs.slice(1) };
      topDict.CIDCount = maxCid + 1;
      return original(topDict);
    };
  }
  return { cff: true, bytes: subset.encode() };
}

/** A face's program, embedded once, as its font descriptor (and its subset name) gives it to the CIDFonts drawn from it. */
interface EmbeddedProgram {
  descriptor: PdfObject;
  name: string;
  cff: boolean;
}

/** Writes a face's subset (the glyphs `gids`, deflated as `packed`) and its font descriptor. */
function embedProgram(pdf: PdfDocument, face: LayoutFace, gids: number[], subset: SubsetProgram, packed: Buffer): EmbeddedProgram {
  const font = face.font as unknown as FontkitInternals;
  const isCFF = subset.cff;
  // Deflated already; a TrueType program's Length1 is its length before.
  const fontFile = pdf.object(isCFF ? { Filter: 'FlateDecode', Subtype: 'CIDFontType0C' } : { Filter: 'FlateDecode', Length1: subset.bytes.length });
  fontFile.end(packed);

  const scale = 1000 / font.unitsPerEm;
  const familyClass = (font['OS/2']?.sFamilyClass ?? 0) >> 8;
  let flags = 1 << 2;
  if (font.post.isFixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (familyClass === 10) flags |= 1 << 3;
  if (font.head.macStyle.italic) flags |= 1 << 6;
  const name = `${subsetTag(resourceName(face), gids)}+${(font.postscriptName ?? resourceName(face)).replaceAll(' ', '_')}`;
  const { bbox } = font;
  const descriptor = pdf.object({
    Type: 'FontDescriptor',
    FontName: name,
    Flags: flags,
    FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale],
    ItalicAngle: font.italicAngle,
    Ascent: font.ascent * scale,
    Descent: font.descent * scale,
    CapHeight: (font.capHeight || font.ascent) * scale,
    XHeight: (font.xHeight || 0) * scale,
    StemV: 0,
    [isCFF ? 'FontFile3' : 'FontFile2']: fontFile,
  });
  descriptor.end();
  return { descriptor, name, cff: isCFF };
}

/** Writes a face's (or a variant's) CIDFont over an embedded program, its Type0 font `dictionary` and, set in columns, its Identity-V one. */
function embedFonts(pdf: PdfDocument, face: LayoutFace, glyphs: Array<{ gid: number; width: number; codePoints: number[] }>, program: EmbeddedProgram, dictionary: PdfObject, column?: PdfObject): void {
  const { descriptor, name, cff: isCFF } = program;
  const scale = 1000 / face.unitsPerEm;
  const descendant: Record<string, unknown> = {
    Type: 'Font',
    Subtype: isCFF ? 'CIDFontType0' : 'CIDFontType2',
    BaseFont: name,
    CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
    FontDescriptor: descriptor,
    W: widthArray(glyphs),
  };
  // CID = glyph id in the whole font, and the TrueType subset keeps every glyph at its id.
  if (!isCFF) descendant.CIDToGIDMap = 'Identity';
  if (column) Object.assign(descendant, verticalWidths(face, glyphs, scale));
  const descendantRef = pdf.object(descendant);
  descendantRef.end();

  const toUnicode = pdf.object();
  toUnicode.end(toUnicodeCmap(glyphs));
  dictionary.data.Type = 'Font';
  dictionary.data.Subtype = 'Type0';
  dictionary.data.BaseFont = name;
  dictionary.data.Encoding = 'Identity-H';
  dictionary.data.DescendantFonts = [descendantRef];
  dictionary.data.ToUnicode = toUnicode;
  dictionary.end();
  if (column) {
    column.data.Type = 'Font';
    column.data.Subtype = 'Type0';
    column.data.BaseFont = `${name}-V`;
    column.data.Encoding = 'Identity-V';
    column.data.DescendantFonts = [descendantRef];
    column.data.ToUnicode = toUnicode;
    column.end();
  }
}

/**
 * /DW2 and /W2 for the Identity-V font: each glyph's cell top centre (half
 * its /W width across, its vertical origin up) and its advance down the
 * column, from the face's vmtx. Only glyphs that differ from DW2 are listed,
 * in W2's array form `c [w1y v1x v1y …]`: Ghostscript 10.00 drops the rest
 * of a column after an entry in the range form `c1 c2 w1y v1x v1y`.
 */
function verticalWidths(face: LayoutFace, glyphs: Array<{ gid: number; width: number }>, scale: number): { DW2: number[]; W2: unknown[] } {
  const v = face.vertical;
  // PDF's own default DW2 is [880 -1000] (ISO 32000-1 §9.7.4.3): a Han cell top 0.88 em above the baseline, one em down.
  const DEFAULT_ORIGIN = 880;
  const w2: unknown[] = [];
  let run: number[] = [];
  let next = -1;
  for (const g of glyphs) {
    const advance = Math.round(v.advance(g.gid) * scale * 100) / 100;
    const origin = Math.round(v.origin(g.gid) * scale * 100) / 100;
    if (advance === 1000 && origin === DEFAULT_ORIGIN) continue;
    if (g.gid !== next) {
      run = [];
      w2.push(g.gid, run);
    }
    run.push(-advance, Math.round((g.width / 2) * 100) / 100, origin);
    next = g.gid + 1;
  }
  return { DW2: [DEFAULT_ORIGIN, -1000], W2: w2 };
}

interface FontkitInternals {
  createSubset(): unknown;
  unitsPerEm: number;
  postscriptName?: string;
  italicAngle: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  'OS/2'?: { sFamilyClass?: number };
  post: { isFixedPitch?: number | boolean };
  head: { macStyle: { italic?: boolean } };
}

/** Six capitals from the face and its glyph set, as PDF subset names want; the same glyphs give the same tag. */
function subsetTag(face: string, gids: number[]): string {
  let h = 0x811c9dc5;
  const mix = (n: number) => {
    h ^= n;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const c of face) mix(c.codePointAt(0)!);
  for (const gid of gids) mix(gid);
  let tag = '';
  for (let i = 0; i < 6; i++, h = Math.floor(h / 26)) tag += String.fromCharCode(65 + (h % 26));
  return tag;
}

/** /W as runs of consecutive CIDs: `c [w1 w2 …]`. */
function widthArray(glyphs: Array<{ gid: number; width: number }>): unknown[] {
  const w: unknown[] = [];
  let run: number[] = [];
  let next = -1;
  for (const g of glyphs) {
    if (g.gid !== next) {
      run = [];
      w.push(g.gid, run);
    }
    run.push(g.width);
    next = g.gid + 1;
  }
  return w;
}

function utf16Hex(codePoints: number[]): string {
  let s = '';
  for (const cp of codePoints) {
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      s += ((v >>> 10) | 0xd800).toString(16).padStart(4, '0') + ((v & 0x3ff) | 0xdc00).toString(16).padStart(4, '0');
    } else s += cp.toString(16).padStart(4, '0');
  }
  return s;
}

/**
 * Gives every glyph text for ToUnicode (PDF/UA 7.21.7-1). A glyph drawn
 * only where it stands for no text (a hyphen added at a break, which its
 * empty ActualText copies out as nothing) takes the characters the font's
 * cmap gives it, or U+FFFD if none does.
 */
function withText(face: LayoutFace, glyphs: Array<{ gid: number; width: number; codePoints: number[] }>): Array<{ gid: number; width: number; codePoints: number[] }> {
  for (const g of glyphs) {
    if (g.codePoints.length > 0) continue;
    const mapped = face.font.getGlyph(g.gid).codePoints;
    g.codePoints = mapped.length > 0 ? mapped : [0xfffd];
  }
  return glyphs;
}

/** One bfchar line per glyph, at most 100 to a block as the CMap format allows. */
function toUnicodeCmap(glyphs: Array<{ gid: number; codePoints: number[] }>): string {
  const blocks: string[] = [];
  for (let i = 0; i < glyphs.length; i += 100) {
    const part = glyphs.slice(i, i + 100);
    blocks.push(`${part.length} beginbfchar\n${part.map((g) => `<${g.gid.toString(16).padStart(4, '0')}> <${utf16Hex(g.codePoints)}>`).join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${blocks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}
