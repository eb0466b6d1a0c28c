// The vertical (直排) print edition, bound on the right, read back with poppler and MuPDF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { BuildError } from '../src/diagnostics.ts';
import { drawnGlyphs, type DrawnGlyph } from './helpers/glyphs.ts';
import { openEpub, visibleText } from './helpers/epub.ts';
import { tempDir, writeManuscript } from './helpers/paths.ts';
import { readPdf } from './helpers/pdf.ts';
import { MM, sampleWithPrint, pageBoxes, pageLabels } from './helpers/print.ts';

const EPOCH = '1700000000';

async function buildPrint(dir: string, layouts: Array<'horizontal' | 'vertical'>) {
  const result = await build({ chaptersDir: dir, outDir: tempDir('vprint-out-'), formats: ['print'], editions: ['zh-Hant-TW'], layouts, sourceDateEpoch: EPOCH });
  const file = (layout: string, suffix: string) => result.outputs.find((o) => o.layout === layout && o.path.endsWith(suffix))!.path;
  return { result, file };
}

describe('the vertical print edition for an offset printer', () => {
  let names: string[];
  let interior: string;
  let cover: string;
  let horizontalInterior: string;
  beforeAll(async () => {
    const built = await buildPrint(sampleWithPrint('  printer: offset\n  trim: A5\n'), ['horizontal', 'vertical']);
    names = built.result.outputs.map((o) => o.path.replace(/^.*\//u, ''));
    interior = built.file('vertical', '.print.pdf');
    cover = built.file('vertical', '.cover.pdf');
    horizontalInterior = built.file('horizontal', '.print.pdf');
  }, 240_000);

  it('ships under its own names beside the horizontal print files', () => {
    expect(names).toEqual([
      'suanfa-jianghu.zh-Hant-TW.print.pdf',
      'suanfa-jianghu.zh-Hant-TW.cover.pdf',
      'suanfa-jianghu.zh-Hant-TW.vertical.print.pdf',
      'suanfa-jianghu.zh-Hant-TW.vertical.cover.pdf',
    ]);
  });

  it('mirrors its gutters for a right binding: a recto’s wider margin is its right, a verso’s its left', () => {
    // A full page's first column (the rightmost) and first line (the leftmost start) are where the block's edges are.
    const margin = (path: string, side: 'left' | 'right', recto: boolean, upright: (g: DrawnGlyph) => boolean) => {
      const { glyphs } = drawnGlyphs(path);
      const boxes = pageBoxes(path);
      const pages = [...new Set(glyphs.map((g) => g.page))].filter((p) => p % 2 === (recto ? 0 : 1) && glyphs.filter((g) => g.page === p && upright(g)).length > 300);
      expect(pages.length).toBeGreaterThan(2);
      const each = pages.map((p) => {
        const xs = glyphs.filter((g) => g.page === p && upright(g)).map((g) => g.x);
        const trim = boxes[p].trim;
        return side === 'right' ? trim[2] - Math.max(...xs) : Math.min(...xs) - trim[0];
      });
      return each.sort((a, b) => a - b)[Math.floor(each.length / 2)];
    };
    const column = (g: DrawnGlyph) => g.wmode === 1;
    expect(margin(interior, 'right', true, column) - margin(interior, 'right', false, column)).toBeGreaterThan(2 * MM);
    // The horizontal book is bound on the left: a recto's wider margin is its left.
    const line = (g: DrawnGlyph) => g.size > 9 && g.size < 11;
    expect(margin(horizontalInterior, 'left', true, line) - margin(horizontalInterior, 'left', false, line)).toBeGreaterThan(2 * MM);
  });

  it('opens every chapter on a recto', () => {
    const { glyphs } = drawnGlyphs(interior);
    // A chapter's title is the only type set at 1.7 × the body size.
    const openings = [...new Set(glyphs.filter((g) => g.wmode === 1 && Math.abs(g.size - 10.5 * 1.7) < 0.01).map((g) => g.page))];
    // Three chapters and the two appendices.
    expect(openings.length).toBe(5);
    for (const p of openings) expect((p + 1) % 2, `opening on physical page ${p + 1}`).toBe(1);
  });

  it('has its front panel left of the spine and its back right of it', () => {
    const { glyphs } = drawnGlyphs(cover);
    const trim = pageBoxes(cover)[0].trim;
    const width = (trim[2] - trim[0]) / 2;
    const title = glyphs.filter((g) => '算法江湖'.includes(g.c) && g.size > 20);
    expect(title.length).toBe(4);
    for (const g of title) expect(g.x - trim[0]).toBeLessThan(width - 10);
    // The blurb (book.yaml description) is on the back.
    const blurb = glyphs.filter((g) => g.size > 9 && g.size < 11);
    expect(blurb.length).toBeGreaterThan(20);
    for (const g of blurb) expect(g.x - trim[0]).toBeGreaterThan(width + 10);
  });
});

describe('the vertical print edition for IngramSpark', () => {
  let interior: string;
  let horizontal: string;
  beforeAll(async () => {
    const built = await buildPrint(sampleWithPrint('  printer: ingramspark\n  trim: A5\n  paper: cream\n'), ['horizontal', 'vertical']);
    interior = built.file('vertical', '.print.pdf');
    horizontal = built.file('horizontal', '.print.pdf');
  }, 240_000);

  it('is in reverse page order, last page first, with an even page count and no page labels', () => {
    const { glyphs, doc } = drawnGlyphs(interior);
    const n = doc.countPages();
    expect(n % 2).toBe(0);
    // The half-title, the book's first page, is the file's last; the horizontal book starts with it.
    const onPage = (g: DrawnGlyph[], p: number) => g.filter((x) => x.page === p).map((x) => x.c).join('');
    expect(onPage(glyphs, n - 1)).toBe('算法江湖');
    expect(onPage(drawnGlyphs(horizontal).glyphs, 0)).toBe('算法江湖');
    expect(pageLabels(interior)).toEqual([]);
  });

  it('cuts each page flush at its binding edge, which is a recto’s right edge', () => {
    const boxes = pageBoxes(interior);
    const n = boxes.length;
    boxes.forEach((b, k) => {
      const page = n - k; // the page this is in the book
      const bleedLeft = b.trim[0] - b.bleed[0];
      const bleedRight = b.bleed[2] - b.trim[2];
      if (page % 2 === 1) expect([bleedLeft > 1, bleedRight < 0.01]).toEqual([true, true]);
      else expect([bleedLeft < 0.01, bleedRight > 1]).toEqual([true, true]);
    });
  });
});

describe('a vertical print edition at KDP', () => {
  it('is refused at book.yaml’s printer line, before anything is built', async () => {
    const dir = sampleWithPrint('  printer: kdp\n  trim: A5\n  paper: cream\n');
    const error = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'], editions: ['zh-Hant-TW'], layouts: ['vertical'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const errors = (error as BuildError).diagnostics.filter((d) => d.severity === 'error');
    const line = readFileSync(join(dir, 'book.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('  printer: kdp')) + 1;
    expect(errors.map((d) => `${d.rule} ${d.file?.replace(/^.*\//u, '')}:${d.line}`)).toEqual([`config:printer-binding book.yaml:${line}`]);
  });
});

describe('a vertical edition sold apart', () => {
  const yaml = (vertical: string) =>
    `title: 短书\nauthor: 某人\nslug: apart\neditions: [zh-Hant-TW]\nlayout: [horizontal, vertical]\nprint:\n  printer: offset\nisbn:\n  zh-Hant-TW:\n    epub: 978-957-000-002-3\n    print: 978-957-000-004-7\n${vertical}`;
  const book = (vertical: string) => writeManuscript({ 'book.yaml': yaml(vertical), '01.md': '# 第一章：开篇\n\n正文一段，写得很短。\n' });
  const run = (dir: string) => build({ chaptersDir: dir, outDir: tempDir('apart-'), formats: ['epub', 'print'], sourceDateEpoch: '1700000000' });
  // Down a column MuPDF reads a line per glyph or run: the text joined, spaces dropped.
  const flat = (path: string) => readPdf(path).lines.map((l) => l.text.replace(/\s/gu, '')).join('');

  it('carries its own ISBNs: the EPUB’s identifier and copyright page, the print copyright page and barcode', async () => {
    const result = await run(book('    vertical: {epub: 978-957-000-003-0, print: 978-957-000-005-4}\n'));
    const out = (layout: string, suffix: string) => result.outputs.find((o) => o.layout === layout && o.path.endsWith(suffix))!.path;
    for (const [layout, epubIsbn, printIsbn] of [
      ['horizontal', '978-957-000-002-3', '978-957-000-004-7'],
      ['vertical', '978-957-000-003-0', '978-957-000-005-4'],
    ]) {
      const epub = await openEpub(out(layout, '.epub'));
      expect(await epub.text('OEBPS/content.opf')).toContain(`<dc:identifier id="book-id">urn:isbn:${epubIsbn.replace(/-/gu, '')}</dc:identifier>`);
      // In a column the last digit stands upright in a span of its own: the text, not the markup.
      expect(visibleText(await epub.text('OEBPS/copyright.xhtml'))).toContain(epubIsbn);
      const interior = flat(out(layout, '.print.pdf'));
      const cover = flat(out(layout, '.cover.pdf'));
      for (const [other, text] of [[printIsbn, interior], [printIsbn.replace(/-/gu, ''), cover]]) expect(text, layout).toContain(other);
      const others = ['978-957-000-004-7', '978-957-000-005-4'].filter((n) => n !== printIsbn);
      for (const n of others) expect(interior + cover, layout).not.toContain(n.replace(/-/gu, ''));
    }
    expect(result.diagnostics.map((d) => d.rule)).not.toContain('config:isbn-shared');
  });

  it('without them shares its edition’s, with a note per format saying where its own would go', async () => {
    const result = await run(book(''));
    const notes = result.diagnostics.filter((d) => d.rule === 'config:isbn-shared').map((d) => d.message);
    expect(notes).toEqual([expect.stringContaining('isbn.zh-Hant-TW.vertical.epub'), expect.stringContaining('isbn.zh-Hant-TW.vertical.print')]);
    const vertical = await openEpub(result.outputs.find((o) => o.layout === 'vertical' && o.format === 'epub')!.path);
    expect(await vertical.text('OEBPS/content.opf')).toContain('urn:isbn:9789570000023');
  });
});

describe('a vertical print edition on a narrow page (32开, 14 columns)', () => {
  it('opens each chapter with its title and the opening poem on one page: the sink gives way rather than leave the title alone, the page mostly blank', async () => {
    const { file } = await buildPrint(sampleWithPrint('  printer: offset\n  trim: 32开\n'), ['vertical']);
    const { lines, pageCount } = readPdf(file('vertical', '.print.pdf'));
    // MuPDF reads a column character by character, in reading order.
    const pageTexts = Array.from({ length: pageCount }, (_, p) => lines.filter((l) => l.page === p).map((l) => l.text).join(''));
    for (const [title, poem] of [
      ['圖靈問道', '曼城孤燈問蒼茫'],
      ['感知器之殤', '感知一出震長空'],
    ]) {
      const page = pageTexts.findIndex((text) => text.includes(poem));
      expect(page, poem).toBeGreaterThanOrEqual(0);
      const chars = lines.filter((l) => l.page === page).flatMap((l) => l.chars);
      const body = Math.min(...chars.filter((c) => poem.includes(c.c)).map((c) => c.size));
      // The title itself, at display size, not a running head naming it.
      expect([...title].filter((t) => !chars.some((c) => c.c === t && c.size > 1.3 * body)), title).toEqual([]);
    }
  }, 240_000);
});
