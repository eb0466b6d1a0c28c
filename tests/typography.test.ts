// How the PDF sets text, read glyph by glyph with MuPDF: the sample book and a manuscript of our
// own with dialogue, long English words, a URL, Latin and numbers, in every edition.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import type { EditionTag } from '../src/config/editions.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { runCli } from './helpers/cli.ts';
import { FIXTURES, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { drawnGlyphs } from './helpers/glyphs.ts';
import { readPdf, type PdfLine } from './helpers/pdf.ts';
import { BODY, crowdedCentredMarks, footnoteCalls, pulledRaggedEndMarks, hanLatinGaps, LEFT, looseLines, raggedLines, shortPages, widePairs, type Style } from './helpers/typography.ts';

const STYLES: Array<[EditionTag, Style]> = [
  ['zh-Hans', 'sc'],
  ['zh-Hant-TW', 'tw'],
  ['zh-Hant-HK', 'hk'],
];
const NO_START = new Set([...'、，。．：；！？”’」』）》〉】〗〕］｝']);
const NO_END = new Set([...'“‘「『（《〈【〖〔［｛']);
const TYPOGRAPHY = join(FIXTURES, 'typography');

for (const [name, dir] of [
  ['sample book', SAMPLE],
  ['typography fixture', TYPOGRAPHY],
] as const) {
  for (const [edition, style] of STYLES) {
    describe(`${edition} PDF of the ${name}`, () => {
      let body: PdfLine[];
      let lines: PdfLine[];
      let firstBodyPage: number;
      let reported: string[];
      let path: string;
      beforeAll(async () => {
        const result = await build({ chaptersDir: dir, outDir: tempDir('typography-'), editions: [edition], formats: ['pdf'], sourceDateEpoch: '1700000000' });
        path = result.outputs[0].path;
        // A loose line is reported with its text: those are the lines the limits below do not bind.
        reported = result.diagnostics.filter((d) => d.rule === 'layout:loose-line').map((d) => /'([^']*?)…?'/u.exec(d.message)![1].replace(/\s/gu, ''));
        const read = readPdf(path);
        lines = read.lines;
        firstBodyPage = (read.doc.loadOutline() as unknown as Array<{ page?: number }>)[0].page ?? 0;
        body = lines.filter((l) => l.page >= firstBodyPage);
      });

      it('sets no line with its Han characters more than 0.2 em apart, but the ones reported loose', () => {
        expect(looseLines(body, reported)).toEqual([]);
      });

      it('sets adjacent marks with a bracket among them in 1.5 em, none justified apart', () => {
        const pairs = widePairs(body);
        expect(pairs.checked).toBeGreaterThan(10);
        expect(pairs.wide).toEqual([]);
      });

      if (style !== 'sc') {
        it('keeps a centred mark ¾ em clear of the glyph after it, an opening bracket apart', () => {
          expect(crowdedCentredMarks(body)).toEqual([]);
        });

        it("sets a centred mark at a paragraph's end a full em after its character, not pulled in", () => {
          const ends = pulledRaggedEndMarks(body);
          expect(ends.checked).toBeGreaterThan(1);
          expect(ends.pulled).toEqual([]);
        });
      }

      if (name === 'sample book') {
        it('sets a footnote call as a superscript against its character: its top at the character\'s, no gap between', () => {
          const calls = footnoteCalls(body);
          expect(calls.checked).toBeGreaterThan(0);
          expect(calls.wrong).toEqual([]);
        });
      }

      it('puts ⅛ to ⅓ em between Han and Latin', () => {
        const gaps = hanLatinGaps(body);
        expect(gaps.checked).toBeGreaterThan(10);
        expect(gaps.wrong).toEqual([]);
      });

      it('ends every line that continues its paragraph flush with the measure, to 0.01 em', () => {
        const r = raggedLines(body, style, reported);
        expect(r.checked).toBeGreaterThan(30);
        expect(r.ragged).toEqual([]);
      });

      it('ends no page inside a chapter more than three lines short', () => {
        expect(shortPages(lines, firstBodyPage)).toEqual([]);
      });

      it('starts no line with a closing mark, ends none with an opening one', () => {
        const text = (l: PdfLine) => l.text.trim().replace(/^[・▪]\s*/u, '');
        expect(body.filter((l) => NO_START.has(text(l)[0]) || NO_END.has(text(l).slice(-1))).map((l) => l.text)).toEqual([]);
      });
    });
  }
}

