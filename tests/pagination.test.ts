import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paginateChapter } from '../src/typeset/chapter-end.ts';
import type { FlowBox, LaidPage } from '../src/typeset/flow.ts';
import { paginate } from '../src/typeset/paginate.ts';
import { openingSink } from '../src/typeset/flow-keeps.ts';
import { loadTheme } from '../src/typeset/theme.ts';
import { build } from '../src/build/build.ts';
import { drawnGlyphs } from './helpers/glyphs.ts';
import { readPdf } from './helpers/pdf.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { buildPdf } from './suites/pdf-book.ts';

/** A line of text, 10 units high, with its number as what it says. */
const line = (n: number): FlowBox => ({ blockSize: 10, ops: [{ op: 'text', line: { n, atoms: [] } as never, inline: 0, baseline: 8 }] });
const space = (blockSize: number): FlowBox => ({ blockSize, ops: [], space: true });
const said = (page: LaidPage) => page.ops.flatMap((op) => (op.op === 'text' ? [(op.line as unknown as { n: number }).n] : []));

describe('pagination', () => {
  it("tells which boxes each page holds, the space dropped at a page's top its own", () => {
    const members: number[][] = [];
    const boxes = [line(1), line(2), space(10), line(3), line(4)];
    const pages = paginate(boxes, 20, Infinity, members);
    expect(pages.map(said)).toEqual([[1, 2], [3, 4]]);
    expect(members).toEqual([[0, 1], [2, 3, 4]]);
  });

  it("closes up the space on a chapter's two last pages rather than turn over a line or two alone", () => {
    // Six lines and four spaces fill a 100-unit page; the last two lines would stand alone on a second.
    const boxes = [line(1), space(10), line(2), line(3), space(10), line(4), space(10), line(5), line(6), space(10), line(7), line(8)];
    expect(paginate(boxes, 100, 30).map(said)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8]]);
    const pages = paginateChapter(boxes, 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7, 8]]);
    // Closed up as little as does it: the last line's baseline still at most on the page.
    const baselines = pages[0].ops.flatMap((op) => (op.op === 'text' ? [op.baseline] : []));
    expect(Math.max(...baselines)).toBeLessThanOrEqual(100);
  });

  it('leaves a last page of three lines, and one the space cannot save, as they are', () => {
    const three = [line(1), space(10), line(2), line(3), space(10), line(4), space(10), line(5), space(10), line(6), line(7), line(8), line(9)];
    expect(paginateChapter(three, 100, 30).map(said)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9]]);
    const tight = [line(1), line(2), line(3), line(4), line(5), line(6), line(7), line(8), space(10), line(9), line(10)];
    expect(paginateChapter(tight, 100, 30).map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9], [10]]);
  });
});

describe('the page grid after a block set off by half a line', () => {
  /** Where each line's box starts on its page, in lines. */
  const tops = (page: LaidPage) => page.ops.flatMap((op) => (op.op === 'text' ? [(op.baseline - 8) / 10] : []));
  const halfBlock = (from: number, n: number): FlowBox[] => [space(5), ...Array.from({ length: n }, (_, k) => line(from + k)), { ...space(5), regrid: 10 }];

  it('keeps the lines after it on the grid when the block began on the page, half a line each side', () => {
    const pages = paginate([line(1), ...halfBlock(2, 2), line(4), line(5)], 100);
    expect(tops(pages[0])).toEqual([0, 1.5, 2.5, 4, 5]);
  });

  it('puts them back on the grid when a page break fell inside it: the closing half line is dropped', () => {
    // A page of four lines: the block's half line and its first two lines on page one, its third line on page two.
    const pages = paginate([line(1), ...halfBlock(2, 3), line(5), line(6)], 40);
    expect(pages.map(said)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tops(pages[1])).toEqual([0, 1, 2]);
    // A closing half line without regrid, as before: the lines after it half a line off.
    const plain = paginate([line(1), space(5), line(2), line(3), line(4), space(5), line(5), line(6)], 40);
    expect(tops(plain[1])).toEqual([0, 1.5, 2.5]);
  });

  it('sizes a closing half line again when a kept group carries it onto the next page', () => {
    const keep = (b: FlowBox): FlowBox => ({ ...b, keepWithNext: true });
    // Lines 2 and 3 and the half line after them are kept with line 4, which does not fit: all move on.
    const pages = paginate([line(1), space(5), keep(line(2)), keep(line(3)), keep({ ...space(5), regrid: 10 }), line(4)], 40);
    expect(pages.map(said)).toEqual([[1], [2, 3, 4]]);
    expect(tops(pages[1])).toEqual([0, 1, 2]);
  });
});

