import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.ts';
import { BuildError, Diagnostics } from '../src/diagnostics.ts';
import { loadManuscript } from '../src/load/manuscript.ts';
import { parseChapterHeading, parseNumeral } from '../src/parse/chapter-label.ts';
import { parseBook } from '../src/parse/parse-book.ts';
import { readsAsProse } from '../src/parse/plugins/indented-prose.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { chapterStoryText, inlineText } from '../src/model/walk.ts';
import { SOURCE_TRANSFORMS } from '../src/transforms/index.ts';
import { runTransform } from '../src/transforms/transform.ts';
import { parseFragment } from './helpers/golden.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

describe('chapter labels', () => {
  it.each([
    ['第七章：脸书派的挑战', '第七章', 7, '脸书派的挑战'],
    ['第二章 标题', '第二章', 2, '标题'],
    ['第十二章：十二', '第十二章', 12, '十二'],
    ['第一百零八回 聚义', '第一百零八回', 108, '聚义'],
    ['第12回：阿拉伯数字', '第12回', 12, '阿拉伯数字'],
    ['楔子', '楔子', undefined, ''],
    ['尾声：江湖远', '尾声', undefined, '江湖远'],
  ])('%s', (heading, label, number, title) => {
    expect(parseChapterHeading(heading)).toEqual({ label, number, title });
  });

  it('reads numerals', () => {
    expect(parseNumeral('二十')).toBe(20);
    expect(parseNumeral('十')).toBe(10);
    expect(parseNumeral('两百')).toBe(200);
    expect(parseNumeral('二〇二一')).toBe(2021);
  });

  it('a heading without a label is all title', () => {
    expect(parseChapterHeading('江湖夜雨')).toEqual({ title: '江湖夜雨' });
  });
});

describe('metadata comment', () => {
  it('is parsed into fields, people split on 、', () => {
    const { book, diagnostics } = parseFragment(
      '<!--\n元信息标注：\n- 时间：丙申年 (1956)\n- 地点：达特茅斯\n- 主要人物：麦卡锡掌门、明斯基长老\n- 技术事件：达特茅斯会议\n- 核心意义：人工智能得名\n-->\n\n正文。\n',
      '/tmp',
    );
    const meta = book.chapters[0].meta!;
    expect(meta).toMatchObject({ time: '丙申年 (1956)', place: '达特茅斯', people: ['麦卡锡掌门', '明斯基长老'], event: '达特茅斯会议' });
    expect(meta.line).toBe(3);
    expect(chapterStoryText(book.chapters[0])).not.toContain('达特茅斯');
    expect(diagnostics.items.filter((d) => d.severity === 'warning')).toEqual([]);
  });

  it('an unknown label is a warning at its own line', () => {
    const { diagnostics } = parseFragment('<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n- 天气：晴\n-->\n', '/tmp');
    const w = diagnostics.items.find((d) => d.rule === 'meta:unknown-key');
    // Line 1 of the file is the added heading, line 2 blank, the comment opens on line 3; 天气 is line 9.
    expect(w).toMatchObject({ severity: 'warning', line: 9 });
  });
});

describe('unclosed comment', () => {
  it('is an error at the line where it opens, and nothing after it is swallowed silently', () => {
    const { diagnostics } = parseFragment('第一段。\n\n<!-- 这里忘了关\n\n第二段。\n', '/tmp');
    const e = diagnostics.items.find((d) => d.rule === 'parse:unclosed-comment');
    expect(e).toMatchObject({ severity: 'error', line: 5, column: 1 });
  });
});

