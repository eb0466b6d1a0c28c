import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import * as mupdf from 'mupdf';
import subsetFont from 'subset-font';
import { beforeAll, describe, expect, it } from 'vitest';
import { NoUnicodeCmap, readCmap } from '../src/fonts/sfnt/cmap.ts';
import { mergeTrueType } from '../src/fonts/sfnt/merge-ttf.ts';
import { subsetTrueType, subsetTrueTypeForWeb, tablesOf as located } from '../src/fonts/sfnt/truetype-subset.ts';
import decompressWoff2 from 'wawoff2/decompress.js';

const require = createRequire(import.meta.url);

interface Sfnt {
  numGlyphs: number;
  unitsPerEm: number;
  directory: { tables: Record<string, { offset: number; length: number }> };
  stream: { buffer: Uint8Array };
  getGlyph(id: number): { path: { toSVG(): string; commands: unknown[] }; advanceWidth: number };
  glyphForCodePoint(cp: number): { id: number };
}
const open = (bytes: Buffer) => fontkit.create(bytes) as unknown as Sfnt;
const tablesOf = (f: Sfnt) => located(f as unknown as fontkit.Font);

/** Whether a glyph is made of other glyphs, read from its own bytes. */
function isComposite(font: Sfnt, bytes: Buffer, gid: number): boolean {
  const { loca, glyf } = font.directory.tables;
  const long = bytes.readInt16BE(font.directory.tables.head.offset + 50) === 1;
  const at = (g: number) => (long ? bytes.readUInt32BE(loca.offset + g * 4) : bytes.readUInt16BE(loca.offset + g * 2) * 2);
  return at(gid + 1) > at(gid) && bytes.readInt16BE(glyf.offset + at(gid)) < 0;
}

