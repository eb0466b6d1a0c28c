import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { BuildError, Diagnostics } from '../src/diagnostics.ts';
import { inlineText } from '../src/model/walk.ts';
import { Glossary, parseGlossary } from '../src/transforms/glossary.ts';
import { editionConverter, openccFor } from '../src/transforms/opencc.ts';
import { punctuationAmongHan } from '../src/transforms/punctuation.ts';
import { runCli } from './helpers/cli.ts';
import { openEpub, visibleText } from './helpers/epub.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

const FILE = '/book/glossary.zh-Hant-TW.tsv';

function parse(text: string) {
  const diagnostics = new Diagnostics();
  const entries = parseGlossary(text, FILE, diagnostics);
  return { entries: entries.map((e) => [e.source, e.target, e.line]), problems: diagnostics.items.map((d) => [d.rule, d.file, d.line, d.severity]) };
}

describe('glossary file', () => {
  it('reads source<TAB>target lines; comments and blank lines are fine', () => {
    const text = '\uFEFF# Taiwan names\r\n\r\n扎克伯格\t祖克柏\r\n  \n# another comment\nC#\tC#語言 # a note after a blank\n';
    expect(parse(text)).toEqual({
      entries: [
        ['扎克伯格', '祖克柏', 3],
        ['C#', 'C#語言', 6],
      ],
      problems: [],
    });
  });

  it.each([
    ['no tab', '扎克伯格 祖克柏\n', 1],
    ['an empty target', '# ok\n扎克伯格\t\n', 2],
    ['an empty source', '\n\n\t祖克柏\n', 3],
    ['two tabs', '扎克伯格\t祖克柏\t臉書\n', 1],
  ])('a line with %s is an error at file:line', (_what, text, line) => {
    expect(parse(text)).toEqual({ entries: [], problems: [['glossary:malformed', FILE, line, 'error']] });
  });

  it('a duplicate source is an error at its second line', () => {
    const { entries, problems } = parse('扎克伯格\t祖克柏\n香农\t夏農\n扎克伯格\t查克柏格\n');
    expect(entries).toHaveLength(2);
    expect(problems).toEqual([['glossary:duplicate', FILE, 3, 'error']]);
  });

  it('a malformed line stops the build and the CLI names glossary.<edition>.tsv:line, exit 1', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n正文。\n', 'glossary.zh-Hant-TW.tsv': '# names\n香农\t夏農\n扎克伯格 祖克柏\n' });
    expect(() => prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] })).toThrow(BuildError);
    const r = runCli(['build', '--chapters', '.', '--out', tempDir(), '--edition', 'zh-Hant-TW'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('glossary.zh-Hant-TW.tsv:3 error expected source<TAB>target, found a space between them where the tab belongs (an editor may have turned the tab into spaces) [glossary:malformed]\n');
    // A line with nothing to split says only that the tab is missing.
    const lone = writeManuscript({ '01.md': '# 第一章：开篇\n\n正文。\n', 'glossary.zh-Hant-TW.tsv': '香农\t夏農\n扎克伯格\n' });
    expect(runCli(['check', '--chapters', '.', '--edition', 'zh-Hant-TW'], { cwd: lone }).stderr).toMatch(/^glossary\.zh-Hant-TW\.tsv:2 error expected source<TAB>target, found no tab \[glossary:malformed\]$/mu);
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });

  it('saved as GB18030 is named so at its first bad line, with the command that converts it, as a chapter is', () => {
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: '# 术语\n感知机\t感知器\n' });
    const dir = writeManuscript({ '01.md': '# 第一章：甲\n\n感知机。\n', 'glossary.zh-Hant-TW.tsv': gbk });
    const r = runCli(['check', '--chapters', dir, '--edition', 'zh-Hant-TW']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/glossary\.zh-Hant-TW\.tsv:1:3 error glossary\.zh-Hant-TW\.tsv is not valid UTF-8; it looks like GB18030\. Convert it with: iconv -f GB18030 -t UTF-8 .*\[glossary:unreadable\]/u);
  });

  it('only the edition being built reads its glossary', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n正文。\n', 'glossary.zh-Hant-HK.tsv': 'broken line\n' });
    expect(() => prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans', 'zh-Hant-TW'] })).not.toThrow();
  });

  it('must lie inside the manuscript folder', () => {
    const outside = tempDir('elsewhere-');
    writeFileSync(join(outside, 'terms.tsv'), '香农\t夏農\n');
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n香农。\n' });
    symlinkSync(join(outside, 'terms.tsv'), join(dir, 'glossary.zh-Hant-TW.tsv'));
    try {
      prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] });
      expect.unreachable();
    } catch (e) {
      expect((e as BuildError).diagnostics).toContainEqual(expect.objectContaining({ rule: 'glossary:outside-folder', severity: 'error' }));
    }
  });

  it('an entry that never occurs is a note at its line', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n香农。\n', 'glossary.zh-Hant-TW.tsv': '香农\t夏農\n扎克伯格\t祖克柏\n' });
    const { diagnostics } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] });
    expect(diagnostics.items.filter((d) => d.rule === 'glossary:unused').map((d) => [d.severity, d.line])).toEqual([['info', 2]]);
  });
});

