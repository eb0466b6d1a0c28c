// Image files an author can get wrong: a target that names no file or a folder, a file that cannot be
// read, a PNG or JPEG cut off in a copy or otherwise damaged, a picture too large to load. Each is a
// diagnostic where the chapter (or book.yaml) names it, found by check as by build, never a trace.
import * as fs from 'node:fs';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareBook } from '../src/build/prepare.ts';
import { BuildError, type Diagnostic } from '../src/diagnostics.ts';
import { pngFile } from '../src/output/png.ts';
import { runCli } from './helpers/cli.ts';
import { FIXTURES, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { rgbJpegHeader } from './helpers/print.ts';

// A file the user may not read: root reads every file whatever its mode, so the test makes the read
// fail as it fails for an author without permission, with EACCES from readFileSync.
const locked = new Set<string>();
const reads: string[] = [];
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (typeof path === 'string') {
      reads.push(path);
      if (locked.has(basename(path))) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    }
    return (real.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, readFileSync, default: { ...real, readFileSync } };
});

afterEach(() => {
  locked.clear();
  reads.length = 0;
});

const META = '<!--\n元信息标注：\n- 时间：某年\n- 地点：某地\n- 主要人物：甲\n- 技术事件：某事\n- 核心意义：某义\n-->\n';
/** A chapter whose body starts at line 12. */
const chapter = (body: string) => `# 第一章：测试\n\n${META}\n${body}\n`;
/** The sample book's picture: 1500×1000, 8-bit gray, 97 KB. */
const GOOD_PNG = readFileSync(join(SAMPLE, 'images/dartmouth.png'));
const GOOD_JPEG = readFileSync(join(FIXTURES, 'jpeg/colour-o1.jpg'));

interface Found {
  file: string;
  line?: number;
  severity: string;
  rule: string;
  message: string;
}

/** What check reports about the manuscript's images and book.yaml, as the CLI's check runs it, in process. */
function findings(files: Record<string, string | Buffer>): Found[] {
  const dir = writeManuscript(files);
  let diagnostics: Diagnostic[];
  try {
    diagnostics = prepareBook({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], pendingReview: true }).diagnostics.items;
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    diagnostics = e.diagnostics;
  }
  return diagnostics
    .filter((d) => /^(asset|config):/u.test(d.rule))
    .map((d) => ({ file: basename(d.file ?? ''), ...(d.line === undefined ? {} : { line: d.line }), severity: d.severity, rule: d.rule, message: d.message }));
}

/** An 8-bit gray PNG of one flat colour: a large picture in a small file, as the reviewer's was. */
function flatPng(width: number, height: number): Buffer {
  return pngFile(width, height, 0, deflateSync(Buffer.alloc(height * (width + 1)), { level: 1 }));
}

