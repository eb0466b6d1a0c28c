// The print files as each printer's published specification asks (README: Print edition), read
// back with qpdf, poppler, MuPDF and Ghostscript rather than with our own code.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build/build.ts';
import { prepareBook } from '../src/build/prepare.ts';
import { resolvePrint, type PrintInput } from '../src/config/print.ts';
import { BuildError, Diagnostics } from '../src/diagnostics.ts';
import { webFonts } from '../src/fonts/web-fonts.ts';
import { renderCover } from '../src/render/print/cover-sheet.ts';
import { printLayout } from '../src/render/print/print-layout.ts';
import { printerSpec } from '../src/render/print/printers.ts';
import { loadTheme } from '../src/typeset/theme.ts';
import { runCliAsync } from './helpers/cli-process.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { readPdf } from './helpers/pdf.ts';
import { MM, sampleWithPrint, nonGrayOrCmyk, pageBoxes, rgbPng } from './helpers/print.ts';
import { fontsEmbedded, ghostscriptSays, inkOutside, pdfxFacts, pdfxForbidden, qpdfCheckSays } from './helpers/pdfx.ts';

const INCH = 72;
const A5: [number, number] = [148 * MM, 210 * MM];
const EPOCH = '1700000000';

interface Built {
  result: BuildResult;
  interior: string;
  cover: string;
  pages: number;
}

async function buildPrint(dir: string, strict = false): Promise<Built> {
  const result = await build({ chaptersDir: dir, outDir: tempDir('printer-out-'), formats: ['print'], editions: ['zh-Hans'], sourceDateEpoch: EPOCH, strict });
  const interior = result.outputs.find((o) => o.path.endsWith('.print.pdf'))!.path;
  const cover = result.outputs.find((o) => o.path.endsWith('.cover.pdf'))!.path;
  return { result, interior, cover, pages: readPdf(interior).pageCount };
}

const close = (a: number, b: number, tol = 0.02) => Math.abs(a - b) <= tol;