describe('indentation and underlines as Chinese manuscripts type them', () => {
  it('a paragraph indented four spaces is converted in a Traditional edition, as prose is, and not kept as code', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n    他站在门口，望着远方的山。\n\n\t后来发生了什么？\n' });
    const { editions } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] });
    const blocks = editions[0].book.chapters[0].blocks;
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
    expect(chapterStoryText(editions[0].book.chapters[0])).toContain('他站在門口，望著遠方的山。');
    expect(chapterStoryText(editions[0].book.chapters[0])).toContain('後來發生了什麼？');
  });

  it('readsAsProse tells a line of the story from a line of code', () => {
    expect(['1956年夏，众人散去。', 'GPT-4发布那天，江湖震动。', '"诸位，"他说道', '（旁白）夜深了', '之后**台湾**……**面子** CUDA——<span>松树</span>[鼠标](https://example.com/a/b)'].map(readsAsProse)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['print("你好")', '# 训练模型', '// 注释', 'x = 1', '<div>文字</div>', 'model.fit(x)'].map(readsAsProse)).toEqual([false, false, false, false, false, false]);
  });

  it('a chapter heading typed without the space after # is the chapter\'s heading, with a warning at its line', () => {
    const diagnostics = new Diagnostics();
    const config = loadConfig(writeManuscript({ '01.md': '#第三回：雪夜访剑庐\n\n正文。\n' }));
    const book = parseBook(loadManuscript(config, diagnostics), config, diagnostics, new Date(0));
    expect(book.chapters[0]).toMatchObject({ label: '第三回', number: 3, title: '雪夜访剑庐' });
    expect(diagnostics.items.filter((d) => d.rule.startsWith('parse:')).map((d) => [d.rule, d.severity, d.line, d.column])).toEqual([['parse:heading-space', 'warning', 1, 1]]);
  });

  it("a line of '=' under text is a warning at its own line", () => {
    const { diagnostics } = parseFragment('第一段。\n\n第二段的末一行\n===\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unsupported').map((d) => [d.severity, d.line])).toEqual([['warning', 6]]);
  });
});

describe('footnotes and images that Markdown does not read as the author meant', () => {
  it('a footnote nothing refers to keeps its text, and both footnote slips are warnings at their lines', () => {
    const { book, diagnostics } = parseFragment('正文有注[^1]，\n又有一处[^2]。\n\n[^1]: 第一个注。\n[^3]: 没人引用的注。\n', '/tmp');
    expect(chapterStoryText(book.chapters[0])).toContain('没人引用的注。');
    const slips = diagnostics.items.filter((d) => d.rule.startsWith('parse:footnote-')).map((d) => [d.rule, d.severity, d.line, d.column]);
    // The fragment starts on line 3 of its file; [^2] is on the paragraph's second line, after four characters.
    expect(slips).toEqual([
      ['parse:footnote-unreferenced', 'warning', 7, 1],
      ['parse:footnote-undefined', 'warning', 4, 5],
    ]);
  });

  it('a footnote defined twice keeps the first as the note and the second as text, with a warning naming both lines', () => {
    const { book, diagnostics } = parseFragment('他引了一句[^ok]。\n\n[^ok]: 有定义的注。\n[^ok]: 重复定义的注。\n', '/tmp');
    const chapter = book.chapters[0];
    expect(chapter.footnotes.map((f) => f.blocks.map((b) => (b.kind === 'paragraph' ? inlineText(b.content) : b.kind)))).toEqual([['有定义的注。']]);
    expect(chapterStoryText(chapter)).toContain('[^ok]：重复定义的注。');
    expect(diagnostics.items.filter((d) => d.rule.startsWith('parse:')).map((d) => [d.rule, d.line, d.column, d.message])).toEqual([
      ['parse:duplicate-footnote', 6, 1, 'footnote [^ok] is defined twice (first at line 5); the note is the first definition, and this one is set where it stands, as text'],
    ]);
  });

  it('a chapter with no footnote definitions at all still has its stray reference reported', () => {
    const { diagnostics } = parseFragment('正文[^注一]。\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:footnote-undefined').map((d) => d.message)).toEqual([
      'footnote reference [^注一] has no definition ([^注一]: …) in this chapter; it is set as text',
    ]);
  });

  it('an image path with a space is a warning that gives the fix; the fix is an image', () => {
    const { diagnostics } = parseFragment('见图：![剑庐图](images/剑 庐.png)\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unread-image').map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 4, "'![剑庐图](images/剑 庐.png)' is not read as an image and is set as text; Markdown ends a path at a space, so write it in angle brackets: ![剑庐图](<images/剑 庐.png>)"],
    ]);
    // Written so, it is an image: here one that is missing, named as the author wrote it, not percent-encoded.
    const fixed = parseFragment('见图：![剑庐图](<images/剑 庐.png>)\n', '/tmp');
    expect(fixed.diagnostics.items.filter((d) => d.rule.startsWith('parse:') || d.rule.startsWith('asset:')).map((d) => [d.rule, d.line, d.column, d.message])).toEqual([
      ['asset:missing-image', 3, 4, 'image not found: images/剑 庐.png'],
    ]);
  });
});

