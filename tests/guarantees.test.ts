// Promises of README.md's "Diagnostics and exit codes" and "What is guaranteed" that no
// other test held: each test here was seen to fail with the behaviour it names broken.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { loadConfig } from '../src/config/load.ts';
import { Diagnostics } from '../src/diagnostics.ts';
import { loadManuscript } from '../src/load/manuscript.ts';
import type { Block, Chapter } from '../src/model/book.ts';
import { chapterStoryText, inlineText } from '../src/model/walk.ts';
import { parseBook } from '../src/parse/parse-book.ts';
import { loadGlossary } from '../src/transforms/glossary.ts';
import { runCli } from './helpers/cli.ts';
import { visibleText } from './helpers/epub.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { extraHan, missingHan } from './helpers/story.ts';

const META = '<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n- 核心意义：某义\n-->\n';
/** A chapter with a heading (line 1) and the metadata comment (lines 3–10); the body starts at line 12. */
const chapter = (body: string, heading = '# 第一章：测试') => `${heading}\n\n${META}\n${body}\n`;

/** Runs the command from the manuscript folder, so that places are printed as `01.md:3`. */
function run(command: 'check' | 'build', dir: string, out?: string) {
  const args = command === 'check' ? ['check', '--chapters', '.'] : ['build', '--chapters', '.', '--out', out!, '--format', 'epub'];
  const r = runCli(args, { cwd: dir });
  return { ...r, lines: r.stderr.split('\n') };
}

/** The lines that end in `[rule]`. */
const said = (lines: string[], rule: string) => lines.filter((l) => l.endsWith(`[${rule}]`));

/** `check` and `build` each exit 1 with exactly this one line for the rule, and the build writes nothing. */
function refusedByCheckAndBuild(dir: string, rule: string, expected: string): void {
  const checked = run('check', dir);
  expect(checked.code).toBe(1);
  expect(said(checked.lines, rule)).toEqual([expected]);
  const out = tempDir('out-');
  const built = run('build', dir, out);
  expect(built.code).toBe(1);
  expect(said(built.lines, rule)).toEqual([expected]);
  expect(readdirSync(out)).toEqual([]);
}

