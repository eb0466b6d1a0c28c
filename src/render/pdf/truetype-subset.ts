/**
 * A TrueType subset for a PDF that keeps every glyph at its id in the whole
 * font: the glyphs drawn (and the parts of composite ones) keep their
 * outlines, every other glyph is left empty, and the font ends after the
 * highest id drawn. The PDF's CIDs are whole-font glyph ids (cid-fonts.ts),
 * so the CID-to-glyph map is the identity and a composite glyph needs no
 * renumbering.
 *
 * Made from the font's bytes in one pass; fontkit's subsetter decodes each
 * glyph and re-encodes every table, a quarter of a second for a book's
 * few thousand Han glyphs.
 *
 * Tables kept are those PDF 32000-1 §9.9 asks of an embedded TrueType
 * program: head, hhea, maxp, loca, glyf, hmtx, and the hinting tables cvt,
 * fpgm, prep where the font has them. A PDF maps CIDs to glyphs itself, so
 * no cmap is written.
 */

export interface SfntTables {
  /** The font file (or collection) the table offsets point into. */
  bytes: Uint8Array;
  tables: Record<string, { offset: number; length: number } | undefined>;
}

/** The flags of a composite glyph's component record (OpenType `glyf`). */
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

const HINTING = ['cvt ', 'fpgm', 'prep'];

export function subsetTrueType(font: SfntTables, glyphIds: Iterable<number>): Buffer {
  const data = Buffer.from(font.bytes.buffer, font.bytes.byteOffset, font.bytes.byteLength);
  const table = (tag: string) => {
    const t = font.tables[tag];
    if (!t) throw new Error(`the font has no '${tag}' table`);
    return data.subarray(t.offset, t.offset + t.length);
  };
  const head = table('head');
  const hhea = table('hhea');
  const maxp = table('maxp');
  const loca = table('loca');
  const glyf = table('glyf');
  const hmtx = table('hmtx');
  const numGlyphs = maxp.readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const glyphStart = (gid: number) => (longLoca ? loca.readUInt32BE(gid * 4) : loca.readUInt16BE(gid * 2) * 2);

  // The glyphs drawn and, for a composite glyph, its components, transitively.
  const keep = new Set<number>([0]);
  const pending = [...glyphIds];
  while (pending.length) {
    const gid = pending.pop()!;
    if (gid >= numGlyphs || keep.has(gid)) continue;
    keep.add(gid);
    const start = glyphStart(gid);
    if (glyphStart(gid + 1) > start && glyf.readInt16BE(start) < 0) pending.push(...components(glyf, start + 10));
  }
  const ids = [...keep].sort((a, b) => a - b);
  const count = ids[ids.length - 1] + 1;

  // glyf: the kept glyphs' bytes, each from a 4-byte boundary; loca: where each glyph (empty or not) starts.
  const newLoca = Buffer.alloc((count + 1) * 4);
  let size = 0;
  for (const gid of ids) size += pad4(glyphStart(gid + 1) - glyphStart(gid));
  const newGlyf = Buffer.alloc(size);
  let at = 0;
  let next = 0;
  for (const gid of ids) {
    for (; next <= gid; next++) newLoca.writeUInt32BE(at, next * 4);
    const start = glyphStart(gid);
    const end = glyphStart(gid + 1);
    glyf.copy(newGlyf, at, start, end);
    at += pad4(end - start);
  }
  for (; next <= count; next++) newLoca.writeUInt32BE(at, next * 4);

  // hmtx: one long metric per glyph, the font's own for the glyphs kept and zero for the empty
  // ones, which compresses to nothing (a reader takes widths from the PDF's /W, not from here).
  const fontMetrics = hhea.readUInt16BE(34);
  const newHmtx = Buffer.alloc(count * 4);
  for (const gid of ids) {
    const m = Math.min(gid, fontMetrics - 1);
    newHmtx.writeUInt16BE(hmtx.readUInt16BE(m * 4), gid * 4);
    newHmtx.writeInt16BE(gid < fontMetrics ? hmtx.readInt16BE(gid * 4 + 2) : hmtx.readInt16BE(fontMetrics * 4 + (gid - fontMetrics) * 2), gid * 4 + 2);
  }
  const newHhea = Buffer.from(hhea);
  newHhea.writeUInt16BE(count, 34);
  const newMaxp = Buffer.from(maxp);
  newMaxp.writeUInt16BE(count, 4);
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8);
  newHead.writeInt16BE(1, 50);

  const out: Array<[string, Buffer]> = [
    ['glyf', newGlyf],
    ['head', newHead],
    ['hhea', newHhea],
    ['hmtx', newHmtx],
    ['loca', newLoca],
    ['maxp', newMaxp],
  ];
  for (const tag of HINTING) if (font.tables[tag]) out.push([tag, Buffer.from(table(tag))]);
  const { file, offsets, sum } = sfnt(out);
  // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
  file.writeUInt32BE((0xb1b0afba - sum) >>> 0, offsets.get('head')! + 8);
  return file;
}

/** The glyph ids a composite glyph's component records (from `at`) refer to. */
function components(glyf: Buffer, at: number): number[] {
  const ids: number[] = [];
  for (;;) {
    const flags = glyf.readUInt16BE(at);
    ids.push(glyf.readUInt16BE(at + 2));
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
    if (!(flags & MORE_COMPONENTS)) return ids;
  }
}

const pad4 = (n: number) => (n + 3) & ~3;

/** The sfnt checksum: the sum of the big-endian 32-bit words, the last one padded with zeros. */
function checksum(b: Uint8Array): number {
  let sum = 0;
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3])) >>> 0;
  let last = 0;
  for (let i = whole; i < b.length; i++) last |= b[i] << (24 - 8 * (i - whole));
  return (sum + last) >>> 0;
}

/** The tables as an sfnt file, in tag order, each from a 4-byte boundary; where each begins; and the checksum of the whole. */
function sfnt(tables: Array<[string, Buffer]>): { file: Buffer; offsets: Map<string, number>; sum: number } {
  tables.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const n = tables.length;
  const dirSize = 12 + 16 * n;
  const file = Buffer.alloc(dirSize + tables.reduce((s, [, t]) => s + pad4(t.length), 0));
  const pow = 2 ** Math.floor(Math.log2(n));
  file.writeUInt32BE(0x00010000, 0);
  file.writeUInt16BE(n, 4);
  file.writeUInt16BE(pow * 16, 6);
  file.writeUInt16BE(Math.log2(pow), 8);
  file.writeUInt16BE(n * 16 - pow * 16, 10);
  let offset = dirSize;
  const offsets = new Map<string, number>();
  // Tables start on 4-byte boundaries and are padded with zeros, so the file's sum is the sum of theirs and the directory's.
  let sum = 0;
  tables.forEach(([tag, t], i) => {
    offsets.set(tag, offset);
    const entry = 12 + 16 * i;
    file.write(tag, entry, 'latin1');
    const tableSum = checksum(t);
    sum = (sum + tableSum) >>> 0;
    file.writeUInt32BE(tableSum, entry + 4);
    file.writeUInt32BE(offset, entry + 8);
    file.writeUInt32BE(t.length, entry + 12);
    t.copy(file, offset);
    offset += pad4(t.length);
  });
  return { file, offsets, sum: (sum + checksum(file.subarray(0, dirSize))) >>> 0 };
}
