import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { withEpubPages } from './helpers/epub-pages.ts';
import { openEpub } from './helpers/epub.ts';
import { drawnGlyphs, type DrawnGlyph } from './helpers/glyphs.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

/*
 * Verse wider than the measure: its turnover stands two characters in from
 * the verse line's start, so that a reader can still count the lines of a
 * 词. The PDF read glyph by glyph by MuPDF, the EPUB laid out by Chromium.
 */

const LONG = '天地玄黄宇宙洪荒，日月盈昃辰宿列张，寒来暑往秋收冬藏，闰余成岁律吕调阳，云腾致雨露结为霜。';
const CHAPTER = `# 第一回：长短句

**【开篇诗词】**

> 北风卷雪过荒城，  
> ${LONG}  
> 莫问机心何处起，  
> 炉中铁骨自分明。

正文一段，交代前情。

**【又一首词】**

> 明月几时有，  
> 把酒问青天。  
> 不知天上宫阙，今夕是何年。

欲知后事如何，且听下回分解。
`;

/** The glyphs of the line or column that holds `text` set at the body's size, in drawing order, and the glyph `text` starts at. */
function find(glyphs: DrawnGlyph[], text: string): number {
  const i = glyphs.findIndex((_, k) => [...text].every((c, j) => glyphs[k + j]?.c === c));
  expect(i, text).toBeGreaterThanOrEqual(0);
  return i;
}

describe('verse wider than the measure', () => {
  const glyphs: Record<string, DrawnGlyph[]> = {};
  beforeAll(async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 长短句\nauthor: 测试\n', '01-ci.md': CHAPTER });
    const result = await build({ chaptersDir: dir, outDir: tempDir('verse-'), formats: ['pdf'], editions: ['zh-Hans'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    for (const o of result.outputs) glyphs[o.path.includes('.vertical.') ? 'vertical' : 'horizontal'] = drawnGlyphs(o.path).glyphs;
  }, 120_000);

  it('sets a poem with a line too long from two characters in, its turnover two further, across the page', () => {
    const g = glyphs.horizontal;
    const em = g[find(g, '北风卷雪')].size;
    const starts = ['北风卷雪', LONG.slice(0, 4), '莫问机心', '炉中铁骨'].map((t) => g[find(g, t)].x);
    // Every verse line starts at one place: flush, not centred.
    for (const x of starts) expect(x).toBeCloseTo(starts[0], 1);
    // The long line's turnover: the first glyph on a lower line, before 莫问.
    const long = find(g, LONG.slice(0, 4));
    const turn = g.slice(long, find(g, '莫问机心')).find((x) => x.y > g[long].y + em / 2)!;
    expect(LONG).toContain(turn.c);
    expect((turn.x - starts[0]) / em).toBeCloseTo(2, 1);
    // Two characters in from where the body's paragraphs start (the first line of 正文 is indented two too).
    const body = g[find(g, '正文一段')];
    expect((starts[0] - body.x) / em).toBeCloseTo(0, 1);
  });

  it('keeps a poem whose lines all fit centred, line by line', () => {
    const g = glyphs.horizontal;
    const centre = (text: string) => {
      const i = find(g, text);
      const line = g.slice(i).filter((x, k, all) => k === 0 || Math.abs(x.y - all[0].y) < 0.5);
      let n = 0;
      while (n < line.length && Math.abs(line[n].y - g[i].y) < 0.5) n++;
      const last = line[n - 1];
      return (g[i].x + last.x + last.size) / 2;
    };
    expect(centre('明月几时有')).toBeCloseTo(centre('不知天上宫阙'), 0);
    expect(centre('把酒问青天')).toBeCloseTo(centre('不知天上宫阙'), 0);
  });

  it('turns a column of verse over two characters further down than its start', () => {
    const g = glyphs.vertical.filter((x) => x.wmode === 1);
    const em = g[find(g, '北风卷雪')].size;
    const long = find(g, LONG.slice(0, 4));
    const first = g[long];
    expect(g[find(g, '北风卷雪')].y).toBeCloseTo(first.y, 1);
    // The next column (to the left) before 莫问 is the turnover.
    const turn = g.slice(long, find(g, '莫问机心')).find((x) => x.x < first.x - em / 2)!;
    expect(LONG).toContain(turn.c);
    expect((turn.y - first.y) / em).toBeCloseTo(2, 1);
  });
});

describe('verse wider than a phone’s page, in the EPUB (Chromium)', () => {
  /** Where each line of the verse that opens with `text` starts (px: left across the page, top down a column), and the em. */
  const lineStarts = async (vertical: boolean, size: { width: number; height: number }) => {
    const dir = writeManuscript({ 'book.yaml': 'title: 长短句\nauthor: 测试\n', '01-ci.md': CHAPTER });
    const result = await build({ chaptersDir: dir, outDir: tempDir('verse-epub-'), formats: ['epub'], editions: ['zh-Hans'], layouts: [vertical ? 'vertical' : 'horizontal'], sourceDateEpoch: '1700000000' });
    const epub = await openEpub(result.outputs[0].path);
    return withEpubPages({ 'c001.xhtml': await epub.text('OEBPS/c001.xhtml') }, await epub.text('OEBPS/style.css'), size, async (open) =>
      (await open('c001.xhtml')).evaluate(
        ([opening, isVertical]) => {
          const verses = [...document.querySelectorAll('p.verse')].filter((p) => p.closest('.poem')!.textContent!.includes(opening));
          const range = document.createRange();
          return {
            em: parseFloat(getComputedStyle(verses[0]).fontSize),
            lines: verses.map((p) => {
              const text = p.firstChild!;
              const starts: number[] = [];
              let last: number | undefined;
              for (let i = 0; i < text.textContent!.length; i++) {
                range.setStart(text, i);
                range.setEnd(text, i + 1);
                const r = range.getBoundingClientRect();
                const line = isVertical ? r.left : r.top;
                if (last === undefined || Math.abs(line - last) > r.width / 2) starts.push(isVertical ? r.top : r.left);
                last = line;
              }
              return starts;
            }),
          };
        },
        ['北风卷雪', vertical] as const,
      ),
    );
  };

  it('sets a poem with a line a phone cannot hold from two characters in, its turnover two further', async () => {
    const { em, lines } = await lineStarts(false, { width: 360, height: 640 });
    expect(lines.map((l) => l.length)).toEqual([1, expect.any(Number), 1, 1]);
    expect(lines[1].length).toBeGreaterThan(1);
    for (const l of lines) expect(l[0]).toBeCloseTo(lines[0][0], 0);
    for (const turn of lines[1].slice(1)) expect((turn - lines[0][0]) / em).toBeCloseTo(2, 1);
  });

  it('turns a verse column over two characters further down', async () => {
    const { em, lines } = await lineStarts(true, { width: 900, height: 480 });
    expect(lines[1].length).toBeGreaterThan(1);
    for (const l of lines) expect(l[0]).toBeCloseTo(lines[0][0], 0);
    for (const turn of lines[1].slice(1)) expect((turn - lines[0][0]) / em).toBeCloseTo(2, 1);
  });
});