describe.each(['offset', 'kdp', 'ingramspark'] as const)('the sample book for %s', (printer) => {
  let built: Built;
  beforeAll(async () => {
    const print = printer === 'offset' ? '  printer: offset\n  trim: A5\n' : `  printer: ${printer}\n  trim: A5\n  paper: cream\n`;
    // --strict: the sample passes preflight for every printer.
    built = await buildPrint(sampleWithPrint(print), true);
  });

  it('has the printer’s page: boxes nested, and the bleed where the printer wants it', () => {
    const boxes = pageBoxes(built.interior);
    expect(boxes).toHaveLength(built.pages);
    boxes.forEach(({ media, bleed, trim }, i) => {
      const recto = i % 2 === 0;
      expect(close(trim[2] - trim[0], A5[0], 0.01) && close(trim[3] - trim[1], A5[1], 0.01), `page ${i + 1} trim`).toBe(true);
      // TrimBox within BleedBox within MediaBox.
      for (const k of [0, 1]) expect(media[k] <= bleed[k] + 0.001 && bleed[k] <= trim[k] + 0.001).toBe(true);
      for (const k of [2, 3]) expect(media[k] >= bleed[k] - 0.001 && bleed[k] >= trim[k] - 0.001).toBe(true);
      if (printer === 'offset') {
        for (const k of [0, 1]) expect(trim[k] - bleed[k]).toBeCloseTo(3 * MM, 1);
        expect(media[2] - media[0]).toBeGreaterThan(bleed[2] - bleed[0] + 10);
      } else {
        // Trim + 0.125 in at the head, foot and fore-edge; the gutter cut flush; the page is the bleed box.
        expect(media).toEqual(bleed);
        expect(media[2] - media[0]).toBeCloseTo(A5[0] + 0.125 * INCH, 1);
        expect(media[3] - media[1]).toBeCloseTo(A5[1] + 0.25 * INCH, 1);
        expect(trim[1] - media[1]).toBeCloseTo(0.125 * INCH, 2);
        // A recto is bound on its left, a verso on its right.
        expect(recto ? trim[0] - media[0] : media[2] - trim[2]).toBeCloseTo(0, 2);
        expect(recto ? media[2] - trim[2] : trim[0] - media[0]).toBeCloseTo(0.125 * INCH, 2);
      }
    });
  });

  it(printer === 'offset' ? 'draws crop marks outside the bleed in the registration colour, and keeps the outline' : 'draws no marks and has no outline', () => {
    const doc = mupdf.Document.openDocument(readFileSync(built.interior), 'application/pdf');
    const outline = doc.loadOutline() ?? [];
    const [first] = pageBoxes(built.interior);
    const outside = inkOutside(built.interior, 1, first.bleed, first.media[3]);
    const separations = JSON.stringify(doc.asPDF()!.findPage(0).get('Resources').get('ColorSpace').resolve().toString(true, true));
    if (printer === 'offset') {
      expect(outline.length).toBeGreaterThan(2);
      expect(outside).toBeGreaterThan(20);
      expect(separations).toMatch(/\/Separation\s*\/All\s*\/DeviceCMYK/u);
    } else {
      expect(outline).toEqual([]);
      expect(outside).toBe(0);
      expect(separations).not.toMatch(/Separation/u);
    }
  });

  it.each(['interior', 'cover'] as const)('declares PDF/X-1a:2001 in the %s: header, Info, Trapped, trailer /ID, OutputIntent', (which) => {
    const facts = pdfxFacts(built[which]);
    expect(facts.header).toBe('%PDF-1.3');
    expect(facts.info).toMatchObject({ '/GTS_PDFXVersion': 'PDF/X-1:2001', '/GTS_PDFXConformance': 'PDF/X-1a:2001', '/Title': '算法江湖', '/Trapped': '/False' });
    expect(facts.info['/CreationDate']).toMatch(/^D:2023111422/u);
    expect(facts.info['/ModDate']).toBe(facts.info['/CreationDate']);
    expect(facts.trailerId).toBe(true);
    expect(facts.outputIntents).toEqual([expect.objectContaining({ '/S': '/GTS_PDFX', '/OutputConditionIdentifier': 'FOGRA39', '/RegistryName': 'http://www.color.org' })]);
  });

  it.each(['interior', 'cover'] as const)('paints the %s in gray, CMYK and registration only, embeds every font, and passes qpdf and Ghostscript', (which) => {
    const path = built[which];
    expect(pdfxForbidden(path)).toEqual([]);
    expect(nonGrayOrCmyk(path)).toEqual([]);
    const fonts = fontsEmbedded(path);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(qpdfCheckSays(path)).toBe('');
    expect(ghostscriptSays(path)).toBe('');
  });

  if (printer === 'kdp') {
    it('makes the cover as KDP’s calculator does: bleed + back + pages × 0.0025 in (cream) + front + bleed', () => {
      const [box] = pageBoxes(built.cover);
      const expected = 2 * 0.125 * INCH + 2 * A5[0] + built.pages * 0.0025 * INCH;
      expect(box.media[2] - box.media[0]).toBeCloseTo(expected, 1);
      expect(box.media[3] - box.media[1]).toBeCloseTo(A5[1] + 0.25 * INCH, 1);
      expect(box.media).toEqual(box.bleed);
      expect(inkOutside(built.cover, 1, box.bleed, box.media[3])).toBe(0);
    });
  }

  if (printer === 'ingramspark') {
    it('keeps running heads and folios 0.5 in inside the trim', () => {
      const boxes = pageBoxes(built.interior);
      const { lines } = readPdf(built.interior);
      expect(lines.length).toBeGreaterThan(100);
      for (const l of lines) {
        const { trim, media } = boxes[l.page];
        // readPdf's y runs down from the media's top.
        const top = media[3] - trim[3];
        const bottom = media[3] - trim[1];
        for (const c of l.chars) {
          expect(c.x0 - trim[0], `${l.text} on page ${l.page + 1}`).toBeGreaterThanOrEqual(0.5 * INCH - 0.5);
          expect(trim[2] - c.x1).toBeGreaterThanOrEqual(0.5 * INCH - 0.5);
          expect(c.y0 - top, `${l.text} on page ${l.page + 1}`).toBeGreaterThanOrEqual(0.5 * INCH - 0.5);
          expect(bottom - c.y1, `${l.text} on page ${l.page + 1}`).toBeGreaterThanOrEqual(0.5 * INCH - 0.5);
        }
      }
    });
  }
});

