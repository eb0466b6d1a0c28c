import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { NAMED_FONTS } from '../src/fonts/sources.ts';
import { CLOSING, OPENING, STOPS } from '../src/typeset/kinsoku.ts';
import { drawnGlyphs, type DrawnGlyph } from './helpers/glyphs.ts';
import { elements, markedContentProblems, readWithPdfjs } from './helpers/pdfjs.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

/*
 * The vertical (直排) screen PDF, read glyph by glyph by MuPDF's own
 * interpreter: where each glyph lands, in which writing mode, with which id
 * in the embedded font; and what text extraction (MuPDF, poppler) gives back.
 */

const HAN = /\p{Script=Han}/u;
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026]/u;

/** The embedded faces by their PostScript names (without the subset tag), as npm names. */
const FACES: Record<string, string> = {
  'NotoSerifTC-Regular': 'noto-serif-tc',
  'NotoSerifHK-Regular': 'noto-serif-hk',
  'NotoSansTC-Bold': 'noto-sans-tc-bold',
  'NotoSansHK-Bold': 'noto-sans-hk-bold',
  'NotoSerifTC-Bold': 'noto-serif-tc-bold',
};

const hbFonts = new Map<string, hb.Font>();

/** The glyph a face gives a character horizontally (its cmap, no features) and in a top-to-bottom run (HarfBuzz applies vert/vrt2). */
function glyphIds(npmName: string, ch: string): { horizontal: number; vertical: number } {
  let font = hbFonts.get(npmName);
  if (!font) {
    const source = NAMED_FONTS[npmName]();
    if (source.kind !== 'file') throw new Error(`${npmName} is not a file face`);
    hbFonts.set(npmName, (font = new hb.Font(new hb.Face(new hb.Blob(readFileSync(source.path))))));
  }
  const shape = (vertical: boolean) => {
    const buffer = new hb.Buffer();
    buffer.addText(ch);
    buffer.guessSegmentProperties();
    if (vertical) buffer.setDirection(hb.Direction.TTB);
    hb.shape(font, buffer);
    return buffer.getGlyphInfos()[0].codepoint;
  };
  return { horizontal: shape(false), vertical: shape(true) };
}

/** Glyphs set in columns: upright (Identity-V) or turned; furniture (upright horizontal text) left out. */
const inColumns = (g: DrawnGlyph) => g.wmode === 1 || g.turned;

/**
 * The columns of each page: the glyphs of a page grouped by the column
 * centre they lie on (a Han glyph's origin is its column's centre; a turned
 * or 縱中橫 glyph sits within half an em of it), each ordered top to bottom.
 */
function columns(glyphs: DrawnGlyph[]): DrawnGlyph[][] {
  const out: DrawnGlyph[][] = [];
  const pages = new Map<number, DrawnGlyph[]>();
  for (const g of glyphs.filter(inColumns)) pages.set(g.page, [...(pages.get(g.page) ?? []), g]);
  for (const page of pages.values()) {
    const centres = [...new Set(page.filter((g) => g.wmode === 1 && HAN.test(g.c)).map((g) => Math.round(g.x * 10) / 10))];
    const byCentre = new Map<number, DrawnGlyph[]>();
    for (const g of page) {
      const near = centres.filter((c) => Math.abs(c - g.x) < g.size * 0.6).sort((a, b) => Math.abs(a - g.x) - Math.abs(b - g.x))[0];
      if (near === undefined) continue;
      byCentre.set(near, [...(byCentre.get(near) ?? []), g]);
    }
    for (const col of byCentre.values()) out.push(col.sort((a, b) => a.y - b.y));
  }
  return out;
}

/** The Han characters of a PDF's text as MuPDF extracts it (structured text, in its reading order), furniture above and below the text block left out. */
function extractedHan(doc: mupdf.Document): string {
  let han = '';
  for (let p = 0; p < doc.countPages(); p++) {
    const json = JSON.parse(doc.loadPage(p).toStructuredText('preserve-whitespace').asJSON()) as { blocks: Array<{ lines?: Array<{ text: string; bbox: { y: number; h: number } }> }> };
    for (const block of json.blocks) {
      for (const line of block.lines ?? []) {
        const middle = line.bbox.y + line.bbox.h / 2;
        if (middle < 58 || middle > 530) continue;
        han += [...line.text].filter((c) => HAN.test(c)).join('');
      }
    }
  }
  return han;
}

