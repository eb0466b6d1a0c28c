import { compositeComponents, glyphOffsets, horizontalMetrics, sfntTables, writeSfnt } from './sfnt.ts';

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
    const pending = keep === undefined ? [...f.glyphs.keys()] : chars.map((cp) => f.cmap.get(cp)!);
    if (fi === 0) pending.push(0);
    while (pending.length) {
      const gid = pending.pop()!;
      if ((gid === 0 && fi > 0) || ids.has(gid) || gid >= f.glyphs.length) continue;
      ids.add(gid);
      for (const c of compositeComponents(f.glyphs[gid])) pending.push(c.gid);
    }
    const newId = new Map<number, number>([[0, 0]]);
    for (const gid of [...ids].sort((a, b) => a - b)) {
      newId.set(gid, glyphs.length);
      glyphs.push(f.glyphs[gid]);
      metrics.push(f.metrics[gid]);
    }
    for (const gid of ids) {
      const glyph = f.glyphs[gid];
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
    post: buildPost(base.tables.post),
  };
  for (const tag of ['cvt ', 'fpgm', 'prep', 'gasp']) if (base.tables[tag]) tables[tag] = base.tables[tag];
  return writeSfnt(tables);
}

interface ParsedFont {
  tables: Record<string, Buffer>;
  glyphs: Buffer[];
  metrics: Array<{ advance: number; lsb: number }>;
  cmap: Map<number, number>;
}

function parse(buf: Buffer): ParsedFont {
  const tables = sfntTables(buf);
  for (const tag of ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'glyf', 'cmap']) {
    if (!tables[tag]) throw new NotTrueType(`font to merge has no '${tag}' table (only TrueType outlines can be merged)`);
  }
  const numGlyphs = tables.maxp.readUInt16BE(4);
  const start = glyphOffsets(tables.head, tables.loca);
  const hmtx = horizontalMetrics(tables.hmtx, tables.hhea.readUInt16BE(34));
  const glyphs: Buffer[] = [];
  const metrics: Array<{ advance: number; lsb: number }> = [];
  for (let i = 0; i < numGlyphs; i++) {
    glyphs.push(Buffer.from(tables.glyf.subarray(start(i), start(i + 1))));
    metrics.push({ advance: hmtx.advance(i), lsb: hmtx.lsb(i) });
  }
  return { tables, glyphs, metrics, cmap: readCmap(tables.cmap) };
}

/**
 * The character → glyph map of a cmap table, from its Unicode subtable:
 * format 12 (every plane) when there is one, else format 4 (the BMP).
 * Read here rather than through fontkit, whose lazy structures took 70 ms
 * over a book's fifty-odd WenKai chunks.
 */
export function readCmap(cmap: Buffer): Map<number, number> {
  const subtables = new Map<number, number>();
  const count = cmap.readUInt16BE(2);
  for (let i = 0; i < count; i++) {
    const rec = 4 + i * 8;
    const platform = cmap.readUInt16BE(rec);
    const encoding = cmap.readUInt16BE(rec + 2);
    // Unicode platform, or Windows Unicode BMP (1) / full repertoire (10).
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) {
      const offset = cmap.readUInt32BE(rec + 4);
      const format = cmap.readUInt16BE(offset);
      if (!subtables.has(format)) subtables.set(format, offset);
    }
  }
  const map = new Map<number, number>();
  const f12 = subtables.get(12);
  if (f12 !== undefined) {
    const groups = cmap.readUInt32BE(f12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = f12 + 16 + g * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      for (let cp = start; cp <= end; cp++) if (glyph + cp - start !== 0) map.set(cp, glyph + cp - start);
    }
    return map;
  }
  const f4 = subtables.get(4);
  if (f4 === undefined) throw new Error('font to merge has no Unicode cmap (format 4 or 12)');
  const segments = cmap.readUInt16BE(f4 + 6) / 2;
  const ends = f4 + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readUInt16BE(deltas + s * 2);
    const range = cmap.readUInt16BE(ranges + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (range === 0) glyph = (cp + delta) & 0xffff;
      else {
        const at = ranges + s * 2 + range + (cp - start) * 2;
        glyph = cmap.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(cp, glyph);
    }
  }
  return map;
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