describe('preflight', () => {
  it('names an image below 300 ppi with the resolution pdfimages reads at its placed size', async () => {
    const png = rgbPng(200, 100, (x, y) => [(x * 3) % 256, (y * 5) % 256, 128]);
    const dir = writeManuscript({ 'book.yaml': 'title: 图书\nauthor: 某人\n', '01.md': '# 第一章：图\n\n![渐变](low.png)\n\n正文。\n', 'low.png': png });
    const built = await buildPrint(dir);
    const warnings = built.result.diagnostics.filter((d) => d.rule === 'print:image-resolution');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', file: join(dir, 'low.png') });
    const list = (await import('node:child_process')).spawnSync('pdfimages', ['-list', built.interior], { encoding: 'utf8' }).stdout;
    const row = list.split('\n').find((l) => /^\s*\d+\s+\d+\s+image\s+200\s+100\b/u.test(l))!;
    const xppi = Number(row.trim().split(/\s+/u)[12]);
    expect(xppi).toBeLessThan(300);
    expect(warnings[0].message).toContain(`prints at ${Math.round(xppi)} ppi`);
    expect(warnings[0].message).toMatch(/low\.png/u);
  });

  it('warns of a KDP book under 24 pages, and stops it under --strict', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  printer: kdp\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    const built = await buildPrint(dir);
    const found = built.result.diagnostics.filter((d) => d.rule === 'print:min-pages');
    expect(built.pages).toBeLessThan(24);
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', file: expect.stringMatching(/\.zh-Hans\.print\.pdf$/u) })]);
    expect(found[0].message).toContain(`${built.pages} pages`);
    const strict = await buildPrint(dir, true).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(BuildError);
  });

  it('rejects print.paper with print.paperThickness, and print.bleed and print.signature for kdp, at their lines', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  printer: kdp\n  paper: white\n  paperThickness: 0.1\n  bleed: 3\n  signature: 16\n',
      '01.md': '# 第一章：开篇\n\n正文。\n',
    });
    const error = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const found = (error as BuildError).diagnostics.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity} ${d.rule} ${d.message}`);
    expect(found).toEqual([
      expect.stringMatching(/^book\.yaml:6 error config:print-conflict print\.paper and print\.paperThickness/u),
      expect.stringMatching(/^book\.yaml:7 error config:print-conflict print\.bleed does not apply to kdp/u),
      expect.stringMatching(/^book\.yaml:8 error config:print-conflict print\.signature does not apply to kdp/u),
    ]);
  });

  it('rejects a signature no press folds, at its line', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  signature: 12\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    const error = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const found = (error as BuildError).diagnostics.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity} ${d.message}`);
    expect(found).toEqual([expect.stringMatching(/^book\.yaml:4 error .*4, 8, 16, 32/u)]);
  });

  it('pads a KDP book block to an even count only', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  printer: kdp\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    const built = await buildPrint(dir);
    const printed = readPdf(built.interior).lines.map((l) => l.page + 1);
    expect(built.pages % 2).toBe(0);
    expect(built.pages - Math.max(...printed)).toBeLessThan(2);
    expect(built.result.diagnostics.filter((d) => d.rule === 'print:signature')).toEqual([]);
  });

  it('gives IngramSpark the white stock’s spine when book.yaml names no paper, not an offset sheet’s 0.1 mm a leaf', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  printer: ingramspark\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    const built = await buildPrint(dir);
    const [box] = pageBoxes(built.cover);
    expect(box.trim[2] - box.trim[0]).toBeCloseTo(2 * A5[0] + built.pages * 0.002252 * INCH, 1);
  });

  it('warns of an offset bleed under 3 mm at its line, and notes at cover: that the print cover is drawn', async () => {
    const dir = writeManuscript({
      'book.yaml': 'title: 短书\nauthor: 某人\ncover: images/cover.png\nprint:\n  bleed: 1\n',
      '01.md': '# 第一章：开篇\n\n正文。\n',
      'images/cover.png': readFileSync(join(SAMPLE, 'images/dartmouth.png')),
    });
    const found = (await buildPrint(dir)).result.diagnostics.filter((d) => d.rule.startsWith('print:bleed') || d.rule === 'print:cover-drawn');
    expect(found.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity} ${d.rule}`)).toEqual(['book.yaml:5 warning print:bleed', 'book.yaml:3 info print:cover-drawn']);
    expect(found[0].message).toContain('print.bleed is 1 mm: printers ask for 3 mm');
    // Not for an EPUB alone, which does use the image.
    const epub = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'] });
    expect(epub.diagnostics.filter((d) => d.rule.startsWith('print:'))).toEqual([]);
  });

  it('refuses a trim too small to set a page in at its book.yaml line, before anything is written', async () => {
    // Each side within the schema's 80–500 mm; together 80 mm of height hold no eight lines.
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  trim: [500, 80]\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    const out = tempDir();
    const error = await build({ chaptersDir: dir, outDir: out, formats: ['epub', 'print'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const found = (error as BuildError).diagnostics.filter((d) => d.rule === 'print:trim-too-small');
    expect(found.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity}`)).toEqual(['book.yaml:4 error']);
    expect(found[0].message).toMatch(/^a 500×80 mm trim leaves \d+ characters × \d+ lines inside the print margins/u);
    expect(readdirSync(out)).toEqual([]);
  });

  it('accepts print.bleed for offset and print.paper alone', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 短书\nauthor: 某人\nprint:\n  bleed: 5\n  paper: cream\n', '01.md': '# 第一章：开篇\n\n正文。\n' });
    await expect(build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'] })).resolves.toBeDefined();
  });
});