describe('a line that CommonMark reads as a link definition', () => {
  it('is set as text when what follows the colon is Chinese prose; a real definition still makes its link', () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：开篇\n\n看[维基]。\n\n[旁白]: 夜深了，众人散去。\n\n> [注]: 此处史实存疑\n\n[甲]: 乙\n\n[维基]: https://zh.wikipedia.org/wiki/图灵\n',
    });
    const { editions, diagnostics } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] });
    const chapter = editions[0].book.chapters[0];
    const text = chapterStoryText(chapter);
    for (const kept of ['[旁白]：夜深了，众人散去。', '[注]：此处史实存疑', '[甲]：乙']) expect(text).toContain(kept);
    const first = chapter.blocks[0];
    expect(first.kind === 'paragraph' && first.content.find((n) => n.kind === 'link')).toMatchObject({ href: 'https://zh.wikipedia.org/wiki/%E5%9B%BE%E7%81%B5' });
    expect(diagnostics.items.filter((d) => d.rule.startsWith('parse:'))).toEqual([]);
  });

  it('that no link uses is a warning at its line, since it is not printed', () => {
    const { diagnostics } = parseFragment('[维基]: https://zh.wikipedia.org/wiki/图灵\n\n[A]: note\n\n用到[B]。\n\n[B]: https://example.com\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unused-definition').map((d) => [d.line, d.message])).toEqual([
      [3, "'[维基]: https://zh.wikipedia.org/wiki/图灵' is read as a link definition, which is not printed, and no link uses it; the line is left out of the book (to set it as text, write \\[ for its [)"],
      [5, "'[A]: note' is read as a link definition, which is not printed, and no link uses it; the line is left out of the book (to set it as text, write \\[ for its [)"],
    ]);
  });
});

describe('a link the book does not keep', () => {
  it('is a warning at its line, its text kept without the brackets and target: file:, javascript: and data: were set as raw Markdown', () => {
    const { book, diagnostics } = parseFragment('见[此处](file:///etc/passwd)。\n\n再见[那里](javascript:alert(1))。\n\n又见[图](data:text/plain,abc)与[站](ftp://example.com)。\n', '/tmp');
    // The column is the target's, where the author would correct it.
    expect(diagnostics.items.filter((d) => d.rule === 'parse:link-target').map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 7, "link to 'file:///etc/passwd' is not a web or mail address; its text is kept without the link"],
      [5, 8, "link to 'javascript:alert(1)' is not a web or mail address; its text is kept without the link"],
      [7, 7, "link to 'data:text/plain,abc' is not a web or mail address; its text is kept without the link"],
      [7, 32, "link to 'ftp://example.com' is not a web or mail address; its text is kept without the link"],
    ]);
    const text = chapterStoryText(book.chapters[0]);
    for (const kept of ['见此处。', '再见那里。', '又见图与站。']) expect(text).toContain(kept);
    expect(text).not.toMatch(/[[\]()]/u);
  });
});

describe('emphasis markers that open or close nothing', () => {
  it('are warnings at their lines; markup that pairs, escapes and markers between Latin letters or digits are not', () => {
    const { diagnostics } = parseFragment(
      '这是** 重点 **内容。\n\n**【门洛园总舵】\n\n他说*很好，\n下划线_强调。\n\n**粗体**与*强调*，转义\\*号，3*4与3 * 4，learning_rate。\n',
      '/tmp',
    );
    const stray = diagnostics.items.filter((d) => d.rule === 'parse:stray-emphasis').map((d) => [d.line, d.message.split("'")[1]]);
    expect(stray).toEqual([
      [3, '**'],
      [3, '**'],
      [5, '**'],
      [7, '*'],
      [8, '_'],
    ]);
  });
});

describe('a table typed without its | --- | row', () => {
  it('is a warning at its first line; a real table and a line with pipes in it are not', () => {
    const { diagnostics } = parseFragment('| 人物 | 门派 |\n| 图灵 | 剑宗 |\n\n| 人物 | 门派 |\n| --- | --- |\n| 图灵 | 剑宗 |\n\n他说|不|对|\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unread-table').map((d) => [d.severity, d.line])).toEqual([['warning', 3]]);
  });

  it('a row with more cells than the header is a warning naming the text not printed; a short row and an escaped pipe are not', () => {
    const { diagnostics } = parseFragment('| 门派 | 人物 |\n| --- | --- |\n| 甲 | 乙 | 多出的一格 | 又一格 |\n| 丙 |\n| 丁 | 戊 \\| 己 |\n| 庚 | 辛 | |\n\n> | 甲 | 乙 |\n> | --- | --- |\n> | 丙 | 丁 | 戊 |\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:table-cells').map((d) => [d.line, d.column, d.message])).toEqual([
      [5, 11, "row has 4 cells but the table has 2 columns; '多出的一格 | 又一格' is not printed (add a column to the header and the | --- | row, or write \\| for a | inside a cell)"],
      [12, 13, "row has 3 cells but the table has 2 columns; '戊' is not printed (add a column to the header and the | --- | row, or write \\| for a | inside a cell)"],
    ]);
  });
});