function sfntChecksum(b: Buffer): number {
  const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

describe('TrueType subset for the PDF', () => {
  // LXGW WenKai draws ¨ and ´ as composites of other glyphs: a font decoded from its chunk has both kinds.
  let source: Buffer;
  let font: Sfnt;
  beforeAll(async () => {
    const chunk = readFileSync(require.resolve('lxgw-wenkai-webfont/files/lxgwwenkai-regular-subset-99.woff2'));
    source = await subsetFont(chunk, '¨´ÀÆ', { targetFormat: 'truetype' });
    font = open(source);
  });

  it('keeps each glyph at its id with its outline, the parts of a composite with it, and nothing else', () => {
    const composite = font.glyphForCodePoint('´'.codePointAt(0)!).id;
    const simple = font.glyphForCodePoint('Æ'.codePointAt(0)!).id;
    expect(isComposite(font, source, composite)).toBe(true);
    const subset = open(subsetTrueType(tablesOf(font), [simple, composite]));

    expect(subset.numGlyphs).toBe(Math.max(simple, composite, ...componentIds(font, source, composite)) + 1);
    for (const gid of [simple, composite]) {
      expect(subset.getGlyph(gid).path.toSVG()).toBe(font.getGlyph(gid).path.toSVG());
      expect(subset.getGlyph(gid).path.commands.length).toBeGreaterThan(0);
      expect(subset.getGlyph(gid).advanceWidth).toBe(font.getGlyph(gid).advanceWidth);
    }
    // The other characters' glyphs are there (ids keep their places) but empty.
    const dropped = font.glyphForCodePoint('¨'.codePointAt(0)!).id;
    if (dropped < subset.numGlyphs && !componentIds(font, source, composite).includes(dropped)) {
      expect(subset.getGlyph(dropped).path.commands).toEqual([]);
    }
  });

  it('writes a well-formed file: every table checksum right, and the whole summing to 0xB1B0AFBA', () => {
    const bytes = subsetTrueType(tablesOf(font), [font.glyphForCodePoint('´'.codePointAt(0)!).id]);
    expect(sfntChecksum(bytes)).toBe(0xb1b0afba);
    const subset = open(bytes);
    expect(Object.keys(subset.directory.tables).sort()).toEqual(expect.arrayContaining(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']));
    for (const [tag, t] of Object.entries(subset.directory.tables) as Array<[string, { offset: number; length: number; checkSum: number }]>) {
      const data = Buffer.from(bytes.subarray(t.offset, t.offset + t.length));
      if (tag === 'head') data.writeUInt32BE(0, 8);
      expect(sfntChecksum(data), tag).toBe(t.checkSum);
    }
  });

  it('subsets a whole CJK face: the glyphs of a thousand characters, each the same as in the font', () => {
    const whole = open(readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')));
    const gids = [...Array(1000).keys()].map((i) => whole.glyphForCodePoint(0x4e00 + i * 7).id);
    const subset = open(subsetTrueType(tablesOf(whole), gids));
    const wrong = gids.filter((g) => subset.getGlyph(g).path.toSVG() !== whole.getGlyph(g).path.toSVG());
    expect(wrong).toEqual([]);
    expect(subset.numGlyphs).toBe(Math.max(...gids) + 1);
  });
});

describe('TrueType subset for an EPUB', () => {
  const notoPath = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
  // Han, punctuation, the ideographic space and Latin that GPOS kerns.
  const text = '江湖夜雨十年灯。「对」\u3000AVToWa';
  const chars = [...text].map((c) => c.codePointAt(0)!);
  let whole: Sfnt;
  let bytes: Buffer;
  beforeAll(() => {
    whole = open(readFileSync(notoPath));
    bytes = subsetTrueTypeForWeb(tablesOf(whole), chars);
  });

  it('maps each character, as FreeType (MuPDF) reads it, to a glyph with the outline and advance it has in the font', () => {
    const reader = new mupdf.Font('subset', bytes);
    const subset = open(bytes);
    for (const cp of chars) {
      const gid = reader.encodeCharacter(cp);
      const source = whole.getGlyph(whole.glyphForCodePoint(cp).id);
      expect(gid, String.fromCodePoint(cp)).toBeGreaterThan(0);
      expect(reader.advanceGlyph(gid) * whole.unitsPerEm).toBeCloseTo(source.advanceWidth, 3);
      expect(subset.getGlyph(gid).path.toSVG()).toBe(source.path.toSVG());
    }
    // A character not asked for is not mapped.
    expect(reader.encodeCharacter('海'.codePointAt(0)!)).toBe(0);
  });

  it('renumbers the glyphs: .notdef, the characters’ glyphs and what the kept substitutions make of them, no empty slots', () => {
    const subset = open(bytes);
    // 18 characters, .notdef, and what vert makes of 。「」 (their vertical forms).
    expect(new Set(chars).size).toBe(18);
    expect(subset.numGlyphs).toBeGreaterThanOrEqual(18 + 1 + 3);
    expect(subset.numGlyphs).toBeLessThan(30);
    // Every glyph but the ideographic space (and the vertical form vert gives it, if any) has an outline.
    const empty = [...Array(subset.numGlyphs - 1).keys()].map((i) => i + 1).filter((gid) => subset.getGlyph(gid).path.commands.length === 0);
    expect(empty).toContain(subset.glyphForCodePoint(0x3000).id);
    expect(empty.length).toBeLessThanOrEqual(2);
    expect(sfntChecksum(bytes)).toBe(0xb1b0afba);
  });

  it('keeps GPOS working (Latin kerned as in the font), with GSUB, GDEF and the vertical metrics', () => {
    const subset = open(bytes) as unknown as Sfnt & { layout(s: string): { positions: Array<{ xAdvance: number }> } };
    const full = whole as unknown as typeof subset;
    const kerned = (f: typeof subset) => f.layout('AVToWa').positions.map((p) => p.xAdvance);
    expect(kerned(subset)).toEqual(kerned(full));
    expect(kerned(full)).not.toEqual(['A', 'V', 'T', 'o', 'W', 'a'].map((c) => whole.getGlyph(whole.glyphForCodePoint(c.codePointAt(0)!).id).advanceWidth));
    const tags = Object.keys(subset.directory.tables);
    // GDEF only classes the few marks of the font, none of which is kept here.
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'name', 'OS/2', 'post', 'GPOS', 'GSUB', 'glyf', 'loca', 'hmtx', 'vhea', 'vmtx']));
    // Glyph-indexed tables this subset does not remap are left out rather than left wrong.
    for (const tag of ['hdmx', 'LTSH', 'VDMX', 'kern', 'morx']) expect(tags).not.toContain(tag);
  });
});

describe('chunks merged into one font', () => {
  it('reads a cmap as fontkit does, from its format 12 subtable or, lacking one, its format 4', async () => {
    let format4 = 0;
    for (const font of [await chunk(99), await chunk(40), readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'))]) {
      const f = open(font) as unknown as Sfnt & { characterSet: number[] };
      const want = new Map(f.characterSet.map((cp) => [cp, f.glyphForCodePoint(cp).id] as [number, number]).filter(([, g]) => g !== 0));
      const { offset, length } = f.directory.tables.cmap;
      const cmap = Buffer.from(font.subarray(offset, offset + length));
      expect(readCmap(cmap)).toEqual(want);
      // The same table with its format 12 subtable's records taken out: format 4, the BMP alone.
      const records = cmap.readUInt16BE(2);
      const bmpOnly = [...Array(records).keys()].filter((i) => cmap.readUInt16BE(cmap.readUInt32BE(4 + i * 8 + 4)) === 4);
      if (bmpOnly.length === 0) continue;
      const f4 = Buffer.from(cmap);
      bmpOnly.forEach((i, k) => cmap.copy(f4, 4 + k * 8, 4 + i * 8, 4 + i * 8 + 8));
      f4.writeUInt16BE(bmpOnly.length, 2);
      expect(readCmap(f4)).toEqual(new Map([...want].filter(([cp]) => cp <= 0xffff)));
      format4++;
    }
    expect(format4).toBeGreaterThan(0);
  });

  it('names a cmap without Unicode subtables (symbol only), so the EPUB subset can leave that face to hb-subset', async () => {
    const font = await chunk(99);
    const f = open(font);
    const { offset, length } = f.directory.tables.cmap;
    const cmap = Buffer.from(font.subarray(offset, offset + length));
    for (let i = 0; i < cmap.readUInt16BE(2); i++) {
      cmap.writeUInt16BE(3, 4 + i * 8);
      cmap.writeUInt16BE(0, 6 + i * 8);
    }
    expect(() => readCmap(cmap)).toThrow(NoUnicodeCmap);
  });

  const chunk = async (n: number) => Buffer.from(await decompressWoff2(readFileSync(require.resolve(`lxgw-wenkai-webfont/files/lxgwwenkai-regular-subset-${n}.woff2`))));

  it('takes from each decoded chunk only the characters asked for, with the same outlines and advances', async () => {
    const latin = await chunk(99);
    const other = await chunk(98);
    const otherFont = open(other);
    const fromOther = [...(otherFont as unknown as { characterSet: number[] }).characterSet].filter((cp) => cp > 0x20).slice(0, 3);
    const wanted = ['´', 'Æ', 'ÿ'].map((c) => c.codePointAt(0)!);
    const merged = open(mergeTrueType([{ font: latin, keep: wanted }, { font: other, keep: fromOther }]));
    const latinFont = open(latin);

    // Read from the cmap itself: fontkit's characterSet lists every code point a format 4 segment spans.
    const { offset, length } = merged.directory.tables.cmap;
    const mapped = readCmap(Buffer.from(merged.stream.buffer.subarray(offset, offset + length)));
    expect([...mapped.keys()].sort()).toEqual([...wanted, ...fromOther].sort());
    for (const [cp, source] of [...wanted.map((cp) => [cp, latinFont] as const), ...fromOther.map((cp) => [cp, otherFont] as const)]) {
      const got = merged.getGlyph(merged.glyphForCodePoint(cp).id);
      const want = source.getGlyph(source.glyphForCodePoint(cp).id);
      expect(got.path.toSVG(), String.fromCodePoint(cp)).toBe(want.path.toSVG());
      expect(got.advanceWidth).toBe(want.advanceWidth);
    }
    // .notdef, the characters' glyphs and the parts of the composite one: nothing else of either chunk.
    const composite = latinFont.glyphForCodePoint('´'.codePointAt(0)!).id;
    expect(merged.numGlyphs).toBe(1 + wanted.length + fromOther.length + componentIds(latinFont, latin, composite).length);
    expect(sfntChecksum(mergeTrueType([{ font: latin, keep: wanted }]))).toBe(0xb1b0afba);
  });
});

describe('merged fonts with many characters', () => {
  it('map eight thousand scattered characters (more than one format 4 segment each would hold)', () => {
    const noto = readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'));
    const whole = open(noto) as unknown as Sfnt & { characterSet: number[] };
    const han = whole.characterSet.filter((cp) => cp >= 0x4e00 && cp <= 0x9fff).filter((_, i) => i % 2 === 0).slice(0, 8200);
    expect(han).toHaveLength(8200);
    const merged = open(mergeTrueType([{ font: noto, keep: han }]));
    const sample = han.filter((_, i) => i % 97 === 0);
    for (const cp of sample) {
      expect(merged.getGlyph(merged.glyphForCodePoint(cp).id).path.toSVG(), String.fromCodePoint(cp)).toBe(whole.getGlyph(whole.glyphForCodePoint(cp).id).path.toSVG());
    }
    const { offset, length } = merged.directory.tables.cmap;
    expect(readCmap(Buffer.from((merged.stream.buffer as Uint8Array).subarray(offset, offset + length))).size).toBe(han.length);
  });
});

/** A composite glyph's components, read the long way round: through fontkit's own decoding. */
function componentIds(font: Sfnt, _bytes: Buffer, gid: number): number[] {
  const glyph = font.getGlyph(gid) as unknown as { _decode(): { components?: Array<{ glyphID: number }> } };
  return (glyph._decode().components ?? []).map((c) => c.glyphID);
}
