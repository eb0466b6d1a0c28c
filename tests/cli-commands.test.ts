import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookConfigSchema } from '../src/config/schema.ts';
import { startZhanghui, zhanghui } from './helpers/zhanghui.ts';
import { ROOT, tempDir } from './helpers/paths.ts';

/*
 * The installed command's subcommands, each run as a child process from a
 * folder of the test's own, as a user would from a shell.
 */

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const STARTER = ['.gitignore', '01-eliza.md', '02-deep-blue.md', 'book.yaml', 'glossary.zh-Hant-HK.tsv', 'glossary.zh-Hant-TW.tsv', 'images/duiyi.png'];

/** Every key path book.yaml's schema accepts (`print.trim`, `fonts.*.body` …). */
function schemaKeys(schema: unknown, path: string[] = [], out: string[] = []): string[] {
  const def = (schema as { _zod: { def: { type: string; innerType?: unknown; shape?: Record<string, unknown>; valueType?: unknown; options?: unknown[] } } })._zod.def;
  if (def.type === 'optional') return schemaKeys(def.innerType, path, out);
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape!)) {
      out.push([...path, k].join('.'));
      schemaKeys(v, [...path, k], out);
    }
  }
  if (def.type === 'record') schemaKeys(def.valueType, [...path, '*'], out);
  if (def.type === 'union') for (const o of def.options!) schemaKeys(o, path, out);
  return out;
}

