/**
 * The cmap table (character → glyph) read from a font and written for a new
 * one: the EPUB's renumbered subsets and merged fonts.
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
  const subtables = unicodeSubtables(cmap);
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
  for (let s = 0; s < segments; s++) {
    const start = cmap.readUInt16BE(f4 + 16 + segments * 2 + s * 2);
    const end = cmap.readUInt16BE(f4 + 14 + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      const glyph = format4Glyph(cmap, f4, s, cp);
      if (glyph !== 0) map.set(cp, glyph);
    }
  }
  return map;
}

/**
 * The glyphs of the characters asked for (those the font has), by binary
 * search in the same subtable readCmap would read: a subset needs a few
 * thousand of a CJK face's tens of thousands of characters.
 */
export function lookupCmap(cmap: Buffer, cps: Iterable<number>): Map<number, number> {
  const subtables = unicodeSubtables(cmap);
  const out = new Map<number, number>();
  const f12 = subtables.get(12);
  if (f12 !== undefined) {
    // DataView's reads are builtins, cheaper than Buffer's JavaScript ones before the code is optimised.
    const view = new DataView(cmap.buffer, cmap.byteOffset, cmap.byteLength);
    for (const cp of cps) {
      const g = format12Glyph(view, f12, cp);
      if (g) out.set(cp, g);
    }
    return out;
  }
  const f4 = subtables.get(4);
  if (f4 === undefined) throw new NoUnicodeCmap('the font has no Unicode cmap (format 4 or 12)');
  const segments = cmap.readUInt16BE(f4 + 6) / 2;
  for (const cp of cps) {
    if (cp >= 0xffff) continue;
    // The first segment whose end is at or past the character.
    let lo = 0;
    let hi = segments - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmap.readUInt16BE(f4 + 14 + mid * 2) < cp) lo = mid + 1;
      else hi = mid;
    }
    if (cp < cmap.readUInt16BE(f4 + 16 + segments * 2 + lo * 2) || cp > cmap.readUInt16BE(f4 + 14 + lo * 2)) continue;
    const g = format4Glyph(cmap, f4, lo, cp);
    if (g) out.set(cp, g);
  }
  return out;
}

/** The glyph of `cp` in the format 12 subtable at `table` (0 for none), by binary search of its sorted groups. */
function format12Glyph(view: DataView, table: number, cp: number): number {
  let lo = 0;
  let hi = view.getUint32(table + 12) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const group = table + 16 + mid * 12;
    if (cp < view.getUint32(group)) hi = mid - 1;
    else if (cp > view.getUint32(group + 4)) lo = mid + 1;
    else return view.getUint32(group + 8) + cp - view.getUint32(group);
  }
  return 0;
}

/**
 * A character → glyph function (0 for none) answering as fontkit's
 * hasGlyphForCodePoint does: from the subtable fontkit's cmap processor
 * picks, the first present of Windows full repertoire, Unicode full,
 * Unicode BMP and Windows BMP, in that order. Format 4 or 12 only; other
 * fonts throw NoUnicodeCmap and are asked through fontkit.
 */
export function cmapLookup(cmap: Buffer): (cp: number) => number {
  const view = new DataView(cmap.buffer, cmap.byteOffset, cmap.byteLength);
  const count = view.getUint16(2);
  const find = (platform: number, encoding: number) => {
    for (let i = 0; i < count; i++) if (view.getUint16(4 + i * 8) === platform && view.getUint16(6 + i * 8) === encoding) return view.getUint32(8 + i * 8);
    return undefined;
  };
  const pairs = [[3, 10], [0, 6], [0, 4], [3, 1], [0, 3], [0, 2], [0, 1], [0, 0]];
  const at = pairs.map(([p, e]) => find(p, e)).find((o) => o !== undefined);
  const format = at === undefined ? undefined : view.getUint16(at);
  if (at !== undefined && format === 12) return (cp) => format12Glyph(view, at, cp);
  if (at !== undefined && format === 4) {
    const segments = view.getUint16(at + 6) / 2;
    const ends = at + 14;
    const starts = ends + segments * 2 + 2;
    return (cp) => {
      let lo = 0;
      let hi = segments - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (cp < view.getUint16(starts + mid * 2)) hi = mid - 1;
        else if (cp > view.getUint16(ends + mid * 2)) lo = mid + 1;
        else return format4Glyph(cmap, at, mid, cp);
      }
      return 0;
    };
  }
  throw new NoUnicodeCmap('the font has no Unicode cmap subtable of format 4 or 12');
}

/** A character's glyph in segment `s` of the format 4 subtable at `f4` (0 for none). */
function format4Glyph(cmap: Buffer, f4: number, s: number, cp: number): number {
  const segments = cmap.readUInt16BE(f4 + 6) / 2;
  const starts = f4 + 16 + segments * 2;
  const deltas = starts + segments * 2;
  const ranges = deltas + segments * 2;
  const delta = cmap.readUInt16BE(deltas + s * 2);
  const range = cmap.readUInt16BE(ranges + s * 2);
  if (range === 0) return (cp + delta) & 0xffff;
  const glyph = cmap.readUInt16BE(ranges + s * 2 + range + (cp - cmap.readUInt16BE(starts + s * 2)) * 2);
  return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
}

