import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { coverFonts } from '../src/cover/cover-fonts.ts';
import { coverTitleLines } from '../src/cover/cover-title.ts';
import { drawCover } from '../src/cover/draw-cover.ts';
import { BuildError } from '../src/diagnostics.ts';
import { epubcheck, openEpub, type EpubContents } from './helpers/epub.ts';
import { ROOT, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

/** Share of pixels in a band of rows, inside the frame, whose lightness passes a test: where the text ink is. */
function inkShare(png: Uint8Array, y0: number, y1: number, isInk: (lightness: number) => boolean): number {
  const pix = new mupdf.Image(png).toPixmap();
  const px = pix.getPixels();
  const n = pix.getStride() / pix.getWidth();
  const stride = pix.getStride();
  let hits = 0;
  let all = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = 120; x < pix.getWidth() - 120; x++) {
      const i = y * stride + x * n;
      if (isInk((px[i] + px[i + 1] + px[i + 2]) / 3)) hits++;
      all++;
    }
  }
  return hits / all;
}

/** The sample book's zh-Hans cover drawn by a separate Node process, as a SHA-256. */
function coverHashInFreshProcess(): string {
  const script = join(tempDir('cover-'), 'draw.mts');
  writeFileSync(
    script,
    `import { createHash } from 'node:crypto';
import { prepareBook } from ${JSON.stringify(join(ROOT, 'src/build/prepare.ts'))};
import { drawCover } from ${JSON.stringify(join(ROOT, 'src/cover/draw-cover.ts'))};
const { book, plan } = prepareBook({ chaptersDir: ${JSON.stringify(SAMPLE)}, outDir: '/nonexistent', editions: ['zh-Hans'] }).editions[0];
process.stdout.write(createHash('sha256').update((await drawCover(book, plan)).data).digest('hex'));
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

const LIGHT = (l: number) => l > 180;
const DARK = (l: number) => l < 90;

describe('the drawn cover', () => {
  it('sets title, author and edition in the book’s own fonts (no system font is loaded), the same bytes in every process', async () => {
    const [hans, tw] = prepareBook({ chaptersDir: SAMPLE, outDir: tempDir(), editions: ['zh-Hans', 'zh-Hant-TW'] }).editions;
    const a = await drawCover(hans.book, hans.plan);
    expect(a).toMatchObject({ name: 'cover.png', mediaType: 'image/png', width: 1600, height: 2400 });
    // Opaque RGB (IHDR colour type 2), which a PDF takes as it is; with alpha it must be split and deflated again.
    expect(Buffer.from(a.data).toString('latin1', 12, 16)).toBe('IHDR');
    expect(a.data[25]).toBe(2);
    // Another process, so nothing is reused from this one's caches.
    const sha = createHash('sha256').update(a.data).digest('hex');
    expect(coverHashInFreshProcess()).toBe(sha);
    // With system fonts off, ink where the text goes means the subset fonts drew it:
    // the light title across the dark band, the dark author line on the paper.
    expect(inkShare(a.data, 700, 1100, LIGHT)).toBeGreaterThan(0.05);
    expect(inkShare(a.data, 1790, 1900, DARK)).toBeGreaterThan(0.01);
    expect(inkShare(a.data, 1950, 2100, DARK)).toBe(0);
    // Each edition draws its own: the Taiwan cover says 繁體 and 說書人.
    const b = await drawCover(tw.book, tw.plan);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(false);
  });

  it('has a glyph for every character it sets, the ideographic space between edition words included', async () => {
    const [tw] = prepareBook({ chaptersDir: SAMPLE, outDir: tempDir(), editions: ['zh-Hant-TW'] }).editions;
    const text = { heading: tw.book.meta.title, body: `${tw.book.meta.author}繁體中文\u3000臺灣版` };
    const fonts = await coverFonts(tw.plan, text);
    for (const role of ['heading', 'body'] as const) {
      // Read by FreeType (MuPDF), not by the code that wrote the font.
      const font = new mupdf.Font(role, fonts.find((f) => f.role === role)!.data);
      const missing = [...text[role]].filter((ch) => font.encodeCharacter(ch.codePointAt(0)!) === 0);
      expect(missing, role).toEqual([]);
    }
  });

  it('sets a long title in two lines of near one length, broken after a pause near the middle if there is one', () => {
    expect(coverTitleLines('算法江湖')).toEqual(['算法江湖']);
    expect(coverTitleLines('图灵问道开宗立派，感知机殇十年寒冬')).toEqual(['图灵问道开宗立派，', '感知机殇十年寒冬']);
    expect(coverTitleLines('图灵问道开宗立派论机器能否思考感知机殇十年寒冬').map((l) => [...l].length)).toEqual([12, 11]);
    // Never inside a Latin word, never before a mark that may not start a line.
    for (const title of ['江湖往事ChatGPT与Transformer之争', '天下英雄谁敌手论剑华山」之巅问鼎中原']) {
      const [a, b] = coverTitleLines(title);
      expect(a + b).toBe(title);
      expect(/[A-Za-z]$/u.test(a) && /^[A-Za-z]/u.test(b), `${a} | ${b}`).toBe(false);
      expect('」，。'.includes(b[0]), `${a} | ${b}`).toBe(false);
    }
  });

  it('draws a long title in two rows larger than its subtitle, and shrinks a long subtitle into the frame', async () => {
    const title = '图灵问道开宗立派论机器能否思考感知机殇十年寒冬';
    const subtitle = '一部以章回体写成的人工智能武侠演义，从图灵之问一直讲到深度学习的复兴';
    const dir = writeManuscript({ 'book.yaml': `title: ${title}\nsubtitle: ${subtitle}\nauthor: 某人\n`, '01.md': '# 第一章：开篇\n\n正文一段。\n' });
    const { book, plan } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0];
    const pix = new mupdf.Image((await drawCover(book, plan)).data).toPixmap();
    const px = pix.getPixels();
    const n = pix.getNumberOfComponents();
    const lightness = (x: number, y: number) => (px[y * pix.getStride() + x * n] + px[y * pix.getStride() + x * n + 1] + px[y * pix.getStride() + x * n + 2]) / 3;
    // A pixel of the cream ground reads as one: the checks below cannot pass on pixels read as nothing.
    expect(lightness(800, 1200)).toBeGreaterThan(180);
    // Rows of the dark band with light ink in them, in runs: one run per line of the title.
    const runs: number[][] = [];
    for (let y = 624; y < 1176; y++) {
      let ink = 0;
      for (let x = 120; x < 1480; x++) if (LIGHT(lightness(x, y))) ink++;
      if (ink < 3) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === y - 1) last[1] = y;
      else runs.push([y, y]);
    }
    expect(runs).toHaveLength(2);
    // Shrunk to one line, its 23 characters stood 52 units high, less than the 72 of a subtitle.
    for (const [y0, y1] of runs) expect(y1 - y0).toBeGreaterThan(80);
    // The subtitle's 34 characters stay inside the frame's inner rule (x 100–1500), clear of it.
    for (let y = 1250; y < 1360; y++) {
      for (const x of [106, 130, 1470, 1494]) expect(DARK(lightness(x, y)), `${x},${y}`).toBe(false);
    }
  });

  it('shrinks an author line of several names into the frame: what outruns the image is lost', async () => {
    const author = '江湖说书人　著　　某某某　校注　　另一位某某　插图';
    const dir = writeManuscript({ 'book.yaml': `title: 短书\nauthor: ${author}\n`, '01.md': '# 第一章：开篇\n\n正文一段。\n' });
    const { book, plan } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0];
    const png = (await drawCover(book, plan)).data;
    // The author's band (baseline 1880) has ink.
    expect(inkShare(png, 1790, 1900, DARK)).toBeGreaterThan(0.01);
    // Read after inkShare: MuPDF's memory may grow with each pixmap, and a view of an earlier one's pixels then reads nothing.
    const pix = new mupdf.Image(png).toPixmap();
    const px = pix.getPixels();
    const n = pix.getStride() / pix.getWidth();
    const lightness = (x: number, y: number) => (px[y * pix.getStride() + x * n] + px[y * pix.getStride() + x * n + 1] + px[y * pix.getStride() + x * n + 2]) / 3;
    expect(lightness(800, 1200)).toBeGreaterThan(180);
    // Nothing dark past the frame's inner rule (x 100–1500) but the rules themselves (x 68–76, 99–101 and their mirrors).
    const outside: string[] = [];
    const rule = (x: number) => (x >= 68 && x < 76) || (x >= 98 && x < 102) || (x >= 1498 && x < 1502) || (x >= 1524 && x < 1532);
    for (let y = 1790; y < 1900; y++) {
      for (let x = 0; x < pix.getWidth(); x++) if ((x < 104 || x >= 1496) && !rule(x) && DARK(lightness(x, y))) outside.push(`${x},${y}`);
    }
    expect(outside).toEqual([]);
  });

  it('escapes the title for the SVG', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 刀 & 剑 <上>\nauthor: 某人\n', '01.md': '# 第一章：开篇\n\n正文一段。\n' });
    const { book, plan } = prepareBook({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'] }).editions[0];
    const cover = await drawCover(book, plan);
    expect(inkShare(cover.data, 700, 1100, LIGHT)).toBeGreaterThan(0.03);
  });
});

describe('the EPUB cover', () => {
  let epub: EpubContents;
  let path: string;
  beforeAll(async () => {
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('out-'), editions: ['zh-Hans'], formats: ['epub'], sourceDateEpoch: '1700000000' });
    path = result.outputs[0].path;
    epub = await openEpub(path);
  });

  it('is the manifest’s cover-image, with an EPUB 2 <meta name="cover">, and its page opens the spine', async () => {
    const opf = await epub.text('OEBPS/content.opf');
    expect(opf).toContain('<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>');
    expect(opf).toContain('<meta name="cover" content="cover-image"/>');
    expect(opf.match(/properties="cover-image"/gu)).toHaveLength(1);
    expect(/<itemref idref="([^"]+)"/u.exec(opf)![1]).toBe('cover');
    const page = await epub.text('OEBPS/cover.xhtml');
    expect(page).toContain('<section class="cover">\n<img src="images/cover.png" alt="算法江湖，人工智能演义，江湖说书人，简体中文版" epub:type="cover" role="doc-cover"/>');
    expect(await epub.text('OEBPS/toc.xhtml')).toContain('<a epub:type="cover" href="cover.xhtml">');
  });

  it('carries the cover a fresh process draws, which an independent decoder reads as the drawn image', async () => {
    // Not compared with drawCover() in this process: its cache would hand back the very bytes the build used.
    const png = await epub.zip.file('OEBPS/images/cover.png')!.async('uint8array');
    expect(createHash('sha256').update(png).digest('hex')).toBe(coverHashInFreshProcess());
    // MuPDF decodes the PNG on its own: its size, three colour channels and no alpha, and ink where the text is.
    const pix = new mupdf.Image(png).toPixmap();
    expect([pix.getWidth(), pix.getHeight(), pix.getNumberOfComponents(), pix.getAlpha()]).toEqual([1600, 2400, 3, 0]);
    expect(inkShare(png, 700, 1100, LIGHT)).toBeGreaterThan(0.05);
    expect(inkShare(png, 1790, 1900, DARK)).toBeGreaterThan(0.01);
  });

  it('keeps epubcheck at no errors and no warnings', () => {
    expect(epubcheck(path)).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe('an author’s own cover (book.yaml cover)', () => {
  function manuscript(cover: string, extra: Record<string, string | Buffer> = {}): string {
    return writeManuscript({ 'book.yaml': `title: 自绘封面\nauthor: 某人\ncover: ${cover}\n`, '01.md': '# 第一章：开篇\n\n正文一段。\n', ...extra });
  }

  it('replaces the drawn one in every edition, as a JPEG', async () => {
    const pix = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 300, 450], false);
    pix.clear(200);
    const jpeg = Buffer.from(pix.asJPEG(80));
    const dir = manuscript('art/front.jpg', { 'art/front.jpg': jpeg });
    const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: ['zh-Hans', 'zh-Hant-TW'], formats: ['epub'], sourceDateEpoch: '0' });
    for (const o of result.outputs) {
      const epub = await openEpub(o.path);
      const opf = await epub.text('OEBPS/content.opf');
      expect(opf).toContain('<item id="cover-image" href="images/cover.jpg" media-type="image/jpeg" properties="cover-image"/>');
      expect(Buffer.from(await epub.zip.file('OEBPS/images/cover.jpg')!.async('uint8array')).equals(jpeg)).toBe(true);
      expect(epub.names).not.toContain('OEBPS/images/cover.png');
      expect(epubcheck(o.path)).toMatchObject({ errors: 0, warnings: 0 });
    }
  });

  it('must be a PNG or JPEG inside the manuscript folder: an error at its line', () => {
    const config = (dir: string) => {
      try {
        prepareBook({ chaptersDir: dir, outDir: tempDir() });
      } catch (e) {
        return (e as BuildError).diagnostics.map((d) => ({ rule: d.rule, line: d.line, message: d.message }));
      }
      throw new Error('expected a config error');
    };
    expect(config(manuscript('images/none.png'))).toEqual([{ rule: 'config:cover', line: 3, message: 'cover image not found: images/none.png' }]);
    // A real PNG beside the manuscript folder, named through ..
    const outside = tempDir('outside-');
    copyFileSync(join(SAMPLE, 'images/dartmouth.png'), join(outside, 'x.png'));
    expect(config(manuscript(`../${basename(outside)}/x.png`))).toMatchObject([
      { rule: 'config:cover', line: 3, message: expect.stringContaining('outside the manuscript folder') },
    ]);
    expect(config(manuscript('notes.png', { 'notes.png': 'not an image' }))).toMatchObject([{ rule: 'config:cover', message: expect.stringContaining('not a PNG or JPEG') }]);
    expect(config(manuscript('cover.gif'))).toMatchObject([{ rule: 'config:invalid', line: 3 }]);
  });

  it('is a warning at its line when Apple Books would refuse it: 4 million pixels or more', () => {
    const warnings = (width: number, height: number) => {
      // A JPEG's size is read from its frame header; the image data is not needed for that.
      const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
      const dir = manuscript('front.jpg', { 'front.jpg': Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xd9]) });
      const prepared = prepareBook({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'] });
      return prepared.diagnostics.items.filter((d) => d.rule === 'config:cover-size').map((d) => ({ file: basename(d.file!), line: d.line, message: d.message }));
    };
    expect(warnings(1600, 2400)).toEqual([]);
    expect(warnings(2000, 2000)).toEqual([
      { file: 'book.yaml', line: 3, message: 'the cover image is 2000×2000, 4.0 million pixels; Apple Books takes a cover under 4 million (1600×2400 is enough)' },
    ]);
  });
});