describe('zhanghui: help, version and usage errors', () => {
  const cwd = tempDir('cli-');

  it('--version prints the package version and nothing else', () => {
    for (const flag of ['--version', '-V']) {
      const r = zhanghui([flag], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it.each(['build', 'check', 'init', 'serve', 'clean'])('%s has -h, --help and help <command>', (command) => {
    for (const args of [[command, '-h'], [command, '--help'], ['help', command]]) {
      const r = zhanghui(args, { cwd });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: zhanghui ${command} \\[DIR\\]`, 'u'));
      expect(r.stdout).toContain('Exit codes: 0 ok');
    }
  });

  it('--help lists every command', () => {
    const r = zhanghui(['--help'], { cwd });
    expect(r.code).toBe(0);
    for (const c of ['init', 'check', 'build', 'serve', 'clean']) expect(r.stdout).toMatch(new RegExp(`^  ${c} \\[DIR\\]`, 'mu'));
  });

  it.each([
    [[], 'no command given'],
    [['publish'], "unknown command 'publish'"],
    [['build', 'a', '--chapters', 'b'], "the manuscript folder is given twice ('a' and --chapters b)"],
    [['check', 'a', 'b'], "unexpected argument 'b'"],
    [['serve', '--port', 'eighty'], "--port: 'eighty' is not a port number"],
    [['init', '--out', 'x'], "unknown option '--out' for init"],
    [['clean', '--edition', 'zh-Hans'], "unknown option '--edition' for clean"],
    [['build', '--formats', 'epub'], "unknown option '--formats' for build (did you mean --format?)"],
    [['check', '--edit', 'zh-Hans'], "unknown option '--edit' for check (did you mean --edition?)"],
    [['check', '--strict=no'], '--strict takes no value'],
    [['build', '--verbose=1'], '--verbose takes no value'],
  ])('%j is a usage error: exit 2 with the usage', (args, message) => {
    const r = zhanghui(args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${message}`);
    expect(r.stderr).toContain('Usage: zhanghui');
    expect(r.stderr).not.toMatch(/\n\s+at /u);
  });
});

describe('zhanghui init, check, build and clean', () => {
  const cwd = tempDir('cli-');
  let init: ReturnType<typeof zhanghui>;
  beforeAll(() => {
    init = zhanghui(['init', 'mybook'], { cwd });
  });

  it('init writes the starter book and says what to do next', () => {
    expect(init.code).toBe(0);
    const book = join(cwd, 'mybook');
    for (const f of STARTER) expect(existsSync(join(book, f)), f).toBe(true);
    expect(init.stdout).toContain('created mybook/book.yaml');
    expect(init.stdout).toContain('Next: zhanghui check mybook --strict');
    expect(readFileSync(join(book, '.gitignore'), 'utf8')).toMatch(/^dist\/$/mu);
  });

  it('init overwrites nothing: a second run into the same folder writes nothing and exits 1', () => {
    const book = join(cwd, 'mybook');
    writeFileSync(join(book, '01-eliza.md'), '# 第一回：我自己的\n\n正文。\n');
    const r = zhanghui(['init', 'mybook'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mybook error already has .*; init writes nothing over existing files \[init:existing-files\]$/mu);
    expect(r.stderr).toContain('01-eliza.md');
    expect(readFileSync(join(book, '01-eliza.md'), 'utf8')).toBe('# 第一回：我自己的\n\n正文。\n');
    // Put the starter chapter back for the tests below.
    writeFileSync(join(book, '01-eliza.md'), readFileSync(join(ROOT, 'templates/starter/01-eliza.md')));
  });

  it('init where a file stands in the way is exit 1 with a diagnostic and the summary, not a stack trace', () => {
    writeFileSync(join(cwd, 'plainfile'), 'x');
    const r = zhanghui(['init', 'plainfile/book'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('plainfile/book error cannot write the new book here: a file stands where a folder should be [init:write-failed]\n1 error, 0 warnings, 0 notes\n');
    expect(r.stdout).toBe('');
  });

  it('init into . (the default) from inside an empty folder', () => {
    const dir = tempDir('cli-init-');
    const r = zhanghui(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', '01-eliza.md', '02-deep-blue.md', 'book.yaml', 'glossary.zh-Hant-HK.tsv', 'glossary.zh-Hant-TW.tsv', 'images']);
    expect(r.stdout).toContain('Next: zhanghui check --strict');
  });

  it('init in a folder of chapters writes the settings and glossaries, not the sample chapters, which would join the book', () => {
    const dir = tempDir('cli-init-own-');
    writeFileSync(join(dir, '01-yedu.md'), '# 第一回　夜渡\n\n正文。\n');
    writeFileSync(join(dir, '02-suanpan.md'), '# 第二回　算盘\n\n正文。\n');
    const r = zhanghui(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', '01-yedu.md', '02-suanpan.md', 'book.yaml', 'glossary.zh-Hant-HK.tsv', 'glossary.zh-Hant-TW.tsv']);
    expect(r.stdout).toContain('. holds chapters already (01-yedu.md, 02-suanpan.md): the sample chapters and their image are left out\n');
    // The book is the author's two chapters.
    const check = zhanghui(['check'], { cwd: dir });
    expect(check.stderr).not.toContain('eliza');
    expect(check.stderr).not.toContain('chapter:duplicate-number');
  });

  it("the starter book.yaml shows every key book.yaml's schema accepts", () => {
    const yaml = readFileSync(join(cwd, 'mybook', 'book.yaml'), 'utf8');
    const keys = schemaKeys(bookConfigSchema);
    expect(keys.length).toBeGreaterThan(40);
    for (const key of keys) {
      const name = key.split('.').pop()!;
      if (name === '*') continue;
      expect(yaml, key).toMatch(new RegExp(`(^|[\\s{,#])${name}:`, 'mu'));
    }
  });

  it('the starter book passes check --strict with no warning', () => {
    const r = zhanghui(['check', 'mybook', '--strict'], { cwd });
    expect(r.stderr).toMatch(/^0 errors, 0 warnings, /mu);
    expect(r.code).toBe(0);
  });

  it('check finds the folder from inside it, and --chapters works like the positional folder', () => {
    expect(zhanghui(['check', '--strict'], { cwd: join(cwd, 'mybook') }).code).toBe(0);
    expect(zhanghui(['check', '--chapters', 'mybook', '--strict'], { cwd }).code).toBe(0);
  });

  it('build writes into <folder>/dist by default, and the preview uses every construct of the format', () => {
    const r = zhanghui(['build', 'mybook', '--edition', 'zh-Hans', '--format', 'epub,html'], { cwd });
    expect(r.stderr).toMatch(/^0 errors, 0 warnings/mu);
    expect(r.code).toBe(0);
    const dist = join(cwd, 'mybook', 'dist');
    expect(readdirSync(dist).sort()).toEqual(['zhujingji.zh-Hans', 'zhujingji.zh-Hans.epub']);
    expect(r.stdout).toContain('wrote mybook/dist/zhujingji.zh-Hans.epub');
    const pages = ['c001.html', 'c002.html'].map((p) => readFileSync(join(dist, 'zhujingji.zh-Hans', p), 'utf8')).join('\n');
    // What the parser makes of each construct (tests/fixtures/golden/plugins.txt).
    for (const made of [
      'class="chapter-label">第一回',
      '<div class="poem">',
      '<div class="recap">',
      '<h2 class="section"',
      '<h3 class="runin"',
      '<h3',
      '<p class="closing">',
      '<div class="part-break"',
      '<div class="author-note">',
      '<em class="dots">',
      '<strong>',
      '<code>DOCTOR</code>',
      '<pre',
      '<blockquote>',
      '<ol>',
      '<ul>',
      '<table',
      'style="text-align:center"',
      '<figure',
      '<figcaption',
      'epub:type="footnote"',
      '<a href="https://en.wikipedia.org/wiki/ELIZA">',
    ]) {
      expect(pages, made).toContain(made);
    }
    // Three poems: the two opening ones under their heading, and verse elsewhere by its hard breaks.
    expect(pages.match(/<div class="poem">/gu)).toHaveLength(3);
  });

  it('a SIGINT (Ctrl-C) stops the build at once: the process ends by the signal, as the shell expects (130), nothing half-written', async () => {
    const out = tempDir('cli-int-');
    const run = startZhanghui(['build', 'mybook', '--out', out, '--format', 'epub,pdf'], { cwd });
    // Once the build is under way.
    for (let waited = 0; !/subset fonts/u.test(run.output().stderr) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGINT');
    const { code, signal } = await run.exit;
    expect({ code, signal }, run.output().stderr).toEqual({ code: null, signal: 'SIGINT' });
    expect(readdirSync(out).filter((f) => /\.(tmp|old)-\d+$/u.test(f))).toEqual([]);
  });

  it('clean deletes the outputs, the preview and leftover temporary files, and nothing else', () => {
    const dist = join(cwd, 'mybook', 'dist');
    const keep = ['notes.txt', 'other-book.zh-Hans.epub', 'zhujingji.txt', 'zhujingji.zh-Hans-draft.epub'];
    for (const f of keep) writeFileSync(join(dist, f), 'mine');
    mkdirSync(join(dist, 'mine'));
    writeFileSync(join(dist, '.zhujingji.zh-Hans.pdf.tmp-4242'), 'torn');
    mkdirSync(join(dist, '.zhujingji.zh-Hans.old-4242'));
    const dry = zhanghui(['clean', 'mybook', '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would delete mybook/dist/zhujingji.zh-Hans.epub');
    expect(readdirSync(dist)).toContain('zhujingji.zh-Hans.epub');

    const r = zhanghui(['clean', 'mybook'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(
      ['.zhujingji.zh-Hans.old-4242', '.zhujingji.zh-Hans.pdf.tmp-4242', 'zhujingji.zh-Hans', 'zhujingji.zh-Hans.epub'].map((f) => `deleted mybook/dist/${f}`).sort(),
    );
    expect(readdirSync(dist).sort()).toEqual([...keep, 'mine'].sort());
    expect(zhanghui(['clean', 'mybook'], { cwd }).stdout).toBe('nothing to clean in mybook/dist\n');
  });

  it('clean with --out cleans that folder; a broken book.yaml is exit 1 at its line', () => {
    const out = join(cwd, 'elsewhere');
    mkdirSync(out);
    writeFileSync(join(out, 'zhujingji.zh-Hant-TW.pdf'), 'x');
    expect(zhanghui(['clean', 'mybook', '--out', 'elsewhere'], { cwd }).code).toBe(0);
    expect(readdirSync(out)).toEqual([]);

    const broken = tempDir('cli-broken-');
    writeFileSync(join(broken, 'book.yaml'), 'title: 书\nauthor: 人\nslugg: x\n');
    const r = zhanghui(['clean', broken], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/book\.yaml:3:1 error .*\[config:unknown-key\]/u);
  });

  it('build and init into a folder the kernel will not make (/proc) end at once with exit 1', () => {
    const build = zhanghui(['build', 'mybook', '--out', '/proc/zhanghui-out', '--format', 'epub'], { cwd });
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/cannot write \/proc\/zhanghui-out\/.*\[output:write-failed\]/u);
    const init = zhanghui(['init', '/proc/zhanghui-book'], { cwd });
    expect(init.code).toBe(1);
    expect(init.stderr).toMatch(/^\S*zhanghui-book error cannot write the new book here: the folder cannot be made there \[init:write-failed\]\n1 error, 0 warnings, 0 notes\n$/u);
  });

  it('clean of a manuscript folder that is not there is exit 1, not "nothing to clean"', () => {
    const r = zhanghui(['clean', 'no-such-book'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error manuscript folder not found: .*no-such-book \[load:missing-folder\]/u);
  });

  it('clean --out naming a file is exit 1 with a diagnostic and the summary, not a stack trace', () => {
    writeFileSync(join(cwd, 'afile'), 'x');
    const r = zhanghui(['clean', 'mybook', '--out', 'afile'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('afile error cannot clean this folder: a file stands where a folder should be [clean:unreadable]\n1 error, 0 warnings, 0 notes\n');
  });
});

describe('check prints a few notes of a kind per file, and counts the rest', () => {
  const book = (lines: number) => {
    const dir = tempDir('check-notes-');
    writeFileSync(join(dir, 'book.yaml'), 'title: 短书\nauthor: 某人\neditions: [zh-Hans]\n');
    const dialogue = Array.from({ length: lines }, (_, k) => `他说："第${'一二三四五六七八九'[k]}句。"`).join('\n\n');
    writeFileSync(join(dir, '01.md'), `# 第一章：开篇\n\n${dialogue}\n`);
    return dir;
  };
  const quoteLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('[punct:quotes]'));

  it('three punct:quotes notes of seven, then one line for the other four; the summary counts all seven', () => {
    const r = zhanghui(['check', '.'], { cwd: book(7) });
    expect(r.code).toBe(0);
    const lines = quoteLines(r.stderr);
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).every((l) => /01\.md:\d+ note .*“/u.test(l))).toBe(true);
    expect(lines[3]).toMatch(/01\.md:9 note 4 more notes like these in this file, from this line on \(--verbose lists each\) \[punct:quotes\]/u);
    const all = zhanghui(['check', '.', '--verbose'], { cwd: book(7) });
    expect(quoteLines(all.stderr)).toHaveLength(7);
    // The summary line counts what was found, not what was printed.
    expect(r.stderr.match(/\d+ notes?$/mu)![0]).toBe(all.stderr.match(/\d+ notes?$/mu)![0]);
  });

  it('prints a fourth note itself rather than a line saying there is one more', () => {
    expect(quoteLines(zhanghui(['check', '.'], { cwd: book(4) }).stderr)).toHaveLength(4);
  });
});
