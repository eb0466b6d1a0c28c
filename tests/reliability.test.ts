// Issue 8: the same input gives the same book; a failed or killed build never
// eats the previous one; nothing is read from outside the manuscript folder and
// nothing is written outside --out. Bad *content* is fuzzed in fuzz.test.ts.
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { BuildError, type Diagnostic } from '../src/diagnostics.ts';
import { NAMED_FONTS, resolveFontSpec } from '../src/fonts/sources.ts';
import { OutputWriter } from '../src/build/output-writer.ts';
import { templatePath } from '../src/paths.ts';
import { bigManuscript } from './helpers/big-manuscript.ts';
import { runCliAsync, startCli } from './helpers/cli-process.ts';
import { pdfProblems, zipEntryTimes, zipProblems } from './helpers/outputs.ts';
import { ROOT, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

const EPOCH = '1700000000';
/** SOURCE_DATE_EPOCH 1700000000 as the zip's DOS fields should carry it: UTC, whatever the machine's zone. */
const EPOCH_DOS = '2023-11-14 22:13:20';
const GOOD = '# 第一章：开篇\n\n正文一段。\n';
/**
 * A TrueType file's header and a directory of the tables every font has, each empty: enough for a
 * font path to be resolved (the first look checks the directory, not the tables), which is all these tests ask.
 */
const SFNT_HEADER = (() => {
  const tags = ['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post'];
  const bytes = Buffer.alloc(12 + 16 * tags.length);
  bytes.writeUInt32BE(0x00010000, 0);
  bytes.writeUInt16BE(tags.length, 4);
  tags.forEach((tag, i) => bytes.write(tag, 12 + 16 * i, 'latin1'));
  return bytes;
})();

/** Nothing a user can cause may print a stack trace. */
const expectNoTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |internal error/u);

const filesIn = (dir: string) => readdirSync(dir).sort();
const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));