/** A PNG chunk with its length and checksum. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
}

function zlibCrc(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** The sample's picture with its image data replaced: its chunks whole and their checksums right. */
function withImageData(idat: Buffer): Buffer {
  const header = GOOD_PNG.subarray(8, 8 + 25);
  return Buffer.concat([GOOD_PNG.subarray(0, 8), header, chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

describe('a book.yaml that cannot be read', () => {
  it('a folder of that name is an error at book.yaml, not a crash', () => {
    const dir = writeManuscript({ '01.md': chapter('正文。') });
    mkdirSync(join(dir, 'book.yaml'));
    const r = runCli(['check', '--chapters', '.'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^book\.yaml error book\.yaml is a folder; the settings go in a file of that name \[config:unreadable\]$/mu);
  });

  it('one the user may not read is an error at book.yaml', () => {
    locked.add('book.yaml');
    expect(findings({ 'book.yaml': 'title: 书\nauthor: 某人\n', '01.md': chapter('正文。') })).toEqual([
      { file: 'book.yaml', severity: 'error', rule: 'config:unreadable', message: 'book.yaml cannot be read: permission denied' },
    ]);
  });
});

describe('an image target that names no file, or a folder', () => {
  it('is an error at its line, not a crash, in check and in build', () => {
    const dir = writeManuscript({
      '01.md': chapter('![空]()\n\n![图](images/)\n\n![点](.)'),
      'images/a.png': GOOD_PNG,
    });
    const checked = runCli(['check', '--chapters', dir]);
    expect(checked.stderr).not.toContain('internal error');
    expect(checked.code).toBe(1);
    const lines = checked.stderr.split('\n').filter((l) => l.includes('[asset:'));
    expect(lines).toEqual([
      expect.stringMatching(/01\.md:12:1 error image has no file: write its path between the parentheses.* \[asset:missing-image\]$/u),
      expect.stringMatching(/01\.md:14:1 error image 'images\/' is a folder, not an image file \[asset:unreadable\]$/u),
      expect.stringMatching(/01\.md:16:1 error image '\.' is a folder, not an image file \[asset:unreadable\]$/u),
    ]);
    const out = tempDir();
    const built = runCli(['build', '--chapters', dir, '--out', out, '--format', 'epub']);
    expect(built.stderr).not.toContain('internal error');
    expect(built.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a file the user may not read', () => {
  it('an image: an error at the line that places it', () => {
    locked.add('a.png');
    expect(findings({ '01.md': chapter('![图](images/a.png)'), 'images/a.png': GOOD_PNG })).toEqual([
      { file: '01.md', line: 12, severity: 'error', rule: 'asset:unreadable', message: "image 'images/a.png' cannot be read: permission denied" },
    ]);
  });

  it('the cover: an error at its book.yaml line', () => {
    locked.add('cover.png');
    const yaml = 'title: 书\nauthor: 某人\ncover: images/cover.png\n';
    expect(findings({ 'book.yaml': yaml, '01.md': chapter('正文。'), 'images/cover.png': GOOD_PNG })).toEqual([
      { file: 'book.yaml', line: 3, severity: 'error', rule: 'config:cover', message: "cover image 'images/cover.png' cannot be read: permission denied" },
    ]);
  });
});

describe('a damaged PNG or JPEG', () => {
  const cut = (data: Buffer, length: number) => data.subarray(0, length);
  const flipped = (data: Buffer, at: number) => Buffer.from(data.map((b, i) => (i === at ? b ^ 0xff : b)));
  const idatAt = GOOD_PNG.indexOf('IDAT') + 4;
  /** Rows of the sample's picture (1500 gray pixels, after a filter byte each). */
  const rows = (count: number) => Buffer.alloc(count * 1501);

  it.each([
    ['cut off in a copy', cut(GOOD_PNG, GOOD_PNG.length >> 1), 'the file is cut off inside its IDAT chunk'],
    ['its signature followed by garbage', Buffer.concat([GOOD_PNG.subarray(0, 8), Buffer.from('这不是图片，只是一段文字。'.repeat(20))]), 'a chunk at byte 8 is corrupt'],
    ['its signature changed by a text-mode copy', Buffer.concat([GOOD_PNG.subarray(0, 4), Buffer.from('\n\x1a\n'), GOOD_PNG.subarray(8)]), 'its PNG signature is damaged'],
    ['a byte of its image data changed', flipped(GOOD_PNG, idatAt + 20), 'its IDAT chunk fails its checksum'],
    ['no end chunk', cut(GOOD_PNG, GOOD_PNG.length - 12), 'the file is cut off before its end chunk (IEND)'],
    ['image data that is not deflated', withImageData(Buffer.from('not deflate data at all')), 'its image data is corrupt'],
    ['image data cut off inside the stream', withImageData(deflateSync(rows(1000)).subarray(0, 20)), 'its image data is cut off'],
    ['image data for fewer rows than its header', withImageData(deflateSync(rows(400))), 'its image data ends early'],
  ])('a PNG with %s is an error at the line that places it, naming what is wrong', (_name, png, why) => {
    const dir = { '01.md': chapter('![图](images/a.png)'), 'images/a.png': png };
    expect(findings(dir)).toEqual([{ file: '01.md', line: 12, severity: 'error', rule: 'asset:bad-image', message: expect.stringContaining(`image 'images/a.png' is damaged: ${why}`) }]);
  });

  it('a JPEG cut off before its end marker is an error; what follows the end marker is not read', () => {
    const bad = { '01.md': chapter('![图](photo.jpg)'), 'photo.jpg': cut(GOOD_JPEG, GOOD_JPEG.length - 100) };
    expect(findings(bad)).toEqual([
      { file: '01.md', line: 12, severity: 'error', rule: 'asset:bad-image', message: "image 'photo.jpg' is damaged: the file is cut off before its end marker (EOI); export or copy it again" },
    ]);
    // A phone's motion photo: a video appended after the picture's end marker.
    const appended = { '01.md': chapter('![图](photo.jpg)'), 'photo.jpg': Buffer.concat([GOOD_JPEG, Buffer.from('....ftypmp42 video'), Buffer.alloc(64)]) };
    expect(findings(appended)).toEqual([]);
  });

  it('accepts every PNG and JPEG of the fixtures whole (palette, 16-bit, alpha, interlaced, each orientation), and refuses each a byte short', () => {
    const paths = ['png', 'jpeg'].flatMap((kind) => readdirSync(join(FIXTURES, kind)).map((n) => join(FIXTURES, kind, n)));
    const whole: Record<string, Buffer> = {};
    const short: Record<string, Buffer> = {};
    const body = paths.map((path, i) => {
      const name = `images/${i}-${basename(path)}`;
      whole[name] = readFileSync(path);
      short[name] = cut(whole[name], whole[name].length - 1);
      return `![图${i}](${name})`;
    });
    const text = chapter(body.join('\n\n'));
    expect(findings({ '01.md': text, ...whole })).toEqual([]);
    const refused = findings({ '01.md': text, ...short });
    expect(refused.map((d) => `${d.line} ${d.rule}`)).toEqual(paths.map((_, i) => `${12 + 2 * i} asset:bad-image`));
    expect(refused.every((d) => / is damaged: the file is cut off/u.test(d.message))).toBe(true);
  });

  it('the cover: an error at its book.yaml line', () => {
    const yaml = 'title: 书\nauthor: 某人\ncover: images/cover.png\n';
    expect(findings({ 'book.yaml': yaml, '01.md': chapter('正文。'), 'images/cover.png': cut(GOOD_PNG, 5000) })).toEqual([
      { file: 'book.yaml', line: 3, severity: 'error', rule: 'config:cover', message: expect.stringContaining("cover image 'images/cover.png' is damaged: the file is cut off") },
    ]);
  });

  it('is read once however often it is placed, and said at each place', () => {
    const damaged = cut(GOOD_PNG, 300);
    const found = findings({ '01.md': chapter('![一](images/a.png)\n\n![二](./images/a.png)'), '02.md': chapter('![三](images/a.png)'), 'images/a.png': damaged });
    expect(found.map((d) => `${d.file}:${d.line} ${d.rule}`)).toEqual(['01.md:12 asset:bad-image', '01.md:14 asset:bad-image', '02.md:12 asset:bad-image']);
    expect(reads.filter((p) => p.endsWith('a.png'))).toHaveLength(1);
  });

  it('stops build before it writes anything, in every format: the EPUB and the preview never carry it', () => {
    const dir = writeManuscript({ '01.md': chapter('![图](images/a.png)'), 'images/a.png': cut(GOOD_PNG, 300) });
    const out = tempDir();
    const r = runCli(['build', '--chapters', '.', '--out', out, '--format', 'epub,html,pdf'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^01\.md:12:1 error image 'images\/a\.png' is damaged: .* \[asset:bad-image\]$/mu);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a very large image', () => {
  it('is a warning at each place from 4 million pixels, which Apple Books refuses, read from its header', () => {
    const found = findings({
      '01.md': chapter('![大](images/big.png)\n\n![小](images/small.png)\n\n![照片](photo.jpg)'),
      '02.md': chapter('![又一次](images/big.png)'),
      'images/big.png': flatPng(2500, 1600),
      'images/small.png': flatPng(1600, 2400),
      'photo.jpg': rgbJpegHeader(3000, 2000),
    });
    expect(found).toEqual([
      {
        file: '01.md',
        line: 12,
        severity: 'warning',
        rule: 'asset:image-size',
        message: "image 'images/big.png' is 2500×1600 pixels, 4.0 million; Apple Books refuses an image of 4 million or more, and it makes the book slow to open: scale it down (2000 pixels on the long side is plenty)",
      },
      { file: '01.md', line: 16, severity: 'warning', rule: 'asset:image-size', message: expect.stringContaining("image 'photo.jpg' is 3000×2000 pixels, 6.0 million") },
      { file: '02.md', line: 12, severity: 'warning', rule: 'asset:image-size', message: expect.stringContaining("image 'images/big.png' is 2500×1600 pixels") },
    ]);
  });

  it('is an error past 50 million pixels, found at once, without decoding it', () => {
    // The header of a 30000×30000 picture, which would take gigabytes to decode, over a few rows of
    // data: its size alone stops it, so its image data is never inflated and the rest is not missed.
    const huge = pngFile(30000, 30000, 0, deflateSync(Buffer.alloc(3 * 30001)));
    const started = performance.now();
    const found = findings({ '01.md': chapter('![巨](images/huge.png)'), 'images/huge.png': huge, 'book.yaml': 'title: 书\nauthor: 某人\ncover: images/huge.png\n' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(found).toEqual([
      {
        file: 'book.yaml',
        line: 3,
        severity: 'error',
        rule: 'config:cover',
        message: expect.stringContaining("cover image 'images/huge.png' is 30000×30000 pixels, 900.0 million: more than the 50 million the build loads"),
      },
    ]);
    const chapterOnly = findings({ '01.md': chapter('![巨](images/huge.png)'), 'images/huge.png': flatPng(8000, 7000) });
    expect(chapterOnly).toEqual([
      {
        file: '01.md',
        line: 12,
        severity: 'error',
        rule: 'asset:image-size',
        message: "image 'images/huge.png' is 8000×7000 pixels, 56.0 million: more than the 50 million the build loads, since decoding it for print would take gigabytes of memory; scale it down (2000 pixels on the long side is plenty for a page)",
      },
    ]);
  });
});