describe('a word the author marked with soft hyphens', () => {
  // U+00AD, as `&shy;` in Markdown gives it.
  const WORD = ['Pneu', 'mono', 'ultra', 'micro', 'scopic', 'silico', 'volcano', 'coniosis'];
  let lines: PdfLine[];
  let text: string;
  beforeAll(async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 软连字符\nauthor: 测试者\n',
      '01.md': `# 第一章：词\n\n后生又写下一个更长的词：${WORD.join('&shy;')}，众人更念不顺了。\n\n他在 Trans\u00adformer 里找到了答案，又在书上写了一遍。\n`,
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir('soft-hyphen-'), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    const path = result.outputs[0].path;
    lines = readPdf(path).lines;
    text = spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout;
  });

  it('breaks the word only where the author allowed it', () => {
    const allowed = WORD.slice(0, -1).map((_, k) => WORD.slice(0, k + 1).join(''));
    const broken = lines.map((l) => /([A-Za-z]+)$/u.exec(l.text.trimEnd())?.[1]).filter((w) => w && 'Pneumonoultramicroscopicsilicovolcanoconiosis'.startsWith(w) && w.length < 45);
    expect(broken.length).toBe(1);
    expect(allowed).toContain(broken[0]);
  });

  it('draws no soft hyphen, and copies the words out whole', () => {
    for (const reader of [lines.map((l) => l.text).join(''), text.replace(/\n/gu, '')]) {
      expect(reader).not.toContain('\u00ad');
      expect(reader).toContain('Pneumonoultramicroscopicsilicovolcanoconiosis');
      expect(reader).toContain('Transformer');
    }
  });
});

describe('the typography fixture', () => {
  let path: string;
  beforeAll(async () => {
    const result = await build({ chaptersDir: TYPOGRAPHY, outDir: tempDir('typography-'), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    path = result.outputs[0].path;
  });

  it('breaks the long word at a hyphenation point, and the hyphen drawn there copies out as nothing', () => {
    const text = spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout;
    const line = text.split('\n').find((l) => /super[a-z]*$/u.test(l));
    // The word ends one line and goes on in the next, with no hyphen in the text.
    expect(line).toBeDefined();
    expect(text.replace(/\n/gu, '')).toContain('supercalifragilisticexpialidocious');
    expect(text).not.toMatch(/super[a-z]*-\n/u);
    // The hyphen is drawn: MuPDF's own text shows it only where the text has it.
    const { lines } = readPdf(path);
    expect(lines.some((l) => /super[a-z]*$/u.test(l.text))).toBe(true);
  });

  it('sets a list bullet ・ about an em before its text', () => {
    const { lines } = readPdf(path);
    // The fixture's one list in the story (the appendices are lists too).
    const page = lines.find((l) => l.text.includes('不必一字一字地读'))!.page;
    const items = lines.filter((l) => l.page === page && l.chars[0].c === '・');
    expect(items.length).toBe(3);
    for (const l of items) {
      const dot = l.chars[0];
      const text = l.chars.find((c, i) => i > 0 && c.c !== ' ')!;
      expect((text.x0 - (dot.x0 + dot.x1) / 2) / BODY).toBeCloseTo(1, 1);
      expect(dot.x0).toBeGreaterThanOrEqual(LEFT - 0.01);
    }
  });

  it('drops a --- right under a chapter title (past its metadata), with a note; a --- inside the text stays', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：题\n\n<!--\n元信息标注：\n- 时间：某年\n-->\n\n---\n\n正文一段。\n\n---\n\n正文二段。\n' });
    const prepared = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] });
    expect(prepared.editions[0].book.chapters[0].blocks.map((b) => b.kind)).toEqual(['paragraph', 'partBreak', 'paragraph']);
    expect(prepared.diagnostics.items.filter((d) => d.rule === 'parse:leading-break').map((d) => [d.line, d.severity])).toEqual([[8, 'info']]);
  });
});

