import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers/paths.ts';

/*
 * The command as a user installs it: `npm pack` (whose prepare script
 * compiles lib/), then `npm install -g --prefix` of the tarball, then the
 * installed `zhanghui` from a folder of its own. The dependencies come from
 * npm's cache when it has them (--prefer-offline), else from the registry.
 */

const run = (cmd: string, args: string[], cwd: string) => {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
  // Nothing of this repository's own npm run may leak into the user's shell.
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'INIT_CWD') delete env[k];
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, timeout: 600_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

describe('zhanghui installed from a packed tarball', () => {
  const work = tempDir('cli-install-');
  const prefix = join(work, 'prefix');
  const zhanghui = join(prefix, 'bin', 'zhanghui');
  const user = join(work, 'home');
  let tarball: string;

  beforeAll(() => {
    const packed = run('npm', ['pack', '--pack-destination', work, '--json'], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    const installed = run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
    expect(installed.code, installed.stderr).toBe(0);
    mkdirSync(user);
  }, 900_000);

  // The install holds every dependency, fonts included (about half a gigabyte).
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the package carries the compiled command and its templates, and no TypeScript or tsx', () => {
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain('package/lib/cli/bin.js');
    expect(listing).toContain('package/lib/build/parallel/edition-worker.js');
    expect(listing).toContain('package/templates/starter/book.yaml');
    expect(listing).toContain('package/templates/starter/gitignore');
    expect(listing.filter((f) => f.endsWith('.ts') || f.startsWith('package/src/') || f.startsWith('package/tests/') || f.startsWith('package/dist/'))).toEqual([]);
    const pkg = join(prefix, 'lib', 'node_modules', 'wuxia-ai-book');
    expect(readFileSync(join(pkg, 'lib', 'cli', 'bin.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/u);
    expect(existsSync(join(pkg, 'node_modules', 'tsx'))).toBe(false);
  });

  it('--version answers with the package version', () => {
    const r = run(zhanghui, ['--version'], user);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('init mybook, check mybook --strict, build mybook --out out: the EPUB and the PDF of each edition', () => {
    const init = run(zhanghui, ['init', 'mybook'], user);
    expect(init.code, init.stderr).toBe(0);
    const check = run(zhanghui, ['check', 'mybook', '--strict'], user);
    expect(check.stderr).toMatch(/^0 errors, 0 warnings/mu);
    expect(check.code).toBe(0);
    const build = run(zhanghui, ['build', 'mybook', '--out', 'out'], user);
    expect(build.stderr).toMatch(/^0 errors, 0 warnings/mu);
    expect(build.code).toBe(0);
    const out = join(user, 'out');
    expect(readdirSync(out).sort()).toEqual(['zhujingji.zh-Hans.epub', 'zhujingji.zh-Hans.pdf', 'zhujingji.zh-Hant-TW.epub', 'zhujingji.zh-Hant-TW.pdf']);
    for (const f of readdirSync(out)) {
      const bytes = readFileSync(join(out, f));
      if (f.endsWith('.pdf')) expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // An EPUB is a zip whose first entry is the uncompressed mimetype.
      else expect(bytes.subarray(30, 58).toString('latin1')).toBe('mimetypeapplication/epub+zip');
    }
    // The PDF opens in poppler and has the starter's two chapters' text.
    const text = execFileSync('pdftotext', [join(out, 'zhujingji.zh-Hant-TW.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('魏岑鮑姆');
    expect(text).toContain('卡斯帕洛夫');
  });

  // Each format's own modules load from lib/ as compiled: a worker entry or template that only
  // the TypeScript sources can find fails here, not on an author's machine.
  it('build --format review,html,print writes the review, the preview and the print files', () => {
    const build = run(zhanghui, ['build', 'mybook', '--out', 'formats', '--edition', 'zh-Hant-TW', '--format', 'review,html,print'], user);
    expect(build.code, build.stderr).toBe(0);
    expect(readdirSync(join(user, 'formats')).sort()).toEqual([
      'zhujingji.zh-Hant-TW',
      'zhujingji.zh-Hant-TW.cover.pdf',
      'zhujingji.zh-Hant-TW.print.pdf',
      'zhujingji.zh-Hant-TW.review.html',
      'zhujingji.zh-Hant-TW.review.tsv',
    ]);
    const tsv = readFileSync(join(user, 'formats', 'zhujingji.zh-Hant-TW.review.tsv'), 'utf8').split('\n');
    expect(tsv[0]).toMatch(/^file\t/u);
    expect(tsv.length).toBeGreaterThan(2);
  });
});
