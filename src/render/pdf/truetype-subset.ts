/**
 * A TrueType subset for a PDF that keeps every glyph at its id in the whole
 * font: the glyphs drawn (and the parts of composite ones) keep their
 * outlines, every other glyph is left empty, and the font ends after the
 * highest id kept. The PDF's CIDs are whole-font glyph ids (cid-fonts.ts),
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

import { compositeComponents, glyphOffsets, horizontalMetrics, pad4, writeSfnt } from '../../fonts/sfnt.ts';

export interface SfntTables {
  /** The font file (or collection) the table offsets point into. */
  bytes: Uint8Array;
  tables: Record<string, { offset: number; length: number } | undefined>;
}

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
  const glyphStart = glyphOffsets(head, loca);

  // The glyphs drawn and, for a composite glyph, its components, transitively.
  const keep = new Set<number>([0]);
  const pending = [...glyphIds];
  while (pending.length) {
    const gid = pending.pop()!;
    if (gid >= numGlyphs || keep.has(gid)) continue;
    keep.add(gid);
    const start = glyphStart(gid);
    if (glyphStart(gid + 1) > start) for (const c of compositeComponents(glyf, start)) pending.push(c.gid);
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
  const metrics = horizontalMetrics(hmtx, hhea.readUInt16BE(34));
  const newHmtx = Buffer.alloc(count * 4);
  for (const gid of ids) {
    newHmtx.writeUInt16BE(metrics.advance(gid), gid * 4);
    newHmtx.writeInt16BE(metrics.lsb(gid), gid * 4 + 2);
  }
  const newHhea = Buffer.from(hhea);
  newHhea.writeUInt16BE(count, 34);
  const newMaxp = Buffer.from(maxp);
  newMaxp.writeUInt16BE(count, 4);
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8);
  newHead.writeInt16BE(1, 50);

  const out: Record<string, Uint8Array> = { glyf: newGlyf, head: newHead, hhea: newHhea, hmtx: newHmtx, loca: newLoca, maxp: newMaxp };
  for (const tag of HINTING) if (font.tables[tag]) out[tag] = table(tag);
  return writeSfnt(out);
}
