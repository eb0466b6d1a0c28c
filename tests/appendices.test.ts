import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { BuildError } from '../src/diagnostics.ts';
import type { Book, Chapter } from '../src/model/book.ts';
import { inlineText } from '../src/model/walk.ts';
import { appendicesTransform } from '../src/transforms/appendices.ts';
import { runTransform } from '../src/transforms/transform.ts';
import { castList, splitHonorific } from '../src/transforms/people.ts';
import { DEFAULT_HONORIFICS, resolveAppendices } from '../src/config/appendices.ts';
import { Diagnostics } from '../src/diagnostics.ts';
import { openEpub, visibleText } from './helpers/epub.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';
import { readPdf } from './helpers/pdf.ts';

/** A chapter file with the metadata comment as authors write it. */
function chapter(heading: string, meta: Record<string, string> | null, body = '江湖风起，众人各怀心事。'): string {
  const comment = meta ? `<!--\n元信息标注：\n${Object.entries(meta).map(([k, v]) => `- ${k}：${v}`).join('\n')}\n-->\n\n` : '';
  return `# ${heading}\n\n${comment}${body}\n`;
}

/** One person (扎克伯格) with and without an honorific; one (香农) with two spellings of the middle dot. */
const FIXTURE = {
  'book.yaml': 'title: 开源风云\nauthor: 测试者\n',
  '01-open.md': chapter('第一章：开源之争', {
    时间: '辛丑年 (2021)',
    地点: '门洛园',
    主要人物: '扎克伯格掌门、杨立昆长老',
    技术事件: '开源模型发布，信息共享',
    核心意义: '开源崛起',
  }),
  '02-answer.md': chapter('第二章：闭源回应', {
    时间: '壬寅年 (2022)',
    地点: '旧金山',
    主要人物: '扎克伯格、克劳德·香农宗师、杨立昆',
    技术事件: '闭源模型发布',
    核心意义: '三足鼎立',
  }),
  '03-quiet.md': chapter('第三章：无事之章', null),
  '04-end.md': chapter('第四章：余波', { 时间: '癸卯年', 地点: '门洛园', 主要人物: '克劳德・香农', 技术事件: '软件开源', 核心意义: '余波' }),
};

const appendices = (book: Book) => book.chapters.filter((c) => /^a\d+$/u.test(c.id));

/** Each list item of an appendix as one line: its paragraphs joined with ' | '. */
function entries(ch: Chapter): string[] {
  return ch.blocks.flatMap((b) =>
    b.kind === 'list' ? b.items.map((item) => item.map((blk) => (blk.kind === 'paragraph' ? inlineText(blk.content) : '')).join(' | ')) : [],
  );
}

describe('appendices from the chapter metadata', () => {
  let dir: string;
  let hans: Book;
  let tw: Book;
  beforeAll(() => {
    dir = writeManuscript(FIXTURE);
    [hans, tw] = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans', 'zh-Hant-TW'] }).editions.map((e) => e.book);
  });

  it('appends 人物谱 and 大事年表 after the story as ordinary chapters', () => {
    expect(hans.chapters.map((c) => c.id)).toEqual(['c001', 'c002', 'c003', 'c004', 'a01', 'a02']);
    expect(appendices(hans).map((c) => [c.label, c.title])).toEqual([
      ['附录一', '人物谱'],
      ['附录二', '大事年表'],
    ]);
  });

  it('lists a person once, with and without the honorific, with both chapters, in order of first appearance', () => {
    expect(entries(appendices(hans)[0])).toEqual([
      '扎克伯格（掌门）：第一章、第二章',
      '杨立昆（长老）：第一章、第二章',
      '克劳德·香农（宗师）：第二章、第四章',
    ]);
  });

  it("gives each chapter's time and event in story order, leaving out a chapter without metadata", () => {
    expect(entries(appendices(hans)[1])).toEqual([
      '辛丑年（2021）\u3000第一章 | 开源模型发布，信息共享',
      '壬寅年（2022）\u3000第二章 | 闭源模型发布',
      '癸卯年\u3000第四章 | 软件开源',
    ]);
  });

  it('converts the appendices with the Traditional edition, and leaves the Simplified book as it was', () => {
    expect(appendices(tw).map((c) => [c.label, c.title])).toEqual([
      ['附錄一', '人物譜'],
      ['附錄二', '大事年表'],
    ]);
    expect(entries(appendices(tw)[0])).toEqual([
      '扎克伯格（掌門）：第一章、第二章',
      '楊立昆（長老）：第一章、第二章',
      '克勞德‧夏農（宗師）：第二章、第四章',
    ]);
    expect(entries(appendices(tw)[1])).toEqual([
      '辛丑年（2021）\u3000第一章 | 開源模型釋出，資訊共享',
      '壬寅年（2022）\u3000第二章 | 閉源模型釋出',
      '癸卯年\u3000第四章 | 軟體開源',
    ]);
    expect(appendices(hans)[0].title).toBe('人物谱');
  });

  it('converts them in a Taiwan-only build, where the edition works on the source itself', () => {
    // The appendices are frozen for reuse: the edition must convert a copy, and the next build gets them unconverted.
    const only = () => prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hant-TW'] }).editions[0].book;
    expect(appendices(only()).map((c) => entries(c))).toEqual(appendices(tw).map((c) => entries(c)));
    expect(appendices(only()).map((c) => entries(c))).toEqual(appendices(tw).map((c) => entries(c)));
    expect(entries(appendices(prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0].book)[0])[0]).toContain('扎克伯格（掌门）');
  });

  it('reaches the EPUB and the PDF', async () => {
    const out = tempDir('out-');
    const result = await build({ chaptersDir: dir, outDir: out, editions: ['zh-Hant-TW'], formats: ['epub', 'pdf'], sourceDateEpoch: '1700000000' });
    const epub = await openEpub(result.outputs.find((o) => o.format === 'epub')!.path);
    // The appendices follow the last chapter; only the fonts' licence notice comes after them.
    const spine = (await epub.spineDocuments()).filter((d) => !d.name.endsWith('/fonts.xhtml'));
    expect(spine.slice(-2).map((d) => d.name)).toEqual(['OEBPS/a01.xhtml', 'OEBPS/a02.xhtml']);
    expect(visibleText(spine[spine.length - 2].xhtml)).toContain('楊立昆（長老）：第一章、第二章');
    expect(await epub.text('OEBPS/toc.xhtml')).toContain('>附錄二　大事年表</a>');
    const pdf = readPdf(result.outputs.find((o) => o.format === 'pdf')!.path).lines.map((l) => l.text.replace(/\s/gu, '')).join('\n');
    expect(pdf).toContain('人物譜');
    expect(pdf).toContain('楊立昆（長老）：第一章、第二章');
    expect(pdf).toContain('閉源模型釋出');
  });
});