describe('raw HTML', () => {
  it('warns with the file and line of each element, once', () => {
    const { diagnostics, book } = parseFragment('正文。\n\n行内<span>红字</span>。\n\n<script>alert(1)</script>\n', '/tmp');
    const rules = diagnostics.items.map((d) => `${d.rule}:${d.line}`);
    // Once for <span>…</span>, not once for each of its two tags, at the opening tag.
    expect(rules.filter((r) => r === 'html:tag-removed:5')).toEqual(['html:tag-removed:5']);
    expect(diagnostics.items.find((d) => d.rule === 'html:tag-removed')).toMatchObject({ line: 5, column: 3 });
    expect(rules).toContain('html:script-dropped:7');
    expect(chapterStoryText(book.chapters[0])).not.toContain('alert');
  });

  it('says that an <img> places no picture, and how to place one', () => {
    const { diagnostics } = parseFragment('图在此<img src="images/a.png">，又<img src="images/a.png">。\n', '/tmp');
    // Two alike on one line: each at its own column.
    expect(diagnostics.items.filter((d) => d.rule === 'html:tag-removed').map((d) => [d.column, d.message])).toEqual([
      [4, 'raw HTML <img> removed, its text kept; an <img> is not placed: write ![what it shows](path) for a picture'],
      [30, 'raw HTML <img> removed, its text kept; an <img> is not placed: write ![what it shows](path) for a picture'],
    ]);
  });

  it('sets <br> as the line break it asks for, with no warning; a tag beside it is still reported', () => {
    const { diagnostics, book } = parseFragment('第一行<br>第二行<br/>第三行。\n\n又一行<br><u>下划线</u>。\n', '/tmp');
    const [first, second] = book.chapters[0].blocks;
    const kinds = (b: typeof first) => (b.kind === 'paragraph' ? b.content.map((n) => (n.kind === 'text' ? n.text : n.kind)) : []);
    expect(kinds(first)).toEqual(['第一行', 'lineBreak', '第二行', 'lineBreak', '第三行。']);
    expect(kinds(second)).toContain('lineBreak');
    expect(diagnostics.items.filter((d) => d.rule.startsWith('html:')).map((d) => `${d.line} ${d.message}`)).toEqual(['5 raw HTML <u> removed, its text kept']);
  });
});

describe('punctuation diagnostics', () => {
  it('lists each change as an info at its line', () => {
    const { diagnostics } = parseFragment('第一段。\n\n他说"好"......\n', '/tmp');
    const infos = diagnostics.items.filter((d) => d.severity === 'info' && d.rule.startsWith('punct:'));
    expect(infos.map((d) => [d.rule, d.line])).toEqual([
      ['punct:ellipsis', 5],
      ['punct:quotes', 5],
    ]);
    expect(infos[1].message).toContain('→ “');
  });

  it('an unclosed quotation is a warning, a multi-paragraph one is not', () => {
    const multi = parseFragment('"第一段未完，\n\n"第二段完了。"\n', '/tmp').diagnostics;
    expect(multi.items.filter((d) => d.rule === 'punct:unbalanced-quotes')).toEqual([]);
    const broken = parseFragment('"第一段未完。\n\n第二段不接。\n', '/tmp').diagnostics;
    expect(broken.items.filter((d) => d.rule === 'punct:unbalanced-quotes').map((d) => d.line)).toEqual([3]);
  });
});

