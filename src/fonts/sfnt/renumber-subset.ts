/**
 * TrueType subsets that renumber their glyphs: the EPUB's fonts. From one
 * source (a face cut to a book's characters) or several merged into one
 * font (a face and its fallback faces; a chunked family's decoded chunks),
 * each source cut to its characters, their glyphs given new consecutive
 * ids, source by source in source order, with no empty slots.
 *
 * Kept with their glyphs: what the kept GSUB features (ccmp liga locl vert
 * vrt2) substitute for them, and composite glyphs' parts. Remapped: glyf,
 * loca, hmtx, vmtx, cmap, GSUB, GPOS (kern vkrn palt vpal halt vhal chws
 * vchw) and GDEF. Carried over from the first source: OS/2, gasp, BASE,
 * STAT, the hinting programs, and name cut to IDs 0–6, 13–14 and STAT's; post
 * becomes version 3 (no glyph names).
 *
 * Glyph 0 (.notdef) is the first source's. GPOS is the first source's only:
 * the rest are fallbacks or chunks (whose GPOS has no features).
 *
 * A face this code does not handle throws: NotTrueType (CFF outlines),
 * Unsupported (a variable font, a layout construct), NoUnicodeCmap; the
 * caller leaves such a face to hb-subset.
 */
import { lookupCmap, readCmap, buildCompactCmap } from './cmap.ts';
import { mergedGdef } from './gdef.ts';
import { planGpos, writeGpos } from './gpos.ts';
import { closeOverGsub, planGsub, type GsubPlan } from './gsub.ts';
import { mergedGsub } from './gsub-merge.ts';
import { readLayout, Unsupported, type Layout } from './layout-read.ts';
import { webNameTable } from './name.ts';
import { compositeComponents, glyphOffsets, pad4, postWithoutNames, writeSfnt } from './sfnt.ts';

/** A font without TrueType outlines (glyf), which this code cannot cut. */
export class NotTrueType extends Error {}

export interface SubsetSource {
  /** The source font's tables, by tag; glyf may be left out when `readGlyf` reads it. */
  tables: Record<string, Buffer>;
  /** The bytes of glyf at each [start, end) range, for a source whose glyf stays in its file (sfnt-file.ts). */
  readGlyf?: (ranges: ReadonlyArray<readonly [number, number]>) => Buffer[];
  /** The characters to take from it; every character it maps when absent. A character an earlier source took is not taken again. */
  chars?: Iterable<number>;
}

interface Part {
  tables: Record<string, Buffer>;
  /** The source ids of the glyphs kept, in new-id order. */
  old: Int32Array;
  /** Each kept glyph's bytes in the source's glyf, in new-id order. */
  outlines: Buffer[];
  newId: Int32Array;
  cmap: Map<number, number>;
  gsub?: { layout: Layout; plan: GsubPlan };
}

const REQUIRED = ['head', 'hhea', 'maxp', 'hmtx', 'loca', 'cmap'];
const FROM_FIRST = ['OS/2', 'gasp', 'BASE', 'STAT', 'cvt ', 'fpgm', 'prep'];

export interface SubsetOptions {
  /** false: no GSUB, GPOS or GDEF (nor the glyphs GSUB would bring), for sources whose layout this code does not handle. */
  layout?: boolean;
}

export function renumberedSubset(sources: SubsetSource[], options: SubsetOptions = {}): Buffer {
  const layout = options.layout ?? true;
  const parts: Part[] = [];
  const taken = new Set<number>();
  let next = 0;
  for (const source of sources) {
    const part = cut(source, taken, parts.length === 0, next, layout);
    next += part.old.length;
    parts.push(part);
  }
  const first = parts[0].tables;
  const out: Record<string, Uint8Array> = {};
  const short = glyphTables(parts, next, out);
  const head = Buffer.from(first.head);
  head.writeUInt32BE(0, 8); // checkSumAdjustment, set once the whole font is assembled
  head.writeInt16BE(short ? 0 : 1, 50);
  out.head = head;
  const maxp = Buffer.from(first.maxp);
  maxp.writeUInt16BE(next, 4);
  if (maxp.readUInt32BE(0) === 0x00010000) {
    // Version 1.0 limits (points, contours, hinting stack): the largest any source needs.
    for (let at = 6; at + 2 <= maxp.length; at += 2) maxp.writeUInt16BE(Math.max(...parts.map((p) => (at + 2 <= p.tables.maxp.length ? p.tables.maxp.readUInt16BE(at) : 0))), at);
  }
  out.maxp = maxp;
  metricTables(parts, 'hmtx', 'hhea', out);
  if (parts.every((p) => p.tables.vhea && p.tables.vmtx)) metricTables(parts, 'vmtx', 'vhea', out);

  const cmap = new Map<number, number>();
  for (const p of parts) for (const [cp, g] of p.cmap) cmap.set(cp, p.newId[g]);
  out.cmap = buildCompactCmap(cmap);
  out.post = postWithoutNames(first.post);
  for (const tag of FROM_FIRST) if (first[tag]) out[tag] = first[tag];
  if (first.name) out.name = webNameTable(first.name, first.STAT);

  if (layout) layoutTables(parts, out);
  return writeSfnt(out);
}