describe('a chapter path ending .md that is not a regular file [load:unreadable]', () => {
  const kinds: Array<[string, (path: string) => void]> = [
    ['a folder', (path) => mkdirSync(path)],
    [
      'a FIFO',
      (path) => {
        const r = spawnSync('mkfifo', [path]);
        if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr}`);
      },
    ],
  ];
  it.each(kinds)('%s is an error naming the file: check and build exit 1, and build writes nothing', (_kind, make) => {
    const dir = writeManuscript({ '01.md': chapter('正文。') });
    make(join(dir, '02-odd.md'));
    refusedByCheckAndBuild(dir, 'load:unreadable', "02-odd.md error chapter '02-odd.md' is not a regular file [load:unreadable]");
  });
});

describe('control characters where the book cannot carry them', () => {
  it('in a book.yaml value, typed or escaped, is an error at its book.yaml line [config:control-char]', () => {
    const dir = writeManuscript({
      'book.yaml': 'title: "书\\a名"\nauthor: 某人\ndescription: 一本\u0007书\n',
      '01.md': chapter('正文。'),
    });
    const r = run('check', dir);
    expect(r.code).toBe(1);
    const found = said(r.lines, 'config:control-char');
    expect(found.map((l) => /^book\.yaml:(\d+)(?::\d+)? error /u.exec(l)?.[1])).toEqual(['1', '3']);
    // Typed as itself, it is found at its own column ('description: 一本' is 15 characters); an escape, at its value's.
    expect(found.map((l) => /^book\.yaml:\d+:(\d+) /u.exec(l)?.[1])).toEqual(['8', '16']);
    for (const l of found) expect(l).toContain('control character U+0007 in a value');
  });

  it('in a glossary line is an error at that line, and the entry is left out [glossary:malformed]', () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 书\nauthor: 某人\neditions: [zh-Hant-TW]\n',
      'glossary.zh-Hant-TW.tsv': '# 译名\n图灵\t圖靈\n算\u0007法\t演算法\n',
      '01.md': chapter('图灵说算法。'),
    });
    const r = run('check', dir);
    expect(r.code).toBe(1);
    // The README's table (config:control-char row) names glossary:malformed for a glossary entry.
    expect(said(r.lines, 'glossary:malformed')).toEqual(['glossary.zh-Hant-TW.tsv:3 error control character U+0007 in an entry [glossary:malformed]']);
    expect(r.stderr).not.toContain('[config:control-char]');
    const glossary = loadGlossary(dir, 'zh-Hant-TW', new Diagnostics());
    expect(glossary?.entries.map((e) => [e.source, e.line])).toEqual([['图灵', 2]]);
  });

  it.each([
    ['U+0007', '\u0007'],
    ['U+202E', '\u202e'],
  ])('in a chapter file name (%s) is an error naming the file, for check and build [load:bad-file-name]', (code, ch) => {
    const name = `02-a${ch}b.md`;
    const dir = writeManuscript({ '01.md': chapter('正文一。'), [name]: chapter('正文二。', '# 第二章：二') });
    // Printed as <U+0007>: the character itself would act on the terminal (U+202E turns the rest of the line around).
    refusedByCheckAndBuild(dir, 'load:bad-file-name', `02-a<${code}>b.md error chapter file name has the control character ${code}; rename the file [load:bad-file-name]`);
  });
});

describe('slips in a chapter’s structure: warned at file:line, and the text set as the README says', () => {
  const files = {
    // No 时间 and no 主要人物.
    '01.md': '# 第一章：缺项\n\n<!--\n元信息标注：\n- 地点：某地\n- 技术事件：某事\n- 核心意义：某义\n-->\n\n正文一。\n',
    // A second # heading at line 14.
    '02.md': chapter('前文。\n\n# 又一大题\n\n后文。', '# 第二章：两题'),
    // A second metadata comment from line 14.
    '03.md': chapter('正文三。\n\n<!--\n元信息标注：\n- 时间：晚年\n- 地点：别处\n- 主要人物：乙\n- 技术事件：他事\n-->\n\n尾文。', '# 第三章：两注'),
    // An image in the heading (column 10) and in a table's header cell (line 12, column 5).
    '04.md': chapter('| 甲 ![头图](images/h.png) | 乙 |\n| --- | --- |\n| 丙 | 丁 |\n| 戊 | ![尾图](images/b.png) |', '# 第四章：图中 ![题图](images/t.png)'),
  };
  let checked: ReturnType<typeof run> | undefined;
  const check = () => (checked ??= run('check', writeManuscript(files)));
  let parsed: Chapter[] | undefined;
  /** The chapters as the library parses them, by file name. */
  const chapters = () => {
    if (!parsed) {
      const config = loadConfig(writeManuscript(files));
      const diagnostics = new Diagnostics();
      parsed = parseBook(loadManuscript(config, diagnostics), config, diagnostics, new Date(0)).chapters;
    }
    return parsed;
  };
  const of = (name: string) => chapters().find((c) => c.file.endsWith(`/${name}`))!;

  it('warnings only: the check passes', () => {
    expect(check().code).toBe(0);
    expect(check().stderr).toContain('0 errors');
  });

  it('a metadata comment lacking fields names each at the comment’s line, and keeps the fields it has [meta:missing-field]', () => {
    expect(said(check().lines, 'meta:missing-field')).toEqual([
      '01.md:3 warning metadata has no 时间 [meta:missing-field]',
      '01.md:3 warning metadata has no 主要人物 [meta:missing-field]',
    ]);
    expect(of('01.md').meta).toMatchObject({ place: '某地', event: '某事', people: [], line: 3 });
    expect(of('01.md').meta?.time).toBeUndefined();
  });

  it('a second # heading is warned at its line and set as a section of the same chapter [parse:second-h1]', () => {
    expect(said(check().lines, 'parse:second-h1')).toEqual(['02.md:14 warning a second # heading in one chapter is set as a section [parse:second-h1]']);
    expect(chapters()).toHaveLength(4);
    const c = of('02.md');
    expect(c.title).toBe('两题');
    const headings = c.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading');
    expect(headings.map((h) => [h.role, inlineText(h.content), h.line])).toEqual([['section', '又一大题', 14]]);
    expect(chapterStoryText(c)).toMatch(/前文。[\s\S]*又一大题[\s\S]*后文。/u);
  });

  it('a second metadata comment is warned at its line; only the first is read, and neither is shown [meta:duplicate]', () => {
    expect(said(check().lines, 'meta:duplicate')).toEqual(['03.md:14 warning a second metadata comment; only the first is used [meta:duplicate]']);
    expect(said(check().lines, 'meta:missing-field').filter((l) => l.startsWith('03.md'))).toEqual([]);
    const c = of('03.md');
    expect(c.meta).toMatchObject({ time: '某年', place: '某地', people: ['甲'], event: '某事', line: 3 });
    const story = chapterStoryText(c);
    expect(story).toContain('尾文。');
    for (const hidden of ['晚年', '别处', '他事', '元信息']) expect(story).not.toContain(hidden);
  });

  it('an image inside a heading or a table cell is warned at its line:column and set as its alt text [parse:inline-image]', () => {
    expect(said(check().lines, 'parse:inline-image')).toEqual([
      '04.md:1:10 warning an image inside a heading or a table cell is set as its alt text [parse:inline-image]',
      '04.md:12:5 warning an image inside a heading or a table cell is set as its alt text [parse:inline-image]',
      // A body row's own line: its cells' inline tokens carry none, and were once given the table's first.
      '04.md:15:7 warning an image inside a heading or a table cell is set as its alt text [parse:inline-image]',
    ]);
    const c = of('04.md');
    expect(c.title).toBe('图中 题图');
    const table = c.blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table')!;
    expect(table.head.map((cell) => inlineText(cell))).toEqual(['甲 头图', '乙']);
    expect(c.blocks.some((b) => b.kind === 'figure')).toBe(false);
  });
});

describe('the EPUB chapter documents of the sample book', () => {
  it('extraHan counts the surplus that missingHan cannot see', () => {
    expect(missingHan('甲乙乙', '甲乙乙甲乙丙')).toEqual([]);
    expect(extraHan('甲乙乙', '甲乙乙甲乙丙')).toEqual([
      ['甲', 1],
      ['乙', 1],
      ['丙', 1],
    ]);
    expect(extraHan('甲乙乙', '乙甲乙，abc')).toEqual([]);
  });

  it('hold each Han character of their chapter’s story text as often as the source does, no more and no less (zh-Hans)', async () => {
    // Exact by construction: a chapter document holds its chapter's heading,
    // text, figures (caption and alt) and notes, and nothing the source lacks;
    // the metadata comment is neither in the document nor in the story text.
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('out-'), editions: ['zh-Hans'], formats: ['epub'], sourceDateEpoch: '1700000000' });
    const path = result.outputs.find((o) => o.format === 'epub')!.path;
    const unzip = (...args: string[]) => {
      const r = spawnSync('unzip', [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`unzip ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const documents = unzip('-Z1', path)
      .split('\n')
      .filter((n) => /\/c\d+\.xhtml$/u.test(n))
      .sort();
    // SAMPLE's book.yaml sets no order: its chapters are its .md files in name order.
    const sources = readdirSync(SAMPLE)
      .filter((n) => n.endsWith('.md'))
      .sort();
    expect(documents).toHaveLength(sources.length);
    expect(sources.length).toBeGreaterThanOrEqual(3);
    documents.forEach((doc, i) => {
      const story = readFileSync(join(SAMPLE, sources[i]), 'utf8').replace(/<!--[\s\S]*?-->/gu, '');
      const body = visibleText(unzip('-p', path, doc));
      expect(story.match(/\p{Script=Han}/gu)!.length, sources[i]).toBeGreaterThan(500);
      expect(extraHan(story, body), `${doc} against ${sources[i]}`).toEqual([]);
      expect(missingHan(story, body), `${doc} against ${sources[i]}`).toEqual([]);
    });
  });
});