describe('tables across pages', () => {
  it('set the head row again above the rows a page break carries over', () => {
    const head = { ...line(100), keepWithNext: true };
    const copy = line(200);
    const rows = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ ...line(100 + n), repeat: copy }));
    rows[5].keepWithNext = true;
    const pages = paginate([line(1), line(2), head, ...rows], 60, 30);
    expect(pages.map(said)).toEqual([[1, 2, 100, 101, 102, 103], [200, 104, 105, 106, 107]]);
  });

  it('set the rows of a table that begins a page under its own head only, never the copy', () => {
    const head = { ...line(100), keepWithNext: true };
    const pages = paginate([...[1, 2, 3, 4, 5].map(line), head, { ...line(101), repeat: line(200) }], 50, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5], [100, 101]]);
  });
});

describe("a chapter's last page in the sample book", () => {
  it('holds more than two lines in every chapter, in the Simplified and the Hong Kong edition', async () => {
    for (const edition of ['zh-Hans', 'zh-Hant-HK'] as const) {
      const built = await buildPdf(SAMPLE, edition);
      const openings = built.book.chapters.map((ch) => built.bodyLines.find((l) => l.text === ch.title)!.page);
      const last = Math.max(...built.bodyLines.map((l) => l.page));
      for (const end of [...openings.slice(1).map((p) => p - 1), last]) {
        const lines = built.bodyLines.filter((l) => l.page === end);
        expect(lines.length, `${edition} page ${end}: ${lines.map((l) => l.text).join(' / ')}`).toBeGreaterThan(2);
      }
    }
  });
});

