/**
 * TrueType subsets for the PDF, which keep every glyph at its id in the
 * whole font: the glyphs asked for (and the parts of composite ones) keep
 * their outlines, every other glyph is left empty with zero metrics, which
 * compresses to nothing. Keeping the ids is what lets the PDF's CIDs be the
 * font's own glyph ids. Made from the font's bytes in one pass: fontkit's
 * subsetter decodes each glyph and re-encodes every table, and hb-subset
 * copies the whole font into WebAssembly memory that is never given back.
 *
 * The EPUB's subsets renumber their glyphs instead (renumber-subset.ts).
 */

import type * as fontkit from 'fontkit';
import { renumberedSubset } from './renumber-subset.ts';
import { compositeComponents, glyphOffsets, horizontalMetrics, pad4, writeSfnt } from './sfnt.ts';

export interface SfntTables {
  /** The font file (or collection) the table offsets point into. */
  bytes: Uint8Array;
  tables: Record<string, { offset: number; length: number } | undefined>;
}

/** A fontkit face's tables, located in its file (a collection's face included). */
export function tablesOf(font: fontkit.Font): SfntTables {
  const f = font as unknown as { stream: { buffer: Uint8Array }; directory: { tables: SfntTables['tables'] } };
  return { bytes: f.stream.buffer, tables: f.directory.tables };
}

export const isTrueType = (font: SfntTables) => font.tables.glyf !== undefined;

const HINTING = ['cvt ', 'fpgm', 'prep'];

/**
 * For a PDF: the tables PDF 32000-1 §9.9 asks of an embedded TrueType
 * program (head, hhea, maxp, loca, glyf, hmtx, and the hinting tables where
 * the font has them), ending after the highest glyph id kept. The PDF's CIDs
 * are whole-font glyph ids (cid-fonts.ts), so its CID-to-glyph map is the
 * identity; a PDF maps CIDs to glyphs itself, so no cmap is written.
 */
export function subsetTrueType(font: SfntTables, glyphIds: Iterable<number>): Buffer {
  const read = reader(font);
  const kept = keptGlyphs(read, glyphIds);
  const out = glyphTables(read, kept, kept[kept.length - 1] + 1);
  for (const tag of HINTING) if (font.tables[tag]) out[tag] = read.table(tag);
  return writeSfnt(out);
}

/**
 * For an EPUB or a web page: a standalone font holding the characters asked
 * for and what its kept layout features need, its glyphs renumbered
 * (renumber-subset.ts). Characters the font lacks are left out (the font
 * plan never asks for one).
 */
export function subsetTrueTypeForWeb(font: SfntTables, chars: Iterable<number>): Buffer {
  const data = Buffer.from(font.bytes.buffer, font.bytes.byteOffset, font.bytes.byteLength);
  const tables: Record<string, Buffer> = {};
  for (const [tag, t] of Object.entries(font.tables)) if (t) tables[tag] = data.subarray(t.offset, t.offset + t.length);
  return renumberedSubset([{ tables, chars }]);
}

interface FontReader {
  table(tag: string): Buffer;
  numGlyphs: number;
  glyphStart(gid: number): number;
}

function reader(font: SfntTables): FontReader {
  const data = Buffer.from(font.bytes.buffer, font.bytes.byteOffset, font.bytes.byteLength);
  const table = (tag: string) => {
    const t = font.tables[tag];
    if (!t) throw new Error(`the font has no '${tag}' table`);
    return data.subarray(t.offset, t.offset + t.length);
  };
  return { table, numGlyphs: table('maxp').readUInt16BE(4), glyphStart: glyphOffsets(table('head'), table('loca')) };
}

/** The glyphs asked for, .notdef and, for a composite glyph, its components, transitively; in id order. */
function keptGlyphs(read: FontReader, glyphIds: Iterable<number>): number[] {
  const glyf = read.table('glyf');
  const keep = new Set<number>([0]);
  const pending = [...glyphIds];
  while (pending.length) {
    const gid = pending.pop()!;
    if (gid >= read.numGlyphs || keep.has(gid)) continue;
    keep.add(gid);
    const start = read.glyphStart(gid);
    if (read.glyphStart(gid + 1) > start) for (const c of compositeComponents(glyf, start)) pending.push(c.gid);
  }
  return [...keep].sort((a, b) => a - b);
}

/** glyf, loca, hmtx and the head, hhea and maxp that describe them, for `count` glyphs of which `kept` have outlines. */
function glyphTables(read: FontReader, kept: number[], count: number): Record<string, Uint8Array> {
  const { table, glyphStart } = read;
  const glyf = table('glyf');
  const hhea = table('hhea');

  // glyf: the kept glyphs' bytes, each from a 4-byte boundary; loca: where each glyph (empty or not) starts.
  const newLoca = Buffer.alloc((count + 1) * 4);
  let size = 0;
  for (const gid of kept) size += pad4(glyphStart(gid + 1) - glyphStart(gid));
  const newGlyf = Buffer.alloc(size);
  let at = 0;
  let next = 0;
  for (const gid of kept) {
    for (; next <= gid; next++) newLoca.writeUInt32BE(at, next * 4);
    const start = glyphStart(gid);
    const end = glyphStart(gid + 1);
    glyf.copy(newGlyf, at, start, end);
    at += pad4(end - start);
  }
  for (; next <= count; next++) newLoca.writeUInt32BE(at, next * 4);

  // hmtx: one long metric per glyph, the font's own for the glyphs kept and zero for the empty ones.
  const metrics = horizontalMetrics(table('hmtx'), hhea.readUInt16BE(34));
  const newHmtx = Buffer.alloc(count * 4);
  for (const gid of kept) {
    newHmtx.writeUInt16BE(metrics.advance(gid), gid * 4);
    newHmtx.writeInt16BE(metrics.lsb(gid), gid * 4 + 2);
  }
  const newHhea = Buffer.from(hhea);
  newHhea.writeUInt16BE(count, 34);
  const newMaxp = Buffer.from(table('maxp'));
  newMaxp.writeUInt16BE(count, 4);
  const newHead = Buffer.from(table('head'));
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment, set once the whole font is assembled
  newHead.writeInt16BE(1, 50); // long loca offsets
  return { glyf: newGlyf, head: newHead, hhea: newHhea, hmtx: newHmtx, loca: newLoca, maxp: newMaxp };
}
