import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../src/cli/args.ts';
import { runCli } from './helpers/cli.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';

const GOOD = '# 第一章：开篇\n\n正文一段。\n';

/** Nothing a user can cause may print a stack trace. */
const expectNoTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error/u);

describe('command line', () => {
  it('an unclosed comment fails with exit 1 at the line where it opens, path relative to the caller', () => {
    const dir = writeManuscript({ '01-one.md': '# 第一章：开篇\n\n正文。\n\n<!-- 忘了关\n\n后文。\n' });
    const out = tempDir('out-');
    const r = runCli(['build', '--chapters', '.', '--out', out], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^01-one\.md:5:1 error comment <!-- is never closed .* \[parse:unclosed-comment\]$/mu);
    expect(r.stderr).toMatch(/^1 error, /mu);
    expect(readdirSync(out)).toEqual([]);
    expectNoTrace(r.stderr);
  });

  it('an empty chapter is a warning naming the file, and the rest builds', () => {
    const dir = writeManuscript({ '01-one.md': GOOD, '02-empty.md': '\n  \n' });
    const out = tempDir('out-');
    const r = runCli(['build', '--chapters', dir, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/02-empty\.md:1 warning chapter file is empty; it is left out of the book \[load:empty-chapter\]/u);
    expect(readdirSync(out).filter((f) => f.endsWith('.epub'))).toHaveLength(1);
  });

  it('a manuscript of only empty chapters fails with exit 1', () => {
    const dir = writeManuscript({ '01-empty.md': '' });
    const r = runCli(['build', '--chapters', dir, '--out', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[load:no-chapters]');
    expectNoTrace(r.stderr);
  });

  it('a missing folder fails with exit 1 and says which', () => {
    const r = runCli(['build', '--chapters', 'no-such-folder', '--out', tempDir()], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error manuscript folder not found: .*no-such-folder \[load:missing-folder\]/u);
    expectNoTrace(r.stderr);
  });

  it('an unknown flag is a usage error, exit 2', () => {
    const r = runCli(['build', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--colour'");
    expect(r.stderr).toContain('Usage:');
  });

  it.each([
    [['build', '--edition', 'zh-XX'], "--edition: unknown value 'zh-XX'"],
    [['build', '--format', 'mobi'], "--format: unknown value 'mobi'"],
    [['build', '--chapters'], '--chapters needs a value'],
    [['build', '--format', 'epub,,pdf'], "--format: 'epub,,pdf' has an empty value between commas"],
    [['build', '--edition', 'zh-Hans,'], "--edition: 'zh-Hans,' has an empty value between commas"],
    [['publish'], "unknown command 'publish'"],
  ])('%j is a usage error', (args, message) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('reads editions, formats and layouts in any case, as language tags are', () => {
    const run = parseInvocation(['build', '--edition', 'zh-hans,ZH-HANT-tw', '--format', 'EPUB,Pdf', '--layout', 'Vertical']);
    expect(run.kind === 'run' && [run.args.editions, run.args.formats, run.args.layouts]).toEqual([['zh-Hans', 'zh-Hant-TW'], ['epub', 'pdf'], ['vertical']]);
  });

  it('a bad book.yaml key fails with exit 1 at its file:line', () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 人\nformat: [epub]\n', '01.md': GOOD });
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:3:1 error unknown key 'format' .*\[config:unknown-key\]/u);
  });

  it('check lists punctuation changes as notes and writes nothing', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n他说"好"......\n' });
    const before = readdirSync(dir).sort();
    const r = runCli(['check', '--chapters', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/01\.md:3 note .* → “.* \[punct:quotes\]/u);
    expect(r.stderr).toMatch(/01\.md:3 note ...... → …… \[punct:ellipsis\]/u);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--strict turns a warning into exit 1', () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n他说"没有结尾。\n' });
    expect(runCli(['check', '--chapters', dir]).code).toBe(0);
    const r = runCli(['check', '--chapters', dir, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[punct:unbalanced-quotes]');
  });

  it('builds <slug>.<edition>.epub into --out, resolved against the caller', () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 测试之书\nauthor: 某人\nslug: test-book\n', '01.md': GOOD });
    const r = runCli(['build', '--chapters', dir, '--out', 'built'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'built/test-book.zh-Hans.epub'))).toBe(true);
    expect(r.stdout).toContain('wrote built/test-book.zh-Hans.epub');
  });
});