/** How many of `reference`'s 12-character pieces occur in `text` in the same order, each after the last. */
function inOrder(reference: string, text: string): number {
  let found = 0;
  let pieces = 0;
  let from = 0;
  for (let i = 0; i + 12 <= reference.length; i += 12) {
    pieces++;
    const at = text.indexOf(reference.slice(i, i + 12), from);
    if (at >= 0) {
      found++;
      from = at + 12;
    }
  }
  return found / pieces;
}

describe('the vertical (直排) screen PDF of the sample book, zh-Hant-TW', () => {
  let outputs: Array<{ path: string; layout: string; format: string }>;
  let vertical: ReturnType<typeof drawnGlyphs>;
  let horizontalPath: string;
  let verticalPath: string;
  beforeAll(async () => {
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('vertical-pdf-'), formats: ['pdf'], editions: ['zh-Hant-TW'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    outputs = result.outputs;
    verticalPath = outputs.find((o) => o.layout === 'vertical')!.path;
    horizontalPath = outputs.find((o) => o.layout === 'horizontal')!.path;
    vertical = drawnGlyphs(verticalPath);
  }, 240_000);

  it('is built beside the horizontal PDF in one build, under its own name', () => {
    expect(outputs.map((o) => o.path.replace(/^.*\//u, ''))).toEqual(['suanfa-jianghu.zh-Hant-TW.pdf', 'suanfa-jianghu.zh-Hant-TW.vertical.pdf']);
  });

  it('runs adjacent Han characters down a column, and moves from column to column right to left', () => {
    // Han and CJK marks only: 縱中橫 digits sit either side of the centre line, and furniture is horizontal.
    const seq = vertical.glyphs.filter((g) => g.wmode === 1 && CJK.test(g.c));
    let pairs = 0;
    let down = 0;
    let changes = 0;
    let leftward = 0;
    for (let i = 1; i < seq.length; i++) {
      const [a, b] = [seq[i - 1], seq[i]];
      if (a.page !== b.page) continue;
      const sameColumn = Math.abs(a.x - b.x) < 0.5;
      if (HAN.test(a.c) && HAN.test(b.c)) {
        pairs++;
        if (sameColumn && b.y > a.y) down++;
      }
      if (!sameColumn) {
        changes++;
        if (b.x < a.x) leftward++;
      }
    }
    expect(pairs).toBeGreaterThan(5000);
    expect(down / pairs).toBeGreaterThanOrEqual(0.95);
    expect(changes).toBeGreaterThan(200);
    // A list's marker is drawn after its item's first column (it is read first, but hangs before it): the only way back.
    expect(leftward / changes).toBeGreaterThanOrEqual(0.99);
  });

  it('numbers a list 1、2、 down the column, the digit upright, where across the page it reads 1.', () => {
    const g = vertical.glyphs;
    const item = g.findIndex((_, i) => [...'自動計算機'].every((c, k) => g[i + k]?.c === c));
    expect(item).toBeGreaterThanOrEqual(0);
    const first = g[item];
    // The marker hangs above the item's first character, in its column.
    const marker = g.filter((x) => x.page === first.page && Math.abs(x.x - first.x) < first.size * 0.6 && x.y < first.y && first.y - x.y < first.size * 2.5).sort((a, b) => a.y - b.y);
    expect(marker.map((x) => x.c)).toEqual(['1', '、']);
    expect(marker[0].wmode === 1 && !marker[0].turned).toBe(true);
  });

  it('sets headings at the column’s start, two body characters further down a level, and verse level with a section’s heading (clreq: 下字)', () => {
    const g = vertical.glyphs.filter((x) => x.wmode === 1);
    const body = g.find((x) => x.c === '的')!.size;
    // Where a glyph's em box starts: Noto's Han glyphs stand 0.88 em below their vertical origin (VORG's default).
    const emTop = (x: DrawnGlyph) => x.y - 0.88 * x.size;
    const top = Math.min(...g.filter((x) => HAN.test(x.c)).map(emTop));
    /** How far down the column, in body characters, a run of text starts where it is set at `size` (a heading, not the contents' entry). */
    const down = (text: string, size: (s: number) => boolean) => {
      const i = g.findIndex((x, k) => size(x.size) && [...text].every((c, j) => g[k + j]?.c === c));
      expect(i, text).toBeGreaterThanOrEqual(0);
      return (emTop(g[i]) - top) / body;
    };
    const larger = (s: number) => s > body + 0.5;
    expect(down('第一章', larger)).toBeCloseTo(2, 1);
    // The contents' own heading as well: a chapter's heading is where a reader looks for it.
    expect(down('目錄', larger)).toBeCloseTo(2, 1);
    expect(down('圖靈問道', larger)).toBeCloseTo(2, 1);
    expect(down('曼徹斯特，孤燈一問', larger)).toBeCloseTo(4, 1);
    expect(down('曼城孤燈問蒼茫', (s) => s === body)).toBeCloseTo(4, 1);
    // A paragraph's first column is indented two characters, its next one starts at the top.
    expect(down('話說世間武學', (s) => s === body)).toBeCloseTo(2, 1);
  });

  it('never starts a column with a closing mark or ends one with an opening mark', () => {
    const cols = columns(vertical.glyphs);
    expect(cols.length).toBeGreaterThan(300);
    // A list's bullet ・ may start a column: it is the item's marker, not a mark closing text.
    const closing = (c: string) => CLOSING.has(c) || STOPS.has(c);
    const bad = cols.filter((c) => closing(c[0].c) || OPENING.has(c[c.length - 1].c)).map((c) => `p${c[0].page + 1}: ${c.map((g) => g.c).join('')}`);
    expect(bad).toEqual([]);
  });

  it('draws 「」『』 with the fonts’ vertical forms, not their horizontal cmap glyphs', () => {
    const quotes = vertical.glyphs.filter((g) => '「」『』'.includes(g.c) && g.c !== '');
    expect(quotes.length).toBeGreaterThan(50);
    const seen = new Set<string>();
    const ids = new Map<string, { horizontal: number; vertical: number }>();
    for (const g of quotes) {
      const face = FACES[g.font.replace(/^[A-Z]{6}\+/u, '')];
      expect(face, g.font).toBeDefined();
      const key = `${face}:${g.c}`;
      if (!ids.has(key)) ids.set(key, glyphIds(face, g.c));
      const expected = ids.get(key)!;
      expect(expected.vertical).not.toBe(expected.horizontal);
      expect(g.gid, `${g.c} in ${g.font}`).toBe(expected.vertical);
      expect(g.wmode).toBe(1);
      seen.add(g.c);
    }
    expect([...seen].sort()).toEqual([...'「」『』'].sort());
  });

  it('gives its text back in source order (MuPDF), and pdftotext gives back 99% of its Han characters', () => {
    const horizontal = drawnGlyphs(horizontalPath);
    const reference = extractedHan(horizontal.doc);
    const text = extractedHan(vertical.doc);
    expect(reference.length).toBeGreaterThan(5000);
    expect(inOrder(reference, text)).toBeGreaterThanOrEqual(0.99);

    const drawn = vertical.glyphs.filter((g) => HAN.test(g.c)).length;
    const poppler = [...execFileSync('pdftotext', [verticalPath, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })].filter((c) => HAN.test(c)).length;
    expect(poppler / drawn).toBeGreaterThanOrEqual(0.99);
    expect(poppler).toBeLessThanOrEqual(drawn);
  });

  it('is tagged as the horizontal PDF is: all it paints is tagged or an artifact, with the same headings and paragraphs', async () => {
    expect(await markedContentProblems(verticalPath)).toEqual([]);
    expect(execFileSync('pdfinfo', [verticalPath], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/u);
    // A paragraph split over two pages is two P elements, one per page, and pages break elsewhere in columns: compare the headings, and the paragraphs' text as a whole.
    const tagged = async (path: string) => {
      const elems = elements(await readWithPdfjs(path));
      const text = (role: string) => elems.filter((e) => e.role === role).map((e) => e.text.replace(/\s+/gu, ''));
      return { h1: text('H1'), h2: text('H2'), p: text('P').join('') };
    };
    const [v, h] = await Promise.all([tagged(verticalPath), tagged(horizontalPath)]);
    expect(v.h2.length).toBeGreaterThan(5);
    expect(v.p.length).toBeGreaterThan(5000);
    expect(v).toEqual(h);
  });

  it('reads right to left (/ViewerPreferences /Direction /R2L); the horizontal PDF does not say so', () => {
    const direction = (doc: mupdf.Document) => (doc as mupdf.PDFDocument).getTrailer().get('Root').get('ViewerPreferences').get('Direction').toString();
    expect(direction(vertical.doc)).toBe('/R2L');
    expect(direction(drawnGlyphs(horizontalPath).doc)).not.toBe('/R2L');
  });
});

const LATIN_CHAPTER = `# 第一回：棋局

1950 年，图灵在 Mind 杂志上发表论文，问道：“机器能思考吗？”

第12回说的是 AlphaGo 与李世石的五番棋。AlphaGo 以4比1胜出，第4局李世石下出第78手“神之一手”，全场哗然。

他说：“我们要 GPU，也要 TPU；‘深度学习’不是玄学。”又说：“第3盘——那才是真正的考验……”

2016 年 3 月，首尔。棋盘上黑白交错，一共下了 180 手。
`;

describe('the vertical PDF with Latin words and numbers', () => {
  let glyphs: Record<string, DrawnGlyph[]>;
  let texts: Record<string, string>;
  beforeAll(async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 棋局\nauthor: 测试\n', '01-qiju.md': LATIN_CHAPTER });
    const result = await build({ chaptersDir: dir, outDir: tempDir('vertical-latin-'), formats: ['pdf'], editions: ['zh-Hant-TW', 'zh-Hant-HK'], layouts: ['vertical'], sourceDateEpoch: '1700000000' });
    glyphs = {};
    texts = {};
    for (const o of result.outputs) {
      const read = drawnGlyphs(o.path);
      glyphs[o.edition] = read.glyphs;
      let text = '';
      for (let p = 0; p < read.doc.countPages(); p++) text += read.doc.loadPage(p).toStructuredText('preserve-whitespace').asText();
      texts[o.edition] = text.replace(/\s+/gu, '');
    }
  }, 240_000);

  it('turns Latin words and numbers of three or more digits 90° clockwise, and sets one or two digits upright side by side', () => {
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK']) {
      const g = glyphs[edition];
      const word = (text: string) => {
        const start = g.findIndex((_, i) => [...text].every((c, k) => g[i + k]?.c === c));
        expect(start, `${text} in ${edition}`).toBeGreaterThanOrEqual(0);
        return g.slice(start, start + text.length);
      };
      for (const w of ['AlphaGo', 'Mind', 'GPU', '1950', '2016', '180']) {
        const drawn = word(w);
        expect(drawn.every((x) => x.turned && x.wmode === 0), `${w} turned`).toBe(true);
        // Its letters run down the page.
        for (let k = 1; k < drawn.length; k++) expect(drawn[k].y).toBeGreaterThan(drawn[k - 1].y);
      }
      const pair = word('12');
      expect(pair.every((x) => !x.turned && x.wmode === 1)).toBe(true);
      // Side by side on one level, straddling the column's centre line, in one em.
      expect(pair[0].y).toBeCloseTo(pair[1].y, 3);
      expect(pair[1].x - pair[0].x).toBeGreaterThan(pair[0].size * 0.3);
      expect(pair[1].x - pair[0].x).toBeLessThan(pair[0].size * 0.8);
      // In the column of the Han characters around them.
      const column = g.filter((x) => x.page === pair[0].page && x.wmode === 1 && HAN.test(x.c) && Math.abs(x.x - pair[0].x) < pair[0].size * 0.6 && Math.abs(x.x - pair[1].x) < pair[0].size * 0.6);
      expect(column.length).toBeGreaterThan(3);
      const lone = word('第78手').slice(1, 3);
      expect(lone.every((x) => x.wmode === 1 && !x.turned)).toBe(true);
      // 縱中橫 takes an ideograph's em and its spacing: no ¼-em gap either side pushes the column off its grid.
      const [di, , ju, li, shi] = word('第4局李世');
      expect(new Set([di, ju, li, shi].map((x) => Math.round(x.x))).size, `第4局李世 in one column, ${edition}`).toBe(1);
      expect((ju.y - di.y) / (shi.y - li.y), edition).toBeCloseTo(2, 1);
      // The spaces typed around them (2016 年 3 月) are the horizontal habit of spacing Han from Latin: none here either.
      const [nian, , yue] = word('年3月');
      expect((yue.y - nian.y) / (shi.y - li.y), `年 3 月 in ${edition}`).toBeCloseTo(2, 1);
    }
  });

  it('keeps the text in order when it is extracted, the vertical forms copied as the ordinary characters', () => {
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK']) {
      const text = texts[edition];
      expect(text).toContain('AlphaGo');
      expect(text).toContain('第12回');
      expect(text).toContain('「我們要GPU');
      expect(text).toContain('——');
      expect(text).toContain('……');
      expect(text).not.toMatch(/[\ufe10-\ufe4f]/u);
    }
  });

  it('stands Taiwan’s and Hong Kong’s centred ，。 upright in the column, on its centre line', () => {
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK']) {
      const marks = glyphs[edition].filter((g) => '，。'.includes(g.c) && g.c !== '');
      expect(marks.length).toBeGreaterThan(4);
      for (const m of marks) {
        expect(m.wmode).toBe(1);
        expect(m.turned).toBe(false);
      }
    }
  });
});

describe('what the vertical zh-Hans PDFs copy out (pdftotext, MuPDF)', () => {
  let path: string;
  /** The text each extractor reads, whitespace left out, from the screen PDF and from the print PDF (untagged): poppler's, then MuPDF's. */
  let copied: { screen: string[]; print: string[] };
  beforeAll(async () => {
    const chapter = '# 第一回　引号\n\n他说：“师父讲过『以无法为有法』这句话。”众人点头。\n\n又道：“『』与“”，在直排里形状相同。”\n\n那天是乙未年8月31日，第12号房。\n';
    const dir = writeManuscript({ 'book.yaml': 'title: 引号\nauthor: 测试\n', '01-q.md': chapter });
    const result = await build({ chaptersDir: dir, outDir: tempDir('vertical-copy-'), formats: ['pdf', 'print'], editions: ['zh-Hans'], layouts: ['vertical'], sourceDateEpoch: '1700000000' });
    const flat = (s: string) => s.replace(/\s+/gu, '');
    const read = (file: string) => {
      const doc = mupdf.Document.openDocument(readFileSync(file), 'application/pdf');
      let mu = '';
      for (let p = 0; p < doc.countPages(); p++) mu += doc.loadPage(p).toStructuredText('preserve-whitespace').asText();
      return [flat(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })), flat(mu)];
    };
    path = result.outputs.find((o) => o.format === 'pdf')!.path;
    copied = { screen: read(path), print: read(result.outputs.find((o) => o.format === 'print')!.path) };
  }, 240_000);

  it('gives 『』 and “” as written, though Noto Serif SC draws 『 and “ alike in a column', () => {
    // The premise: one glyph for both, so one font's ToUnicode alone cannot tell them apart.
    const marks = drawnGlyphs(path).glyphs.filter((g) => g.wmode === 1 && (g.c === '“' || g.c === '『'));
    expect(marks.length).toBe(5);
    expect(new Set(marks.map((g) => g.gid)).size).toBe(1);
    // The print PDF has no structure to carry an ActualText: its fonts alone must tell them apart.
    for (const text of [...copied.screen, ...copied.print]) {
      expect(text).toContain('“师父讲过『以无法为有法』这句话。”');
      expect(text).toContain('“『』与“”，在直排里形状相同。”');
    }
  });

  it('gives two digits set side by side (縱中橫) in their place in the column, not as a column of their own', () => {
    for (const text of copied.screen) expect(text).toContain('乙未年8月31日，第12号房。');
  });
});
