// What the command says when something is wrong: where, why, and what to do.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../src/cli/progress.ts';
import { formatDiagnostic, inReadingOrder, summaryLine } from '../src/cli/report.ts';
import { loadConfig } from '../src/config/load.ts';
import { bookConfigSchema } from '../src/config/schema.ts';
import { knownKeys, nearestKey } from '../src/config/schema-paths.ts';
import { BuildError, type Diagnostic } from '../src/diagnostics.ts';
import { mergeMissingGlyphs } from '../src/fonts/missing-glyph.ts';
import { hbSubset } from '../src/fonts/sfnt/hb-subset.ts';
import { guessEncoding } from '../src/files/guess-encoding.ts';
import { runCli } from './helpers/cli.ts';
import { openEpub } from './helpers/epub.ts';
import { ROOT, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

const CHAPTER = '# 第一章：山门夜话\n\n夜色渐深，石阶上落满了松针。老道士放下茶盏，说道：“明日下山，一路小心。”\n';

function configErrors(yaml: string | Buffer): Diagnostic[] {
  const dir = writeManuscript({ 'book.yaml': yaml, '01.md': CHAPTER });
  try {
    loadConfig(dir);
  } catch (e) {
    if (e instanceof BuildError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected book.yaml to be refused');
}

describe('a character no font has', () => {
  // 𠮷 (U+20BB7) twice on one line and once on another; no default face has it, nor 😀.
  const manuscript = () =>
    writeManuscript({
      'book.yaml': 'title: 奇字\nauthor: 某人\neditions: [zh-Hans, zh-Hant-TW]\n',
      '01-odd.md': '# 第一章：奇字\n\n吉字作𠮷，又作𠮷。\n笑脸😀。\n',
    });

  it('check names each place once, at line:column, for every edition at once, with the two ways out', () => {
    const r = runCli(['check', '--chapters', manuscript()]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[font:missing-glyph]'));
    expect(lines.map((l) => /01-odd\.md:(\d+:\d+) error/u.exec(l)?.[1])).toEqual(['3:4', '3:8', '4:3']);
    for (const l of lines) {
      expect(l).toContain('(zh-Hans, zh-Hant-TW)');
      expect(l).toContain('fonts: in book.yaml');
      expect(l).toContain('--allow-missing-glyphs');
    }
    expect(r.stderr).toContain('3 errors');
  });

  it('build says the same, once per place, though each edition is built on its own thread', () => {
    const r = runCli(['build', '--chapters', manuscript(), '--out', tempDir(), '--format', 'epub']);
    expect(r.code).toBe(1);
    const places = r.stderr.split('\n').filter((l) => l.includes('[font:missing-glyph]')).map((l) => /01-odd\.md:(\d+:\d+)/u.exec(l)?.[1]);
    expect(places).toEqual(['3:4', '3:8', '4:3']);
  });

  it('names a character at three places at most, and past twenty characters names the rest together at book.yaml', () => {
    // 25 characters no default face has (CJK Extension G); the first stands on six lines.
    const rare = Array.from({ length: 25 }, (_, i) => String.fromCodePoint(0x30000 + i));
    const body = [...Array.from({ length: 6 }, () => `甲${rare[0]}。`), rare.slice(1).join('')].join('\n\n');
    const dir = writeManuscript({ 'book.yaml': 'title: 奇字\nauthor: 某人\n', '01.md': `# 第一章：奇字\n\n${body}\n` });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[font:missing-glyph]'));
    const first = lines.filter((l) => l.includes('U+30000'));
    expect(first.map((l) => /01\.md:(\d+):/u.exec(l)?.[1])).toEqual(['3', '5', '7']);
    expect(first[2]).toContain("(zh-Hans); also in 3 more places; name a font");
    // Twenty characters one by one (the first three times), the last five in one line at book.yaml.
    expect(lines.length).toBe(3 + 19 + 1);
    const rest = lines.find((l) => l.includes('book.yaml error'))!;
    expect(rest).toContain(`no font in the chain has 5 more characters (zh-Hans): ${rare.slice(20).join(' ')}; name fonts that have them under fonts: in book.yaml`);

    // Two editions: build, each edition on a thread of its own, says what check says, capped once.
    const two = writeManuscript({ 'book.yaml': 'title: 奇字\nauthor: 某人\neditions: [zh-Hans, zh-Hant-TW]\n', '01.md': `# 第一章：奇字\n\n${body}\n` });
    const said = (args: string[]) => runCli(args).stderr.split('\n').filter((l) => l.includes('[font:missing-glyph]'));
    const checked = said(['check', '--chapters', two]);
    expect(checked).toHaveLength(3 + 19 + 1);
    expect(checked.filter((l) => l.includes('5 more characters (zh-Hans, zh-Hant-TW)'))).toHaveLength(1);
    expect(said(['build', '--chapters', two, '--out', tempDir(), '--format', 'epub'])).toEqual(checked);
  });

  it('finds a character only a Traditional edition lacks at the column of its Simplified form, in the text and in an appendix', () => {
    // A body face with the manuscript's Simplified characters only: the Taiwan edition's 書 and 傳 are missing.
    const chapter = '# 第一章：甲\n\n<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：传说之事\n- 核心意义：某义\n-->\n\n他读了一本书，又读一本书。\n';
    const noto = readFileSync(join(ROOT, 'node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'));
    const small = hbSubset(noto, [...new Set([...chapter, ...'某书人佚名甲第一章目录人物谱大事年表，。：、（）《》 　'])].map((c) => c.codePointAt(0)!));
    const dir = writeManuscript({ 'book.yaml': 'title: 某书\nauthor: 某人\neditions: [zh-Hant-TW]\nfonts:\n  zh-Hant-TW:\n    body: [fonts/Small.ttf]\n', '01.md': chapter, 'fonts/Small.ttf': small });
    const r = runCli(['check', '--chapters', dir]);
    const at = (ch: string) => r.stderr.split('\n').filter((l) => l.includes(`'${ch}'`)).map((l) => /01\.md:(\d+:\d+) error/u.exec(l)?.[1] ?? l);
    expect(at('書')).toEqual(['12:6', '12:12']);
    expect(at('傳')).toEqual(['8:8']);
  });

  it('finds a character of the book.yaml metadata at its book.yaml line and column', () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 书名\u{30000}\nauthor: 某人\n', '01.md': CHAPTER });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:1:10 error no font in the chain has '\u{30000}' U\+30000/u);
  });

  it("finds a character of a chapter's metadata, which only an appendix sets, at its line in the chapter's comment", () => {
    const chapter = '# 第一章：奇人\n\n<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\u{30001}先生\n- 技术事件：某事\n- 核心意义：某义\n-->\n\n正文。\n';
    const dir = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 某人\n', '01.md': chapter });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    // The 人物谱 sets the name: the place is the comment's line, not the manuscript folder.
    expect(r.stderr).toMatch(/01\.md:7:9 error no font in the chain has '\u{30001}' U\+30001/u);

    // Not a comment the book never prints, though it comes first.
    const second = chapter.replace('第一章：奇人', '第二章：奇人');
    const two = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 某人\n', '01.md': `${CHAPTER}\n<!-- 草稿：甲\u{30001} -->\n`, '02.md': second });
    const places = runCli(['check', '--chapters', two]).stderr.split('\n').filter((l) => l.includes('U+30001'));
    expect(places).toEqual([expect.stringMatching(/02\.md:7:9 error/u)]);
  });

  it('merges the editions of one place, and only of one place', () => {
    const at = (edition: string, column: number): Diagnostic => ({
      file: '/b/01.md',
      line: 3,
      column,
      severity: 'error',
      rule: 'font:missing-glyph',
      message: `no font in the chain has '𠮷' U+20BB7 (${edition}); name a font that has it under fonts: in book.yaml, or build with --allow-missing-glyphs to draw a placeholder`,
    });
    const merged = mergeMissingGlyphs([at('zh-Hans', 4), at('zh-Hant-TW', 4), at('zh-Hant-TW', 8)]);
    expect(merged.map((d) => [d.column, /\(([^)]+)\)/u.exec(d.message)![1]])).toEqual([
      [4, 'zh-Hans, zh-Hant-TW'],
      [8, 'zh-Hant-TW'],
    ]);
  });
});

describe('chapter files left out', () => {
  it('says so: a warning for an upper-case .MD or a .markdown, a note for a hidden file', () => {
    const dir = writeManuscript({ '01.md': CHAPTER, '02.MD': CHAPTER, '.03.md': CHAPTER, '04.markdown': CHAPTER, 'notes.txt': '笔记' });
    const r = runCli(['check', '--chapters', dir, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`04.markdown warning 04.markdown is left out of the book: chapter files end in .md; rename it to 04.md to include it [load:skipped-file]`);
    expect(r.stderr).not.toContain('notes.txt');
    expect(r.stderr).toContain(`02.MD warning 02.MD is left out of the book: chapter files end in .md, in lower case; rename it to 02.md to include it [load:skipped-file]`);
    expect(r.stderr).toMatch(/\.03\.md note \.03\.md is a hidden file, left out of the book \[load:skipped-file\]/u);
  });
});

describe('slips with a likely cause', () => {
  it('a heading typed with a full-width ＃, and an image named in another case, say what was meant', () => {
    // The ＃ line is counted where it stands, after blank lines.
    const late = writeManuscript({ '01.md': '\n\n＃ 第一章：甲\n\n正文。\n' });
    expect(runCli(['check', '--chapters', late]).stderr).toContain('(line 3 starts with a full-width ＃');
    const schemes = writeManuscript({ '01.md': '# 第一章：甲\n\n![甲](https://example.com/a.png)\n\n![乙](file:///tmp/b.png)\n\n![丙](javascript:alert(1))\n' });
    const said = runCli(['check', '--chapters', schemes]).stderr;
    expect(said).toContain("01.md:3:1 error image 'https://example.com/a.png' is not a file in the manuscript folder; download it into the folder");
    expect(said).toContain("01.md:5:1 error image 'file:///tmp/b.png' is not a file in the manuscript folder; copy the file into the folder and write its path there");
    expect(said).toContain("01.md:7:1 error image 'javascript:alert(1)' is not a file in the manuscript folder; write the path of a picture in the manuscript folder");
    const dir = writeManuscript({ '01.md': '＃ 第一章：甲\n\n正文。\n\n![图](images/Qiao.png)\n', 'images/qiao.png': readFileSync(join(SAMPLE, 'images', readdirSync(join(SAMPLE, 'images'))[0])) });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.stderr).toContain("heading; its file name is used as the title (line 1 starts with a full-width ＃: a heading starts with an ASCII #) [parse:no-heading]");
    expect(r.stderr).toContain('01.md:5:1 error image not found: images/Qiao.png (there is images/qiao.png: names are read in their case) [asset:missing-image]');
  });
});

describe('a link to nothing', () => {
  it('is an error for book.yaml, a glossary and an image, where it used to be passed over as absent or called a name in another case', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：甲\n\n见图。\n\n![图](images/a.png)\n' });
    mkdirSync(join(dir, 'images'));
    symlinkSync('../nowhere/book.yaml', join(dir, 'book.yaml'));
    symlinkSync('glossary.zh-Hant-TW.tsv', join(dir, 'glossary.zh-Hant-TW.tsv'));
    symlinkSync('gone.png', join(dir, 'images/a.png'));
    const settings = runCli(['check', '--chapters', dir, '--edition', 'zh-Hant-TW']);
    expect(settings.code).toBe(1);
    expect(settings.stderr).toMatch(/book\.yaml error book\.yaml is a link to nothing: its target is missing, or it leads back to itself \[config:unreadable\]/u);
    unlinkSync(join(dir, 'book.yaml'));
    const image = runCli(['check', '--chapters', dir, '--edition', 'zh-Hant-TW']);
    expect(image.code).toBe(1);
    expect(image.stderr).toMatch(/01\.md:5:1 error image 'images\/a\.png' is a link to nothing: .* \[asset:missing-image\]/u);
    expect(image.stderr).not.toContain('names are read in their case');
    // The glossary is read once the chapters parse: the image is left out for that.
    writeFileSync(join(dir, '01.md'), '# 第一章：甲\n\n香农。\n');
    const glossary = runCli(['check', '--chapters', dir, '--edition', 'zh-Hant-TW']);
    expect(glossary.code).toBe(1);
    expect(glossary.stderr).toMatch(/glossary\.zh-Hant-TW\.tsv error glossary\.zh-Hant-TW\.tsv is a link to nothing: .* \[glossary:unreadable\]/u);
  });
});

describe('a settings file under another name', () => {
  it('is said to be unread, with the name to give it: book.yml, Book.yaml and book.yaml.txt were passed over in silence', () => {
    for (const name of ['book.yml', 'Book.yaml', 'book.yaml.txt']) {
      const dir = writeManuscript({ '01.md': CHAPTER, [name]: 'title: 书\nauthor: 某\n' });
      const r = runCli(['check', '--chapters', dir]);
      expect(r.stderr, name).toContain(`${name} warning ${name} is not read: the book's settings are read from book.yaml only; rename it to book.yaml [load:skipped-file]`);
    }
    const both = writeManuscript({ '01.md': CHAPTER, 'book.yaml': 'title: 书\nauthor: 某\n', 'book.yml': 'title: 旧\n' });
    expect(runCli(['check', '--chapters', both]).stderr).toContain('book.yml warning book.yml is not read: the settings are read from book.yaml [load:skipped-file]');
  });
});

describe('the order findings are printed in', () => {
  it('is each file’s findings together, files as first reported, by line and column inside each', () => {
    const d = (file: string | undefined, line?: number, column?: number): Diagnostic => ({ file, line, column, severity: 'warning', rule: 'x:y', message: `${file}:${line}:${column}` });
    const given = [d('/b/02.md', 15, 8), d('/b/02.md', 3, 4), d('/b/01.md', 9), d(undefined), d('/b/02.md', 3, 2), d('/b/01.md', 2)];
    expect(inReadingOrder(given).map((x) => x.message)).toEqual([
      '/b/02.md:3:2',
      '/b/02.md:3:4',
      '/b/02.md:15:8',
      '/b/01.md:2:undefined',
      '/b/01.md:9:undefined',
      'undefined:undefined:undefined',
    ]);
  });
});

describe('chapters in book.yaml’s order', () => {
  it('say which chapter file order leaves out, and refuse a file listed twice, at book.yaml’s lines', () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 某\norder:\n  - 02.md\n  - 01.md\n', '01.md': CHAPTER, '02.md': CHAPTER, '03-new.md': CHAPTER });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('book.yaml:5:5 warning 03-new.md is in the manuscript folder but not in order; it is left out of the book [load:not-in-order]');
    writeFileSync(join(dir, 'book.yaml'), 'title: 书\nauthor: 某\norder: [01.md, 02.md, 03-new.md, 02.md]\n');
    const twice = runCli(['check', '--chapters', dir]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/book\.yaml:3:\d+ error 02\.md is listed twice in order \(first at line 3\); a chapter is set once \[load:order-duplicate\]/u);
    expect(twice.stderr).not.toContain('load:not-in-order');
  });
});

