import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import subsetFont from 'subset-font';
import decompressWoff2 from 'wawoff2/decompress.js';
import { describe, expect, it } from 'vitest';
import { openFace, type ChunkedFace } from '../src/fonts/registry.ts';
import { NAMED_FONTS, type FontSource } from '../src/fonts/sources.ts';
import { lookupCmap, readCmap } from '../src/fonts/sfnt/cmap.ts';
import { hbSubset } from '../src/fonts/sfnt/hb-subset.ts';
import { Unsupported } from '../src/fonts/sfnt/layout-read.ts';
import { mergeTrueType } from '../src/fonts/sfnt/merge-ttf.ts';
import { NotTrueType, renumberedSubset } from '../src/fonts/sfnt/renumber-subset.ts';
import { sfntTables, writeSfnt } from '../src/fonts/sfnt/sfnt.ts';
import { shapeVertical, shapingDifferences } from './helpers/shaping.ts';
import { announceSeed, FC_SEED, fcOptions } from './helpers/fuzz-seed.ts';
import { SAMPLE } from './helpers/paths.ts';

/** Our EPUB subset of a whole font file. */
const ours = (font: Buffer, chars: Iterable<number>) => renumberedSubset([{ tables: sfntTables(font), chars }]);
const theirs = (font: Uint8Array, chars: Iterable<number>) => subsetFont(Buffer.from(font), String.fromCodePoint(...chars), { targetFormat: 'truetype' });
const fileOf = (name: string) => (NAMED_FONTS[name]() as Extract<FontSource, { kind: 'file' }>).path;

/** The punctuation vertical text turns, the dashes ccmp joins, the Latin liga and kern act on. */
const PUNCT = '「」『』，。、：；！？（）《》——……·“”‘’';
const PROBES = ['「他说——不对——是这样……吗？」', '『好』，。、', '——', '……', 'fi fl office', 'AVATAR Wave, Type. To', '1,234.50 2026', '（注）《书》'];

/** The sample book's characters (its Markdown, so both editions' punctuation), with the punctuation above and printable ASCII. */
function bookChars(): Set<number> {
  const out = new Set<number>();
  for (const f of readdirSync(SAMPLE).filter((f) => f.endsWith('.md'))) for (const c of readFileSync(join(SAMPLE, f), 'utf8')) if (c >= ' ') out.add(c.codePointAt(0)!);
  for (const c of PUNCT) out.add(c.codePointAt(0)!);
  for (let cp = 0x20; cp < 0x7f; cp++) out.add(cp);
  return out;
}
const SMALL = [...'江湖夜雨十年灯「」『』，。——…AVfi0'].map((c) => c.codePointAt(0)!);

/** The characters of `chars` that `font` maps. */
const covered = (font: Buffer, chars: Iterable<number>) => new Set(lookupCmap(sfntTables(font).cmap, chars).keys());

const FACES: Array<[name: string, lang: string]> = [
  ['noto-serif-sc', 'zh-Hans'],
  ['noto-serif-sc-bold', 'zh-Hans'],
  ['noto-sans-sc-bold', 'zh-Hans'],
  ['noto-serif-tc', 'zh-Hant'],
  ['noto-serif-tc-bold', 'zh-Hant'],
  ['noto-serif-hk', 'zh-HK'],
  ['noto-sans-tc-bold', 'zh-Hant'],
  ['noto-sans-hk-bold', 'zh-HK'],
];