describe('KDP’s gutter by page count', () => {
  it('widens the inside margin to 0.875 in for a book over 700 pages, and leaves the theme’s 20 mm below that', () => {
    const print = resolvePrint({ printer: 'kdp' } as PrintInput);
    const spec = printerSpec(print);
    const gutter = (pages: number) => printLayout(loadTheme(), print, spec, pages).theme.page.marginInner;
    expect(gutter(300)).toBeGreaterThanOrEqual(20 * MM);
    expect(gutter(300)).toBeLessThan(0.875 * INCH);
    expect(gutter(760)).toBeGreaterThanOrEqual(0.875 * INCH);
  });
});

describe('the KDP spine from 79 pages', () => {
  const coverFor = async (pages: number, theme = loadTheme()) => {
    const prepared = prepareBook({ chaptersDir: SAMPLE, outDir: tempDir(), editions: ['zh-Hans'] });
    const { book, plan } = prepared.editions[0];
    const fonts = await webFonts(plan, { chunkedOnly: true });
    const diagnostics = new Diagnostics();
    const print = resolvePrint({ printer: 'kdp', paper: 'cream' } as PrintInput);
    const bytes = await renderCover({ book, plan, webFonts: fonts, diagnostics, print, pages, spec: printerSpec(print), theme, coverOutput: 'cover.pdf' });
    const path = join(tempDir('spine-'), 'cover.pdf');
    writeFileSync(path, bytes);
    return { path, diagnostics: diagnostics.items };
  };

  /** The characters on the spine as MuPDF reads them, and the spine's edges (its folds) in points. */
  const spineOf = (path: string, pages: number) => {
    const [box] = pageBoxes(path);
    const left = box.trim[0] + A5[0];
    const right = left + pages * 0.0025 * INCH;
    const chars = readPdf(path).lines.flatMap((l) => l.chars).filter((c) => c.x1 > left && c.x0 < right);
    return { chars, left, right };
  };

  it('leaves 78 pages blank with a note, and sets the title at 79 and 80 pages, 5 pt or more, 0.0625 in clear of each fold', async () => {
    const at78 = await coverFor(78);
    expect(spineOf(at78.path, 78).chars).toEqual([]);
    const note = at78.diagnostics.find((d) => d.rule === 'print:thin-spine')!;
    expect(note.severity).toBe('info');
    expect(note.message).toMatch(/kdp allows spine text from 79 pages/u);
    for (const pages of [79, 80]) {
      const { path, diagnostics } = await coverFor(pages);
      expect(diagnostics.filter((d) => d.rule === 'print:thin-spine')).toEqual([]);
      const { chars, left, right } = spineOf(path, pages);
      expect(chars.map((c) => c.c).join('')).toBe('算法江湖');
      for (const c of chars) {
        expect(c.size).toBeGreaterThanOrEqual(5);
        expect(c.x0 - left).toBeGreaterThanOrEqual(0.0625 * INCH - 0.05);
        expect(right - c.x1).toBeGreaterThanOrEqual(0.0625 * INCH - 0.05);
      }
    }
  });

  it('cuts no line thinner than 0.75 pt out of the background: a reversed hairline fills in off register', async () => {
    const { path } = await coverFor(80);
    const doc = mupdf.Document.openDocument(readFileSync(path), 'application/pdf');
    const reversed: number[] = [];
    const device = new mupdf.Device({
      strokePath(_path, stroke, ctm, colorspace, color) {
        // The paper's white in CMYK: every plate left open.
        if (colorspace.getNumberOfComponents() === 4 && [...color].every((c) => c === 0)) reversed.push(stroke.getLineWidth() * Math.hypot(ctm[0], ctm[1]));
      },
    });
    doc.loadPage(0).run(device, mupdf.Matrix.identity);
    device.close();
    expect(reversed.length).toBeGreaterThan(0);
    expect(Math.min(...reversed)).toBeGreaterThanOrEqual(0.75 - 1e-6);
  });

  it('warns when the cover would print more than 240% ink', async () => {
    const theme = loadTheme();
    const heavy = await coverFor(80, { ...theme, cover: { ...theme.cover, background: [75, 68, 67, 90] } });
    expect(heavy.diagnostics.filter((d) => d.rule === 'print:ink-coverage')).toEqual([expect.objectContaining({ severity: 'warning', file: 'cover.pdf' })]);
    expect(heavy.diagnostics.find((d) => d.rule === 'print:ink-coverage')!.message).toContain('300%');
    const usual = await coverFor(80);
    expect(usual.diagnostics.filter((d) => d.rule === 'print:ink-coverage')).toEqual([]);
  });
});

