import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import subsetFont from 'subset-font';
import { afterAll, describe, expect, it } from 'vitest';
import { cmapLookup } from '../src/fonts/sfnt/cmap.ts';
import { unanimousFamilyName } from '../src/fonts/sfnt/name.ts';
import { renumberedSubset } from '../src/fonts/sfnt/renumber-subset.ts';
import { sfntTables } from '../src/fonts/sfnt/sfnt.ts';
import { collectionFaceNames, readSfntFile } from '../src/fonts/sfnt/sfnt-file.ts';
import { fontCollection } from './helpers/collection.ts';

const require = createRequire(import.meta.url);
const notoPath = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const noto = readFileSync(notoPath);
const dir = mkdtempSync(join(tmpdir(), 'sfnt-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A thousand common Han characters, punctuation and Latin, as a book asks of its body face. */
const BOOK = [...new Set([...readFileSync(join(import.meta.dirname, '../chapters/01-turing.md'), 'utf8')].map((c) => c.codePointAt(0)!))];

describe('a font read table by table, its outlines glyph by glyph', () => {
  it('reads every table but glyf as the file holds it, and glyf ranges in any order and size', () => {
    const file = readSfntFile(notoPath)!;
    const whole = sfntTables(noto);
    expect(Object.keys(file.tables).sort()).toEqual(Object.keys(whole).filter((t) => t !== 'glyf').sort());
    for (const [tag, bytes] of Object.entries(file.tables)) expect(bytes.equals(whole[tag]), tag).toBe(true);
    expect(file.glyf!.length).toBe(whole.glyf.length);
    // Out of order, overlapping, adjacent, empty, far apart, and one larger than the read buffer.
    const ranges: Array<[number, number]> = [[5000, 5600], [10, 20], [5500, 5700], [20, 20], [20, 30], [13_000_000, 13_000_100], [100_000, 900_000], [0, 4]];
    const read = file.readGlyf(ranges);
    ranges.forEach(([s, e], i) => expect(read[i].equals(whole.glyf.subarray(s, e)), `${s}–${e}`).toBe(true));
  });

  it('leaves a collection to fontkit', () => {
    const ttc = join(dir, 'fake.ttc');
    writeFileSync(ttc, Buffer.concat([Buffer.from('ttcf'), Buffer.alloc(64)]));
    expect(readSfntFile(ttc)).toBeUndefined();
  });

  it("names a collection's faces as fontkit does, and no faces for a file that is none", () => {
    const ttc = join(dir, 'pair.ttc');
    const tc = readFileSync(require.resolve('@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf'));
    writeFileSync(ttc, fontCollection([noto, tc]));
    const names = collectionFaceNames(ttc);
    expect(names).toEqual((fontkit.openSync(ttc) as unknown as fontkit.FontCollection).fonts.map((f) => f.postscriptName));
    expect(names).toEqual(['NotoSerifSC-Regular', 'NotoSerifTC-Regular']);
    expect(collectionFaceNames(notoPath)).toBeUndefined();
  });

  it('reads a PostScript name kept only under the Unicode platform, as fontkit does', () => {
    // The second face's name ID 6 moved to platform 0 (UTF-16), its Macintosh record made another ID.
    const tc = Buffer.from(readFileSync(require.resolve('@expo-google-fonts/noto-serif-tc/400Regular/NotoSerifTC_400Regular.ttf')));
    const name = sfntTables(tc).name.byteOffset - tc.byteOffset;
    for (let r = 0; r < tc.readUInt16BE(name + 2); r++) {
      const rec = name + 6 + 12 * r;
      if (tc.readUInt16BE(rec + 6) !== 6) continue;
      if (tc.readUInt16BE(rec) === 3) {
        tc.writeUInt16BE(0, rec); // platform: Unicode
        tc.writeUInt16BE(3, rec + 2); // encoding: BMP
        tc.writeUInt16BE(0, rec + 4); // language
      } else tc.writeUInt16BE(7, rec + 6);
    }
    const ttc = join(dir, 'unicode.ttc');
    writeFileSync(ttc, fontCollection([noto, tc]));
    expect((fontkit.openSync(ttc) as unknown as fontkit.FontCollection).fonts.map((f) => f.postscriptName)).toEqual(['NotoSerifSC-Regular', 'NotoSerifTC-Regular']);
    expect(collectionFaceNames(ttc)).toEqual(['NotoSerifSC-Regular', 'NotoSerifTC-Regular']);
  });

  it('makes the same subset as the whole file does, byte for byte', () => {
    const file = readSfntFile(notoPath)!;
    const fromFile = renumberedSubset([{ tables: file.tables, readGlyf: file.readGlyf, chars: BOOK }]);
    const fromWhole = renumberedSubset([{ tables: sfntTables(noto), chars: BOOK }]);
    expect(fromFile.length).toBeGreaterThan(10_000);
    expect(fromFile.equals(fromWhole)).toBe(true);
  });

  it('reads the parts of composite glyphs too (LXGW WenKai draws ¨ and ´ as composites)', async () => {
    const chunk = readFileSync(require.resolve('lxgw-wenkai-webfont/files/lxgwwenkai-regular-subset-99.woff2'));
    const source = await subsetFont(chunk, '¨´ÀÆ', { targetFormat: 'truetype' });
    const path = join(dir, 'composites.ttf');
    writeFileSync(path, source);
    const file = readSfntFile(path)!;
    const chars = [...'¨´ÀÆ'].map((c) => c.codePointAt(0)!);
    const fromFile = renumberedSubset([{ tables: file.tables, readGlyf: file.readGlyf, chars }]);
    const fromWhole = renumberedSubset([{ tables: sfntTables(source), chars }]);
    expect(fromFile.equals(fromWhole)).toBe(true);
    // More glyphs than characters and .notdef: the composites' parts came along.
    expect(sfntTables(fromFile).maxp.readUInt16BE(4)).toBeGreaterThan(chars.length + 1);
  });
});

describe('what fontkit answers, read without it', () => {
  it('has a glyph for the same characters as fontkit says, over the BMP and the first two astral planes', () => {
    const font = fontkit.create(noto) as fontkit.Font;
    const lookup = cmapLookup(readSfntFile(notoPath)!.tables.cmap);
    const differ: number[] = [];
    for (let cp = 0; cp < 0x30000; cp++) if (font.hasGlyphForCodePoint(cp) !== (lookup(cp) !== 0)) differ.push(cp);
    expect(differ).toEqual([]);
  });

  it('names the family of a subset as fontkit does', () => {
    const subset = renumberedSubset([{ tables: sfntTables(noto), chars: BOOK.slice(0, 50) }]);
    expect(unanimousFamilyName(sfntTables(subset).name)).toBe((fontkit.create(subset) as fontkit.Font).familyName);
    expect(unanimousFamilyName(sfntTables(subset).name)).toBe('Noto Serif SC');
  });
});
