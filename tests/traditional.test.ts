import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EditionTag } from '../src/config/editions.ts';
import { inlineText } from '../src/model/walk.ts';
import { editionTransforms } from '../src/transforms/index.ts';
import { runTransform } from '../src/transforms/transform.ts';
import { alignOwners } from '../src/text/align.ts';
import { parseFragment } from './helpers/golden.ts';
import { announceSeed, fcOptions } from './helpers/fuzz-seed.ts';
import { LONE_CHAPTER, SAMPLE, tempDir } from './helpers/paths.ts';
import { traditionalEpubSuite } from './suites/traditional-epub-book.ts';

announceSeed('tests/traditional.test.ts');
traditionalEpubSuite('sample book', () => SAMPLE);
traditionalEpubSuite('lone chapter fixture', () => LONE_CHAPTER);

describe('what is converted and what is not', () => {
  const convert = (markdown: string, edition: EditionTag = 'zh-Hant-TW') => {
    const { book, diagnostics } = parseFragment(markdown, tempDir());
    for (const t of editionTransforms(edition)) runTransform(t, book, { edition, diagnostics });
    return book;
  };
  const paragraph = (markdown: string, edition?: EditionTag) => {
    const b = convert(markdown, edition).chapters[0].blocks[0];
    if (b.kind !== 'paragraph') throw new Error(`expected a paragraph, got ${b.kind}`);
    return b.content;
  };

  it('never touches code spans, link targets or Latin words', () => {
    const markdown = '用`软件 = \'程序\'`写[软件](https://example.com/软件)，B超和U盘都是Latin words。';
    const content = paragraph(markdown);
    const source = parseFragment(markdown, tempDir()).book.chapters[0].blocks[0];
    const href = source.kind === 'paragraph' ? source.content.find((n) => n.kind === 'link') : undefined;
    expect(content.find((n) => n.kind === 'code')).toMatchObject({ text: "软件 = '程序'" });
    expect(content.find((n) => n.kind === 'link')).toEqual({ ...href, children: [{ kind: 'text', text: '軟體', line: 3 }] });
    expect(inlineText(content)).toBe("用软件 = '程序'寫軟體，B超和U盤都是Latin words。");
  });

  it('converts a phrase split by inline markup as one phrase, the result staying in its nodes', () => {
    // 程序员 → 程式設計師 and 新罕布什尔 → 新罕布夏 change length across a node edge.
    const content = paragraph('他是**程序**员，住在*新罕布*什尔州。');
    expect(inlineText(content)).toBe('他是程式設計師，住在新罕布夏州。');
    expect(content[0]).toMatchObject({ kind: 'text', text: '他是' });
    expect(content.map((n) => n.kind)).toEqual(['text', 'strong', 'text', 'emphasis', 'text']);
  });

  it('hands a rewritten run back to the nodes it came from', () => {
    // Same length: one to one. Changed length: the changed stretch goes to the node where it starts.
    expect(alignOwners([...'信息'], [0, 1], [...'資訊'])).toEqual([0, 1]);
    expect(alignOwners([...'信息論'], [0, 1, 1], [...'資訊理論'])).toEqual([0, 0, 0, 1]);
    expect(alignOwners([...'程式員'], [0, 0, 1], [...'程式設計師'])).toEqual([0, 0, 1, 1, 1]);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('甲', '乙', '丙', '丁'), { maxLength: 30 }), fc.array(fc.constantFrom('甲', '乙', '戊'), { maxLength: 30 }), (a, b) => {
        const owners = a.map((_, i) => i % 3);
        const out = alignOwners(a, owners, b);
        expect(out).toHaveLength(b.length);
        if (a.length) for (const o of out) expect(owners).toContain(o);
        expect(alignOwners(a, owners, a)).toEqual(owners);
      }),
      fcOptions(100),
    );
  });

  it('converts chapter labels and titles, headings, captions, cells, footnotes and the chapter metadata, and numbers the footnotes', () => {
    const book = convert(
      '<!--\n元信息标注：\n- 时间：庚寅年\n- 地点：曼彻斯特\n- 主要人物：图灵先生、香农宗师\n- 技术事件：计算机器与智能\n- 核心意义：机器能否思考\n-->\n\n' +
        '**【曼彻斯特】**\n\n| 门派 | 武功 |\n| --- | --- |\n| 脸书派 | 开源 |\n\n正文[^说明]。\n\n[^说明]: 脚注里的软件。\n',
    );
    const ch = book.chapters[0];
    expect([ch.label, ch.title]).toEqual(['第一章', '測試']);
    expect(ch.meta).toMatchObject({ time: '庚寅年', place: '曼徹斯特', people: ['圖靈先生', '夏農宗師'], event: '計算機器與智慧', meaning: '機器能否思考' });
    const texts = JSON.stringify(ch.blocks) + JSON.stringify(ch.footnotes);
    for (const want of ['曼徹斯特', '門派', '臉書派', '開源', '腳註裡的軟體']) expect(texts).toContain(want);
    // A footnote's label only names it: the note and its call show its number.
    expect(ch.footnotes[0].label).toBe('1');
    expect(JSON.stringify(ch.blocks)).toContain('"kind":"footnoteRef","id":"c001-fn1","label":"1"');
  });

  it('maps quotes by nesting depth: 「 『 「 inward, whatever glyph the source used', () => {
    expect(inlineText(paragraph('甲说：“乙说：‘丙说：“好。”’”'))).toBe('甲說：「乙說：『丙說：「好。」』」');
    expect(inlineText(paragraph('‘思考’二字'))).toBe('「思考」二字');
    expect(inlineText(paragraph('“**强调**”里的don’t'))).toBe('「強調」裡的don’t');
  });

  it('pairs straight quotes typed three deep by their nesting, the same quote opening the third level and closing the first', () => {
    expect(inlineText(paragraph(`"他说：'你若问它"你是谁"，它只会回你一句"你是谁"。'"`))).toBe('「他說：『你若問它「你是誰」，它只會回你一句「你是誰」。』」');
  });

  it('reopens a quotation that runs over paragraphs with 「 in each', () => {
    const blocks = convert('“第一段，\n\n“第二段。”\n').chapters[0].blocks;
    expect(blocks.map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : ''))).toEqual(['「第一段，', '「第二段。」']);
  });

  it("sets a name's middle dot as Taiwan and Hong Kong print it, ‧ in a whole em; a dot between Latin letters stays", () => {
    for (const edition of ['zh-Hant-TW', 'zh-Hant-HK'] as const) {
      expect(inlineText(paragraph('约翰·冯·**诺伊曼**与Ramon Llul·l', edition))).toBe('約翰‧馮‧諾伊曼與Ramon Llul·l');
    }
    // A heading too: it is a running head and a line of the contents.
    const heading = convert('## 艾伦·图灵\n\n正文。\n').chapters[0].blocks[0];
    expect(heading.kind === 'heading' && inlineText(heading.content)).toBe('艾倫‧圖靈');
  });

  it('uses Hong Kong forms for zh-Hant-HK', () => {
    expect(inlineText(paragraph('群里的面条和软件', 'zh-Hant-HK'))).toBe('羣裏的麪條和軟件');
  });
});

it('the sample book names zh-Hans and zh-Hant-TW', () => {
  const yaml = readFileSync(join(SAMPLE, 'book.yaml'), 'utf8');
  expect(/editions:\n((?:\s+- .*\n)+)/u.exec(yaml)?.[1].match(/zh-[\w-]+/gu)).toEqual(['zh-Hans', 'zh-Hant-TW']);
});