/** Offsets of the cmap's Unicode subtables by format, the first of each format. */
function unicodeSubtables(cmap: Buffer): Map<number, number> {
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
  return subtables;
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
    const { f4, ends, starts, deltas, ranges } = format4Table(segCount, f4Length);
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

/**
 * The smallest cmap for a subset: one format 4 subtable, shared by the
 * Unicode (0,3) and Windows (3,1) records, with format 12 added only for
 * characters past the BMP. Its segments are chosen by dynamic programming
 * between delta segments (a run of consecutive characters on consecutive
 * glyphs, 8 bytes) and glyphIdArray spans (8 bytes and 2 per code point
 * spanned, gaps included), which suits a renumbered subset whose scattered
 * characters have consecutive glyphs in no useful order. Too many for
 * format 4's 16-bit length: buildCmap's format 12 alone.
 */
export function buildCompactCmap(map: Map<number, number>): Buffer {
  // Typed arrays, sorted natively: this runs once per face in a cold process, mostly in the interpreter.
  const sorted = Int32Array.from(map.keys()).sort();
  let n = 0;
  while (n < sorted.length && sorted[n] < 0xffff) n++;
  const cps = sorted.subarray(0, n);
  const gids = new Int32Array(n);
  for (let x = 0; x < n; x++) gids[x] = map.get(cps[x])!;
  // best[j]: the cheapest cover of entries [0, j); from[j]: where its last segment starts; array[j]: whether that segment is a span.
  const best = new Float64Array(n + 1).fill(Infinity);
  const from = new Int32Array(n + 1);
  const array = new Uint8Array(n + 1);
  best[0] = 0;
  // The cheapest cover before any start of the current run of consecutive characters on consecutive glyphs, and where.
  let runBest = Infinity;
  let runFrom = 0;
  for (let j = 1; j <= n; j++) {
    // A delta segment ending at j−1 may start anywhere in the run that entry j−1 ends.
    if (j >= 2 && !(cps[j - 2] + 1 === cps[j - 1] && gids[j - 2] + 1 === gids[j - 1])) runBest = Infinity;
    if (best[j - 1] < runBest) {
      runBest = best[j - 1];
      runFrom = j - 1;
    }
    best[j] = runBest + 8;
    from[j] = runFrom;
    array[j] = 0;
    // A span [k, j): looked for over the last 64 entries, and no further than its gaps could pay for.
    for (let k = j - 1; k >= 0 && k >= j - 64; k--) {
      const span = cps[j - 1] - cps[k] + 1;
      if (2 * span > 8 * (j - k) + 8) break;
      const c = best[k] + 8 + 2 * span;
      if (c < best[j]) {
        best[j] = c;
        from[j] = k;
        array[j] = 1;
      }
    }
  }
  const segs: Array<{ start: number; end: number; delta: number; glyphs?: number[] }> = [];
  for (let j = n; j > 0; j = from[j]) {
    const k = from[j];
    const start = cps[k];
    const end = cps[j - 1];
    if (!array[j]) segs.push({ start, end, delta: (gids[k] - start + 0x10000) & 0xffff });
    else {
      const glyphs = new Array<number>(end - start + 1).fill(0);
      for (let x = k; x < j; x++) glyphs[cps[x] - start] = gids[x];
      segs.push({ start, end, delta: 0, glyphs });
    }
  }
  segs.reverse();
  segs.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const segCount = segs.length;
  const length = 16 + segCount * 8 + 2 * segs.reduce((s, g) => s + (g.glyphs?.length ?? 0), 0);
  if (length > 0xffff) return buildCmap(map);
  const { f4, ends, starts, deltas, ranges } = format4Table(segCount, length);
  let at = ranges + segCount * 2;
  segs.forEach((s, i) => {
    f4.writeUInt16BE(s.end, ends + i * 2);
    f4.writeUInt16BE(s.start, starts + i * 2);
    f4.writeUInt16BE(s.delta, deltas + i * 2);
    if (s.glyphs) {
      f4.writeUInt16BE(at - (ranges + i * 2), ranges + i * 2);
      for (const g of s.glyphs) {
        f4.writeUInt16BE(g, at);
        at += 2;
      }
    }
  });
  const records: Array<[number, number, Buffer]> = [
    [0, 3, f4],
    [3, 1, f4],
  ];
  if (sorted.length > n) {
    // buildCmap writes format 12 last.
    const whole = buildCmap(map);
    const count = whole.readUInt16BE(2);
    records.push([3, 10, whole.subarray(whole.readUInt32BE(4 + (count - 1) * 8 + 4))]);
  }
  const header = Buffer.alloc(4 + records.length * 8);
  header.writeUInt16BE(records.length, 2);
  const placed = new Map<Buffer, number>();
  const bodies: Buffer[] = [];
  let offset = header.length;
  records.forEach(([platform, encoding, body], i) => {
    header.writeUInt16BE(platform, 4 + i * 8);
    header.writeUInt16BE(encoding, 6 + i * 8);
    if (!placed.has(body)) {
      placed.set(body, offset);
      bodies.push(body);
      offset += body.length;
    }
    header.writeUInt32BE(placed.get(body)!, 8 + i * 8);
  });
  return Buffer.concat([header, ...bodies]);
}

/**
 * A format 4 subtable of `length` bytes with its header written (the binary
 * search fields follow from the segment count), and where its four segment
 * arrays start.
 */
function format4Table(segCount: number, length: number): { f4: Buffer; ends: number; starts: number; deltas: number; ranges: number } {
  const f4 = Buffer.alloc(length);
  f4.writeUInt16BE(4, 0);
  f4.writeUInt16BE(length, 2);
  f4.writeUInt16BE(segCount * 2, 6);
  const pow = 2 ** Math.floor(Math.log2(segCount));
  f4.writeUInt16BE(pow * 2, 8);
  f4.writeUInt16BE(Math.log2(pow), 10);
  f4.writeUInt16BE(segCount * 2 - pow * 2, 12);
  const ends = 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  return { f4, ends, starts, deltas, ranges: deltas + segCount * 2 };
}