/** GSUB of every part, GPOS of the first, GDEF classes of every part. */
function layoutTables(parts: Part[], out: Record<string, Uint8Array>): void {
  const first = parts[0].tables;
  const gsub = mergedGsub(parts.flatMap((p) => (p.gsub ? [{ ...p.gsub, newId: p.newId }] : [])));
  if (gsub) out.GSUB = gsub;
  if (first.GPOS) {
    const layout = readLayout(first.GPOS, 9);
    const gpos = writeGpos(layout, planGpos(layout), parts[0].newId);
    if (gpos) out.GPOS = gpos;
  }
  const gdef = mergedGdef(parts.flatMap((p) => (p.tables.GDEF ? [{ gdef: p.tables.GDEF, newId: p.newId }] : [])));
  if (gdef) out.GDEF = gdef;
}

/** One source's characters and the glyphs they need, given new ids from `firstId`. */
function cut(source: SubsetSource, taken: Set<number>, isFirst: boolean, firstId: number, layout: boolean): Part {
  const { tables } = source;
  for (const tag of REQUIRED) if (!tables[tag]) throw new NotTrueType(`the font has no '${tag}' table (TrueType outlines are needed)`);
  if (!tables.glyf && !source.readGlyf) throw new NotTrueType("the font has no 'glyf' table (TrueType outlines are needed)");
  if (tables.fvar || tables.gvar) throw new Unsupported('a variable font');
  const numGlyphs = tables.maxp.readUInt16BE(4);
  const wanted = source.chars === undefined ? [...readCmap(tables.cmap).keys()] : [...source.chars];
  const cmap = lookupCmap(tables.cmap, wanted.filter((cp) => !taken.has(cp)));
  for (const [cp, g] of cmap) {
    if (g < numGlyphs) taken.add(cp);
    else cmap.delete(cp);
  }

  const glyphs = new Set<number>([0, ...cmap.values()]);
  let gsub: Part['gsub'];
  if (layout && tables.GSUB) {
    const read = readLayout(tables.GSUB, 7);
    gsub = { layout: read, plan: planGsub(read) };
    closeOverGsub(gsub.plan, glyphs);
  }
  const outline = outlineReader(source, numGlyphs);
  // Composite glyphs' parts, and theirs, read a generation at a time (one pass over the file each).
  let pending = [...glyphs];
  while (pending.length) {
    const found: number[] = [];
    outline.load(pending);
    for (const g of pending) {
      const b = outline.get(g);
      // Only a composite glyph (numberOfContours < 0) names others.
      if (!b || b.length === 0 || b.readInt16BE(0) >= 0) continue;
      for (const c of compositeComponents(b)) {
        if (!glyphs.has(c.gid)) {
          glyphs.add(c.gid);
          found.push(c.gid);
        }
      }
    }
    pending = found;
  }
  // Glyph 0 is the first source's; a later source's .notdef becomes it.
  const sorted = Int32Array.from(glyphs).sort();
  let count = 0;
  for (const g of sorted) if (g < numGlyphs && (isFirst || g !== 0)) sorted[count++] = g;
  const old = sorted.slice(0, count);
  const newId = new Int32Array(numGlyphs).fill(-1);
  if (!isFirst) newId[0] = 0;
  const outlines = new Array<Buffer>(count);
  for (let i = 0; i < count; i++) {
    newId[old[i]] = firstId + i;
    outlines[i] = outline.get(old[i])!;
  }
  return { tables, old, outlines, newId, cmap, gsub };
}