describe('a lead-in and the list it announces, wherever the page ends', () => {
  // One one-line paragraph more each time, so that the lead-in (掌门说了三件事：) and the list's
  // items stand once on every line of a page, its last included.
  it("never leaves the lead-in at a page's foot with its list overleaf, nor the list's last line alone at the next page's head", async () => {
    const seen = { leadAtFoot: 0, lastAlone: 0 };
    for (let n = 0; n < 32; n++) {
      const paragraphs = [...Array.from({ length: n + 10 }, () => '江湖一事。'), '此前种种。'].join('\n\n');
      const dir = writeManuscript({
        'book.yaml': 'title: 短书\nauthor: 某人\n',
        '01.md': `# 第一章：开篇\n\n${paragraphs}\n\n掌门说了三件事：\n\n- 第一件，练剑。\n- 第二件，读书。\n- 第三件，下山。\n\n${'后事'.repeat(200)}。\n`,
      });
      const result = await build({ chaptersDir: dir, outDir: tempDir('lead-in-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
      const { lines } = readPdf(result.outputs.find((o) => o.path.endsWith('.pdf'))!.path);
      const page = (text: string) => lines.find((l) => l.text.includes(text))!.page;
      expect(page('掌门说了三件事'), `n = ${n}: the lead-in and the first item`).toBe(page('第一件'));
      expect(page('第三件'), `n = ${n}: the last item and the one before it`).toBe(page('第二件'));
      // The page ends somewhere in the lead-in's neighbourhood for some n, or the test proves nothing.
      if (page('第一件') !== page('此前种种')) seen.leadAtFoot++;
      if (page('第二件') !== page('第一件')) seen.lastAlone++;
    }
    expect(seen.leadAtFoot).toBeGreaterThan(0);
    expect(seen.lastAlone).toBeGreaterThan(0);
  });
});

describe("a chapter opening whose first lines call a note", () => {
  const opening: FlowBox[] = [{ blockSize: 30, ops: [] }, { blockSize: 20, ops: [], keepWithNext: true }];
  const kept = (b: FlowBox): FlowBox => ({ ...b, keepWithNext: true });

  it('counts the note and its rule in the sink, which gives way to keep them on the opening page', () => {
    // Sink 30, heading 20, a kept line calling four note lines, the line it is kept with: 120 of 100 at the full sink.
    const text = [kept({ ...line(1), notes: Array.from({ length: 4 }, (_, k) => line(101 + k)) }), line(2)];
    expect(openingSink(3, 10, opening, text, 100, 10)).toBe(1);
    // The same lines calling nothing fit under the full sink.
    expect(openingSink(3, 10, opening, [kept(line(1)), line(2)], 100, 10)).toBe(3);
  });

  it('keeps a chapter\'s opening poem on its title page when the poem calls a long note', async () => {
    const note = '此诗化用古人旧句，'.repeat(40);
    const poem = ['天地有机心，[^1]', '算法传至今。', '图灵留一问，', '千载费沉吟。'].map((l) => `> ${l}`).join('\n');
    const more = Array.from({ length: 6 }, () => '后来的故事，人们都知道了。'.repeat(8)).join('\n\n');
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\n', '01-a.md': `# 第一章：图灵之问\n\n## 开篇诗词\n\n${poem}\n\n${more}\n\n[^1]: ${note}\n` });
    const result = await build({ chaptersDir: dir, outDir: tempDir('opening-note-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const page = (text: string) => lines.find((l) => l.text.replace(/\s/gu, '').includes(text))!.page;
    // The chapter's title at display size, not the contents' entry naming it.
    const title = lines.filter((l) => l.text.includes('图灵之问')).reduce((a, b) => (b.chars[0].size > a.chars[0].size ? b : a));
    // At the full sink the poem and its note would not fit beside the title: they went overleaf, the title alone.
    expect(title.page).toBe(page('天地有机心'));
    expect(page('此诗化用古人旧句')).toBe(page('天地有机心'));
  });
});

describe('footnotes at the foot of the page (页下注)', () => {
  /** A note's lines, numbered from `from`: 101, 102, … */
  const note = (from: number, n: number): FlowBox[] => Array.from({ length: n }, (_, k) => line(from + k));
  const calls = (n: number, lines: FlowBox[]): FlowBox => ({ ...line(n), notes: lines });
  const setting = { rule: { blockSize: 5, ops: [] }, minBody: 20, pitch: 10 };
  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => line(from + k));
  /** Where each text op's box starts on its page. */
  const tops = (page: LaidPage) => page.ops.flatMap((op) => (op.op === 'text' ? [op.baseline - 8] : []));

  it('sets a note below the text of the page its call falls on, its last line at the foot', () => {
    const pages = paginate([...lines(1, 2), calls(3, note(101, 2)), ...lines(4, 12)], 100, Infinity, undefined, setting);
    // Seven lines, the rule and two note lines: 70 + 5 + 20 of 100.
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7, 101, 102], [8, 9, 10, 11, 12]]);
    expect(tops(pages[0]).slice(-2)).toEqual([80, 90]);
  });

  it('moves the calling line to the next page, note and all, when the page can end there', () => {
    const pages = paginate([...lines(1, 7), calls(8, note(101, 3)), line(9)], 100, 30, undefined, setting);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7], [8, 9, 101, 102, 103]]);
  });

  it('runs a note on to the next page rather than leave the page short, ahead of that page\'s own notes', () => {
    const boxes = [...lines(1, 6), calls(7, note(101, 4)), line(8), calls(9, note(201, 1)), line(10)];
    const pages = paginate(boxes, 100, 20, undefined, setting);
    // 60 + 10 + 5 leave room for two of the four note lines; the other two head the next page's notes.
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7, 101, 102], [8, 9, 10, 103, 104, 201]]);
  });

  it('breaks a note where its paragraph may break: never leaving its last line alone overleaf', () => {
    const widow = note(101, 4).map((b, k) => (k === 2 ? { ...b, keepSoft: true } : b));
    const pages = paginate([...lines(1, 5), calls(6, widow), line(7)], 100, 20, undefined, setting);
    // Room for three note lines; the third is kept with the fourth, so two go overleaf.
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 101, 102], [7, 103, 104]]);
  });

  it('moves a line that calls several notes when the last would not begin on its page', () => {
    /** A note's lines, its first holding its destination, as the layout marks where a note starts. */
    const marked = (from: number, n: number) => note(from, n).map((b, k) => (k === 0 ? { ...b, ops: [{ op: 'dest' as const, name: `n${from}`, block: 0 }, ...b.ops] } : b));
    const pages = paginate([...lines(1, 6), calls(7, [...marked(101, 2), ...marked(201, 1)]), line(8)], 100, 20, undefined, setting);
    // Two lines of notes would fit, but they are all of the first note: the second, one line, would be set a page late.
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 101, 102, 201]]);
  });

  it('breaks a note at no line that ends in a hyphenated word', () => {
    const hyphenated = (b: FlowBox): FlowBox => ({ ...b, ops: [{ op: 'text', line: { n: 103, atoms: [{ breakAfter: 'hyphen' }] } as never, inline: 0, baseline: 8 }] });
    const pages = paginate([...lines(1, 5), calls(6, note(101, 4).map((b, k) => (k === 2 ? hyphenated(b) : b))), line(7)], 100, 20, undefined, setting);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 101, 102], [7, 103, 104]]);
  });

  it('leaves no widow on a page of notes, which is full to within a line', () => {
    // Lines 2 and 3 are kept with the next (orphan, widow). Line 4 and its note do not fit beside note 101.
    const soft = (b: FlowBox): FlowBox => ({ ...b, keepSoft: true });
    const pages = paginate([calls(1, note(101, 5)), soft(line(2)), soft(line(3)), calls(4, note(201, 1))], 100, 30, undefined, setting);
    // Moving the paragraph leaves 35 free beside 55 of notes: three whole lines, not more than the 30 a page may lack.
    expect(pages.map(said)).toEqual([[1, 101, 102, 103, 104, 105], [2, 3, 4, 201]]);
  });

  it('sets every note a page calls on that page, however much of it they take', () => {
    const pages = paginate([calls(1, note(101, 2)), calls(2, note(201, 2)), calls(3, note(301, 2)), ...lines(4, 6)], 100, 30, undefined, setting);
    expect(pages.map(said)).toEqual([[1, 2, 3, 101, 102, 201, 202, 301, 302], [4, 5, 6]]);
  });

  it('after a note that runs on, moves a line that calls another to the page its note can stand on, never a page late', () => {
    const boxes = [...lines(1, 5), calls(6, note(101, 12)), line(7), calls(8, note(201, 1)), line(9)].map((b) => ({ ...b, chapterId: 'c1' }));
    const pages = paginate(boxes, 100, 30, undefined, setting);
    expect(pages.map(said)).toEqual([
      [1, 2, 3, 4, 5, 6, 101, 102, 103],
      [7, 104, 105, 106, 107, 108, 109, 110, 111],
      [8, 9, 112, 201],
    ]);
  });

  it('gives what is left of a note after the last text pages of its own, in order, nothing lost, under the running head', () => {
    const pages = paginate([{ ...calls(1, note(101, 15)), chapterId: 'c1' }], 100, 30, undefined, setting);
    expect(pages.map(said)).toEqual([
      [1, 101, 102, 103, 104, 105, 106, 107, 108],
      [109, 110, 111, 112, 113, 114, 115],
    ]);
    expect(pages.map((p) => p.chapterId)).toEqual(['c1', 'c1']);
  });

  it('takes a note off the page when its calling line is carried over by a keep', () => {
    const kept = { ...calls(8, note(101, 1)), keepWithNext: true };
    const pages = paginate([...lines(1, 7), kept, line(9)], 100, Infinity, undefined, setting);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7], [8, 9, 101]]);
  });
});