describe('a glossary named for no edition', () => {
  it('is said, with the name its edition reads, rather than left unread in silence', () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 名\nauthor: 某人\neditions: [zh-Hans, zh-Hant-TW]\n',
      '01.md': '# 第一章：名\n\n感知机。\n',
      'glossary.zh-hant-tw.tsv': '感知机\t感知器\n',
      'glossary.zh-TW.tsv': '感知机\t感知器\n',
      'review-accepted.zh-Hant-HK.tsv': '',
      'Glossary.zh-Hant-HK.tsv': '',
    });
    const { diagnostics } = prepareBook({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'] });
    const said = diagnostics.items.filter((d) => d.rule === 'load:skipped-file').map((d) => d.message).sort();
    expect(said).toEqual([
      'Glossary.zh-Hant-HK.tsv is read by no edition: rename it to glossary.zh-Hant-HK.tsv',
      'glossary.zh-TW.tsv is read by no edition: rename it to glossary.zh-Hant-TW.tsv',
      'glossary.zh-hant-tw.tsv is read by no edition: rename it to glossary.zh-Hant-TW.tsv',
    ]);
  });
});

describe('a source typed with the manuscript\'s punctuation', () => {
  it('punctuationAmongHan reads a string as the normalisation would among Han text', () => {
    expect(punctuationAmongHan('AI...')).toBe('AI……');
    expect(punctuationAmongHan('"深蓝"--卡斯帕罗夫')).toBe('“深蓝”——卡斯帕罗夫');
    expect(punctuationAmongHan('图灵(1912)')).toBe('图灵（1912）');
    // Left as the rules leave them in the book: a version range, a flag, an apostrophe, plain Han.
    expect(punctuationAmongHan('1...5')).toBe('1...5');
    expect(punctuationAmongHan('--help')).toBe('--help');
    expect(punctuationAmongHan("don't")).toBe("don't");
    expect(punctuationAmongHan('图灵机')).toBe('图灵机');
  });

  it('matches the normalised text, so the entry is used and its target printed', () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：开篇\n\n他说"深蓝"--然后AI...沉默。图灵(1912)来了。\n',
      'glossary.zh-Hant-TW.tsv': '"深蓝"\t「深藍」\nAI...\t人工智慧⋯⋯\n图灵(1912)\t杜林（1912）\n',
    });
    const { editions, diagnostics } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] });
    const body = inlineText(editions[0].book.chapters[0].blocks.flatMap((b) => (b.kind === 'paragraph' ? b.content : [])));
    expect(body).toBe('他說「深藍」——然後人工智慧⋯⋯沉默。杜林（1912）來了。');
    expect(diagnostics.items.filter((d) => d.rule === 'glossary:unused')).toEqual([]);
  });

  it('an entry for the normalised form itself keeps it: the typed form of another entry does not take it over', () => {
    const glossary = new Glossary(FILE, parseGlossary('AI...\t甲\nAI……\t乙\n', FILE, new Diagnostics()), punctuationAmongHan);
    const convert = editionConverter('zh-Hant-TW', glossary);
    expect(convert('AI……和AI...')).toBe('乙和甲');
  });
});

describe('glossary conversion', () => {
  const glossaryOf = (text: string) => editionConverter('zh-Hant-TW', new Glossary(FILE, parseGlossary(text, FILE, new Diagnostics())));

  it('takes the longest entry first', () => {
    const convert = glossaryOf('图灵\t涂林\n图灵机\t圖靈機器\n');
    expect(convert('图灵提出图灵机')).toBe('涂林提出圖靈機器');
  });

  it('keeps a Hong Kong standard form or the everyday one, as the author names it (README: Hong Kong\'s standard forms)', () => {
    const hk = (text: string) => editionConverter('zh-Hant-HK', new Glossary('/book/glossary.zh-Hant-HK.tsv', parseGlossary(text, '/book/glossary.zh-Hant-HK.tsv', new Diagnostics())));
    expect(openccFor('zh-Hant-HK')('群众登上山峰')).toBe('羣眾登上山峯');
    // One character to a line changes it everywhere, in any word.
    expect(hk('群\t群\n峰\t峰\n')('群众登上山峰，人群散去')).toBe('群眾登上山峰，人群散去');
  });

  it('keeps OpenCC from swallowing a term into a longer phrase', () => {
    // s2twp reads 信息论 as one phrase, 資訊理論; the author's 信息 → 訊息 must still win.
    expect(openccFor('zh-Hant-TW')('信息论')).toBe('資訊理論');
    expect(glossaryOf('信息\t訊息\n')('信息论')).toBe('訊息論');
  });
});