describe('YAML front matter at a chapter file\'s top', () => {
  it('is a warning at line 1, and its text is kept under the heading, with no second note for its opening ---', () => {
    const diagnostics = new Diagnostics();
    const config = { dir: '/tmp', book: {}, editions: ['zh-Hans'], formats: ['epub'], fonts: {} } as Parameters<typeof parseBook>[1];
    const text = '---\ntitle: 第一回\nauthor: 张三\ntags:\n  - 武侠\n---\n\n# 第一回：开端\n\n正文。\n';
    const book = parseBook([{ path: '/tmp/01-a.md', text }], config, diagnostics, new Date(0));
    expect(diagnostics.items.filter((d) => d.rule === 'parse:front-matter').map((d) => [d.file, d.line])).toEqual([['/tmp/01-a.md', 1]]);
    expect(chapterStoryText(book.chapters[0])).toContain('张三');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:leading-break')).toEqual([]);
    // A part break under the heading, or a table's rule, is no front matter.
    const plain = new Diagnostics();
    parseBook([{ path: '/tmp/01-b.md', text: '# 第一回：开端\n\n---\n\n正文：其一。\n\n---\n' }], config, plain, new Date(0));
    expect(plain.items.filter((d) => d.rule === 'parse:front-matter')).toEqual([]);
    // That one, right under the title, still gets its note.
    expect(plain.items.filter((d) => d.rule === 'parse:leading-break').map((d) => d.line)).toEqual([3]);
  });
});

describe('a chapter title typed with straight punctuation', () => {
  it('is normalised as the text is, its changes reported at the heading, its quotes checked on their own', () => {
    const diagnostics = new Diagnostics();
    const config = { dir: '/tmp', book: {}, editions: ['zh-Hans'], formats: ['epub'], fonts: {} } as Parameters<typeof parseBook>[1];
    const files = [
      { path: '/tmp/01-a.md', text: '# 第一章：图灵,问道...机器--能否"思考"?\n\n正文。\n' },
      { path: '/tmp/02-b.md', text: '\n\n\n\n# 第二章："未完\n\n正文。\n' },
    ];
    const book = parseBook(files, config, diagnostics, new Date(0));
    for (const t of SOURCE_TRANSFORMS) runTransform(t, book, { edition: 'zh-Hans', diagnostics });
    expect(book.chapters.map((c) => c.title)).toEqual(['图灵，问道……机器——能否“思考”？', '“未完']);
    expect(diagnostics.items.filter((d) => d.rule.startsWith('punct:')).map((d) => [d.rule, d.line])).toEqual([
      ['punct:ellipsis', 1],
      ['punct:dash', 1],
      ['punct:quotes', 1],
      ['punct:full-width', 1],
      ['punct:quotes', 5],
      ['punct:unbalanced-quotes', 5],
    ]);
  });
});

describe('loading', () => {
  it('reads chapters in natural order, accepts a BOM and CRLF, and leaves out empty chapters with a warning', () => {
    const dir = writeManuscript({
      '10-ten.md': '# 第十章：十\n\n十。\n',
      '2-two.md': '\uFEFF# 第二章：二\r\n\r\n第一行\r\n第二行。\r\n',
      '3-empty.md': '  \n\n',
    });
    const diagnostics = new Diagnostics();
    const config = loadConfig(dir);
    const files = loadManuscript(config, diagnostics);
    expect(files.map((f) => f.path.split('/').pop())).toEqual(['2-two.md', '10-ten.md']);
    expect(files[0].text).not.toMatch(/\r|\uFEFF/u);
    expect(diagnostics.items).toMatchObject([{ rule: 'load:empty-chapter', file: join(dir, '3-empty.md') }]);
    const book = parseBook(files, config, diagnostics, new Date(0));
    expect(book.chapters.map((c) => c.number)).toEqual([2, 10]);
    expect(chapterStoryText(book.chapters[0])).toContain('第一行第二行。');
    // Without book.yaml: title from the first chapter, slug from the folder.
    expect(book.meta.title).toBe('二');
    expect(book.meta.identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/u);
  });

  it('warns on duplicate and backwards chapter numbers but not on gaps', () => {
    const dir = writeManuscript({
      '1.md': '# 第一章：一\n\n一。\n',
      '2.md': '# 第五章：五\n\n五。\n',
      '3.md': '# 第三章：三\n\n三。\n',
      '4.md': '# 第三章：又三\n\n三。\n',
    });
    const diagnostics = new Diagnostics();
    const config = loadConfig(dir);
    parseBook(loadManuscript(config, diagnostics), config, diagnostics, new Date(0));
    expect(diagnostics.items.filter((d) => d.rule.startsWith('chapter:')).map((d) => `${d.rule} ${d.file?.split('/').pop()}:${d.line}`)).toEqual([
      'chapter:out-of-order 3.md:1',
      'chapter:duplicate-number 4.md:1',
    ]);
  });
});