/** Glyph outlines by id: views of the source's glyf, or of the bytes `readGlyf` read. */
function outlineReader(source: SubsetSource, numGlyphs: number): { load(gids: number[]): void; get(gid: number): Buffer | undefined } {
  const { tables } = source;
  const glyphStart = glyphOffsets(tables.head, tables.loca);
  const glyf = tables.glyf;
  if (glyf) return { load: () => undefined, get: (g) => (g < numGlyphs ? glyf.subarray(glyphStart(g), glyphStart(g + 1)) : undefined) };
  const read = new Map<number, Buffer>();
  return {
    load(gids) {
      const wanted = [...new Set(gids)].filter((g) => g < numGlyphs && !read.has(g));
      const bytes = source.readGlyf!(wanted.map((g) => [glyphStart(g), glyphStart(g + 1)] as const));
      wanted.forEach((g, i) => read.set(g, bytes[i]));
    },
    get: (g) => read.get(g),
  };
}

/** glyf and loca (short offsets when the glyphs fit), composite parts renumbered; whether loca is short. */
function glyphTables(parts: Part[], count: number, out: Record<string, Uint8Array>): boolean {
  let size = 0;
  for (const p of parts) for (const b of p.outlines) size += pad4(b.length);
  const glyf = Buffer.alloc(size);
  const offsets = new Uint32Array(count + 1);
  let at = 0;
  let i = 0;
  for (const p of parts) {
    for (let k = 0; k < p.old.length; k++) {
      offsets[i++] = at;
      const outline = p.outlines[k];
      glyf.set(outline, at);
      if (outline.length > 0 && glyf.readInt16BE(at) < 0) {
        for (const c of compositeComponents(glyf, at)) {
          if (p.newId[c.gid] < 0) throw new Error(`glyph ${p.old[k]} is made of glyph ${c.gid}, which the font does not have`);
          glyf.writeUInt16BE(p.newId[c.gid], c.at);
        }
      }
      at += pad4(outline.length);
    }
  }
  offsets[count] = at;
  const short = at <= 0x1fffe;
  const loca = Buffer.alloc((count + 1) * (short ? 2 : 4));
  for (let k = 0; k <= count; k++) {
    if (short) loca.writeUInt16BE(offsets[k] / 2, k * 2);
    else loca.writeUInt32BE(offsets[k], k * 4);
  }
  out.glyf = glyf;
  out.loca = loca;
  return short;
}

/**
 * hmtx with hhea, or vmtx with vhea: each kept glyph's advance and side
 * bearing, the trailing glyphs of one advance sharing the last long metric.
 */
function metricTables(parts: Part[], mtx: 'hmtx' | 'vmtx', hea: 'hhea' | 'vhea', out: Record<string, Uint8Array>): void {
  const advance: number[] = [];
  const bearing: number[] = [];
  let maxAdvance = 0;
  for (const p of parts) {
    const src = p.tables[mtx];
    const numLong = p.tables[hea].readUInt16BE(34);
    maxAdvance = Math.max(maxAdvance, p.tables[hea].readUInt16BE(10));
    for (const g of p.old) {
      advance.push(src.readUInt16BE(4 * Math.min(g, numLong - 1)));
      bearing.push(g < numLong ? src.readInt16BE(4 * g + 2) : src.readInt16BE(4 * numLong + 2 * (g - numLong)));
    }
  }
  let long = advance.length;
  while (long > 1 && advance[long - 1] === advance[long - 2]) long--;
  const table = Buffer.alloc(4 * long + 2 * (advance.length - long));
  advance.forEach((a, k) => {
    if (k < long) {
      table.writeUInt16BE(a, 4 * k);
      table.writeInt16BE(bearing[k], 4 * k + 2);
    } else table.writeInt16BE(bearing[k], 4 * long + 2 * (k - long));
  });
  const header = Buffer.from(parts[0].tables[hea]);
  header.writeUInt16BE(maxAdvance, 10);
  header.writeUInt16BE(long, 34);
  out[mtx] = table;
  out[hea] = header;
}
