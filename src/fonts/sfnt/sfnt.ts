/**
 * Reading and writing sfnt (TrueType) files at the byte level: the table
 * directory, where each glyph lies (loca), its metrics (hmtx), composite
 * glyphs' parts, checksums and head.checkSumAdjustment. Shared by the merged
 * EPUB fonts, the EPUB's and the PDF's subsets and the PDF's glyph advances.
 */

export const pad4 = (n: number) => (n + 3) & ~3;

/** The tables of a single-font sfnt file, by tag. */
export function sfntTables(font: Buffer): Record<string, Buffer> {
  const tables: Record<string, Buffer> = {};
  for (let i = 0; i < font.readUInt16BE(4); i++) {
    const rec = 12 + i * 16;
    const offset = font.readUInt32BE(rec + 8);
    tables[font.toString('latin1', rec, rec + 4)] = font.subarray(offset, offset + font.readUInt32BE(rec + 12));
  }
  return tables;
}

/** Where glyph `gid` starts in glyf, by loca in its short or long form (head.indexToLocFormat); it ends where `gid + 1` starts. */
export function glyphOffsets(head: Uint8Array, loca: Uint8Array): (gid: number) => number {
  const h = view(head);
  const l = view(loca);
  return h.readInt16BE(50) === 1 ? (gid) => l.readUInt32BE(gid * 4) : (gid) => l.readUInt16BE(gid * 2) * 2;
}

/**
 * A glyph's advance and left side bearing from hmtx: past its
 * `numberOfHMetrics` long metrics, glyphs share the last advance and have
 * only a bearing each.
 */
export function horizontalMetrics(hmtx: Uint8Array, numberOfHMetrics: number): { advance(gid: number): number; lsb(gid: number): number } {
  const m = view(hmtx);
  return {
    advance: (gid) => m.readUInt16BE(4 * Math.min(gid, numberOfHMetrics - 1)),
    lsb: (gid) => (gid < numberOfHMetrics ? m.readInt16BE(gid * 4 + 2) : m.readInt16BE(numberOfHMetrics * 4 + (gid - numberOfHMetrics) * 2)),
  };
}

const view = (b: Uint8Array) => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The sfnt checksum: the sum of the big-endian 32-bit words, the last one padded with zeros. */
export function sfntChecksum(b: Uint8Array): number {
  let sum = 0;
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3])) >>> 0;
  let last = 0;
  for (let i = whole; i < b.length; i++) last |= b[i] << (24 - 8 * (i - whole));
  return (sum + last) >>> 0;
}

/**
 * The tables as a TrueType file: in tag order, each from a 4-byte boundary,
 * and head.checkSumAdjustment set so that the whole sums to 0xB1B0AFBA.
 * The head table given must hold 0 there.
 */
export function writeSfnt(tables: Record<string, Uint8Array>): Buffer {
  const tags = Object.keys(tables).sort();
  const n = tags.length;
  const dirSize = 12 + 16 * n;
  const file = Buffer.alloc(dirSize + tags.reduce((s, tag) => s + pad4(tables[tag].length), 0));
  const pow = 2 ** Math.floor(Math.log2(n));
  file.writeUInt32BE(0x00010000, 0);
  file.writeUInt16BE(n, 4);
  file.writeUInt16BE(pow * 16, 6);
  file.writeUInt16BE(Math.log2(pow), 8);
  file.writeUInt16BE(n * 16 - pow * 16, 10);
  let offset = dirSize;
  let headOffset = -1;
  // Tables start on 4-byte boundaries and are padded with zeros, so the file's sum is the sum of theirs and the directory's.
  let sum = 0;
  tags.forEach((tag, i) => {
    const data = tables[tag];
    const entry = 12 + 16 * i;
    file.write(tag, entry, 'latin1');
    const tableSum = sfntChecksum(data);
    sum = (sum + tableSum) >>> 0;
    file.writeUInt32BE(tableSum, entry + 4);
    file.writeUInt32BE(offset, entry + 8);
    file.writeUInt32BE(data.length, entry + 12);
    if (tag === 'head') headOffset = offset;
    file.set(data, offset);
    offset += pad4(data.length);
  });
  sum = (sum + sfntChecksum(file.subarray(0, dirSize))) >>> 0;
  if (headOffset >= 0) file.writeUInt32BE((0xb1b0afba - sum) >>> 0, headOffset + 8);
  return file;
}

/** The component glyph ids of a composite glyph's records, and where each id is written. */
export function compositeComponents(glyph: Uint8Array, start = 0): Array<{ gid: number; at: number }> {
  const g = view(glyph);
  const out: Array<{ gid: number; at: number }> = [];
  if (glyph.length - start < 10 || g.readInt16BE(start) >= 0) return out;
  let p = start + 10;
  for (;;) {
    const flags = g.readUInt16BE(p);
    out.push({ gid: g.readUInt16BE(p + 2), at: p + 2 });
    p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) p += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
    if (!(flags & MORE_COMPONENTS)) return out;
  }
}

/** The flags of a composite glyph's component record (OpenType `glyf`). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/**
 * post version 3: no glyph names. A merged font renumbers its glyphs, and a
 * subset ends its glyph list elsewhere than the names do.
 */
export function postWithoutNames(post: Uint8Array | undefined): Buffer {
  const out = Buffer.alloc(32);
  if (post) out.set(post.subarray(0, 32));
  out.writeUInt32BE(0x00030000, 0);
  return out;
}