describe('EPUB subsets against subset-font (HarfBuzz)', () => {
  const book = bookChars();
  const rows: string[] = [];

  for (const [name] of FACES) {
    it(`${name}: at most 1.1× subset-font's size, for the sample book's characters and for 20`, async () => {
      const font = readFileSync(fileOf(name));
      for (const [label, set] of [['book', covered(font, book)], ['small', covered(font, SMALL)]] as const) {
        const a = ours(font, set).length;
        const b = (await theirs(font, set)).length;
        rows.push(`${name} ${label} (${set.size} chars): ours ${a} B, subset-font ${b} B, ${(a / b).toFixed(3)}×`);
        expect(a, `${name} ${label}`).toBeLessThanOrEqual(1.1 * b);
      }
    });
  }

  it('LXGW WenKai: the merged chunks at most 1.1× subset-font run on each decoded chunk, summed', async () => {
    const face = openFace(NAMED_FONTS['lxgw-wenkai']()) as ChunkedFace;
    const byChunk = new Map<string, number[]>();
    for (const cp of book) {
      const chunk = face.chunkOf(cp);
      if (chunk) byChunk.set(chunk.file, [...(byChunk.get(chunk.file) ?? []), cp]);
    }
    // One at a time: wawoff2 returns a view of its memory, which its next call overwrites.
    const chunks: Array<{ font: Buffer; keep: number[] }> = [];
    for (const [file, cps] of [...byChunk].sort()) chunks.push({ font: Buffer.from(await decompressWoff2(readFileSync(file))), keep: cps });
    const merged = mergeTrueType(chunks);
    let sum = 0;
    for (const c of chunks) sum += (await theirs(c.font, c.keep)).length;
    rows.push(`lxgw-wenkai book (${chunks.length} chunks, ${chunks.reduce((n, c) => n + c.keep.length, 0)} chars): ours ${merged.length} B, subset-font per chunk ${sum} B, ${(merged.length / sum).toFixed(3)}×`);
    expect(merged.length).toBeLessThanOrEqual(1.1 * sum);
    // Each chunk's characters shape in the merged font as in their chunk, vertical forms included.
    const bad = chunks.flatMap((c) => shapingDifferences(c.font, merged, [String.fromCodePoint(...c.keep)]));
    expect(bad).toEqual([]);
  });

  it('prints the table', () => {
    console.log(rows.join('\n'));
    expect(rows.length).toBe(2 * FACES.length + 1);
  });
});

announceSeed('tests/web-subsets.test.ts');

describe('EPUB subsets shape as their source faces do (harfbuzzjs)', () => {
  const book = [...bookChars()];

  for (const [name, lang] of [FACES[0], FACES[2], FACES[3], FACES[5]]) {
    it(`${name}: the book's characters, and random sets drawn from them (fast-check seed ${FC_SEED})`, () => {
      const font = readFileSync(fileOf(name));
      const all = covered(font, book);
      const text = String.fromCodePoint(...all);
      // The whole set in runs of 200, and the probes that are wholly in it.
      const texts = [...PROBES.filter((t) => [...t].every((c) => all.has(c.codePointAt(0)!)))];
      for (let i = 0; i < text.length; i += 200) texts.push(text.slice(i, i + 200));
      expect(shapingDifferences(font, ours(font, all), texts, lang)).toEqual([]);

      const han = [...all].filter((cp) => cp > 0x2e80);
      fc.assert(
        fc.property(fc.uniqueArray(fc.constantFrom(...han), { minLength: 5, maxLength: 120 }), fc.array(fc.constantFrom(...PUNCT), { maxLength: 12 }), (picked, punct) => {
          const set = new Set([...picked, ...[...PUNCT].map((c) => c.codePointAt(0)!)].filter((cp) => all.has(cp)));
          const chars = [...set].map((cp) => String.fromCodePoint(cp));
          // Punctuation between Han, where halt/chws/vhal/vchw act; the probes the set holds.
          const mixed = chars.map((c, i) => c + (punct[i % Math.max(punct.length, 1)] ?? '')).join('');
          const probes = PROBES.filter((t) => [...t].every((c) => set.has(c.codePointAt(0)!)));
          expect(shapingDifferences(font, ours(font, set), [mixed, ...probes], lang)).toEqual([]);
        }),
        fcOptions(6),
      );
    });
  }
});

describe('vertical forms', () => {
  it('keeps vert: 「」 and ，。 turn in ttb, and vmtx gives each substitute its vertical advance', () => {
    const font = readFileSync(fileOf('noto-serif-sc'));
    const chars = [...'「」，。他说'].map((c) => c.codePointAt(0)!);
    const subset = ours(font, chars);
    const t = sfntTables(subset);
    const cmap = readCmap(t.cmap);
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['GSUB', 'vhea', 'vmtx']));
    for (const ch of '「」，。') {
      const [got] = shapeVertical(subset, ch);
      const [want] = shapeVertical(font, ch);
      // The substitute is a glyph of its own, not the character's horizontal one, and no character maps to it.
      expect(got.glyph, ch).not.toBe(cmap.get(ch.codePointAt(0)!));
      expect([...cmap.values()]).not.toContain(got.glyph);
      expect(got.path).toBe(want.path);
      expect(got.yAdvance).toBe(want.yAdvance);
      // The vertical advance read from vmtx itself.
      const numLong = t.vhea.readUInt16BE(34);
      expect(-t.vmtx.readUInt16BE(4 * Math.min(got.glyph, numLong - 1))).toBe(want.yAdvance);
    }
  });
});

