/**
 * The cmap table (character → glyph) read from a font and written for a new
 * one: the merged EPUB fonts and the EPUB's subsets, which keep glyph ids.
 */

/** A cmap with neither a Unicode format 12 nor a format 4 subtable (symbol or Mac ones only). */
export class NoUnicodeCmap extends Error {}

/**
 * The character → glyph map of a cmap table, from its Unicode subtable:
 * format 12 (every plane) when there is one, else format 4 (the BMP).
 * Read here rather than through fontkit, whose lazy structures are slow to
 * walk over a book's fifty-odd WenKai chunks.
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
  if (f4 === undefined) throw new NoUnicodeCmap('the font has no Unicode cmap (format 4 or 12)');
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

/**
 * cmap with a format 4 subtable (BMP, for old readers) and a format 12 one
 * (everything). Runs of consecutive characters on consecutive glyphs share a
 * segment; should the BMP still need more than format 4's 16-bit length
 * holds (eight thousand scattered characters), format 12 stands alone.
 */
export function buildCmap(map: Map<number, number>): Buffer {
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
