import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import * as mupdf from 'mupdf';
import subsetFont from 'subset-font';
import { beforeAll, describe, expect, it } from 'vitest';
import { NoUnicodeCmap, readCmap } from "../src/fonts/sfnt/cmap.js";
import { mergeTrueType } from "../src/fonts/sfnt/merge-ttf.js";
import { subsetTrueType, subsetTrueTypeForWeb, tablesOf as located } from "../src/fonts/sfnt/truetype-subset.js";
import decompressWoff2 from 'wawoff2/decompress.js';
const require = createRequire(import.meta.url);
const open = (bytes) => fontkit.create(bytes);
const tablesOf = (f) => located(f);
/** Whether a glyph is made of other glyphs, read from its own bytes. */
function isComposite(font, bytes, gid) {
    const { loca, glyf } = font.directory.tables;
    const long = bytes.readInt16BE(font.directory.tables.head.offset + 50) === 1;
    const at = (g) => (long ? bytes.readUInt32BE(loca.offset + g * 4) : bytes.readUInt16BE(loca.offset + g * 2) * 2);
    return at(gid + 1) > at(gid) && bytes.readInt16BE(glyf.offset + at(gid)) < 0;
}
function sfntChecksum(b) {
    const padded = Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
    let sum = 0;
    for (let i = 0; i < padded.length; i += 4)
        sum = (sum + padded.readUInt32BE(i)) >>> 0;
    return sum;
}
describe('TrueType subset for the PDF', () => {
    // LXGW WenKai draws ¨ and ´ as composites of other glyphs: a font decoded from its chunk has both kinds.
    let source;
    let font;
    beforeAll(async () => {
        const chunk = readFileSync(require.resolve('lxgw-wenkai-webfont/files/lxgwwenkai-regular-subset-99.woff2'));
        source = await subsetFont(chunk, '¨´ÀÆ', { targetFormat: 'truetype' });
        font = open(source);
    });
    it('keeps each glyph at its id with its outline, the parts of a composite with it, and nothing else', () => {
        const composite = font.glyphForCodePoint('´'.codePointAt(0)).id;
        const simple = font.glyphForCodePoint('Æ'.codePointAt(0)).id;
        expect(isComposite(font, source, composite)).toBe(true);
        const subset = open(subsetTrueType(tablesOf(font), [simple, composite]));
        expect(subset.numGlyphs).toBe(Math.max(simple, composite, ...componentIds(font, source, composite)) + 1);
        for (const gid of [simple, composite]) {
            expect(subset.getGlyph(gid).path.toSVG()).toBe(font.getGlyph(gid).path.toSVG());
            expect(subset.getGlyph(gid).path.commands.length).toBeGreaterThan(0);
            expect(subset.getGlyph(gid).advanceWidth).toBe(font.getGlyph(gid).advanceWidth);
        }
        // The other characters' glyphs are there (ids keep their places) but empty.
        const dropped = font.glyphForCodePoint('¨'.codePointAt(0)).id;
        if (dropped < subset.numGlyphs && !componentIds(font, source, composite).includes(dropped)) {
            expect(subset.getGlyph(dropped).path.commands).toEqual([]);
        }
    });
    it('writes a well-formed file: every table checksum right, and the whole summing to 0xB1B0AFBA', () => {
        const bytes = subsetTrueType(tablesOf(font), [font.glyphForCodePoint('´'.codePointAt(0)).id]);
        expect(sfntChecksum(bytes)).toBe(0xb1b0afba);
        const subset = open(bytes);
        expect(Object.keys(subset.directory.tables).sort()).toEqual(expect.arrayContaining(['glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']));
        for (const [tag, t] of Object.entries(subset.directory.tables)) {
            const data = Buffer.from(bytes.subarray(t.offset, t.offset + t.length));
            if (tag === 'head')
                data.writeUInt32BE(0, 8);
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
    const chars = [...text].map((c) => c.codePointAt(0));
    let whole;
    let bytes;
    beforeAll(() => {
        whole = open(readFileSync(notoPath));
        bytes = subsetTrueTypeForWeb(tablesOf(whole), chars);
    });
    it('maps each character, as FreeType (MuPDF) reads it, to the glyph id, outline and advance it has in the font', () => {
        const reader = new mupdf.Font('subset', bytes);
        const subset = open(bytes);
        for (const cp of chars) {
            const gid = whole.glyphForCodePoint(cp).id;
            expect(gid, String.fromCodePoint(cp)).toBeGreaterThan(0);
            expect(reader.encodeCharacter(cp), String.fromCodePoint(cp)).toBe(gid);
            expect(reader.advanceGlyph(gid) * whole.unitsPerEm).toBeCloseTo(whole.getGlyph(gid).advanceWidth, 3);
            expect(subset.getGlyph(gid).path.toSVG()).toBe(whole.getGlyph(gid).path.toSVG());
        }
        // A character not asked for is not mapped, and its glyph is empty.
        expect(reader.encodeCharacter('海'.codePointAt(0))).toBe(0);
        expect(subset.getGlyph(whole.glyphForCodePoint('海'.codePointAt(0)).id).path.commands).toEqual([]);
    });
    it('keeps GPOS working (Latin kerned as in the font) and leaves out GSUB, whose substitutes would be empty', () => {
        const subset = open(bytes);
        const full = whole;
        const kerned = (f) => f.layout('AVToWa').positions.map((p) => p.xAdvance);
        expect(kerned(subset)).toEqual(kerned(full));
        expect(kerned(full)).not.toEqual(['A', 'V', 'T', 'o', 'W', 'a'].map((c) => whole.getGlyph(whole.glyphForCodePoint(c.codePointAt(0)).id).advanceWidth));
        const tags = Object.keys(subset.directory.tables);
        expect(tags).toEqual(expect.arrayContaining(['cmap', 'name', 'OS/2', 'post', 'GPOS', 'GDEF', 'glyf', 'loca', 'hmtx']));
        expect(tags).not.toContain('GSUB');
        expect(subset.numGlyphs).toBe(whole.numGlyphs);
        expect(sfntChecksum(bytes)).toBe(0xb1b0afba);
    });
});
describe('chunks merged into one font', () => {
    it('reads a cmap as fontkit does, from its format 12 subtable or, lacking one, its format 4', async () => {
        let format4 = 0;
        for (const font of [await chunk(99), await chunk(40), readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'))]) {
            const f = open(font);
            const want = new Map(f.characterSet.map((cp) => [cp, f.glyphForCodePoint(cp).id]).filter(([, g]) => g !== 0));
            const { offset, length } = f.directory.tables.cmap;
            const cmap = Buffer.from(font.subarray(offset, offset + length));
            expect(readCmap(cmap)).toEqual(want);
            // The same table with its format 12 subtable's records taken out: format 4, the BMP alone.
            const records = cmap.readUInt16BE(2);
            const bmpOnly = [...Array(records).keys()].filter((i) => cmap.readUInt16BE(cmap.readUInt32BE(4 + i * 8 + 4)) === 4);
            if (bmpOnly.length === 0)
                continue;
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
    const chunk = async (n) => Buffer.from(await decompressWoff2(readFileSync(require.resolve(`lxgw-wenkai-webfont/files/lxgwwenkai-regular-subset-${n}.woff2`))));
    it('takes from each decoded chunk only the characters asked for, with the same outlines and advances', async () => {
        const latin = await chunk(99);
        const other = await chunk(98);
        const otherFont = open(other);
        const fromOther = [...otherFont.characterSet].filter((cp) => cp > 0x20).slice(0, 3);
        const wanted = ['´', 'Æ', 'ÿ'].map((c) => c.codePointAt(0));
        const merged = open(mergeTrueType([{ font: latin, keep: wanted }, { font: other, keep: fromOther }]));
        const latinFont = open(latin);
        expect([...merged.characterSet].sort()).toEqual([...wanted, ...fromOther].sort());
        for (const [cp, source] of [...wanted.map((cp) => [cp, latinFont]), ...fromOther.map((cp) => [cp, otherFont])]) {
            const got = merged.getGlyph(merged.glyphForCodePoint(cp).id);
            const want = source.getGlyph(source.glyphForCodePoint(cp).id);
            expect(got.path.toSVG(), String.fromCodePoint(cp)).toBe(want.path.toSVG());
            expect(got.advanceWidth).toBe(want.advanceWidth);
        }
        // .notdef, the characters' glyphs and the parts of the composite one: nothing else of either chunk.
        const composite = latinFont.glyphForCodePoint('´'.codePointAt(0)).id;
        expect(merged.numGlyphs).toBe(1 + wanted.length + fromOther.length + componentIds(latinFont, latin, composite).length);
        expect(sfntChecksum(mergeTrueType([{ font: latin, keep: wanted }]))).toBe(0xb1b0afba);
    });
});
describe('merged fonts with many characters', () => {
    it('map eight thousand scattered characters (more than one format 4 segment each would hold)', () => {
        const noto = readFileSync(require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'));
        const whole = open(noto);
        const han = whole.characterSet.filter((cp) => cp >= 0x4e00 && cp <= 0x9fff).filter((_, i) => i % 2 === 0).slice(0, 8200);
        expect(han).toHaveLength(8200);
        const merged = open(mergeTrueType([{ font: noto, keep: han }]));
        const sample = han.filter((_, i) => i % 97 === 0);
        for (const cp of sample) {
            expect(merged.getGlyph(merged.glyphForCodePoint(cp).id).path.toSVG(), String.fromCodePoint(cp)).toBe(whole.getGlyph(whole.glyphForCodePoint(cp).id).path.toSVG());
        }
        const { offset, length } = merged.directory.tables.cmap;
        expect(readCmap(Buffer.from(merged.stream.buffer.subarray(offset, offset + length))).size).toBe(han.length);
    });
});
/** A composite glyph's components, read the long way round: through fontkit's own decoding. */
function componentIds(font, _bytes, gid) {
    const glyph = font.getGlyph(gid);
    return (glyph._decode().components ?? []).map((c) => c.glyphID);
}