describe('a figure that does not fit', () => {
  const figure = (n: number, blockSize: number): FlowBox => ({ ...line(n), blockSize, float: true, keepWithNext: true });
  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => line(from + k));

  it('heads the next page with its caption, the text after it filling this page', () => {
    const pages = paginate([...lines(1, 6), figure(7, 50), line(8), ...lines(9, 14)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 9, 10, 11, 12], [7, 8, 13, 14]]);
  });

  it('moves on whole when the image fits and its caption does not', () => {
    const pages = paginate([...lines(1, 5), figure(6, 50), line(7), ...lines(8, 14)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 8, 9, 10, 11, 12], [6, 7, 13, 14]]);
  });

  it('takes the next figure with it, in their order, the text after both filling this page', () => {
    const pages = paginate([...lines(1, 5), figure(6, 50), line(7), figure(8, 10), line(9), ...lines(10, 16)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 10, 11, 12, 13, 14], [6, 7, 8, 9, 15, 16]]);
  });

  it('never follows the chapter’s last line: with no text left to fill the page, it keeps its place overleaf', () => {
    // Six lines, a figure that does not fit with its caption, then the chapter's last two lines (短短一句, 且听下回分解).
    const pages = paginate([...lines(1, 6), figure(7, 50), line(8), line(9), line(10)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10]]);
  });

  it('never follows the next section’s heading: with only a heading after the text that fits, it keeps its place', () => {
    const heading = (n: number): FlowBox => ({ ...line(n), keepWithNext: true, heading: true });
    const pages = paginate([...lines(1, 6), figure(7, 50), line(8), line(9), heading(10), ...lines(11, 16)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12], [13, 14, 15, 16]]);
  });

  it('still lets the text after it fill the page when some is left overleaf', () => {
    const pages = paginate([...lines(1, 6), figure(7, 50), line(8), ...lines(9, 15)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 9, 10, 11, 12], [7, 8, 13, 14, 15]]);
  });

  it('closes up only the space on a chapter’s two last pages when a figure moved onto one of them', () => {
    // Page one ends 9, 10, a space, 11; the figure moved on heads page two, whose two spaces close up to take 15 back.
    const boxes = [...lines(1, 6), figure(7, 40), line(8), line(9), line(10), space(10), line(11), space(10), line(12), space(10), line(13), line(14), line(15)];
    const pages = paginateChapter(boxes, 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 9, 10, 11], [7, 8, 12, 13, 14, 15]]);
    const baseline = (page: LaidPage, n: number) => page.ops.find((op) => op.op === 'text' && (op.line as unknown as { n: number }).n === n)!;
    // Page one keeps its space whole: 11 stands on its last line, as before the closing up.
    expect((baseline(pages[0], 11) as { baseline: number }).baseline).toBe(98);
    expect((baseline(pages[1], 15) as { baseline: number }).baseline).toBeLessThanOrEqual(100);
  });

  it('stays where it is when the page may end there, within the lines a page may end short', () => {
    const pages = paginate([...lines(1, 8), figure(9, 50), line(10), line(11)], 100, 30);
    expect(pages.map(said)).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11]]);
  });
});