describe('reproducible builds', () => {
  const args = (out: string) => ['build', '--out', out, '--edition', 'zh-Hans,zh-Hant-TW', '--format', 'epub,pdf'];
  let utc: string;
  let shanghai: string;
  let names: string[];

  beforeAll(async () => {
    utc = tempDir('repro-utc-');
    shanghai = tempDir('repro-shanghai-');
    // Two fresh processes at once, eight hours apart on the clock face: neither
    // shares a cache with the other, and they must not disturb each other.
    const runs = await Promise.all([
      runCliAsync(args(utc), { env: { SOURCE_DATE_EPOCH: EPOCH, TZ: 'UTC' } }),
      runCliAsync(args(shanghai), { env: { SOURCE_DATE_EPOCH: EPOCH, TZ: 'Asia/Shanghai' } }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    names = filesIn(utc);
    expect(names.filter((n) => /\.(epub|pdf)$/u.test(n))).toHaveLength(4);
    expect(filesIn(shanghai)).toEqual(names);
  });

  it('gives byte-identical PDFs from two processes in different time zones (zh-Hans and zh-Hant-TW)', () => {
    const pdfs = names.filter((n) => n.endsWith('.pdf'));
    expect(pdfs).toHaveLength(2);
    for (const n of pdfs) expect(sameBytes(join(utc, n), join(shanghai, n)), n).toBe(true);
  });

  it('gives the same bytes in process, with warm caches and the editions in the other order, as a fresh process', async () => {
    // Fonts, subsets and converters cached by earlier builds in this process must not change a byte.
    const zone = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      await build({ chaptersDir: SAMPLE, outDir: tempDir('repro-warm-'), editions: ['zh-Hant-HK'], formats: ['epub', 'pdf'], sourceDateEpoch: EPOCH });
      const out = tempDir('repro-inproc-');
      await build({ chaptersDir: SAMPLE, outDir: out, editions: ['zh-Hant-TW', 'zh-Hans'], formats: ['pdf', 'epub'], sourceDateEpoch: EPOCH });
      expect(filesIn(out)).toEqual(names);
      for (const n of names) expect(sameBytes(join(out, n), join(utc, n)), n).toBe(true);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    for (const n of names.filter((f) => f.endsWith('.epub'))) {
      expect(new Set(zipEntryTimes(readFileSync(join(utc, n)))), n).toEqual(new Set([EPOCH_DOS]));
    }
  });

  // JSZip 3.10 writes DOS times with getUTC*() (jszip/lib/generate/ZipFileWorker.js):
  // any shift by the local offset would make each time zone write other bytes.
  it('gives byte-identical EPUBs in every time zone, each zip entry dated SOURCE_DATE_EPOCH in UTC', () => {
    for (const n of names.filter((f) => f.endsWith('.epub'))) {
      expect(new Set(zipEntryTimes(readFileSync(join(shanghai, n)))), n).toEqual(new Set([EPOCH_DOS]));
      expect(sameBytes(join(utc, n), join(shanghai, n)), n).toBe(true);
    }
  });
});

describe('atomic output', () => {
  it('SIGKILL at any moment of a build leaves every output whole: the old file or folder or the new one, never a torn one', async () => {
    const slug = 'kill-test';
    const editions = ['zh-Hans', 'zh-Hant-TW'] as const;
    const manuscript = await bigManuscript(20_000, slug);
    const formats = ['epub', 'pdf', 'html'] as const;
    const args = (out: string) => ['build', '--chapters', manuscript, '--out', out, '--edition', editions.join(','), '--format', formats.join(',')];
    const env = { SOURCE_DATE_EPOCH: '1767225600' };

    // Yesterday's good build: another, smaller book under the same names.
    const oldBook = writeManuscript({ 'book.yaml': `title: 旧书\nauthor: 某人\nslug: ${slug}\n`, '01.md': '# 第一章：旧版\n\n旧版正文。\n' });
    const oldOut = tempDir('kill-old-');
    await build({ chaptersDir: oldBook, outDir: oldOut, editions: [...editions], formats: [...formats], sourceDateEpoch: '0' });
    // Per edition an EPUB, a PDF and an HTML preview folder.
    const names = filesIn(oldOut);
    expect(names).toHaveLength(6);
    const previous = new Map(names.map((n) => [n, fingerprint(join(oldOut, n))]));
    const withOldOutputs = () => {
      const out = tempDir('kill-out-');
      for (const n of names) cpSync(join(oldOut, n), join(out, n), { recursive: true, preserveTimestamps: true });
      return out;
    };

    // Today's build run to the end: the new bytes. The first run also fills
    // tsx's compile cache, so a second one tells how long a build takes.
    const referenceOut = withOldOutputs();
    let started = performance.now();
    const reference = await runCliAsync(args(referenceOut), { env });
    const first = performance.now() - started;
    expect(reference.code, reference.stderr).toBe(0);
    const next = new Map(names.map((n) => [n, fingerprint(join(referenceOut, n))]));
    for (const n of names) expect(next.get(n), n).not.toBe(previous.get(n));
    const timingOut = [withOldOutputs()];
    started = performance.now();
    expect((await runCliAsync(args(timingOut[0]), { env })).code).toBe(0);
    // The faster of the two, so that the late kills still land before the build ends.
    let duration = Math.min(first, performance.now() - started);

    type Moment = { label: string; fraction?: number; temp?: RegExp; count?: number };
    const moments: Moment[] = [
      ...[0.2, 0.4, 0.6, 0.75, 0.9].map((f) => ({ label: `at ${Math.round(f * 100)}% of a build`, fraction: f })),
      // The window that matters: an output is being written under its temporary name. Under
      // load a build runs longer than the timing run, so these also keep late moments covered.
      { label: 'as the first temporary file appears', temp: /\.tmp-\d+$/u, count: 1 },
      { label: 'as the third temporary file appears', temp: /\.tmp-\d+$/u, count: 3 },
      { label: 'as the fifth temporary file appears', temp: /\.tmp-\d+$/u, count: 5 },
      { label: 'as a preview folder is being written', temp: /\.zh-[A-Za-z-]+\.tmp-\d+$/u, count: 1 },
    ];
    const seen: Array<{ moment: string; killed: boolean; states: string }> = [];
    const attempt = async (moment: Moment) => {
      const out = withOldOutputs();
      const began = performance.now();
      const { child, exit } = startCli(args(out), { env });
      const kill = () => child.kill('SIGKILL');
      const timer = moment.fraction === undefined ? undefined : setTimeout(kill, moment.fraction * duration);
      const temps = new Set<string>();
      const watcher =
        moment.temp === undefined
          ? undefined
          : watch(out, (_event, name) => {
              if (name && moment.temp!.test(name) && temps.add(name).size >= moment.count!) kill();
            });
      const r = await exit;
      clearTimeout(timer);
      watcher?.close();
      return { out, r, took: performance.now() - began };
    };
    for (const moment of moments) {
      let { out, r, took } = await attempt(moment);
      // The timing runs shared the machine with other test files; a build that ran to the end
      // before its timed kill tells how long one takes now, and the moment is tried once more.
      if (r.signal !== 'SIGKILL' && moment.fraction !== undefined && took < duration) {
        duration = took;
        rmSync(out, { recursive: true, force: true });
        ({ out, r } = await attempt(moment));
      }

      const left = filesIn(out);
      // A preview folder is swapped in by two renames (atomic-dir.ts): killed between them, the old
      // folder stands whole under .<name>.old-<pid>, and that is the one place it may be missing from.
      const aside = (n: string) => left.find((f) => new RegExp(`^\\.${n.replace(/\./gu, '\\.')}\\.old-\\d+$`, 'u').test(f));
      // Every final name is still there (the old one was), and anything else is a temporary name.
      expect(names.filter((n) => left.includes(n) || (!n.includes('.epub') && !n.includes('.pdf') && aside(n) !== undefined)), moment.label).toEqual(names);
      for (const stray of left.filter((n) => !names.includes(n))) expect(stray, moment.label).toMatch(/^\..+\.(tmp|old)-\d+$/u);
      const states: string[] = [];
      for (const n of names) {
        const path = join(out, left.includes(n) ? n : aside(n)!);
        const problems = n.endsWith('.epub') ? await zipProblems(path) : n.endsWith('.pdf') ? pdfProblems(path) : existsSync(join(path, 'index.html')) ? [] : ['no index.html'];
        expect(problems, `${moment.label}: ${n}`).toEqual([]);
        const print = fingerprint(path);
        const state = print === previous.get(n) ? 'old' : print === next.get(n) ? 'new' : 'torn';
        expect(state, `${moment.label}: ${n}`).not.toBe('torn');
        states.push(state);
      }
      seen.push({ moment: moment.label, killed: r.signal === 'SIGKILL', states: states.join(' ') });
      rmSync(out, { recursive: true, force: true });
    }
    for (const d of [manuscript, oldBook, oldOut, referenceOut, ...timingOut]) rmSync(d, { recursive: true, force: true });
    console.info(`kill test (${names.join(', ')}; a whole build took ${(duration / 1000).toFixed(1)} s):\n${seen.map((s) => `  ${s.moment}: ${s.killed ? 'killed' : 'finished first'} → ${s.states}`).join('\n')}`);
    // The kills landed while the build ran, and at different stages of it.
    expect(seen.filter((s) => s.killed).length).toBeGreaterThanOrEqual(moments.length - 2);
    expect(new Set(seen.map((s) => s.states)).size).toBeGreaterThanOrEqual(2);
  }, 600_000);

  it('a build that fails on a manuscript error leaves the earlier outputs untouched', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 人\nslug: fail-test\n', '01.md': GOOD });
    const out = tempDir('fail-out-');
    await build({ chaptersDir: dir, outDir: out, editions: ['zh-Hans'], formats: ['epub', 'pdf'], sourceDateEpoch: EPOCH });
    const before = snapshot(out);
    expect(Object.keys(before)).toHaveLength(2);
    writeFileSync(join(dir, '02.md'), '# 第二章：坏\n\n正文。\n\n<!-- 忘了关\n');
    const r = await runCliAsync(['build', '--chapters', dir, '--out', out], { env: { SOURCE_DATE_EPOCH: '1767225600' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[parse:unclosed-comment]');
    expectNoTrace(r.stderr);
    expect(snapshot(out)).toEqual(before);
  });

  it('is atomic file by file: an output that cannot be written fails the build, exit 1, and the others are whole', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 书\nauthor: 人\nslug: part-test\n', '01.md': GOOD });
    const out = tempDir('part-out-');
    // A folder where the Taiwan EPUB should go: written after the zh-Hans files.
    mkdirSync(join(out, 'part-test.zh-Hant-TW.epub', 'x'), { recursive: true });
    const error = await build({ chaptersDir: dir, outDir: out, editions: ['zh-Hans', 'zh-Hant-TW'], formats: ['epub', 'pdf'], sourceDateEpoch: EPOCH }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).diagnostics).toMatchObject([{ rule: 'output:write-failed', file: join(out, 'part-test.zh-Hant-TW.epub') }]);
    expect(filesIn(out)).toEqual(['part-test.zh-Hans.epub', 'part-test.zh-Hans.pdf', 'part-test.zh-Hant-TW.epub']);
    expect(await zipProblems(join(out, 'part-test.zh-Hans.epub'))).toEqual([]);
    expect(pdfProblems(join(out, 'part-test.zh-Hans.pdf'))).toEqual([]);
  });

  it('an --out that is a file is exit 1 with a clear message, not a crash', async () => {
    const file = join(tempDir('out-file-'), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await runCliAsync(['build', '--chapters', writeManuscript({ '01.md': GOOD }), '--out', file, '--format', 'epub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error cannot write .*: the output folder \(or a folder above it\) is a file \[output:write-failed\]/u);
    expectNoTrace(r.stderr);
    expect(readFileSync(file, 'utf8')).toBe('x');
    // The HTML preview, a folder written whole, says the same.
    const html = await runCliAsync(['build', '--chapters', writeManuscript({ '01.md': GOOD }), '--out', file, '--format', 'html']);
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/error cannot write .*: the output folder \(or a folder above it\) is a file \[output:write-failed\]/u);
    expectNoTrace(html.stderr);
  });

  it('says in words why an --out folder cannot be made', async () => {
    // /proc takes no new folders: mkdir fails with ENOENT, even for root.
    const r = await runCliAsync(['build', '--chapters', writeManuscript({ '01.md': GOOD }), '--out', '/proc/1/no-such-out', '--format', 'epub']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error cannot write \/proc\/1\/no-such-out\/.*: the output folder cannot be made there \[output:write-failed\]/u);
    expectNoTrace(r.stderr);
  });

  it('never replaces a manuscript folder that bears the preview’s name: the build stops, the manuscript whole', async () => {
    // A manuscript named as its preview is (slug.edition), built with --out its parent folder.
    const parent = tempDir('named-like-preview-');
    const book = join(parent, 'tb.zh-Hans');
    mkdirSync(book);
    writeFileSync(join(book, 'book.yaml'), 'title: 书\nauthor: 某\nslug: tb\n');
    writeFileSync(join(book, '01.md'), GOOD);
    const r = await runCliAsync(['build', '--chapters', book, '--out', parent, '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error .*tb\.zh-Hans holds (book\.yaml|01\.md), not a preview this build wrote; the preview would replace it\. .* \[output:would-replace\]/u);
    expectNoTrace(r.stderr);
    expect(readdirSync(book).sort()).toEqual(['01.md', 'book.yaml']);
    expect(readFileSync(join(book, '01.md'), 'utf8')).toBe(GOOD);
  });

  it('an output whose rename fails leaves neither a temporary file nor a changed file behind', async () => {
    const dir = tempDir('atomic-');
    mkdirSync(join(dir, 'book.epub', 'inside'), { recursive: true });
    writeFileSync(join(dir, 'book.pdf'), 'old');
    const failing = new OutputWriter();
    await failing.write(join(dir, 'book.epub'), { kind: 'file', suffix: 'epub', bytes: new TextEncoder().encode('new') });
    await expect(failing.done()).rejects.toBeInstanceOf(BuildError);
    const writer = new OutputWriter();
    await writer.write(join(dir, 'book.pdf'), { kind: 'file', suffix: 'pdf', bytes: new TextEncoder().encode('new') });
    await writer.done();
    expect(filesIn(dir)).toEqual(['book.epub', 'book.pdf']);
    expect(readFileSync(join(dir, 'book.pdf'), 'utf8')).toBe('new');
  });

  it('an output made block by block is written whole, or leaves the old one when making it fails', async () => {
    const dir = tempDir('atomic-blocks-');
    const path = join(dir, 'book.review.tsv');
    writeFileSync(path, 'old');
    const block = new Uint8Array(4);
    const blocks = (fail: boolean) => (sink: (b: Uint8Array) => void) => {
      for (let k = 0; k < 5; k++) {
        if (fail && k === 3) throw new Error('the review could not be made');
        // One block, written over each time: the writer must have used it before the next.
        block.fill(0x61 + k);
        sink(block);
      }
    };
    const writer = new OutputWriter();
    await expect(writer.write(path, { kind: 'blocks', suffix: 'review.tsv', write: blocks(true) })).rejects.toThrow('could not be made');
    expect(filesIn(dir)).toEqual(['book.review.tsv']);
    expect(readFileSync(path, 'utf8')).toBe('old');
    const again = new OutputWriter();
    expect((await again.write(path, { kind: 'blocks', suffix: 'review.tsv', write: blocks(false) })).bytes).toBe(20);
    await again.done();
    expect(readFileSync(path, 'utf8')).toBe('aaaabbbbccccddddeeee');
  });

  it('the build’s writer lands its outputs in order: after one fails, none started later lands, and no temporary file stays', async () => {
    const dir = tempDir('writer-');
    writeFileSync(join(dir, 'b.pdf'), 'old');
    // A folder where the first file should go: its bytes are written, its rename fails.
    mkdirSync(join(dir, 'a.epub', 'x'), { recursive: true });
    const writer = new OutputWriter();
    const first = await writer.write(join(dir, 'a.epub'), { kind: 'file', suffix: 'epub', bytes: new Uint8Array(1 << 20) });
    expect(first.bytes).toBe(1 << 20);
    // Started before the first one failed: made and synced, but never renamed into place.
    await writer.write(join(dir, 'b.pdf'), { kind: 'blocks', suffix: 'pdf', write: (sink) => sink(new TextEncoder().encode('new')) });
    const error = await writer.done().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BuildError);
    expect((error as BuildError).diagnostics).toMatchObject([{ rule: 'output:write-failed', file: join(dir, 'a.epub') }]);
    expect(filesIn(dir)).toEqual(['a.epub', 'b.pdf']);
    expect(readFileSync(join(dir, 'b.pdf'), 'utf8')).toBe('old');
    // The build asks before it makes another format: the failure is known by now.
    expect(() => writer.check()).toThrow(BuildError);
    // A later output is not even started.
    await expect(writer.write(join(dir, 'c.html'), { kind: 'folder', suffix: '', files: new Map([['index.html', 'x']]), entry: 'index.html' })).rejects.toBeInstanceOf(BuildError);
    expect(filesIn(dir)).toEqual(['a.epub', 'b.pdf']);
  });

  it('the build’s writer lands each output whole once done() settles', async () => {
    const dir = tempDir('writer-ok-');
    const writer = new OutputWriter();
    const big = new Uint8Array(3 << 20).fill(0x62);
    await writer.write(join(dir, 'a.epub'), { kind: 'file', suffix: 'epub', bytes: big });
    await writer.write(join(dir, 'a.review.tsv'), { kind: 'blocks', suffix: 'review.tsv', write: (sink) => ['x\t', 'y\n'].forEach((t) => sink(new TextEncoder().encode(t))) });
    await writer.done();
    expect(() => writer.check()).not.toThrow();
    expect(filesIn(dir)).toEqual(['a.epub', 'a.review.tsv']);
    expect(readFileSync(join(dir, 'a.epub')).equals(Buffer.from(big))).toBe(true);
    expect(readFileSync(join(dir, 'a.review.tsv'), 'utf8')).toBe('x\ty\n');
  });
});

/** Path → size, mode, mtime and content hash of every file under `dir` (symlinks as their target). */
function snapshot(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      const rel = relative(dir, path);
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(path);
      else {
        const st = statSync(path);
        out[rel] = `${st.size} ${st.mode} ${st.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      }
    }
  };
  walk(dir);
  return out;
}

/** A file's content hash, or a folder's: every file under it with its hash. */
function fingerprint(path: string): string {
  const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  if (!statSync(path).isDirectory()) return hash(path);
  return JSON.stringify(Object.keys(snapshot(path)).sort().map((rel) => [rel, hash(join(path, rel))]));
}

/** The errors a manuscript is refused with, or [] when prepareBook accepts it. */
function refusal(dir: string, editions: Array<'zh-Hans' | 'zh-Hant-TW'> = ['zh-Hans']): Diagnostic[] {
  try {
    // prepareBook writes nothing: the output folder is never made.
    prepareBook({ chaptersDir: dir, outDir: join(dir, 'never-written'), editions });
    return [];
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    return e.diagnostics.filter((d) => d.severity === 'error');
  }
}

describe('paths: nothing is read from outside the manuscript folder', () => {
  /** A manuscript folder `book/` with a sibling `outside/` that holds what must not be read. */
  let root: string;
  let book: string;
  let outside: string;
  const png = readFileSync(join(ROOT, 'tests/fixtures/golden/images/dot.png'));
  const setup = (files: Record<string, string | Buffer>) => {
    root = tempDir('paths-');
    book = join(root, 'book');
    outside = join(root, 'outside');
    mkdirSync(book);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.md'), '# 第九章：机密\n\n不该出现。\n');
    writeFileSync(join(outside, 'pic.png'), png);
    writeFileSync(join(outside, 'evil.ttf'), 'not a font');
    writeFileSync(join(outside, 'glossary.tsv'), '正文\t正文\n');
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(book, name)), { recursive: true });
      writeFileSync(join(book, name), content);
    }
  };
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(book, name)), { recursive: true });
    symlinkSync(target, join(book, name));
  };
  const yaml = (...lines: string[]) => ['title: 书', 'author: 人', ...lines, ''].join('\n');

  it.each([
    ['../', '../outside/secret.md'],
    ['an absolute path', 'ABSOLUTE'],
    ['a link that leads out', 'link.md'],
  ])('a chapter in `order` given by %s is refused at its book.yaml line', (_what, entry) => {
    setup({ '01.md': GOOD });
    link('link.md', '../outside/secret.md');
    const name = entry === 'ABSOLUTE' ? join(outside, 'secret.md') : entry;
    writeFileSync(join(book, 'book.yaml'), yaml('order:', '  - 01.md', `  - ${name}`));
    expect(refusal(book)).toMatchObject([{ rule: 'load:outside-folder', file: join(book, 'book.yaml'), line: 5, column: 5 }]);
  });

  it('a chapter file that is a link leading out of the folder is refused, naming the link', () => {
    setup({ '01.md': GOOD });
    link('02-link.md', join(outside, 'secret.md'));
    expect(refusal(book)).toMatchObject([{ rule: 'load:outside-folder', file: join(book, '02-link.md') }]);
  });

  it('links that stay inside the folder, and names that only start with two dots, are accepted', () => {
    setup({ '01.md': GOOD, 'drafts/real.md': '# 第二章：真\n\n正文。\n', '..notes.md': '# 第三章：注\n\n正文。\n\n![图](..dot.png)\n', '..dot.png': png });
    link('02-link.md', 'drafts/real.md');
    writeFileSync(join(book, 'book.yaml'), yaml('order:', '  - 01.md', '  - 02-link.md', '  - ..notes.md'));
    expect(refusal(book)).toEqual([]);
    writeFileSync(join(book, '..mine.ttf'), SFNT_HEADER);
    expect(resolveFontSpec('..mine.ttf', book)).toMatchObject({ kind: 'file', path: join(book, '..mine.ttf') });
    // A glossary kept in such a folder and linked in place is inside too.
    mkdirSync(join(book, '..data'));
    writeFileSync(join(book, '..data/glossary.tsv'), '正文\t正文\n');
    link('glossary.zh-Hant-TW.tsv', '..data/glossary.tsv');
    expect(refusal(book, ['zh-Hant-TW'])).toEqual([]);
  });

  it.each([
    ['../', '../outside/pic.png'],
    ['an absolute path', 'ABSOLUTE'],
    ['a link that leads out', 'images/pic.png'],
  ])('an image given by %s is refused at its chapter line', (_what, src) => {
    setup({});
    // The absolute path names this test's own outside folder, known only once it is set up.
    const target = src === 'ABSOLUTE' ? join(outside, 'pic.png') : src;
    writeFileSync(join(book, '01.md'), `# 第一章：图\n\n正文。\n\n![图](${target})\n`);
    link('images/pic.png', join(outside, 'pic.png'));
    expect(refusal(book)).toMatchObject([{ rule: 'asset:outside-folder', file: join(book, '01.md'), line: 5 }]);
  });

  it('a glossary that is a link leading out of the folder is refused', () => {
    setup({ '01.md': GOOD });
    link('glossary.zh-Hant-TW.tsv', join(outside, 'glossary.tsv'));
    expect(refusal(book, ['zh-Hant-TW'])).toMatchObject([{ rule: 'glossary:outside-folder', file: join(book, 'glossary.zh-Hant-TW.tsv') }]);
  });

  it.each([
    ['../', '../outside/evil.ttf', 'lies outside the manuscript folder'],
    ['an absolute path', 'ABSOLUTE', 'must be given relative'],
    ['a link that leads out', 'fonts/evil.ttf', 'lies outside the manuscript folder'],
  ])('a font given by %s is refused at its book.yaml line', (_what, spec, message) => {
    setup({ '01.md': GOOD });
    link('fonts/evil.ttf', join(outside, 'evil.ttf'));
    const font = spec === 'ABSOLUTE' ? join(outside, 'evil.ttf') : spec;
    writeFileSync(join(book, 'book.yaml'), yaml('fonts:', '  all:', '    body:', `      - ${font}`));
    const problems = refusal(book);
    expect(problems).toMatchObject([{ rule: 'config:font', file: join(book, 'book.yaml'), line: 6 }]);
    expect(problems[0].message).toContain(message);
  });

  it('a font is found inside the manuscript folder, or is one of the npm faces', () => {
    setup({ '01.md': GOOD, 'fonts/mine.ttf': SFNT_HEADER });
    expect(resolveFontSpec('fonts/mine.ttf', book)).toMatchObject({ kind: 'file', path: join(book, 'fonts/mine.ttf') });
    for (const name of Object.keys(NAMED_FONTS)) {
      const source = resolveFontSpec(name, book);
      const path = typeof source === 'string' ? source : source.kind === 'file' ? source.path : source.css;
      // node_modules may itself be a link (a shared install): compare real paths.
      expect(relative(realpathSync(join(ROOT, 'node_modules')), realpathSync(path)), name).not.toMatch(/^\.\./u);
    }
  });

  it('no book.yaml key can name a template, theme or output path', () => {
    setup({ '01.md': GOOD });
    for (const key of ['template: ../outside/chapter.xhtml.ejs', 'theme: ../outside/theme.yaml', 'out: ../outside']) {
      writeFileSync(join(book, 'book.yaml'), yaml(key));
      expect(refusal(book), key).toMatchObject([{ rule: 'config:unknown-key', line: 3 }]);
    }
    writeFileSync(join(book, 'book.yaml'), yaml('slug: ../../outside/book'));
    expect(refusal(book)).toMatchObject([{ rule: 'config:invalid', line: 3 }]);
  });

  it('every template the code reads is found through src/paths.ts, inside templates/', () => {
    const calls: string[][] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, e.name);
        if (e.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && !path.endsWith(join('src', 'paths.ts'))) {
          const text = readFileSync(path, 'utf8');
          // A path built from the file's own place breaks silently when the file moves.
          expect(text, path).not.toMatch(/['"`](?:\.\.\/)+templates\//u);
          for (const m of text.matchAll(/templatePath\(([^)]*)\)/gu)) calls.push([...m[1].matchAll(/'([^']*)'/gu)].map((a) => a[1]));
        }
      }
    };
    walk(join(ROOT, 'src'));
    expect(calls.length).toBeGreaterThan(3);
    for (const parts of calls) {
      const rel = relative(join(ROOT, 'templates'), templatePath(...parts));
      expect(rel).not.toMatch(/^\.\./u);
    }
    expect(() => templatePath('..', 'package.json')).toThrow();
  });

  it('the command line says which reference is refused, with its file:line, exit 1', async () => {
    setup({ '01.md': `# 第一章：图\n\n正文。\n\n![图](../outside/pic.png)\n` });
    const image = await runCliAsync(['build', '--chapters', '.', '--out', tempDir()], { cwd: book });
    setup({ '01.md': GOOD });
    writeFileSync(join(book, 'book.yaml'), yaml('order:', '  - 01.md', '  - ../outside/secret.md'));
    const chapter = await runCliAsync(['build', '--chapters', '.', '--out', tempDir()], { cwd: book });
    expect(image.code).toBe(1);
    expect(image.stderr).toMatch(/^01\.md:5(:\d+)? error image '\.\.\/outside\/pic\.png' lies outside the manuscript folder \[asset:outside-folder\]$/mu);
    expectNoTrace(image.stderr);
    expect(chapter.code).toBe(1);
    expect(chapter.stderr).toMatch(/^book\.yaml:5:5 error chapter '\.\.\/outside\/secret\.md' lies outside the manuscript folder \[load:outside-folder\]$/mu);
    expectNoTrace(chapter.stderr);
  });
});

describe('paths: nothing is written outside --out', () => {
  it('a build changes nothing in the manuscript folder, the folder it runs from or the temporary folder', async () => {
    const root = tempDir('write-');
    const manuscript = join(root, 'manuscript');
    const cwd = join(root, 'cwd');
    const tmp = join(root, 'tmp');
    for (const d of [manuscript, cwd, tmp]) mkdirSync(d);
    const copy = (from: string, to: string) => {
      for (const e of readdirSync(from, { withFileTypes: true })) {
        if (e.isDirectory()) {
          mkdirSync(join(to, e.name));
          copy(join(from, e.name), join(to, e.name));
        } else copyFileSync(join(from, e.name), join(to, e.name));
      }
    };
    copy(SAMPLE, manuscript);
    writeFileSync(join(cwd, 'notes.txt'), 'the folder the author works in');
    const before = { manuscript: snapshot(manuscript), cwd: snapshot(cwd) };
    const r = await runCliAsync(['build', '--chapters', '../manuscript', '--out', 'out', '--edition', 'zh-Hans', '--format', 'epub,pdf'], {
      cwd,
      env: { TMPDIR: tmp, SOURCE_DATE_EPOCH: EPOCH },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(manuscript)).toEqual(before.manuscript);
    expect(snapshot(cwd, (rel) => rel === 'out')).toEqual(before.cwd);
    expect(filesIn(join(cwd, 'out'))).toEqual(['suanfa-jianghu.zh-Hans.epub', 'suanfa-jianghu.zh-Hans.pdf']);
    // tsx keeps its compile cache there; the build itself leaves nothing.
    expect(filesIn(tmp).filter((n) => !/^tsx-/u.test(n))).toEqual([]);
  });
});