describe('per-edition imprint and the barcode', () => {
  it('states each edition’s publisher and price on its copyright page and back cover, and draws the bars at 22.85 mm', async () => {
    const yaml = [
      'title: 短书',
      'author: 某人',
      'publisher: 某书社',
      'isbn:',
      '  zh-Hans: {print: 978-7-5086-0000-0}',
      '  zh-Hant-TW: {print: 978-957-000-001-6}',
      'print:',
      '  publisher: {zh-Hant-TW: 某出版社}',
      '  price: {zh-Hans: 48.00元, zh-Hant-TW: 新臺幣380元}',
      '  outputCondition: CGATS21_CRPC6',
      '',
    ].join('\n');
    const dir = writeManuscript({ 'book.yaml': yaml, '01.md': '# 第一章：开篇\n\n正文。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'], editions: ['zh-Hans', 'zh-Hant-TW'], sourceDateEpoch: EPOCH });
    const file = (edition: string, suffix: string) => result.outputs.find((o) => o.path.endsWith(`${edition}.${suffix}`))!.path;
    const text = (path: string, page = 0) => readPdf(path).lines.filter((l) => l.page === page).map((l) => l.text.replace(/\s/gu, ''));
    expect(text(file('zh-Hans', 'print.pdf'), 3)).toEqual(expect.arrayContaining(['出版某书社', '定价48.00元']));
    expect(text(file('zh-Hant-TW', 'print.pdf'), 3)).toEqual(expect.arrayContaining(['出版某出版社', '定價新臺幣380元']));
    expect(text(file('zh-Hans', 'cover.pdf'))).toContain('定价：48.00元');
    expect(text(file('zh-Hant-TW', 'cover.pdf'))).toContain('定價：新臺幣380元');
    for (const path of [file('zh-Hans', 'print.pdf'), file('zh-Hans', 'cover.pdf')]) {
      expect(pdfxFacts(path).outputIntents).toEqual([expect.objectContaining({ '/OutputConditionIdentifier': 'CGATS21_CRPC6', '/RegistryName': 'http://www.color.org' })]);
    }

    // The bars, measured on a Ghostscript-independent rendering (pdftoppm) at 10 px per mm: the
    // tallest dark runs in the back's lower half are the guard bars, the rest 22.85 mm.
    const cover = file('zh-Hans', 'cover.pdf');
    const { spawnSync } = await import('node:child_process');
    const pgm = spawnSync('pdftoppm', ['-gray', '-r', '254', cover], { maxBuffer: 1 << 28 }).stdout;
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/u.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    const px = pgm.subarray(header[0].length);
    const runs: number[] = [];
    for (let x = 0; x < w / 2; x++) {
      let run = 0;
      for (let y = Math.floor(h / 2); y < h; y++) {
        // The bars are black on the white box; the cover's cinnabar background renders mid-gray.
        if (px[y * w + x] < 60) run++;
        else {
          if (run > 100) runs.push(run);
          run = 0;
        }
      }
    }
    expect(runs.length).toBeGreaterThan(20);
    const sorted = runs.sort((a, b) => a - b);
    const data = sorted[Math.floor(sorted.length / 4)];
    expect(data / 10).toBeCloseTo(22.85, 0);
  });
});

describe('reproducible print files', () => {
  it('gives byte-identical print and cover PDFs from two processes in different time zones', async () => {
    const dirs = [tempDir('print-utc-'), tempDir('print-shanghai-')];
    const args = (out: string) => ['build', '--out', out, '--edition', 'zh-Hans,zh-Hant-TW', '--format', 'print'];
    const runs = await Promise.all([
      runCliAsync(args(dirs[0]), { env: { SOURCE_DATE_EPOCH: EPOCH, TZ: 'UTC' } }),
      runCliAsync(args(dirs[1]), { env: { SOURCE_DATE_EPOCH: EPOCH, TZ: 'Asia/Shanghai' } }),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const names = ['zh-Hans', 'zh-Hant-TW'].flatMap((e) => [`suanfa-jianghu.${e}.print.pdf`, `suanfa-jianghu.${e}.cover.pdf`]);
    for (const n of names) expect(readFileSync(join(dirs[0], n)).equals(readFileSync(join(dirs[1], n))), n).toBe(true);
  });
});