describe('a glossary entry wins over OpenCC everywhere it occurs', () => {
  it('in the body, across inline markup, in headings, verse, cells, notes, titles, the OPF and the nav', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 扎克伯格传\nsubtitle: 扎克伯格的江湖\nauthor: 某人\nslug: zuck\ndescription: 扎克伯格的故事\neditions: [zh-Hans, zh-Hant-TW]\n',
      'glossary.zh-Hant-TW.tsv': '# Taiwan press writes 祖克柏\n扎克伯格\t祖克柏\n',
      '01-zuck.md':
        '# 第一章：扎克伯格出山\n\n**【扎克伯格开宗】**\n\n> 扎克伯格心似铁，\n> 一书脸谱天下传。\n\n' +
        '正文里的扎克伯格，**扎克**伯格跨了粗体，代码`扎克伯格`不变[^1]。\n\n' +
        '## 扎克伯格的门派\n\n| 人物 | 门派 |\n| --- | --- |\n| 扎克伯格 | 脸书派 |\n\n- 扎克伯格掌门\n\n[^1]: 脚注里的扎克伯格。\n',
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: ['zh-Hant-TW'], formats: ['epub'], sourceDateEpoch: '1700000000' });
    const epub = await openEpub(result.outputs[0].path);
    const opf = await epub.text('OEBPS/content.opf');
    const nav = await epub.text('OEBPS/toc.xhtml');
    const ncx = await epub.text('OEBPS/toc.ncx');
    const chapter = await epub.spineDocument('c001.xhtml');
    const title = (await epub.spineDocuments()).find((d) => d.name.endsWith('titlepage.xhtml'))!.xhtml;

    expect(opf).toContain('<dc:title id="title">祖克柏傳</dc:title>');
    expect(opf).toContain('<dc:title id="subtitle">祖克柏的江湖</dc:title>');
    expect(opf).toContain('<dc:description>祖克柏的故事</dc:description>');
    expect(nav).toContain('>第一章　祖克柏出山</a>');
    expect(nav).toContain('>祖克柏開宗</a>');
    expect(nav).toContain('>祖克柏的門派</a>');
    expect(ncx).toContain('<text>第一章　祖克柏出山</text>');
    expect(ncx).toContain('<text>祖克柏傳</text>');
    expect(visibleText(title)).toContain('祖克柏傳');
    // Everywhere but the code span: 9 in the text, 1 verbatim in code.
    const text = visibleText(chapter);
    expect(text.match(/祖克柏/gu)).toHaveLength(9);
    expect(chapter).toContain('<code>扎克伯格</code>');
    expect(text.replace('扎克伯格', '')).not.toContain('扎克伯格');
    // The term crossed the bold edge: converted whole, each character kept on its side where it can be.
    expect(chapter).toContain('<strong>祖克</strong>柏');
  });

  it('in the sample book: 感知机 is 感知器 in the Taiwan text, the titles and the nav', async () => {
    const { editions } = prepareBook({ chaptersDir: SAMPLE, outDir: tempDir(), editions: ['zh-Hant-TW'] });
    const book = editions[0].book;
    expect(book.chapters[1].title).toBe('感知器之殤');
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('out-'), editions: ['zh-Hant-TW'], formats: ['epub'], sourceDateEpoch: '1700000000' });
    const epub = await openEpub(result.outputs[0].path);
    const everything = (await Promise.all(epub.names.filter((n) => /\.(xhtml|ncx|opf)$/u.test(n)).map((n) => epub.text(n)))).join('\n');
    expect(everything).not.toMatch(/感知機|本吉奧|一齣/u);
    expect(everything.match(/感知器/gu)!.length).toBeGreaterThanOrEqual(12 + 2);
    expect(await epub.text('OEBPS/toc.ncx')).toContain('<text>第二章　感知器之殤</text>');
    expect(inlineText(book.chapters[2].blocks.flatMap((b) => (b.kind === 'paragraph' ? b.content : [])))).toContain('約書亞‧班吉歐');
  });
});