describe('a Traditional face merged with its Simplified fallback', () => {
  it('shapes each source’s characters as that source does (硷, which the TC face lacks, from SC)', () => {
    const tc = readFileSync(fileOf('noto-serif-tc'));
    const sc = readFileSync(fileOf('noto-serif-sc'));
    const tcChars = covered(tc, [...'硷水一碗，「好」。——他說'].map((c) => c.codePointAt(0)!));
    expect(tcChars.has('硷'.codePointAt(0)!)).toBe(false);
    // As web-fonts.ts does: each face's subset first, then the subsets merged, each cut to its characters.
    const merged = mergeTrueType([
      { font: ours(tc, tcChars), keep: tcChars },
      { font: ours(sc, ['硷'.codePointAt(0)!]), keep: ['硷'.codePointAt(0)!] },
    ]);
    expect(readCmap(sfntTables(merged).cmap).size).toBe(tcChars.size + 1);
    expect(shapingDifferences(tc, merged, ['水一碗，「好」。', '——他說', '「水」'], 'zh-Hant')).toEqual([]);
    expect(shapingDifferences(sc, merged, ['硷', '硷硷'], 'zh-Hant')).toEqual([]);
  });
});

const CFF = '/usr/share/fonts/opentype/urw-base35/C059-Roman.otf';

describe('hb-subset, for what our subsetter does not handle', () => {
  it('subsets an OpenType (CFF) face: the characters mapped, their outlines and advances kept, the rest gone', () => {
    const font = readFileSync(CFF);
    const chars = [...'Perceptron fi'].map((c) => c.codePointAt(0)!);
    expect(() => ours(font, chars)).toThrow(NotTrueType);
    const subset = hbSubset(font, chars);
    const t = sfntTables(subset);
    expect(t['CFF ']).toBeDefined();
    expect([...readCmap(t.cmap).keys()].sort((a, b) => a - b)).toEqual([...new Set(chars)].sort((a, b) => a - b));
    expect(t.maxp.readUInt16BE(4)).toBeLessThan(20);
    expect(shapingDifferences(font, subset, ['Perceptron', 'fi', 'on']).filter((d) => d.startsWith('ltr'))).toEqual([]);
  });

  it('takes a face whose layout we do not read (GSUB 1.1, FeatureVariations), with its vertical forms', () => {
    const source = readFileSync(fileOf('noto-sans-sc-bold'));
    const font = withGsub11(source);
    const chars = [...'「他说」，。AV'].map((c) => c.codePointAt(0)!);
    expect(() => ours(font, chars)).toThrow(Unsupported);
    const subset = hbSubset(font, chars);
    expect(Object.keys(sfntTables(subset))).toEqual(expect.arrayContaining(['GSUB', 'GPOS', 'vmtx']));
    expect(shapingDifferences(source, subset, ['「他说」，。', 'AV'], 'zh-Hans')).toEqual([]);
  });

  it('a chunk merge whose layout we do not read is made without layout tables, every character kept', () => {
    const source = readFileSync(fileOf('noto-sans-sc-bold'));
    const parts = [{ font: withGsub11(source), keep: [...'他说'].map((c) => c.codePointAt(0)!) }];
    expect(() => mergeTrueType(parts)).toThrow(Unsupported);
    const merged = mergeTrueType(parts, { layout: false });
    expect(Object.keys(sfntTables(merged))).not.toContain('GSUB');
    expect(readCmap(sfntTables(merged).cmap).size).toBe(2);
  });
});

/**
 * The font with its GSUB made a version 1.1 table whose FeatureVariations
 * offset is null: the same layout, in a header our reader refuses. The
 * lists move 4 bytes on; every offset inside them is relative to its own
 * table, so only the header's three change.
 */
function withGsub11(font: Buffer): Buffer {
  const tables = sfntTables(font);
  const gsub = tables.GSUB;
  const header = Buffer.alloc(14);
  header.writeUInt16BE(1, 0);
  header.writeUInt16BE(1, 2);
  for (const at of [4, 6, 8]) header.writeUInt16BE(gsub.readUInt16BE(at) + 4, at);
  return rebuild({ ...tables, GSUB: Buffer.concat([header, gsub.subarray(10)]) });
}

function rebuild(tables: Record<string, Buffer>): Buffer {
  // writeSfnt wants head.checkSumAdjustment zeroed.
  const head = Buffer.from(tables.head);
  head.writeUInt32BE(0, 8);
  return writeSfnt({ ...tables, head });
}


