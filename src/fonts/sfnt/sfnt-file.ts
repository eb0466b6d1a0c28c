import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A TrueType or OpenType file read table by table, its glyph outlines
 * (glyf) left in the file and read glyph by glyph when a subset asks for
 * them. A CJK face is 15 MB, 14 of them glyf, of which a book's subset needs
 * a tenth. Reading the whole file into memory costs little CPU but much
 * fresh memory, whose page faults are slow on a virtual machine: 6–10 ms per
 * MB, a third of a second for an edition's three Noto faces, where this
 * reads half a megabyte of each.
 */
export interface SfntFile {
  /** Every table but glyf, by tag. */
  tables: Record<string, Buffer>;
  /** glyf's place in the file, when the font has TrueType outlines. */
  glyf?: { offset: number; length: number };
  /**
   * The bytes of glyf at each of `ranges` ([start, end), glyf offsets in any
   * order), in that order, as views of one new buffer.
   */
  readGlyf(ranges: ReadonlyArray<readonly [number, number]>): Buffer[];
}

/** Ranges closer than this are read in one call: a read costs more than a few pages of bytes not needed. */
const GAP = 4 * 1024;

/**
 * The file's tables, or undefined for a font collection (TTC, OTC) or a
 * file that is no sfnt font: fontkit reads those.
 */
export function readSfntFile(path: string): SfntFile | undefined {
  const fd = openSync(path, 'r');
  try {
    const directory = readDirectory(fd);
    if (directory.kind !== 'sfnt' || directory.cutShort) return undefined;
    const tables: Record<string, Buffer> = {};
    let glyf: SfntFile['glyf'];
    for (const { tag, offset, length } of directory.records) {
      if (tag === 'glyf') glyf = { offset, length };
      else tables[tag] = readAt(fd, offset, length);
    }
    return { tables, glyf, readGlyf: (ranges) => readRanges(path, glyf?.offset ?? 0, ranges) };
  } finally {
    closeSync(fd);
  }
}

/**
 * What is wrong with a font file at first sight, or undefined: one that does
 * not begin as a font does (a text file or an image renamed .ttf), whose
 * tables run past its end (a copy cut short), or that lacks a table every
 * font of its kind has (the subsetter, the composer and the PDF's font
 * descriptor each read them). A collection is fontkit's to read.
 */
export function sfntFileProblem(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const directory = readDirectory(fd);
    if (directory.kind === 'other') return 'is not a font file: it does not begin as a TrueType, OpenType or collection file does';
    if (directory.kind === 'sfnt' && directory.cutShort) return `is cut short: its '${directory.cutShort}' table runs past the end of the file`;
    if (directory.kind === 'sfnt') {
      const tags = new Set(directory.records.map((r) => r.tag));
      const outlines = directory.cff ? [['CFF ', 'CFF2']] : [['glyf'], ['loca']];
      const missing = [...REQUIRED_TABLES.map((t) => [t]), ...outlines].find((either) => !either.some((t) => tags.has(t)));
      if (missing) return `lacks its '${missing[0].trim()}' table, which every font of its kind has: the file is damaged, or not a whole font`;
    }
    return undefined;
  } catch (e) {
    return e instanceof CutShort ? 'is cut short: its table directory runs past the end of the file' : 'cannot be read';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type Directory =
  | { kind: 'collection' | 'other' }
  /** `cutShort`: the tag of the first table that runs past the end of the file. */
  | { kind: 'sfnt'; records: Array<{ tag: string; offset: number; length: number }>; cutShort?: string; cff: boolean };

/** The tables the OpenType specification requires of every font, whatever its outlines. */
const REQUIRED_TABLES = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'post'];

/** The table directory of an sfnt font: TrueType (1.0 or 'true') or CFF ('OTTO') outlines; 'ttcf' is a collection. */
function readDirectory(fd: number): Directory {
  const size = fstatSync(fd).size;
  if (size < 12) return { kind: 'other' };
  const header = readAt(fd, 0, 12);
  const version = header.readUInt32BE(0);
  if (version === 0x74746366) return { kind: 'collection' };
  if (version !== 0x00010000 && version !== 0x74727565 && version !== 0x4f54544f) return { kind: 'other' };
  const count = header.readUInt16BE(4);
  const directory = readAt(fd, 12, 16 * count);
  const records: Array<{ tag: string; offset: number; length: number }> = [];
  for (let i = 0; i < count; i++) {
    const rec = 16 * i;
    const tag = directory.toString('latin1', rec, rec + 4);
    const offset = directory.readUInt32BE(rec + 8);
    const length = directory.readUInt32BE(rec + 12);
    if (offset + length > size) return { kind: 'sfnt', records, cutShort: tag.trim(), cff: version === 0x4f54544f };
    records.push({ tag, offset, length });
  }
  return { kind: 'sfnt', records, cff: version === 0x4f54544f };
}

