import { buildCmap, readCmap } from './cmap.ts';
import { compositeComponents, glyphOffsets, horizontalMetrics, postWithoutNames, sfntTables, writeSfnt } from './sfnt.ts';

/**
 * Merges TrueType (glyf) fonts into a single font: the subsets of a role's
 * fallback faces, or the chunks of one family, each cut here to the
 * characters asked of it.
 *
 * A chunked webfont family (LXGW WenKai on npm) spreads its glyphs over
 * hundreds of woff2 files tied together by CSS unicode-range. Not every
 * reader honours unicode-range (MuPDF rejects the rule and drops the whole
 * stylesheet), so the EPUB gets one font per role instead: the used chunks,
 * decoded, joined here. Layout tables are not carried over; verse is set
 * horizontally, glyph by glyph.
 */
/** A font without TrueType outlines (glyf), which cannot be merged. */
export class NotTrueType extends Error {}

export interface MergePart {
  font: Buffer;
  /**
   * The characters to take from this font, with the glyphs they need; every
   * glyph when absent. A whole decoded chunk is cut this way, without a
   * round trip through hb-subset.
   */
  keep?: Iterable<number>;
}

export function mergeTrueType(parts: MergePart[]): Buffer {
  if (parts.length === 1 && parts[0].keep === undefined) return parts[0].font;
  const parsed = parts.map((p) => parse(p.font));

  const glyphs: Buffer[] = [];
  const metrics: Array<{ advance: number; lsb: number }> = [];
  const cmap = new Map<number, number>();
  parsed.forEach((f, fi) => {
    const keep = parts[fi].keep;
    const chars = keep === undefined ? [...f.cmap.keys()] : [...keep].filter((cp) => f.cmap.has(cp));
    // Every font brings its own .notdef as glyph 0; the first one's is kept (with its parts, should it be composite).
    const ids = new Set<number>();
    const pending = keep === undefined ? Array.from({ length: f.numGlyphs }, (_, gid) => gid) : chars.map((cp) => f.cmap.get(cp)!);
    if (fi === 0) pending.push(0);
    const taken = new Map<number, Buffer>();
    while (pending.length) {
      const gid = pending.pop()!;
      if ((gid === 0 && fi > 0) || ids.has(gid) || gid >= f.numGlyphs) continue;
      ids.add(gid);
      const glyph = f.glyph(gid);
      taken.set(gid, glyph);
      for (const c of compositeComponents(glyph)) pending.push(c.gid);
    }
    const newId = new Map<number, number>([[0, 0]]);
    for (const gid of [...ids].sort((a, b) => a - b)) {
      newId.set(gid, glyphs.length);
      glyphs.push(taken.get(gid)!);
      metrics.push(f.metric(gid));
    }
    for (const [gid, glyph] of taken) {
      for (const c of compositeComponents(glyph)) {
        const id = newId.get(c.gid);
        if (id === undefined) throw new Error(`glyph ${gid} is made of glyph ${c.gid}, which the font does not have`);
        glyph.writeUInt16BE(id, c.at);
      }
    }
    for (const cp of chars) if (!cmap.has(cp)) cmap.set(cp, newId.get(f.cmap.get(cp)!) ?? 0);
  });

  const base = parsed[0];
  const { glyf, loca } = buildGlyf(glyphs);
  const tables: Record<string, Buffer> = {
    head: patchHead(base.tables.head),
    hhea: patchHhea(base.tables.hhea, metrics),
    maxp: patchMaxp(parsed.map((f) => f.tables.maxp), glyphs.length),
    'OS/2': base.tables['OS/2'],
    hmtx: buildHmtx(metrics),
    cmap: buildCmap(cmap),
    loca,
    glyf,
    name: base.tables.name,
    post: postWithoutNames(base.tables.post),
  };
  for (const tag of ['cvt ', 'fpgm', 'prep', 'gasp']) if (base.tables[tag]) tables[tag] = base.tables[tag];
  return writeSfnt(tables);
}

interface ParsedFont {
  tables: Record<string, Buffer>;
  numGlyphs: number;
  /** A copy of the glyph's bytes, which the merge renumbers in place. */
  glyph(gid: number): Buffer;
  metric(gid: number): { advance: number; lsb: number };
  cmap: Map<number, number>;
}

/** Reads only the glyphs a merge takes: a face cut to a book's characters is a few thousand of its tens of thousands. */
function parse(buf: Buffer): ParsedFont {
  const tables = sfntTables(buf);
  for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap']) {
    if (!tables[tag]) throw new NotTrueType(`font to merge has no '${tag}' table (only TrueType outlines can be merged)`);
  }
  const start = glyphOffsets(tables.head, tables.loca);
  const hmtx = horizontalMetrics(tables.hmtx, tables.hhea.readUInt16BE(34));
  return {
    tables,
    numGlyphs: tables.maxp.readUInt16BE(4),
    glyph: (gid) => Buffer.from(tables.glyf.subarray(start(gid), start(gid + 1))),
    metric: (gid) => ({ advance: hmtx.advance(gid), lsb: hmtx.lsb(gid) }),
    cmap: readCmap(tables.cmap),
  };
}

function buildGlyf(glyphs: Buffer[]): { glyf: Buffer; loca: Buffer } {
  const padded = glyphs.map((g) => (g.length % 4 ? Buffer.concat([g, Buffer.alloc(4 - (g.length % 4))]) : g));
  const loca = Buffer.alloc((padded.length + 1) * 4);
  let at = 0;
  padded.forEach((g, i) => {
    loca.writeUInt32BE(at, i * 4);
    at += g.length;
  });
  loca.writeUInt32BE(at, padded.length * 4);
  return { glyf: Buffer.concat(padded), loca };
}

function patchHead(head: Buffer): Buffer {
  const out = Buffer.from(head);
  out.writeUInt32BE(0, 8); // checkSumAdjustment, set once the whole font is assembled
  out.writeInt16BE(1, 50); // long loca offsets
  return out;
}

function patchHhea(hhea: Buffer, metrics: Array<{ advance: number; lsb: number }>): Buffer {
  const out = Buffer.from(hhea);
  out.writeUInt16BE(Math.max(...metrics.map((m) => m.advance)), 10);
  out.writeUInt16BE(metrics.length, 34);
  return out;
}

function patchMaxp(maxps: Buffer[], numGlyphs: number): Buffer {
  const out = Buffer.from(maxps[0]);
  out.writeUInt16BE(numGlyphs, 4);
  if (out.readUInt32BE(0) === 0x00010000) {
    // Every limit is the largest any source font needed.
    for (let at = 6; at + 2 <= out.length; at += 2) out.writeUInt16BE(Math.max(...maxps.map((m) => m.readUInt16BE(at))), at);
  }
  return out;
}

function buildHmtx(metrics: Array<{ advance: number; lsb: number }>): Buffer {
  const out = Buffer.alloc(metrics.length * 4);
  metrics.forEach((m, i) => {
    out.writeUInt16BE(m.advance, i * 4);
    out.writeInt16BE(m.lsb, i * 4 + 2);
  });
  return out;
}