describe('book.yaml text keys', () => {
  it('take a title, an author or a publisher that YAML would read as a number as typed', () => {
    const config = loadConfig(writeManuscript({ 'book.yaml': 'title: 1984\nsubtitle: 007\nauthor: 2046\npublisher: 1.50\n', '01.md': CHAPTER }));
    expect([config.book.title, config.book.subtitle, config.book.author, config.book.publisher]).toEqual(['1984', '007', '2046', '1.50']);
  });
});

describe('book.yaml messages', () => {
  it('list every value a setting takes: the trim sizes, the printers, the formats', () => {
    const [trim] = configErrors('title: 书\nauthor: 某\nprint:\n  trim: B5\n');
    expect(trim).toMatchObject({ rule: 'config:invalid', line: 4 });
    expect(trim.message).toBe("print.trim: 'B5' is not allowed; use one of A5, 32开, 大32开, 16开, 32k, big32k, 16k or [width, height] in mm, each 80–500");
    expect(configErrors('title: 书\nauthor: 某\nprint:\n  printer: kpd\n')[0].message).toBe("print.printer: 'kpd' is not allowed; use one of offset, kdp or ingramspark");
    expect(configErrors('title: 书\nauthor: 某\nformats: [epub, docx]\n')[0]).toMatchObject({
      line: 3,
      message: "formats.1: 'docx' is not allowed; use one of epub, pdf, print, html or review",
    });
    expect(configErrors('title: 书\nauthor: 某\nappendices:\n  people: maybe\n')[0].message).toBe("appendices.people: 'maybe' is not allowed; use one of true or false");
  });

  it('suggest the nearest key for a misspelt one, else list the keys the mapping takes', () => {
    const errors = configErrors('title: 书\nauther: 某\n');
    expect(errors.find((d) => d.rule === 'config:unknown-key')).toMatchObject({ line: 2, message: "unknown key 'auther' (did you mean author?)" });
    expect(configErrors('title: 书\nauthor: 某\ntoc:\n  depht: 2\n')[0]).toMatchObject({ line: 4, message: "unknown key 'depht' in toc (did you mean depth?)" });
    const far = configErrors('title: 书\nauthor: 某\nprint:\n  colour: red\n')[0];
    expect(far.message).toMatch(/^unknown key 'colour' in print \(known keys of print: printer, trim, bleed, paper, /u);
    expect(nearestKey('titel', knownKeys(bookConfigSchema as never, []))).toBe('title');
    expect(nearestKey('ab', knownKeys(bookConfigSchema as never, []))).toBeUndefined();
    expect(knownKeys(bookConfigSchema as never, ['fonts'])).toEqual(['zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK', 'all']);
  });

  it('report a YAML syntax error at the line where the mistake is, not where the file ends', () => {
    const quote = configErrors('title: 书\nauthor: 某\nsubtitle: "未闭合\npublisher: 某社\ndescription: 一段\n');
    expect(quote).toEqual([expect.objectContaining({ rule: 'config:yaml', line: 3, column: 11 })]);
    expect(quote[0].message).toContain('never closed');
    expect(configErrors('title: 书\nsubtitle: [a, b\npublisher: x\n')[0]).toMatchObject({ rule: 'config:yaml', line: 2, column: 11 });
    // A mistake found where it is keeps its own place.
    expect(configErrors('title: 书\nauthor: 某\n\tslug: x\n')[0]).toMatchObject({ rule: 'config:yaml', line: 3 });
  });

  it('say an over-indented key and a line without a colon as an author fixes them, once, at that line', () => {
    const indented = configErrors('title: 书\nauthor: 某\nprint:\n  printer: kdp\n\n   trim: A5\n');
    expect(indented).toEqual([expect.objectContaining({ rule: 'config:yaml', line: 6, column: 4 })]);
    expect(indented[0].message).toBe("'trim:' is indented more than 'printer:' above it and reads as part of its value; keys of one mapping start at the same column");
    // A colon and a space inside a value: the value, not the next key, is what to fix.
    const inValue = configErrors('author: 某\ntitle: AI: 江湖 # 书名\nformats: [epub]\n');
    expect(inValue).toEqual([expect.objectContaining({ rule: 'config:yaml', line: 2, column: 8 })]);
    expect(inValue[0].message).toBe(`the value of 'title:' holds ': ' (AI: 江湖), which YAML reads as a key of its own; put the value in quotes: title: "AI: 江湖"`);
    expect(configErrors('title: 书\nauthor: 某\nprint:\n  printer: 某厂: 二厂\n')[0]).toMatchObject({ line: 4, column: 12 });
    const colon = configErrors('title: 书\nauthor 某\nformats: [epub]\n');
    expect(colon).toEqual([expect.objectContaining({ rule: 'config:yaml', line: 2, column: 1 })]);
    expect(colon[0].message).toBe("'author 某' is not 'key: value': a key needs a colon and a space after it");
  });

  it('refuse aliases that expand past what a book.yaml holds at the first alias, not with a stack trace', () => {
    const level = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(of).join(', ')}]\n`;
    const yaml = `${level('a', '"x"')}${level('b', '*a')}${level('c', '*b')}${level('d', '*c')}${level('e', '*d')}${level('f', '*e')}title: [${Array(9).fill('*f').join(', ')}]\nauthor: x\n`;
    const [bomb] = configErrors(yaml);
    expect(bomb).toMatchObject({ rule: 'config:yaml', line: 2, column: 8 });
    expect(bomb.message).toContain('aliases');
  });

  it('refuse a value that starts with * as an alias that names no anchor, at the alias, saying to quote it', () => {
    // An author's emphasis, as in Markdown; YAML reads `*星辰*` as an alias to an anchor &星辰*.
    const [alias] = configErrors('author: 某\nsubtitle: *星辰*\ntitle: 书\n');
    expect(alias).toMatchObject({ rule: 'config:yaml', line: 2, column: 11 });
    expect(alias.message).toBe('*星辰* reads as a YAML alias, a reference to a value marked &星辰* earlier in the file, and none is; to write a value that starts with *, put it in quotes: "*星辰*"');
  });

  it('refuse a book.yaml that is not UTF-8 at its first broken line, with the command that converts it', () => {
    const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: 'title: 算法江湖\nauthor: 某\n' });
    const [encoding] = configErrors(gbk);
    expect(encoding).toMatchObject({ rule: 'config:not-utf8', line: 1 });
    expect(encoding.message).toMatch(/^book\.yaml is not valid UTF-8; it looks like GB18030\. Convert it with: iconv -f GB18030 -t UTF-8 /u);
  });

  it('refuse a date that is no day of the calendar, at its line', () => {
    for (const [value, line] of [
      ['published: 2026-13-45', 3],
      ['published: 2026-02-30', 3],
      ['modified: 2026-02-28T24:10:00Z', 3],
      // The copyright page prints it as 2027年13月1日.
      ['print:\n  printed: 2027-13-01', 4],
    ] as const) {
      const [date] = configErrors(`title: 书\nauthor: 某\n${value}\n`);
      expect(date, value).toMatchObject({ line });
      expect(date.message, value).toMatch(/no such day in the calendar|ISO 8601/u);
    }
    expect(() => loadConfig(writeManuscript({ 'book.yaml': 'title: 书\nauthor: 某\npublished: 2028-02-29\n', '01.md': CHAPTER }))).not.toThrow();
  });

  it('say what was written and what to write, not the schema library’s words', () => {
    for (const [yaml, message] of [
      ['title: 书\nauthor: 某\neditions: zh-Hant-TW\n', "editions: expected a list; write [zh-Hant-TW]"],
      ['title:\nauthor: 某\n', 'title has no value; write it after the colon'],
      ['title: ~\nauthor: 某\n', 'title has no value; write it after the colon'],
      ['- title: 书\n- author: 某\n', 'book.yaml holds a list at its top level; it is key: value lines (title: 书名), none of them starting with -'],
      ['title: 书\nauthor: 某\ntoc:\n  depth: 5\n', 'toc.depth: 5 is more than 3, the most it takes'],
      ['title: 书\nauthor: 某\ntoc:\n  depth: 0\n', 'toc.depth: 0 is less than 1, the least it takes'],
      ['title: 书\nauthor: 某\ntoc:\n  depth: 1.5\n', 'toc.depth: 1.5 is not a whole number'],
      ['title: 书\nauthor: 某\nprint:\n  paperThickness: 0\n', 'print.paperThickness: 0 must be more than 0'],
      ['title: 书\nauthor: 某\nprint:\n', 'print has nothing under it; its keys go on the lines below it, indented, or leave print out'],
      ['title: 书\nauthor: 某\neditions:\n', 'editions has no value; write a list after the colon, as [a, b]'],
      ['title: 书\nauthor: 某\nformats: epub pdf\n', 'formats: expected a list; write [epub, pdf]'],
    ] as const) {
      const errors = configErrors(yaml);
      expect(errors.map((e) => e.message), yaml).toEqual([message]);
    }
  });

  it('name a key set twice, and where it was first set', () => {
    const [twice] = configErrors('title: 书\nauthor: 某\npublished: 2026-01-01\ntitle: 又一个\n');
    expect(twice).toMatchObject({ rule: 'config:yaml', line: 4, column: 1, message: "'title' is set twice (first at line 1); a key is set once in a mapping: delete one" });
  });

  it('refuse a date in another form with one message, the form it should take', () => {
    for (const value of ['published: 2026/12/01', 'published: 十二月一日', 'modified: yesterday', 'print:\n  printed: 2027.1.1', 'published: 2026-02-30T10:00']) {
      const errors = configErrors(`title: 书\nauthor: 某\n${value}\n`);
      expect(errors.map((e) => e.message), value).toEqual([expect.stringMatching(/YYYY-MM-DD|ISO 8601/u)]);
    }
  });

  it('refuse a title, author or publisher of only spaces, at its line: it would print nothing and make an EPUB epubcheck refuses', () => {
    for (const [yaml, line] of [
      ['title: "  "\nauthor: 某\n', 1],
      ['title: 书\nauthor: "　"\n', 2],
      ['title: 书\nauthor: 某\nprint:\n  publisher:\n    zh-Hans: " "\n', 5],
      ['title: "\\u200B"\nauthor: 某\n', 1],
      ['title: 书\nauthor: 某\nappendices:\n  honorifics: [掌门, " "]\n', 4],
    ] as const) {
      const [blank] = configErrors(yaml);
      expect(blank, yaml).toMatchObject({ line });
      expect(blank.message, yaml).toContain('not only spaces');
    }
  });

  it('report a missing required key at the mapping that lacks it, not at another key’s line', () => {
    const [missing] = configErrors('subtitle: 副题\ntitle: 书\n');
    expect(missing).toMatchObject({ rule: 'config:missing-key', message: "'author' is required at the top level of book.yaml" });
    expect(missing.file).toMatch(/book\.yaml$/u);
    expect(missing.line).toBeUndefined();
  });
});

describe('dates past what a format holds', () => {
  it('a `modified:` after 2107 builds: the zip dates stop at the last day the format holds, the package keeps the date given', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 远日\nauthor: 某人\nslug: far\nmodified: 2206-11-01\n', '01.md': CHAPTER });
    const out = tempDir('far-date-');
    const r = runCli(['build', dir, '--format', 'epub', '--edition', 'zh-Hans', '--out', out], { env: { SOURCE_DATE_EPOCH: '' } });
    expect(r.code, r.stderr).toBe(0);
    const path = join(out, 'far.zh-Hans.epub');
    // The first entry's local header holds its MS-DOS date at byte 12: 2107-12-31.
    expect(readFileSync(path).readUInt16LE(12)).toBe(((2107 - 1980) << 9) | (12 << 5) | 31);
    expect(await (await openEpub(path)).text('OEBPS/content.opf')).toContain('<meta property="dcterms:modified">2206-11-01T00:00:00Z</meta>');
  });

  it('SOURCE_DATE_EPOCH after the year 9999 is refused with its reason: exit 1, no stack trace', () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 远日\nauthor: 某人\n', '01.md': CHAPTER });
    const r = runCli(['build', dir, '--format', 'epub', '--out', tempDir('far-epoch-')], { env: { SOURCE_DATE_EPOCH: '8640000000001' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds since 1970, before the year 10000');
    expect(r.stderr).not.toMatch(/^\s+at /mu);
  });
});

describe('a chapter that is not UTF-8', () => {
  const text = CHAPTER.replace('“', '"').replace('”', '"');
  const iconv = (to: string, input = text) => execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input });

  it.each([
    ['GB18030', () => iconv('GB18030'), 'GB18030', 1],
    ['Big5', () => iconv('BIG5', execFileSync('opencc', ['-c', 's2t.json'], { input: text, encoding: 'utf8' })), 'Big5', 1],
    ['UTF-16 with a byte-order mark', () => iconv('UTF-16'), 'UTF-16', undefined],
    ['UTF-16LE without one', () => iconv('UTF-16LE'), 'UTF-16LE', undefined],
    ['UTF-16BE without one', () => iconv('UTF-16BE'), 'UTF-16BE', undefined],
  ] as const)('%s: names the encoding and gives the iconv command that converts it', (_name, bytes, encoding, line) => {
    const data = bytes();
    expect(guessEncoding(data)).toBe(encoding);
    const dir = writeManuscript({ '01.md': data });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    const message = r.stderr.split('\n').find((l) => l.includes('[load:not-utf8]'))!;
    // Column 3 is 第's: '#' and the space before it are ASCII, the same in every encoding.
    expect(message).toMatch(new RegExp(`01\\.md${line ? `:${line}:3` : ''} error chapter file is not valid UTF-8; it looks like ${encoding}\\.`, 'u'));
    const command = /Convert it with: (.*) \[load:not-utf8\]$/u.exec(message)![1];
    expect(command).toBe(`iconv -f ${encoding} -t UTF-8 '${join(dir, '01.md')}' > '${join(dir, '01.md')}.utf8' && mv '${join(dir, '01.md')}.utf8' '${join(dir, '01.md')}'`);
    // The command works: after it, the chapter checks.
    execFileSync('sh', ['-c', command]);
    expect(runCli(['check', '--chapters', dir]).stderr).not.toContain('load:not-utf8');
  });

  it('names no encoding for UTF-8 with one damaged byte, only its line and column', () => {
    const damaged = Buffer.concat([Buffer.from(text), Buffer.from([0xff, 0x0a])]);
    expect(guessEncoding(damaged)).toBeUndefined();
    const r = runCli(['check', '--chapters', writeManuscript({ '01.md': damaged })]);
    expect(r.stderr).toMatch(/01\.md:4:1 error chapter file is not valid UTF-8 \[load:not-utf8\]/u);
    // Inside a line: the column counts the characters before the broken byte.
    const mid = Buffer.concat([Buffer.from('# 第一章：山\n\n正文，'), Buffer.from([0xe6, 0x96]), Buffer.from('后文。\n')]);
    expect(runCli(['check', '--chapters', writeManuscript({ '01.md': mid })]).stderr).toMatch(/01\.md:3:4 error chapter file is not valid UTF-8/u);
  });
});

describe('names', () => {
  it('calls the lowest severity a note, in each line as in the summary and the README', () => {
    const note: Diagnostic = { file: '/b/01.md', line: 3, severity: 'info', rule: 'punct:quotes', message: '" → “' };
    expect(formatDiagnostic(note, '/b')).toBe('01.md:3 note " → “ [punct:quotes]');
    expect(summaryLine([note])).toBe('0 errors, 0 warnings, 1 note');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/\| note \|/u);
    expect(readme).not.toMatch(/\| info \|/u);
  });

  it('documents every rule id the source can report, in docs/diagnostics.md', () => {
    const documented = readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8');
    const ids = ruleIdsInSource();
    // The ones the issue named, so that the scan itself is seen to work.
    for (const id of ['load:not-utf8', 'asset:remote-image', 'config:missing-key', 'config:yaml', 'glossary:malformed', 'review:duplicate']) expect(ids).toContain(id);
    expect(ids.filter((id) => !documented.includes(`\`${id}\``))).toEqual([]);
  });
});