describe('book.yaml', () => {
  const errorsOf = (yaml: string) => {
    const dir = writeManuscript({ 'book.yaml': yaml, '1.md': '# 第一章：一\n\n一。\n' });
    try {
      loadConfig(dir);
    } catch (e) {
      if (e instanceof BuildError) return e.diagnostics.map((d) => ({ rule: d.rule, line: d.line, file: d.file?.split('/').pop() }));
      throw e;
    }
    return [];
  };

  it('a misspelt key is an error at its line', () => {
    expect(errorsOf('title: 书\nauthor: 人\ntitel: 错\n')).toEqual([{ rule: 'config:unknown-key', line: 3, file: 'book.yaml' }]);
  });

  it('a bad value is an error at its line', () => {
    expect(errorsOf('title: 书\nauthor: 人\neditions:\n  - zh-Hans\n  - zh-XX\n')).toEqual([{ rule: 'config:invalid', line: 5, file: 'book.yaml' }]);
  });

  it('a missing required key is reported', () => {
    expect(errorsOf('title: 书\n')).toEqual([{ rule: 'config:missing-key', line: undefined, file: 'book.yaml' }]);
  });

  it('a line break YAML folds between two Chinese characters is no space; one beside a Latin word, a typed space and a literal block keep theirs', () => {
    const dir = writeManuscript({
      'book.yaml': 'title: "算法\n  江湖"\nauthor: 人\ndescription: >\n  第一句，\n  第二句 讲 GPT\n  模型。\n\n  另起一段。\naccessibility:\n  summary: |\n    一行，\n    二行。\n',
      '1.md': '# 第一章：一\n\n一。\n',
    });
    const { book } = loadConfig(dir);
    expect(book.title).toBe('算法江湖');
    expect(book.description).toBe('第一句，第二句 讲 GPT 模型。\n另起一段。\n');
    expect(book.accessibility?.summary).toBe('一行，\n二行。\n');
  });

  it('broken YAML is an error at its line', () => {
    expect(errorsOf('title: 书\nauthor: [人\n')[0]).toMatchObject({ rule: 'config:yaml', file: 'book.yaml' });
  });
});

describe('Unicode normalisation', () => {
  it('folds compatibility ideographs and Kangxi radicals into unified ideographs, and says so', () => {
    // U+F900 is a compatibility form of 豈; U+2F00 is the Kangxi radical that looks like 一.
    const { book, diagnostics } = parseFragment('\uF900然\u2F00统天下。\n', '/tmp');
    for (const t of SOURCE_TRANSFORMS) runTransform(t, book, { edition: 'zh-Hans', diagnostics });
    expect(chapterStoryText(book.chapters[0])).toContain('豈然一统天下。');
    expect(diagnostics.items.filter((d) => d.rule === 'unicode:normalised').map((d) => d.line)).toEqual([3]);
  });
});

describe('a code fence never closed', () => {
  it('is a warning where it opens: the rest of the chapter, headings and all, is code', () => {
    const { book, diagnostics } = parseFragment('正文。\n\n```python\ndef f():\n    return 1\n\n## 第二节\n\n后文。\n', '/tmp');
    expect(book.chapters[0].blocks.map((b) => b.kind)).toEqual(['paragraph', 'codeBlock']);
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unclosed-fence').map((d) => [d.line, d.column, d.message])).toEqual([
      [5, 1, 'code block opened here with ``` is never closed, so the rest of the chapter, headings and all, is set as code; end the code with a line of ```'],
    ]);
  });

  it('in a quote runs to the quote\'s end, and says so; fences that close, with a longer run or ~~~, are not reported', () => {
    const { diagnostics } = parseFragment('> ~~~~\n> 引文里的代码\n\n正文。\n\n```\na\n`````\n\n~~~\nb\n~~~\n\n```\n```\n', '/tmp');
    expect(diagnostics.items.filter((d) => d.rule === 'parse:unclosed-fence').map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 3, 'code block opened here with ~~~~ is never closed, so it runs as code to line 4, where its quote or list ends; end the code with a line of ~~~~'],
    ]);
  });
});

describe('a code block', () => {
  it('holds its tabs as spaces to the next fourth column, so that every edition indents it alike', () => {
    const { book } = parseFragment('```\nif x:\n\treturn 1\n  \tpass\nab\tc\n```\n', '/tmp');
    const block = book.chapters[0].blocks.find((b) => b.kind === 'codeBlock');
    expect(block?.kind === 'codeBlock' && block.text).toBe('if x:\n    return 1\n    pass\nab  c');
  });
});