/**
 * The PostScript names of a collection's faces (TTC, OTC), in order, read
 * from each face's name table without reading the file whole; undefined for
 * a file that is no collection or cannot be read so. book.yaml names a face
 * by this name, and a name with a typo is told at its line with the names
 * the file holds, not when the build first asks the face for a glyph.
 */
export function collectionFaceNames(path: string): string[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const header = readAt(fd, 0, 12);
    if (header.readUInt32BE(0) !== 0x74746366) return undefined;
    const count = header.readUInt32BE(8);
    const offsets = readAt(fd, 12, 4 * count);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const at = offsets.readUInt32BE(4 * i);
      const tables = readAt(fd, at + 4, 2).readUInt16BE(0);
      const directory = readAt(fd, at + 12, 16 * tables);
      let name: Buffer | undefined;
      for (let t = 0; t < tables; t++) {
        if (directory.toString('latin1', 16 * t, 16 * t + 4) === 'name') name = readAt(fd, directory.readUInt32BE(16 * t + 8), directory.readUInt32BE(16 * t + 12));
      }
      names.push(name ? (postScriptName(name) ?? '') : '');
    }
    return names;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Name ID 6 of a name table, chosen as fontkit chooses a name: English
 * first (Windows 0x0409, Macintosh 0, Unicode), then any language; UTF-16
 * on the Windows and Unicode platforms, Mac Roman (ASCII, in a PostScript
 * name) on the Macintosh one. Undefined when the table has none.
 */
function postScriptName(name: Buffer): string | undefined {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  let best: { rank: number; text: string } | undefined;
  for (let r = 0; r < count; r++) {
    const rec = 6 + 12 * r;
    if (name.readUInt16BE(rec + 6) !== 6) continue;
    const [platform, language] = [name.readUInt16BE(rec), name.readUInt16BE(rec + 4)];
    if (platform > 3 || platform === 2) continue;
    const from = strings + name.readUInt16BE(rec + 10);
    const bytes = name.subarray(from, from + name.readUInt16BE(rec + 8));
    const text = platform === 1 ? bytes.toString('latin1') : Buffer.from(bytes).swap16().toString('utf16le');
    const english = (platform === 3 && language === 0x0409) || (platform === 1 && language === 0) || platform === 0;
    const rank = english ? 0 : 1;
    if (text && (!best || rank < best.rank)) best = { rank, text };
  }
  return best?.text;
}

/** A read past the end of the file. */
class CutShort extends Error {}

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, b, done, length - done, position + done);
    if (n === 0) throw new CutShort(`the font file ends ${length - done} bytes early`);
    done += n;
  }
  return b;
}

/** One scratch buffer for the reads, of this size unless a glyph is larger: memory touched once, not per face. */
const SCRATCH = 256 * 1024;
let scratch = Buffer.allocUnsafe(0);

function readRanges(path: string, base: number, ranges: ReadonlyArray<readonly [number, number]>): Buffer[] {
  const out = Buffer.allocUnsafe(ranges.reduce((n, [s, e]) => n + (e - s), 0));
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a][0] - ranges[b][0]);
  const at = new Array<number>(ranges.length);
  let filled = 0;
  for (const i of ranges.keys()) {
    at[i] = filled;
    filled += ranges[i][1] - ranges[i][0];
  }
  const fd = openSync(path, 'r');
  try {
    for (let k = 0; k < order.length; ) {
      // A run of ranges each starting within GAP of where the run so far ends, read in one call.
      const from = ranges[order[k]][0];
      let to = ranges[order[k]][1];
      let last = k + 1;
      while (last < order.length && ranges[order[last]][0] <= to + GAP && ranges[order[last]][1] - from <= SCRATCH) to = Math.max(to, ranges[order[last++]][1]);
      if (scratch.length < to - from) scratch = Buffer.allocUnsafe(Math.max(to - from, SCRATCH));
      let done = 0;
      while (done < to - from) {
        const n = readSync(fd, scratch, done, to - from - done, base + from + done);
        if (n === 0) throw new Error('the font file ends inside its glyf table');
        done += n;
      }
      for (; k < last; k++) {
        const [s, e] = ranges[order[k]];
        scratch.copy(out, at[order[k]], s - from, e - from);
      }
    }
  } finally {
    closeSync(fd);
  }
  return ranges.map(([s, e], i) => out.subarray(at[i], at[i] + (e - s)));
}