describe('--watch progress', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times each rebuild from its own start, not from the start of the session', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    let out = '';
    const progress = createProgress({ isTTY: false, write: (s: string) => ((out += s), true) } as never, {});
    progress.stage('epub zh-Hans', { done: 0, total: 2 });
    vi.advanceTimersByTime(1500);
    progress.stage('done', { done: 2, total: 2 });
    progress.end();
    // The session then waits a minute for an edit.
    vi.advanceTimersByTime(60_000);
    progress.stage('epub zh-Hans', { done: 0, total: 2 });
    vi.advanceTimersByTime(300);
    progress.stage('done', { done: 2, total: 2 });
    expect(out.trim().split('\n')).toEqual(['[0/2] epub zh-Hans (0.0 s)', '[2/2] done (1.5 s)', '[0/2] epub zh-Hans (0.0 s)', '[2/2] done (0.3 s)']);
  });
});

/** Every rule id a stage can report: literal ids, and the `${rule}:suffix` ids of the pair-file reader with each prefix it is given. */
function ruleIdsInSource(): string[] {
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/'([a-z]+:[a-z0-9]+(?:-[a-z0-9]+)*)'/gu)) if (!m[1].startsWith('node:')) ids.add(m[1]);
        for (const m of text.matchAll(/`\$\{rule\}:([a-z-]+)`/gu)) suffixes.add(m[1]);
        for (const m of text.matchAll(/(?:loadPairFile\([^;]*?|parseGlossary\([^;]*?rule = )'([a-z]+)'/gu)) prefixes.add(m[1]);
      }
    }
  };
  walk(join(ROOT, 'src'));
  for (const p of prefixes) for (const s of suffixes) ids.add(`${p}:${s}`);
  return [...ids].sort();
}