describe('a chapter title too long for one line', () => {
  it('breaks between the halves of its couplet, each line centred, as MuPDF reads the PDF', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 回目\nauthor: 某人\nslug: huimu\n',
      '01.md': '# 第一回：图灵问道开宗立派论机器能否思考，感知机殇十年寒冬群雄蛰伏待春风\n\n正文一段。\n',
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-HK'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const at = lines.findIndex((l) => l.text.replace(/\s/gu, '') === '圖靈問道開宗立派論機器能否思考，');
    expect(at).toBeGreaterThan(-1);
    const [first, second] = [lines[at], lines[at + 1]];
    expect(second.text.replace(/\s/gu, '')).toBe('感知機殤十年寒冬羣雄蟄伏待春風');
    // Both centred on the same axis, within an em (the first line ends with a comma, half of it blank).
    const size = first.chars[0].size;
    expect(Math.abs((first.x0 + first.x1) / 2 - (second.x0 + second.x1) / 2)).toBeLessThan(size);
  });

  it('breaks between the halves in the contents too, the second half under the first, clear of the label', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 回目\nauthor: 某人\nslug: huimu\n',
      '01.md': '# 第一回：图灵问道开宗立派论机器能否思考，感知机殇十年寒冬群雄蛰伏待春风\n\n正文一段。\n',
      '02.md': '# 第二回：短题\n\n正文一段。\n',
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-HK'], formats: ['pdf', 'print'], sourceDateEpoch: '1700000000' });
    for (const output of result.outputs.filter((o) => !o.path.endsWith('.cover.pdf'))) {
      const { lines } = readPdf(output.path);
      const text = (l: PdfLine) => l.text.replace(/\s/gu, '');
      // The contents come before the chapter, which sets the title in lines of its own.
      const at = lines.findIndex((l) => text(l) === '第一回圖靈問道開宗立派論機器能否思考，');
      expect(at, output.path).toBeGreaterThan(-1);
      const [first, second] = [lines[at], lines[at + 1]];
      // Greedy filling ended the first line at 寒, inside 寒冬, and set the rest an em in.
      expect(text(second), output.path).toMatch(/^感知機殤十年寒冬羣雄蟄伏待春風\.*1$/u);
      const title = first.chars.find((c) => c.c === '圖')!;
      expect(Math.abs(second.chars.find((c) => c.c.trim())!.x0 - title.x0), output.path).toBeLessThan(0.5);
      // The short entry is one line, as before.
      expect(lines.some((l) => l.page === first.page && /^第二回短題\.*\d+$/u.test(text(l))), output.path).toBe(true);
    }
  });
});

describe('a chapter title longer than the running head can hold', () => {
  it('is cut in the head with …… where it still fits, on one line, in the screen and the print PDF', async () => {
    const title = '图灵问道开宗立派论机器能否思考感知机殇十年寒冬群雄蛰伏待春风深度学习一朝复兴天下英雄尽入彀中';
    const body = Array.from({ length: 40 }, () => '这是一段正文，用来把这一章撑到好几页，好让页眉印出这一章的标题。').join('\n\n');
    const dir = writeManuscript({ 'book.yaml': 'title: 页眉\nauthor: 某人\nslug: heads\n', '01.md': `# 第一回：${title}\n\n${body}\n` });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf', 'print'], sourceDateEpoch: '1700000000' });
    for (const suffix of ['heads.zh-Hans.pdf', 'heads.zh-Hans.print.pdf']) {
      const { lines } = readPdf(result.outputs.find((o) => o.path.endsWith(suffix))!.path);
      const text = (l: PdfLine) => l.text.replace(/\s/gu, '');
      const heads = lines.filter((l) => text(l).startsWith('第一回图灵问道') || text(l).startsWith('图灵问道'));
      // The chapter opening sets the title whole, in lines of its own; a head, label and title, ends in …….
      const cut = heads.filter((l) => text(l).endsWith('……'));
      expect(cut.length, suffix).toBeGreaterThan(0);
      for (const head of cut) {
        expect(`第一回${title}`.startsWith(text(head).slice(0, -2)), `${suffix}: ${text(head)}`).toBe(true);
        // Nothing of the title wraps onto a second line of the head.
        const onPage = lines.filter((l) => l.page === head.page && l.baseline > head.baseline && l.baseline - head.baseline < 20);
        expect(onPage.filter((l) => title.includes(text(l))), suffix).toEqual([]);
        const block = lines.filter((l) => l.page === head.page && l !== head);
        expect(head.x1, suffix).toBeLessThanOrEqual(Math.max(...block.map((l) => l.x1)) + 0.5);
      }
    }
  });
});