/**
 * cmap with a format 4 subtable (BMP, for old readers) and a format 12 one
 * (everything). Runs of consecutive characters on consecutive glyphs share a
 * segment; should the BMP still need more than format 4's 16-bit length
 * holds (eight thousand scattered characters), format 12 stands alone.
 */
function buildCmap(map: Map<number, number>): Buffer {
  const entries = [...map].sort((a, b) => a[0] - b[0]);
  const runs: Array<{ start: number; end: number; glyph: number }> = [];
  for (const [cp, gid] of entries) {
    const last = runs[runs.length - 1];
    if (last && cp === last.end + 1 && gid === last.glyph + cp - last.start) last.end = cp;
    else runs.push({ start: cp, end: cp, glyph: gid });
  }

  const f12 = Buffer.alloc(16 + runs.length * 12);
  f12.writeUInt16BE(12, 0);
  f12.writeUInt32BE(f12.length, 4);
  f12.writeUInt32BE(runs.length, 12);
  runs.forEach((r, i) => {
    f12.writeUInt32BE(r.start, 16 + i * 12);
    f12.writeUInt32BE(r.end, 20 + i * 12);
    f12.writeUInt32BE(r.glyph, 24 + i * 12);
  });

  // Format 4 segments never cross into the astral planes, and end before U+FFFF, which closes the table.
  const bmp = runs.filter((r) => r.start <= 0xfffe).map((r) => ({ ...r, end: Math.min(r.end, 0xfffe) }));
  const segCount = bmp.length + 1;
  const f4Length = 16 + segCount * 8;
  const subtables: Array<{ encoding: number; data: Buffer }> = [];
  if (f4Length <= 0xffff) {
    const f4 = Buffer.alloc(f4Length);
    f4.writeUInt16BE(4, 0);
    f4.writeUInt16BE(f4.length, 2);
    f4.writeUInt16BE(segCount * 2, 6);
    const pow = 2 ** Math.floor(Math.log2(segCount));
    f4.writeUInt16BE(pow * 2, 8);
    f4.writeUInt16BE(Math.log2(pow), 10);
    f4.writeUInt16BE(segCount * 2 - pow * 2, 12);
    const ends = 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const ranges = deltas + segCount * 2;
    bmp.forEach((r, i) => {
      f4.writeUInt16BE(r.end, ends + i * 2);
      f4.writeUInt16BE(r.start, starts + i * 2);
      f4.writeUInt16BE((r.glyph - r.start + 0x10000) & 0xffff, deltas + i * 2);
      f4.writeUInt16BE(0, ranges + i * 2);
    });
    const last = segCount - 1;
    f4.writeUInt16BE(0xffff, ends + last * 2);
    f4.writeUInt16BE(0xffff, starts + last * 2);
    f4.writeUInt16BE(1, deltas + last * 2);
    subtables.push({ encoding: 1, data: f4 }); // Windows, Unicode BMP
  }
  subtables.push({ encoding: 10, data: f12 }); // Windows, Unicode full repertoire

  const header = Buffer.alloc(4 + subtables.length * 8);
  header.writeUInt16BE(0, 0);
  header.writeUInt16BE(subtables.length, 2);
  let offset = header.length;
  subtables.forEach((t, i) => {
    header.writeUInt16BE(3, 4 + i * 8);
    header.writeUInt16BE(t.encoding, 6 + i * 8);
    header.writeUInt32BE(offset, 8 + i * 8);
    offset += t.data.length;
  });
  return Buffer.concat([header, ...subtables.map((t) => t.data)]);
}

/** post version 3: no glyph names, which the merged ids would have scrambled. */
function buildPost(post: Buffer | undefined): Buffer {
  const out = Buffer.alloc(32);
  if (post) post.copy(out, 0, 0, Math.min(32, post.length));
  out.writeUInt32BE(0x00030000, 0);
  return out;
}