describe('appendices in book.yaml', () => {
  const build1 = (yaml: string) => prepareBook({ chaptersDir: writeManuscript({ ...FIXTURE, 'book.yaml': `title: 开源风云\nauthor: 测试者\n${yaml}` }), outDir: tempDir(), editions: ['zh-Hans'] }).editions[0].book;

  it('switches each appendix off, numbering what is left', () => {
    expect(appendices(build1('appendices:\n  people: false\n')).map((c) => [c.id, c.label, c.title])).toEqual([['a01', '附录一', '大事年表']]);
    expect(appendices(build1('appendices:\n  people: false\n  timeline: false\n'))).toEqual([]);
  });

  it('replaces the honorific list', () => {
    // 长老 is no longer a title: 杨立昆长老 and 杨立昆 are two names.
    expect(entries(appendices(build1('appendices:\n  honorifics: [掌门, 宗师]\n'))[0])).toEqual([
      '扎克伯格（掌门）：第一章、第二章',
      '杨立昆长老：第一章',
      '克劳德·香农（宗师）：第二章、第四章',
      '杨立昆：第二章',
    ]);
  });

  it('reports a misspelt key at its line', () => {
    try {
      build1('appendices:\n  peeple: false\n');
      expect.unreachable();
    } catch (e) {
      expect((e as BuildError).diagnostics).toMatchObject([{ rule: 'config:unknown-key', line: 4 }]);
    }
  });

  it('makes none from a manuscript without metadata', () => {
    const dir = writeManuscript({ '01.md': chapter('第一章：无名', null) });
    expect(appendices(prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0].book)).toEqual([]);
  });
});

describe('matching people', () => {
  it('strips a trailing honorific, the longest first, but never the whole name', () => {
    expect(splitHonorific('克劳德·香农宗师', DEFAULT_HONORIFICS)).toEqual({ name: '克劳德·香农', title: '宗师' });
    expect(splitHonorific('扎克伯格掌门', DEFAULT_HONORIFICS)).toEqual({ name: '扎克伯格', title: '掌门' });
    expect(splitHonorific('李院长', ['长', '院长'])).toEqual({ name: '李', title: '院长' });
    expect(splitHonorific('先生', DEFAULT_HONORIFICS)).toEqual({ name: '先生' });
    expect(splitHonorific('辛顿', DEFAULT_HONORIFICS)).toEqual({ name: '辛顿' });
  });

  it('counts a chapter once when it names a person twice', () => {
    const ch = { id: 'c1', file: '', title: '', headingLine: 1, blocks: [], footnotes: [], label: '第一章', meta: { people: ['辛顿', '辛顿长老'], line: 1 } };
    expect(castList([ch], DEFAULT_HONORIFICS).map((p) => [p.name, p.titles, p.chapters.length])).toEqual([['辛顿', ['长老'], 1]]);
  });

  it('adds nothing twice when run again', () => {
    const dir = writeManuscript(FIXTURE);
    const { book } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0];
    runTransform(appendicesTransform, book, { edition: 'zh-Hans', diagnostics: new Diagnostics(), manuscriptDir: dir, appendices: resolveAppendices(undefined) });
    expect(appendices(book).map((c) => c.id)).toEqual(['a01', 'a02']);
  });
});