describe('a line that holds nothing breakable', () => {
  const manuscript = () =>
    writeManuscript({
      'book.yaml': 'title: 长词\nauthor: 某人\nslug: long\nformats: [epub, pdf]\n',
      '01.md': `# 第一章：长词\n\n<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：某人\n- 技术事件：某事\n-->\n\n这一行有一个四十个字符长的记号a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0在这里，后面还有正文。\n`,
    });

  it('is a layout:loose-line warning at its file:line that names the output; check, which does not lay out, does not report it', () => {
    const dir = manuscript();
    const out = tempDir();
    const r = runCli(['build', '--chapters', '.', '--out', out], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^01\.md:11 warning the line '.*' holds nothing that breaks closer.* \(in long\.zh-Hans\.pdf\) \[layout:loose-line\]$/mu);
    const check = runCli(['check', '--chapters', dir, '--strict']);
    expect(check.stderr).not.toContain('layout:loose-line');
  });

  it('is reported at its line when every character in it has been set before', () => {
    // A character's atom is shared once it has been set, so the line is read from the text it came from.
    const dir = writeManuscript({
      'book.yaml': 'title: 长词\nauthor: 某人\nslug: long\nformats: [pdf]\n',
      '01.md': `# 第一章：长词\n\n<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：某人\n- 技术事件：某事\n-->\n\n这一行有一个四十个字符长的记号在这里，后面还有正文。\n\n这一行有一个四十个字符长的记号a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0在这里，后面还有正文。\n`,
    });
    const r = runCli(['build', '--chapters', '.', '--out', tempDir()], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^01\.md:13 warning the line '这一行有一个四十个字符长的记号' holds nothing that breaks closer/mu);
  });

  it('fails a --strict build with exit 1, and the output written before it stays', () => {
    const dir = manuscript();
    const out = tempDir();
    const r = runCli(['build', '--chapters', dir, '--out', out, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[layout:loose-line]');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^build stopped: --strict fails it at a warning; written before it, each whole: .*long\.zh-Hans\.epub$/u);
    expect(existsSync(join(out, 'long.zh-Hans.epub'))).toBe(true);
    expect(existsSync(join(out, 'long.zh-Hans.pdf'))).toBe(false);
  });

  it('names every file it leaves in a build of two editions, side by side on two cores or one after the other on one', () => {
    const dir = manuscript();
    const out = tempDir();
    const r = runCli(['build', '--chapters', dir, '--out', out, '--edition', 'zh-Hans,zh-Hant-TW', '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[layout:loose-line]');
    const last = r.stderr.trimEnd().split('\n').at(-1)!;
    expect(last).toMatch(/^build stopped: --strict fails it at a warning; written before it, each whole: /u);
    // Serially the build stops at zh-Hans's PDF; side by side the Taiwan thread writes its EPUB too.
    const left = readdirSync(out);
    expect(left).toContain('long.zh-Hans.epub');
    expect(last.slice(last.indexOf(': ', last.indexOf('whole')) + 2).split(', ').map((p) => basename(p))).toEqual(left.sort((a, b) => Number(a.includes('Hant')) - Number(b.includes('Hant'))));
  });
});

describe('a code block', () => {
  it('keeps its indentation in the PDF, half an em a column and a tab to the next four, set off by half a line each side', async () => {
    const code = ['def train(model):', '    for epoch in range(10):', '        loss = model.step()', '\tif loss < 0.01:', '\t\tbreak', '    return model'];
    const dir = writeManuscript({ 'book.yaml': 'title: 代码\nauthor: 某人\nslug: code\n', '01.md': `# 第一章：代码\n\n正文一段。\n\n\`\`\`python\n${code.join('\n')}\n\`\`\`\n\n正文二段。\n` });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const at = (text: string) => lines.find((l) => l.text.trim() === text)!;
    const rows = code.map((c) => at(c.trim()));
    for (const [k, row] of rows.entries()) expect(row, code[k]).toBeDefined();
    const em = rows[0].chars[0].size;
    const columns = [0, 4, 8, 4, 8, 4];
    for (const [k, row] of rows.entries()) expect((row.x0 - rows[0].x0) / em, code[k]).toBeCloseTo(columns[k] * 0.5, 1);
    // The text after the block is back on the line grid: the block and its space take whole lines.
    const [before, after] = [at('正文一段。'), at('正文二段。')];
    const pitch = rows[1].baseline - rows[0].baseline;
    expect((rows[0].baseline - before.baseline) / pitch).toBeCloseTo(1.5, 1);
    expect((after.baseline - before.baseline) / pitch).toBeCloseTo(code.length + 2, 1);
  });
});

describe('an inline code span', () => {
  it('keeps the spaces typed in it, across the page and down a column', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 代码\nauthor: 某人\nslug: code\n', '01.md': '# 第一章：代码\n\n他在纸上写下一行算式：`w = w - lr * grad`，众人不解。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    const across = readPdf(result.outputs.find((o) => o.layout === 'horizontal')!.path).lines.find((l) => l.text.includes('grad'))!;
    expect(across.text).toContain('w = w - lr * grad');
    // Down a column the span is turned: each glyph a step further down, a space's gap between the words.
    const { glyphs } = drawnGlyphs(result.outputs.find((o) => o.layout === 'vertical')!.path);
    const start = glyphs.findIndex((_, i) => [...'w=w-lr*grad'].every((c, k) => glyphs[i + k]?.c === c));
    expect(start).toBeGreaterThanOrEqual(0);
    const [w, equals] = [glyphs[start], glyphs[start + 1]];
    expect(w.turned).toBe(true);
    // w's own advance is about half an em: a space puts a quarter em more before '='.
    expect((equals.y - w.y) / w.size).toBeGreaterThan(0.7);
  });
});

describe('a span of years', () => {
  it('is set with the one-em dash, which never opens a line, wherever the line ends', async () => {
    // The range moves one character further along each paragraph, so that some line ends in it.
    const paragraphs = Array.from({ length: 36 }, (_, k) => `${'话说江湖上有一位奇人名叫艾伦图灵生于伦敦长于剑桥'.repeat(2).slice(0, k + 4)}图灵(1912-1954)一生只问一事。`);
    const dir = writeManuscript({ 'book.yaml': 'title: 年代\nauthor: 某人\nslug: years\n', '01.md': `# 第一章：年代\n\n${paragraphs.join('\n\n')}\n` });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const body = lines.map((l) => l.text.trim()).filter((t) => /[\d—]/u.test(t));
    expect(body.join('')).not.toContain('-');
    expect(body.join('').split('1912—1954').length - 1).toBe(paragraphs.length);
    // Some lines end inside the range, and none starts with its dash.
    expect(body.filter((t) => /^\d*—?\d*$|\d$|—$/u.test(t)).length).toBeGreaterThan(0);
    expect(body.filter((t) => t.startsWith('—'))).toEqual([]);
    // The dash touches its numbers, as in print: no Han–Latin gap beside it, only what justifying
    // the line puts between any two of its characters (its first two, 话说).
    const gaps = lines.flatMap((l) => {
      const gap = (a: number, b: number) => (l.chars[b].x0 - l.chars[a].x1) / l.chars[b].size;
      return l.chars.flatMap((ch, k) => (ch.c === '—' && k > 0 && k + 1 < l.chars.length ? [gap(k - 1, k) - gap(0, 1), gap(k, k + 1) - gap(0, 1)] : []));
    });
    expect(gaps.length).toBeGreaterThan(20);
    for (const gap of gaps) expect(Math.abs(gap)).toBeLessThan(0.01);
    // A full em, as a Chinese book sets the 一字线: the font's own U+2014 is a narrower Latin dash.
    for (const ch of lines.flatMap((l) => l.chars.filter((c) => c.c === '—'))) expect((ch.x1 - ch.x0) / ch.size).toBeCloseTo(1, 2);
  });
});

describe('a paragraph that ends with a footnote call', () => {
  it('leaves two characters on its last line, the call not counted as one', async () => {
    const han = '话说这一年又有一位高手出山他的名号在江湖上传了很久众人议论纷纷莫衷一是有人说他是机器有人说他是人';
    const book = (paragraph: string) => writeManuscript({ 'book.yaml': 'title: 注\nauthor: 某人\nslug: notes\n', '01.md': `# 第一章：注\n\n${paragraph}\n\n[^1]: 注文。\n` });
    const lines = async (paragraph: string) => {
      const result = await build({ chaptersDir: book(paragraph), outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
      // The paragraph's lines: from its first to the one that ends it.
      const all = readPdf(result.outputs[0].path).lines.map((l) => l.text);
      const from = all.findIndex((t) => t.startsWith('话说'));
      return all.slice(from, all.findIndex((t, k) => k >= from && /。$/u.test(t)) + 1);
    };
    // A full line's characters: the second of a paragraph of three lines.
    const full = [...(await lines(`${han}${han}。`))[1]].filter((c) => /\p{Script=Han}/u.test(c)).length;
    expect(full).toBeGreaterThan(15);
    // The first line is two characters in: one character more than it holds, then the call and 。.
    const set = await lines(`${[...han].slice(0, full - 1).join('')}[^1]。`);
    const last = set[set.length - 1];
    expect([...last].filter((c) => /\p{Script=Han}/u.test(c)).length, last).toBeGreaterThanOrEqual(2);
  });
});