describe('a figure in the PDF', () => {
  it('is set off by half a line each side: its caption never reads as the first line of the text after it', async () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：图\n\n图前一段正文。\n\n![殿前论剑图](images/scene.png)\n\n图后一段正文。\n',
      'images/scene.png': readFileSync(join(SAMPLE, 'images/dartmouth.png')),
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir('figure-space-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const at = (text: string) => lines.find((l) => l.text.replace(/\s/gu, '') === text)!;
    const [caption, after] = [at('殿前论剑图'), at('图后一段正文。')];
    const { pitch } = loadTheme();
    expect(after.page).toBe(caption.page);
    expect((after.baseline - caption.baseline) / pitch).toBeGreaterThan(1.4);
  });
});

describe('a list item that opens a nested list', () => {
  it('never ends a page with its line while the nested list starts the next', async () => {
    // One chapter per starting line, so that in one of them the item falls on each line of a page.
    const files: Record<string, string> = { 'book.yaml': 'title: 列表\nauthor: 测试者\n' };
    for (let k = 0; k < 30; k++) {
      const filler = Array.from({ length: 8 + k }, (_, n) => `填充一行，第${n + 1}行。`);
      const list = [`- 总目${k}号统领`, '  - 子目一', '  - 子目二', `- 末目${k}号`];
      files[`${String(k + 1).padStart(2, '0')}-c.md`] = [`# 第${k + 1}回　列表`, '', ...filler.flatMap((l) => [l, '']), ...list, ''].join('\n');
    }
    const result = await build({ chaptersDir: writeManuscript(files), outDir: tempDir('list-keep-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const { glyphs } = drawnGlyphs(result.outputs[0].path);
    const find = (text: string, from = 0) => {
      const chars = [...text];
      const at = glyphs.findIndex((_, i) => i >= from && chars.every((c, j) => glyphs[i + j]?.c === c));
      expect(at, text).toBeGreaterThanOrEqual(0);
      return at;
    };
    const split = [];
    for (let k = 0; k < 30; k++) {
      const item = find(`总目${k}号统领`);
      if (glyphs[find('子目一', item)].page !== glyphs[item].page) split.push(k);
    }
    expect(split).toEqual([]);
  }, 240_000);
});

describe('a table in the PDF', () => {
  it('keeps a small table on one page, and sets a long one’s head again on the page it runs on to', async () => {
    // One chapter per starting line, so that in one of them the small table falls on each line of a page.
    const files: Record<string, string> = { 'book.yaml': 'title: 表格\nauthor: 测试者\n' };
    const table = (k: number, rows: number) => [`| 门派${k}号 | 人物 |`, '| --- | --- |', ...Array.from({ length: rows }, (_, r) => `| 第${r + 1}派${k}号 | 某人 |`)];
    for (let k = 0; k < 30; k++) {
      const filler = Array.from({ length: 8 + k }, (_, n) => `填充一行，第${n + 1}行。`);
      files[`${String(k + 1).padStart(2, '0')}-c.md`] = [`# 第${k + 1}回　表格`, '', ...filler.flatMap((l) => [l, '']), ...table(k, 3), ''].join('\n');
    }
    files['31-long.md'] = ['# 第三十一回　长表', '', '正文一段。', '', ...table(99, 40), ''].join('\n');
    const result = await build({ chaptersDir: writeManuscript(files), outDir: tempDir('table-keep-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const { glyphs } = drawnGlyphs(result.outputs[0].path);
    const pagesOf = (text: string) => {
      const chars = [...text];
      const pages: number[] = [];
      glyphs.forEach((g, i) => {
        if (chars.every((c, j) => glyphs[i + j]?.c === c)) pages.push(g.page);
      });
      return pages;
    };
    const split = [];
    for (let k = 0; k < 30; k++) if (new Set([`门派${k}号`, `第1派${k}号`, `第3派${k}号`].flatMap(pagesOf)).size !== 1) split.push(k);
    expect(split).toEqual([]);
    // The long table's head stands atop each page its rows run on to.
    const rowPages = [...new Set(Array.from({ length: 40 }, (_, r) => pagesOf(`第${r + 1}派99号`)[0]))];
    expect(rowPages.length).toBeGreaterThan(1);
    expect(pagesOf('门派99号')).toEqual(rowPages);
  }, 240_000);

  it('leaves no gap in the text where a small table moved on, and sets the text after any table half a line clear of it or more', async () => {
    const files: Record<string, string> = { 'book.yaml': 'title: 表格\nauthor: 测试者\n' };
    const table = (k: number, rows: number) => [`| 门派${k}号 | 人物 |`, '| --- | --- |', ...Array.from({ length: rows }, (_, r) => `| 第${r + 1}派${k}号 | 某人 |`)];
    const after = Array.from({ length: 8 }, (_, n) => `后文一行，第${n + 1}行。`);
    for (let k = 0; k < 24; k++) {
      const filler = Array.from({ length: 10 + k }, (_, n) => `填充一行，第${n + 1}行。`);
      files[`${String(k + 1).padStart(2, '0')}-c.md`] = [`# 第${k + 1}回　表格`, '', ...filler.flatMap((l) => [l, '']), ...table(k, 3), '', ...after.flatMap((l) => [l, ''])].join('\n');
    }
    files['31-long.md'] = ['# 第三十一回　长表', '', '正文一段。', '', ...table(99, 40), '', ...after.flatMap((l) => [l, ''])].join('\n');
    const result = await build({ chaptersDir: writeManuscript(files), outDir: tempDir('table-gap-'), formats: ['pdf'], editions: ['zh-Hans'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const body = lines.filter((l) => /^(填充|后文|第\d+派|门派)/u.test(l.text.trim()));
    const pitch = Math.min(...body.slice(1).flatMap((l, i) => (l.page === body[i].page && l.baseline > body[i].baseline ? [l.baseline - body[i].baseline] : [])));
    const gaps: string[] = [];
    const touching: string[] = [];
    body.slice(1).forEach((l, i) => {
      const prev = body[i];
      if (l.page !== prev.page) return;
      const step = (l.baseline - prev.baseline) / pitch;
      const text = (x: typeof l) => x.text.trim().slice(0, 4);
      // Filler then text after: the table moved on, and the text runs on without a blank line.
      if (/^(填充|后文)/u.test(text(prev)) && /^(填充|后文)/u.test(text(l)) && step > 1.05) gaps.push(`${text(prev)}→${text(l)} ${step.toFixed(2)}`);
      if (/^第\d+派/u.test(text(prev)) && /^后文/u.test(text(l)) && step < 1.45) touching.push(`${text(prev)}→${text(l)} ${step.toFixed(2)}`);
    });
    expect(gaps).toEqual([]);
    expect(touching).toEqual([]);
  }, 240_000);
});
