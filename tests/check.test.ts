import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

const META = '<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n- 核心意义：某义\n-->\n';
/** A chapter with a heading (line 1) and the metadata comment (lines 3–10); the body starts at line 12. */
const chapter = (body: string, heading = '# 第一章：测试') => `${heading}\n\n${META}\n${body}\n`;

function check(files: Record<string, string>, args: string[] = []) {
  const dir = writeManuscript(files);
  return runCli(['check', '--chapters', '.', ...args], { cwd: dir });
}

describe('npm run check', () => {
  it.each([
    ['an unclosed “', chapter('他说"没有收尾。\n\n下一段。'), '01.md:12 warning', 'punct:unbalanced-quotes'],
    ['an unclosed 「', chapter('他说「没有收尾。\n\n下一段。'), '01.md:12 warning', 'punct:unbalanced-brackets'],
    ['a stray ）', chapter('多了一个括号）在这里。'), '01.md:12 warning', 'punct:unbalanced-brackets'],
    ['an unclosed 《', chapter('书名《计算机器与智能没有收尾。'), '01.md:12 warning', 'punct:unbalanced-brackets'],
    ['half-width punctuation in Han text', chapter('妙!妙极了,真的?'), '01.md:12 note', 'punct:full-width'],
    ['an ASCII ellipsis', chapter('他沉吟道......'), '01.md:12 note', 'punct:ellipsis'],
    ['missing metadata', '# 第一章：测试\n\n正文。\n', '01.md:1 warning', 'meta:missing'],
    ['malformed metadata', chapter('正文。').replace('- 地点：某地', '- 地点某地'), '01.md:6 warning', 'meta:malformed'],
    ['an unknown metadata key', chapter('正文。').replace('- 地点：某地', '- 天气：晴'), '01.md:6 warning', 'meta:unknown-key'],
    ['an unclosed comment', chapter('正文。\n\n<!-- 没有关上\n\n后文。'), '01.md:14:1 error', 'parse:unclosed-comment'],
    ['a character no font covers', chapter('他姓𠮷。'), '01.md:12:3 error', 'font:missing-glyph'],
    ['a missing image', chapter('![图](images/none.png)'), '01.md:12:1 error', 'asset:missing-image'],
    ['a code fence never closed', chapter('正文。\n\n```python\nx = 1\n\n## 第二节\n\n后文。'), '01.md:14:1 warning', 'parse:unclosed-fence'],
    ['a table row with more cells than columns', chapter('| 门派 | 人物 |\n| --- | --- |\n| 甲 | 乙 | 多出的一格 |'), '01.md:14:11 warning', 'parse:table-cells'],
    ['a footnote defined twice', chapter('引文[^ok]。\n\n[^ok]: 第一条。\n[^ok]: 第二条。'), '01.md:15:1 warning', 'parse:duplicate-footnote'],
    ['a link definition no link uses', chapter('正文。\n\n[A]: note'), '01.md:14 warning', 'parse:unused-definition'],
    ['a line separator pasted in', chapter('此行\u2028换行。'), '01.md:12:3 warning', 'load:separator'],
    ['an ideographic variation selector', chapter('他姓葛\u{E0100}。'), '01.md:12:4 note', 'load:variation-selector'],
  ])('reports %s at its file:line', (_name, text, where, rule) => {
    const r = check({ '01.md': text });
    const line = r.stderr.split('\n').find((l) => l.endsWith(`[${rule}]`));
    expect(line, r.stderr).toBeDefined();
    expect(line!.startsWith(where)).toBe(true);
    expect(r.code).toBe(where.endsWith('error') ? 1 : 0);
  });

  it('reports duplicate and out-of-order chapter numbers and empty chapters', () => {
    const r = check({
      '1.md': chapter('一。', '# 第二章：二'),
      '2.md': chapter('一。', '# 第一章：一'),
      '3.md': chapter('一。', '# 第一章：又一'),
      '4.md': ' \n',
    });
    expect(r.stderr).toMatch(/^2\.md:1 warning .*\[chapter:out-of-order\]$/mu);
    // With the way out: the order is the files', set by their names or by book.yaml's order:.
    expect(r.stderr).toMatch(/^2\.md:1 warning 第一章 comes after 第二章 \(1\.md\): the book follows its files .*number the files 01-…, 02-…, or list them under order: \[chapter:out-of-order\]$/mu);
    expect(r.stderr).toMatch(/^3\.md:1 warning .*\[chapter:duplicate-number\]$/mu);
    expect(r.stderr).toMatch(/^4\.md:1 warning .*\[load:empty-chapter\]$/mu);
  });

  it('refuses an image outside the book folder', () => {
    const outside = tempDir('outside-');
    writeFileSync(join(outside, 'x.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const dir = writeManuscript({ '01.md': chapter(`![图](${join('..', outside.split('/').pop()!, 'x.png')})`) });
    mkdirSync(join(dir, 'images'), { recursive: true });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/01\.md:12:1 error image .* lies outside the manuscript folder \[asset:outside-folder\]/u);
  });

  it('passes a clean manuscript, and --strict turns any warning into exit 1', () => {
    expect(check({ '01.md': chapter('干净的一段。') }, ['--strict']).code).toBe(0);
    const warned = check({ '01.md': chapter('他说"没有收尾。') }, ['--strict']);
    expect(warned.code).toBe(1);
    expect(warned.stderr).toContain('[punct:unbalanced-quotes]');
  });

  it('--strict fails a build on a warning too, and writes nothing', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：测试\n\n正文。\n' });
    const out = tempDir();
    const r = runCli(['build', '--chapters', dir, '--out', out, '--format', 'epub', '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[meta:missing]');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('build stopped: --strict fails it at a warning; nothing was written');
    expect(readdirSync(out)).toEqual([]);
  });
});
