import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build/build.ts';
import { isbn13Digits, isValidIsbn } from '../src/config/isbn.ts';
import { loadConfig } from '../src/config/load.ts';
import { BuildError } from '../src/diagnostics.ts';
import { ean13Modules } from '../src/render/print/ean13.ts';
import { pngToGray } from '../src/render/print/gray-image.ts';
import { printLayout } from '../src/render/print/print-layout.ts';
import { printerSpec } from '../src/render/print/printers.ts';
import { loadTheme } from '../src/typeset/theme.ts';
import { runCli } from './helpers/cli.ts';
import { FIXTURES, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { readPdf, type PdfLine } from './helpers/pdf.ts';
import { colourOperators, MM, nonGrayOrCmyk, pageBoxes, pageLabels, rgbJpegHeader, rgbPng, type Box } from './helpers/print.ts';

/** pdfinfo prints two decimals. */
const TOL = 0.02;
const width = (b: Box) => b[2] - b[0];
const height = (b: Box) => b[3] - b[1];

interface PrintBuild {
  result: BuildResult;
  interior: string;
  cover: string;
  outline: Array<{ title?: string; page?: number }>;
  lines: PdfLine[];
  pageCount: number;
}

async function buildPrint(dir: string, editions: Array<'zh-Hans' | 'zh-Hant-TW'> = ['zh-Hans']): Promise<PrintBuild> {
  const result = await build({ chaptersDir: dir, outDir: tempDir('print-'), formats: ['print'], editions, sourceDateEpoch: '1700000000' });
  const interior = result.outputs.find((o) => o.path.endsWith('.print.pdf'))!.path;
  const cover = result.outputs.find((o) => o.path.endsWith('.cover.pdf'))!.path;
  const { doc, lines, pageCount } = readPdf(interior);
  const outline = (doc.loadOutline() ?? []) as Array<{ title?: string; page?: number }>;
  return { result, interior, cover, outline, lines, pageCount };
}

/** Two chapters of a few lines: the first ends on a recto, so the second needs a blank verso before it. */
function shortBook(bookYaml: string): string {
  return writeManuscript({
    'book.yaml': bookYaml,
    '01-a.md': '# 第一章：开篇\n\n正文一段，写得很短。\n',
    '02-b.md': '# 第二章：再会\n\n第二章也只有一段。\n',
  });
}

describe('print edition of the sample book', () => {
  let built: PrintBuild;
  beforeAll(async () => {
    built = await buildPrint(SAMPLE);
  });

  it('never opens a page with the ＊＊＊ that closes a recap or a scene', () => {
    // Body lines (running heads and folios are smaller), first of each page.
    const body = built.lines.filter((l) => l.chars[0].size > 9);
    const firsts = [...new Set(body.map((l) => l.page))].map((p) => body.find((l) => l.page === p)!);
    const ornaments = body.filter((l) => l.text.replace(/\s/gu, '') === '＊＊＊');
    expect(ornaments.length).toBeGreaterThan(3);
    expect(firsts.filter((l) => ornaments.includes(l)).map((l) => `page ${l.page + 1}`)).toEqual([]);
  });

  it('writes <slug>.<edition>.print.pdf and <slug>.<edition>.cover.pdf', () => {
    expect(built.result.outputs.map((o) => o.path.split('/').pop())).toEqual(['suanfa-jianghu.zh-Hans.print.pdf', 'suanfa-jianghu.zh-Hans.cover.pdf']);
  });

  it('has TrimBox = A5, BleedBox = trim + 3 mm, and MediaBox around the bleed on every page', () => {
    const boxes = pageBoxes(built.interior);
    expect(boxes.length).toBe(built.pageCount);
    for (const { media, bleed, trim } of boxes) {
      expect(width(trim)).toBeCloseTo(148 * MM, 1);
      expect(height(trim)).toBeCloseTo(210 * MM, 1);
      for (const k of [0, 1]) expect(bleed[k]).toBeCloseTo(trim[k] - 3 * MM, 1);
      for (const k of [2, 3]) expect(bleed[k]).toBeCloseTo(trim[k] + 3 * MM, 1);
      // Room for crop marks: strictly larger than the bleed on every side.
      expect(media[0]).toBeLessThan(bleed[0] - 5);
      expect(media[1]).toBeLessThan(bleed[1] - 5);
      expect(media[2]).toBeGreaterThan(bleed[2] + 5);
      expect(media[3]).toBeGreaterThan(bleed[3] + 5);
    }
  });

  it('opens every chapter on an odd physical page', () => {
    const chapters = built.outline;
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    for (const ch of chapters) expect({ title: ch.title, physical: ch.page! + 1, odd: (ch.page! + 1) % 2 === 1 }).toMatchObject({ odd: true });
  });

  it('prints nothing at all on a page without body text: no running head, no folio', () => {
    const byPage = new Map<number, PdfLine[]>();
    for (const l of built.lines) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
    const furnitureOnly = [...byPage].filter(([, ls]) => ls.every((l) => l.chars.every((c) => c.size <= 8.01))).map(([p]) => p + 1);
    expect(furnitureOnly).toEqual([]);
    const lastPrinted = Math.max(...byPage.keys()) + 1;
    const blank = Array.from({ length: lastPrinted }, (_, p) => p).filter((p) => !byPage.has(p)).map((p) => p + 1);
    // The half-title's verso at least; every blank among the printed pages is a verso.
    expect(blank).toContain(2);
    for (const p of blank) expect(p % 2).toBe(0);
  });

  it('fills the last 16-page signature an offset press folds with blank pages after the last printed one, and says so', () => {
    const printed = new Set(built.lines.map((l) => l.page + 1));
    const lastPrinted = Math.max(...printed);
    expect(built.pageCount % 16).toBe(0);
    // No more blanks than the signature needs: the last printed page is in the last signature.
    expect(built.pageCount - lastPrinted).toBeLessThan(16);
    const notes = built.result.diagnostics.filter((d) => d.rule === 'print:signature');
    expect(notes).toEqual([expect.objectContaining({ severity: 'info', file: expect.stringMatching(/\.zh-Hans\.print\.pdf$/u) })]);
    // Every blank after the last printed page: the leaf's other side, when the text ends on a recto, is one of them.
    expect(notes[0].message).toContain(`${built.pageCount - lastPrinted} blank pages end the book block`);
    expect(notes[0].message).toContain(`${built.pageCount} pages, ${built.pageCount / 16} signatures`);
  });

  it('numbers the front matter i, ii … and the first chapter page 1 through /PageLabels', () => {
    const labels = pageLabels(built.interior);
    const first = built.outline[0].page!;
    expect(labels).toEqual([
      { index: 0, style: '/r', start: 1 },
      { index: first, style: '/D', start: 1 },
    ]);
    expect(first % 2).toBe(0); // body page 1 is a recto
  });

  it('paints only in DeviceGray or DeviceCMYK, in the interior and on the cover', () => {
    expect(nonGrayOrCmyk(built.interior)).toEqual([]);
    expect(nonGrayOrCmyk(built.cover)).toEqual([]);
  });

  it('sets the half-title, title page, copyright page and contents before the body', () => {
    const text = (p: number) => built.lines.filter((l) => l.page === p).map((l) => l.text.replace(/\s/gu, '')).join('\n');
    expect(text(0)).toBe('算法江湖');
    expect(text(2)).toContain('人工智能演义');
    const imprint = text(3);
    for (const s of ['书名算法江湖', '作者江湖说书人', '出版算法江湖书社', '版次2026年11月第1版', '印次2026年11月第1次印刷']) expect(imprint).toContain(s);
    expect(imprint).not.toContain('ISBN');
    expect(text(4)).toContain('目录');
    // The values stand in one column, a value starting with a digit (2026年…) too: no Han–Latin gap after the ideographic space.
    const starts = built.lines
      .filter((l) => l.page === 3)
      .map((l) => l.chars.filter((c) => c.c.trim() && c.c !== '\u3000'))
      // The label is three ems (副书名, or 书　名 with its full-width space); the value starts past it.
      .map((cs) => cs.find((c) => c.x0 > cs[0].x0 + 3.2 * cs[0].size)?.x0)
      .filter((x): x is number => x !== undefined);
    expect(starts.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(0.3);
  });

  it('states 开本, 印张 and 字数 as a mainland imprint does: the A5 sheet, the pages over its parts, the page\'s capacity in thousands', () => {
    const imprint = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toContain('开本880mm×1230mm1/32');
    // The page count as MuPDF reads it, blanks included.
    expect(imprint).toContain(`印张${built.pageCount / 32}`);
    const print = loadConfig(SAMPLE).print!;
    const { body } = printLayout(loadTheme(), print, printerSpec(print)).theme;
    expect(imprint).toContain(`字数${Math.round((body.measure * body.lines * built.pageCount) / 1000)}千字`);
    // In the order of the 版本记录: after the printing, before the ISBN and the price.
    const order = ['印次', '开本', '印张', '字数'].map((label) => imprint.findIndex((l) => l.startsWith(label)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('mirrors the margins and puts running heads and folios on the outer edges', () => {
    const [trim] = pageBoxes(built.interior).map((b) => b.trim);
    const mediaHeight = pageBoxes(built.interior)[0].media[3];
    const trimLeft = trim[0];
    const trimRight = trim[2];
    const first = built.outline[0].page!;
    const body = built.lines.filter((l) => l.page > first && l.chars[0].size > 10);
    const textLeft = (page: number) => Math.min(...body.filter((l) => l.page === page).map((l) => l.x0));
    const recto = first + 2; // physical page first + 3: odd
    const verso = first + 1;
    const inner = textLeft(recto) - trimLeft;
    const outer = textLeft(verso) - trimLeft;
    expect(inner).toBeGreaterThan(outer + 10);
    const furniture = (page: number) => built.lines.filter((l) => l.page === page && l.chars[0].size <= 8.01);
    const headAndFolio = (page: number) => {
      const f = furniture(page).sort((a, b) => a.baseline - b.baseline);
      return { head: f[0], folio: f[f.length - 1] };
    };
    const v = headAndFolio(verso);
    const r = headAndFolio(recto);
    expect(v.head.text).toBe('算法江湖');
    expect(v.head.x0).toBeCloseTo(textLeft(verso), 0);
    expect(v.folio.x0).toBeCloseTo(textLeft(verso), 0);
    expect(r.head.x1).toBeGreaterThan(r.folio.x0);
    expect(Math.abs(r.head.x1 - r.folio.x1)).toBeLessThan(0.5);
    expect(trimRight - r.folio.x1).toBeCloseTo(textLeft(verso) - trimLeft, 0);
    expect(mediaHeight).toBeGreaterThan(height(trim));
  });

  it('makes the cover 2 × trim width + spine + 2 × bleed wide, the spine from the page count', () => {
    const [box] = pageBoxes(built.cover);
    const spine = (built.pageCount / 2) * 0.1 * MM;
    expect(built.pageCount % 2).toBe(0);
    expect(width(box.bleed)).toBeCloseTo(2 * 148 * MM + spine + 2 * 3 * MM, 1);
    expect(width(box.trim)).toBeCloseTo(2 * 148 * MM + spine, 1);
    expect(height(box.bleed)).toBeCloseTo(210 * MM + 2 * 3 * MM, 1);
    expect(box.media[2] - box.media[0]).toBeGreaterThan(width(box.bleed) + 10);
    expect(Math.abs(box.trim[0] - box.bleed[0] - 3 * MM)).toBeLessThan(TOL);
  });

  it('has no link annotations and no cover page, but keeps the outline', () => {
    const doc = mupdf.Document.openDocument(readFileSync(built.interior), 'application/pdf');
    for (let p = 0; p < built.pageCount; p++) expect(doc.loadPage(p).getLinks()).toEqual([]);
    expect(built.outline.map((o) => o.title)).toContain('第一章\u3000图灵问道');
  });

  it('is byte-identical when rebuilt', async () => {
    const again = await buildPrint(SAMPLE);
    expect(readFileSync(again.interior).equals(readFileSync(built.interior))).toBe(true);
    expect(readFileSync(again.cover).equals(readFileSync(built.cover))).toBe(true);
  });
});

describe('a copyright page whose lines outrun the measure', () => {
  const subtitle = '人工智能演义之图灵问道、感知机殇、深度学习复兴与大模型群雄并起全本';
  const rights = '版权所有，侵权必究。未经出版者书面许可，不得以任何方式复制或抄袭本书的任何部分，违者依法追究法律责任。';
  const author = '江湖说书人　著　　某某某　校注　　另一位某某　插图';
  let built: PrintBuild;
  beforeAll(async () => {
    built = await buildPrint(shortBook(['title: 短书', `subtitle: ${subtitle}`, `author: ${author}`, 'published: 2026-05-20', 'print:', '  trim: 32开', `rights: ${rights}`, ''].join('\n')));
  });

  it('shrinks a cover line of several names into the front panel\'s frame, where it ran into the trim', () => {
    const [box] = pageBoxes(built.cover);
    const line = readPdf(built.cover).lines.find((l) => l.text.replace(/\s/gu, '') === author.replace(/\u3000/gu, ''));
    expect(line).toBeDefined();
    const names = line!.chars.filter((c) => c.c.trim() !== '');
    // The front panel is the right one (a left-bound book); its frame is drawn 3 mm outside the safe margin.
    const front = box.trim[2] - 130 * MM;
    for (const c of names) {
      expect(c.x0).toBeGreaterThan(front + 5 * MM);
      expect(c.x1).toBeLessThan(box.trim[2] - 5 * MM);
    }
  });

  it('sets every character of a long value and of the rights statement, on as many lines as they take', () => {
    const page = built.lines.filter((l) => l.page === 3);
    const text = page.map((l) => l.text.replace(/\s/gu, '')).join('');
    expect(text).toContain(`副书名${subtitle}`);
    expect(text.endsWith(rights)).toBe(true);
    // More lines than the imprint has labels: the two long ones ran on.
    expect(page.length).toBeGreaterThan(7);
  });

  it('names the 正度 sheet of a 32开 book', () => {
    const imprint = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toContain('开本787mm×1092mm1/32');
    expect(imprint).toContain(`印张${built.pageCount / 32}`);
  });

  it('carries a value on under itself, past its label, and the rights statement from the margin', () => {
    const page = built.lines.filter((l) => l.page === 3);
    const first = page.findIndex((l) => l.text.replace(/\s/gu, '').startsWith('副书名'));
    const valueStart = page[first].chars.find((c) => c.c === subtitle[0])!.x0;
    const next = page[first + 1];
    expect(next.text.replace(/\s/gu, '')).not.toMatch(/^作/u);
    expect(next.x0).toBeCloseTo(valueStart, 1);
    const last = page.at(-1)!;
    expect(last.x0).toBeCloseTo(page[first].x0, 1);
  });
});


describe('a CIP record (print.cip)', () => {
  const cip = ['图书在版编目（CIP）数据', '', '短书／某人著．—北京：某书社，2026.5', 'ISBN 978-7-5086-0000-0', '', '中国版本图书馆CIP数据核字（2026）第000001号'];
  const yaml = ['title: 短书', 'author: 某人', 'publisher: 某书社', 'published: 2026-05-20', 'print:', '  trim: 32开', '  cip:', '    zh-Hans: |', ...cip.map((l) => (l ? `      ${l}` : '')), 'rights: 版权所有　侵权必究', ''].join('\n');
  let dir: string;
  beforeAll(() => {
    dir = shortBook(yaml);
  });

  it('heads the copyright page line by line as written, a blank line kept, the imprint under its rule at the foot', async () => {
    const built = await buildPrint(dir);
    const page = built.lines.filter((l) => l.page === 3).sort((a, b) => a.baseline - b.baseline);
    const texts = page.map((l) => l.text.replace(/\s/gu, ''));
    const written = cip.filter(Boolean).map((l) => l.replace(/\s/gu, ''));
    expect(texts.slice(0, written.length)).toEqual(written);
    expect(texts[written.length]).toBe('书名短书');
    expect(texts.at(-1)).toBe('版权所有侵权必究');
    // The blank lines stay blank: the record's second line stands two pitches under its first.
    const pitch = page[2].baseline - page[1].baseline;
    expect(page[1].baseline - page[0].baseline).toBeCloseTo(2 * pitch, 0);
    // The imprint keeps to the foot: the record's last line stands well above its first.
    expect(page[written.length].baseline - page[written.length - 1].baseline).toBeGreaterThan(3 * pitch);
  });

  it('has each of its characters and of the back cover\'s description checked against the fonts, as the chapters\' are: no placeholder drawn unasked', async () => {
    const missing = writeManuscript({
      'book.yaml': ['title: 短书', 'author: 某人', 'description: 一段简介😀', 'print:', '  publisher: {zh-Hans: 某书社🀄}', '  cip:', '    zh-Hans: |', '      图书在版编目（CIP）数据𠀋', ''].join('\n'),
      '01-a.md': '# 第一章：开篇\n\n正文一段。\n',
    });
    const error = await buildPrint(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const reported = (error as BuildError).diagnostics.filter((d) => d.rule === 'font:missing-glyph').map((d) => `${basename(d.file!)}:${d.line}:${d.column} ${d.severity}`);
    expect(reported.sort()).toEqual(['book.yaml:3:18 error', 'book.yaml:5:27 error', 'book.yaml:8:20 error']);
    // Asked for, the build draws the placeholder and says where.
    const result = await build({ chaptersDir: missing, outDir: tempDir('print-'), formats: ['print'], editions: ['zh-Hans'], allowMissingGlyphs: true });
    expect(result.diagnostics.filter((d) => d.rule === 'font:missing-glyph').map((d) => d.severity)).toEqual(['warning', 'warning', 'warning']);
  });

  it('belongs to its edition: the Taiwan edition, given none, has none', async () => {
    const built = await buildPrint(dir, ['zh-Hant-TW']);
    const text = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, '')).join('');
    expect(text).not.toContain('CIP');
    expect(text).toContain('書名短書');
  });
});

describe('the copyright page of a small trim', () => {
  const rights = '版权所有，侵权必究。本书任何部分未经出版者书面许可，不得以任何方式复制或抄袭。本书如有印装质量问题，请与出版社联系调换。';
  const yaml = (trim: string, statement: string) => ['title: 短书', 'subtitle: 人工智能演义', 'author: 某人', 'publisher: 某书社', 'published: 2026-05-20', 'print:', `  trim: ${trim}`, `rights: ${statement}`, ''].join('\n');

  it('closes its lines up rather than leave the end of the rights statement off the page', async () => {
    // Eight lines of body text: the imprint, the rule and three lines of rights take twelve.
    const built = await buildPrint(shortBook(yaml('[130, 93]', rights)));
    const page = built.lines.filter((l) => l.page === 3);
    const text = page.map((l) => l.text.replace(/\s/gu, '')).join('');
    expect(text.endsWith(rights)).toBe(true);
    expect(text).toMatch(/^书名短书副书名人工智能演义作者某人出版某书社/u);
    // A trim in millimetres names no sheet: 字数 alone.
    expect(text).toContain('字数');
    expect(text).not.toContain('开本');
    // Closed up, the lines keep clear of each other.
    const tops = page.map((l) => Math.min(...l.chars.map((c) => c.y0)));
    const bottoms = page.map((l) => Math.max(...l.chars.map((c) => c.y1)));
    for (let k = 1; k < page.length; k++) expect(tops[k]).toBeGreaterThanOrEqual(bottoms[k - 1] - 0.5);
  });

  it('stops the build at the rights line when even closed up the lines do not fit', async () => {
    const dir = shortBook(yaml('[130, 93]', rights.repeat(4)));
    const error = await buildPrint(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const d = (error as BuildError).diagnostics.find((x) => x.rule === 'print:copyright-long');
    expect(d?.file).toBe(join(dir, 'book.yaml'));
    expect(d?.line).toBe(8);
    expect(d?.message).toMatch(/needs \d+ lines .* holds \d+/u);
  });

  it('states the sheet print.sheet names for a trim in millimetres, and counts 印张 by its parts', async () => {
    const dir = shortBook(['title: 短书', 'author: 某人', 'print:', '  trim: [140, 210]', '  sheet: 850 × 1168 1/32', ''].join('\n'));
    const built = await buildPrint(dir);
    const imprint = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toContain('开本850mm×1168mm1/32');
    expect(imprint).toContain(`印张${built.pageCount / 32}`);
  });

  it('takes print.sheet over a named trim\'s usual sheet', async () => {
    const built = await buildPrint(shortBook(['title: 短书', 'author: 某人', 'print:', '  trim: 32开', '  sheet: 787x1092 1/24', ''].join('\n')));
    const imprint = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toContain('开本787mm×1092mm1/24');
    // Over 24 parts the count may never end: three places, as an imprint gives it.
    expect((built.pageCount / 24).toString().length).toBeGreaterThan(6);
    expect(imprint).toContain(`印张${Number((built.pageCount / 24).toFixed(3))}`);
  });

  it('rejects a sheet the trim cannot be cut from, and one written otherwise, at their lines', async () => {
    // A5 is 148 × 210: 1/32 of the 787 × 1092 sheet is at most 136.5 mm one way.
    const conflict = await buildPrint(shortBook(['title: 短书', 'author: 某人', 'print:', '  trim: A5', '  sheet: 787x1092 1/32', ''].join('\n'))).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(BuildError);
    const found = (conflict as BuildError).diagnostics.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity} ${d.rule} ${d.message}`);
    expect(found).toEqual([expect.stringMatching(/^book\.yaml:5 error config:print-conflict print\.sheet: a 148 × 210 mm page cannot be cut from 1\/32 of a 787 × 1092 mm sheet/u)]);
    for (const sheet of ['32开', '787x1092 1/0']) {
      const malformed = await buildPrint(shortBook(['title: 短书', 'author: 某人', 'print:', `  sheet: ${sheet}`, ''].join('\n'))).catch((e: unknown) => e);
      expect(malformed, sheet).toBeInstanceOf(BuildError);
      const bad = (malformed as BuildError).diagnostics.map((d) => `${d.file?.split('/').pop()}:${d.line} ${d.severity} ${d.message}`);
      expect(bad, sheet).toEqual([expect.stringMatching(/^book\.yaml:4 error .*787x1092 1\/32/u)]);
    }
  });

  it('states no 开本, 印张 or 字数 in a Taiwan edition, whose imprints do not', async () => {
    const built = await buildPrint(shortBook(yaml('32开', '版权所有')), ['zh-Hant-TW']);
    const text = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, '')).join('');
    expect(text).toContain('書名短書');
    for (const label of ['開本', '印張', '字數', '开本']) expect(text).not.toContain(label);
  });
});

describe('a back cover description longer than the room above the barcode', () => {
  const description = '以章回体武侠小说的笔法，讲述人工智能从图灵之问到深度学习复兴的历史。'.repeat(30);
  const yaml = (text: string) => ['title: 短书', 'author: 某人', `description: ${text}`, 'isbn:', '  zh-Hans: {print: 978-7-5086-0000-0}', 'print:', '  trim: 32开', '  price:', '    zh-Hans: 48.00元', ''].join('\n');

  it('is set smaller, every character of it, above the price and the barcode, with a warning at its line', async () => {
    const built = await buildPrint(shortBook(yaml(description)));
    const [box] = pageBoxes(built.cover);
    const back = readPdf(built.cover).lines.filter((l) => l.x1 < box.trim[0] + 130 * MM);
    const price = back.find((l) => l.text.replace(/\s/gu, '').startsWith('定价'))!;
    const blurb = back.filter((l) => l.baseline < price.baseline && l.text.trim() !== '');
    expect(blurb.map((l) => l.text.replace(/\s/gu, '')).join('')).toBe(description);
    // Clear of the price line above the barcode: each character's box ends above the price's top.
    const priceTop = Math.min(...price.chars.map((c) => c.y0));
    for (const c of blurb.flatMap((l) => l.chars)) expect(c.y1).toBeLessThan(priceTop);
    const small = built.result.diagnostics.filter((d) => d.rule === 'print:blurb-small');
    expect(small).toHaveLength(1);
    expect(small[0]).toMatchObject({ severity: 'warning', line: 3 });
    expect(small[0].file).toMatch(/book\.yaml$/u);
  });

  it('that would not fit even at 6 pt is cut, and the warning says how much was left off', async () => {
    const built = await buildPrint(shortBook(yaml(description.repeat(8))));
    const long = built.result.diagnostics.filter((d) => d.rule === 'print:blurb-long');
    expect(long).toHaveLength(1);
    expect(long[0].message).toMatch(/its last \d+ characters are left off the cover/u);
  });
});

describe('print settings from book.yaml', () => {
  const yaml = [
    'title: 短书',
    'author: 某人',
    'publisher: 某书社',
    'published: 2026-05-20',
    'isbn:',
    '  zh-Hans: {epub: 978-7-5086-0001-7, print: 978-7-5086-0000-0}',
    '  zh-Hant-TW: {print: 978-957-000-001-6}',
    'print:',
    '  trim: 32开',
    '  bleed: 5',
    '  paperThickness: 0.85',
    '  signature: 4',
    '  edition: 2',
    '  printing: 3',
    '  printed: 2027-01-09',
    'rights: 版权所有　侵权必究',
    '',
  ].join('\n');
  let built: PrintBuild;
  beforeAll(async () => {
    built = await buildPrint(shortBook(yaml));
  });

  it('uses the configured trim and bleed', () => {
    for (const { bleed, trim } of pageBoxes(built.interior)) {
      expect(width(trim)).toBeCloseTo(130 * MM, 1);
      expect(height(trim)).toBeCloseTo(184 * MM, 1);
      expect(trim[0] - bleed[0]).toBeCloseTo(5 * MM, 1);
      expect(bleed[3] - trim[3]).toBeCloseTo(5 * MM, 1);
    }
  });

  it('inserts a blank verso before a chapter that would open on a left-hand page', () => {
    const [one, two] = built.outline.map((o) => o.page! + 1);
    expect(one % 2).toBe(1);
    expect(two).toBe(one + 2);
    expect(built.lines.filter((l) => l.page === two - 2)).toEqual([]);
    // The book ends on a verso too: a leaf has two sides.
    expect(built.pageCount % 2).toBe(0);
  });

  it('states edition, printing, dates and ISBN on the copyright page, the rights statement last', () => {
    const imprint = built.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toEqual(
      expect.arrayContaining(['书名短书', '作者某人', '出版某书社', '版次2026年5月第2版', '印次2027年1月第3次印刷', '书号ISBN978-7-5086-0000-0']),
    );
    expect(imprint.at(-1)).toBe('版权所有侵权必究');
  });

  it('runs the title down a thin spine, upright, centred, at 5 pt or more and clear of the folds, and prints the ISBN with its barcode', () => {
    const { lines } = readPdf(built.cover);
    const chars = lines.flatMap((l) => l.chars);
    const [box] = pageBoxes(built.cover);
    const spine = (built.pageCount / 2) * 0.85 * MM;
    const spineCentre = box.trim[0] + 130 * MM + spine / 2;
    const onSpine = chars.filter((c) => Math.abs((c.x0 + c.x1) / 2 - spineCentre) < spine / 2).sort((a, b) => a.y0 - b.y0);
    // A spine this thin takes the title alone: the author at 0.8 of its size would fall below 5 pt.
    expect(spine / MM).toBeLessThan(7);
    expect(onSpine.map((c) => c.c).join('')).toBe('短书');
    for (const c of onSpine) {
      expect(Math.abs((c.x0 + c.x1) / 2 - spineCentre)).toBeLessThan(0.5);
      expect(c.size).toBeGreaterThanOrEqual(5);
      // Clear of both folds by 1.6 mm (offset).
      expect(c.x0 - (spineCentre - spine / 2)).toBeGreaterThanOrEqual(1.6 * MM - 0.1);
      expect(spineCentre + spine / 2 - c.x1).toBeGreaterThanOrEqual(1.6 * MM - 0.1);
    }
    // Upright: each glyph as wide as its size, not turned.
    for (const c of onSpine) expect(c.x1 - c.x0).toBeCloseTo(c.size, 0);
    const text = lines.map((l) => l.text.replace(/\s/gu, '')).join('\n');
    expect(text).toContain('ISBN978-7-5086-0000-0');
    expect(text).toContain('9787508600000');
    // The digits as GS1 sets them: the first apart, in the quiet zone before the bars, then two groups of six.
    const digits = lines.find((l) => l.text.replace(/\s/gu, '') === '9787508600000')!.chars.filter((c) => /\d/u.test(c.c));
    const gaps = digits.slice(1).map((c, i) => c.x0 - digits[i].x1);
    const usual = [...gaps].sort((a, b) => a - b)[5];
    expect(gaps.map((g) => g > 3 * usual + 2)).toEqual([true, false, false, false, false, false, true, false, false, false, false, false]);
    // Where GS1 puts them, 0.33 mm modules apart: the first digit's centre 30 modules before the left
    // group's (in the quiet zone, not under the bars), the two groups' centres 47 apart (either side of the centre guard).
    const centre = (from: number, to: number) => (digits[from].x0 + digits[to - 1].x1) / 2;
    expect((centre(1, 7) - centre(0, 1)) / (0.33 * MM)).toBeCloseTo(30, 0);
    expect((centre(7, 13) - centre(1, 7)) / (0.33 * MM)).toBeCloseTo(47, 0);
  });

  it('rejects a wrong ISBN check digit and an unknown print key at their lines', async () => {
    const bad = shortBook(yaml.replace('978-7-5086-0000-0', '978-7-5086-0000-8').replace('  printing: 3', '  printing: 3\n  colour: cmyk'));
    const error = await build({ chaptersDir: bad, outDir: tempDir(), formats: ['print'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const found = (error as BuildError).diagnostics.map((d) => `${d.line} ${d.rule} ${d.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^6 config:invalid isbn\.zh-Hans\.print: not a valid ISBN/u),
        expect.stringMatching(/^1[45] config:unknown-key unknown key 'colour' in print/u),
      ]),
    );
  });

  it("prints each edition's own print ISBN: the Taiwan cover never carries the Simplified one", async () => {
    const tw = await buildPrint(shortBook(yaml), ['zh-Hant-TW']);
    const imprint = tw.lines.filter((l) => l.page === 3).map((l) => l.text.replace(/\s/gu, ''));
    expect(imprint).toContain('書號ISBN978-957-000-001-6');
    const cover = readPdf(tw.cover).lines.map((l) => l.text.replace(/\s/gu, '')).join('\n');
    expect(cover).toContain('9789570000016');
    expect(cover).not.toContain('9787508600000');
  });
});

describe('a long title and subtitle on the print cover', () => {
  it('sets the title in two lines and keeps the subtitle inside the front panel, 12 mm clear of its trim', async () => {
    const built = await buildPrint(shortBook('title: 图灵问道开宗立派论机器能否思考感知机殇十年寒冬\nsubtitle: 一部以章回体写成的人工智能武侠演义，从图灵之问一直讲到深度学习的复兴\nauthor: 某人\n'));
    const { lines } = readPdf(built.cover);
    const text = (l: PdfLine) => l.text.replace(/\s/gu, '');
    expect(lines.map(text)).toEqual(expect.arrayContaining(['图灵问道开宗立派论机器能', '否思考感知机殇十年寒冬']));
    const subtitle = lines.find((l) => text(l).startsWith('一部以章回体'))!;
    const [box] = pageBoxes(built.cover);
    // The front is the right-hand A5 panel of a left-bound book.
    const front = [box.trim[2] - 148 * MM, box.trim[2]];
    expect(subtitle.x0).toBeGreaterThanOrEqual(front[0] + 12 * MM - 0.5);
    expect(subtitle.x1).toBeLessThanOrEqual(front[1] - 12 * MM + 0.5);
  });
});

describe('print images', () => {
  it('converts a colour PNG to gray, flattening alpha onto white, and notes it', async () => {
    const png = rgbPng(4, 2, (x, y) => (y === 0 ? [255, 0, 0, 255] : [0, 0, 255, x * 85]), true);
    const dir = writeManuscript({ '01.md': '# 第一章：图\n\n![红与蓝](red.png)\n\n正文。\n', 'red.png': png });
    const { result, interior } = await buildPrint(dir);
    expect(nonGrayOrCmyk(interior)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.rule === 'print:image-gray').map((d) => d.file)).toEqual([join(dir, 'red.png')]);

    const decoded = new mupdf.Image(pngToGray(png));
    expect(decoded.getNumberOfComponents()).toBe(1);
    const samples = [...decoded.toPixmap().getPixels()];
    // Red → 0.299 × 255; blue (0.114 × 255) over white at alpha 0, 85, 170, 255.
    expect(samples.slice(0, 4)).toEqual([76, 76, 76, 76]);
    expect(samples.slice(4, 8)).toEqual([255, 180, 104, 29]);
  });

  // Each kind of PNG a browser shows, made by ImageMagick (tests/fixtures/png/): the gray each
  // pixel becomes is worked out from MuPDF's own decode of the file, not from ours.
  it.each(['rgb8', 'rgb16', 'rgba8', 'rgba16', 'palette', 'palette4', 'interlaced', 'interlaced-rgba'])('converts %s.png to gray as MuPDF reads it', (name) => {
    const png = readFileSync(join(FIXTURES, 'png', `${name}.png`));
    const original = new mupdf.Image(png);
    const pixmap = original.toPixmap();
    // Components with alpha among them, when the image has it.
    const n = pixmap.getNumberOfComponents();
    expect(n - (pixmap.getAlpha() ? 1 : 0)).toBe(3);
    const rgba = [...pixmap.getPixels()];
    const expected: number[] = [];
    for (let i = 0; i < rgba.length; i += n) {
      const a = pixmap.getAlpha() ? rgba[i + 3] : 255;
      // MuPDF hands alpha premultiplied: undo it before the luma, then flatten onto white.
      const [r, g, bl] = [0, 1, 2].map((c) => (a === 0 ? 0 : Math.min(255, (rgba[i + c] * 255) / a)));
      expected.push(((0.299 * r + 0.587 * g + 0.114 * bl) * a + 255 * (255 - a)) / 255);
    }
    const gray = new mupdf.Image(pngToGray(png));
    expect(gray.getNumberOfComponents()).toBe(1);
    expect([gray.getWidth(), gray.getHeight()]).toEqual([original.getWidth(), original.getHeight()]);
    const got = [...gray.toPixmap().getPixels()];
    const off = got.map((v, i) => Math.abs(v - expected[i])).filter((d) => d > 1.5);
    expect(off).toEqual([]);
    // The image is not flat: a conversion that lost the pixels would not pass.
    expect(new Set(got).size).toBeGreaterThan(4);
  });

  it('stops on a colour JPEG it cannot decode, and names it', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：图\n\n![照片](photo.jpg)\n\n正文。\n', 'photo.jpg': rgbJpegHeader(8, 8) });
    const error = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['print'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const d = (error as BuildError).diagnostics.find((x) => x.rule === 'print:rgb-image')!;
    expect(d.file).toBe(join(dir, 'photo.jpg'));
    expect(d.message).toMatch(/RGB/u);
  });
});

describe('the colour scan itself', () => {
  it('flags RGB operators and colour spaces, and passes gray and CMYK', () => {
    expect(colourOperators('q 0 g 0 G 0 0 0 1 k /DeviceGray cs 0 sc BT [<0012> -20 <0013>] TJ ET (1 0 0 rg) Tj Q')).toEqual([]);
    expect(colourOperators('1 0 0 rg 0 0 1 RG /DeviceRGB cs 0.2 0.3 0.4 scn')).toEqual(['1 0 0 rg', '0 0 1 RG', '/DeviceRGB cs', '0.2 0.3 0.4 scn']);
  });
});

describe('ISBN and EAN-13', () => {
  it('checks ISBN-13 and ISBN-10 check digits', () => {
    expect(isValidIsbn('978-7-5086-0000-0')).toBe(true);
    expect(isValidIsbn('ISBN 978-0-306-40615-7')).toBe(true);
    expect(isValidIsbn('978-0-306-40615-6')).toBe(false);
    expect(isValidIsbn('0-306-40615-2')).toBe(true);
    expect(isbn13Digits('0-306-40615-2')).toBe('9780306406157');
  });

  it('encodes 13 digits as 95 modules with guards, left parity from the first digit', () => {
    // The classic example symbol, 4006381333931 (ISO/IEC 15420 annex, also on Wikipedia's EAN-13 page).
    const bits = ean13Modules('4006381333931');
    expect(bits).toHaveLength(95);
    expect(bits.slice(0, 3)).toBe('101');
    expect(bits.slice(45, 50)).toBe('01010');
    expect(bits.slice(92)).toBe('101');
    // First digit 4 → L G L L G G for the six left digits 0 0 6 3 8 1.
    expect(bits.slice(3, 45)).toBe('0001101' + '0100111' + '0101111' + '0111101' + '0001001' + '0110011');
    expect(bits.slice(50, 92)).toBe('1000010' + '1000010' + '1000010' + '1110100' + '1000010' + '1100110');
  });
});

describe('print from the command line', () => {
  it('builds --format print into the two files, and both PDFs side by side', () => {
    const dir = shortBook('title: 短书\nauthor: 某人\nslug: short\n');
    const out = tempDir('print-cli-');
    const r = runCli(['build', '--chapters', dir, '--out', out, '--format', 'print,pdf']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['short.zh-Hans.cover.pdf', 'short.zh-Hans.pdf', 'short.zh-Hans.print.pdf']);
  });
});

describe('links on paper', () => {
  it('print the address after the link’s text, where the screen PDF and the EPUB keep the text alone', async () => {
    const chapter = [
      '# 第一章　链接',
      '',
      '这一局后来被称作[图灵测试](https://en.wikipedia.org/wiki/Turing_test)，人人都想去踢。',
      '',
      '来信寄往[编辑部](mailto:editor@example.com)。原址<https://example.com/a>照录。',
      '',
      '又有一注[^1]。',
      '',
      '[^1]: 见[论文](https://www.nature.com/articles/323533a0)。',
      '',
    ].join('\n');
    const dir = writeManuscript({ 'book.yaml': 'title: 链接\nauthor: 某人\n', '01.md': chapter });
    const result = await build({ chaptersDir: dir, outDir: tempDir('links-'), formats: ['pdf', 'print'], sourceDateEpoch: '1700000000' });
    const text = (format: string) => readPdf(result.outputs.find((o) => o.format === format && !o.path.endsWith('.cover.pdf'))!.path).lines.map((l) => l.text.replace(/\s/gu, '')).join('');
    const paper = text('print');
    expect(paper).toContain('图灵测试（https://en.wikipedia.org/wiki/Turing_test）');
    expect(paper).toContain('编辑部（editor@example.com）');
    expect(paper).toContain('见论文（https://www.nature.com/articles/323533a0）。');
    // An address shown as the link's text is not printed twice.
    expect(paper.split('https://example.com/a').length).toBe(2);
    const screen = text('pdf');
    expect(screen).toContain('图灵测试，');
    expect(screen).not.toContain('Turing_test');
  });
});

describe('the trailer /ID', () => {
  it('differs between every file of an edition, screen, print and cover in both layouts, and stays the same from build to build', async () => {
    const ids = async () => {
      const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('ids-'), formats: ['pdf', 'print'], editions: ['zh-Hans'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
      return result.outputs.map((o) => {
        const doc = mupdf.Document.openDocument(readFileSync(o.path), 'application/pdf') as mupdf.PDFDocument;
        const id = doc.getTrailer().get('ID');
        return `${basename(o.path)} ${id.get(0).asString()}`;
      });
    };
    const first = await ids();
    expect(first).toHaveLength(6);
    expect(new Set(first.map((l) => l.split(' ')[1])).size).toBe(6);
    expect(await ids()).toEqual(first);
  }, 240_000);
});
