import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { LONE_CHAPTER, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { openEpub } from './helpers/epub.ts';
import { readPdf } from './helpers/pdf.ts';
import { buildPdf, pdfBookSuite } from './suites/pdf-book.ts';

pdfBookSuite('sample book', () => SAMPLE);
pdfBookSuite('lone chapter fixture', () => LONE_CHAPTER);

describe('PDF table of contents', () => {
  it('gives each chapter its page number and a link that lands on that page', async () => {
    const built = await buildPdf(SAMPLE);
    const { doc } = readPdf(built.path);
    const first = built.bodyLines[0].page;
    for (const ch of built.book.chapters) {
      const title = `${ch.label}\u3000${ch.title}`;
      const entry = built.lines.find((l) => l.page < first && l.text.startsWith(title))!;
      expect(entry, title).toBeDefined();
      const opening = built.bodyLines.find((l) => l.text === ch.title)!;
      // The number printed after the title is the folio of the chapter's opening page.
      expect(Number(entry.text.slice(title.length).replace(/\D/gu, ''))).toBe(opening.page - first + 1);
      const link = doc
        .loadPage(entry.page)
        .getLinks()
        .find((k) => {
          const [, y0, , y1] = k.getBounds();
          return y0 <= entry.baseline && entry.baseline <= y1;
        })!;
      expect(link.getURI()).toBe(`#nameddest=${ch.id}`);
      expect(doc.resolveLink(link)).toBe(opening.page);
    }
  });
});

describe('PDF table of contents, paged', () => {
  const NUMERALS = '一二三四五六七八九';
  /** A manuscript of `n` chapters, each with two sections: three entry lines a chapter. */
  const sectioned = (n: number) =>
    writeManuscript({
      'book.yaml': 'title: 目录之书\nauthor: 某人\n',
      ...Object.fromEntries(
        Array.from({ length: n }, (_, k) => [`${String(k + 1).padStart(2, '0')}.md`, `# 第${NUMERALS[k]}章：回目${NUMERALS[k]}\n\n## 上节${NUMERALS[k]}\n\n正文一段。\n\n## 下节${NUMERALS[k]}\n\n正文一段。\n`]),
      ),
    });
  /** The contents' entry lines, each with its page: the pages before the first chapter's opening. */
  const contents = async (dir: string) => {
    const out = tempDir('pdf-toc-');
    const [o] = (await build({ chaptersDir: dir, outDir: out, formats: ['pdf'], sourceDateEpoch: '0' })).outputs;
    const { lines } = readPdf(o.path);
    const first = lines.find((l) => /^第一章$/u.test(l.text.trim()) && l.chars[0].size > 12)!.page;
    return lines.filter((l) => l.page < first && /[上下]节|回目/u.test(l.text));
  };

  it('closes the lines up rather than leave a page of the contents a few entries', async () => {
    // 24 entry lines under the heading's three: at the body's 25-line pitch the last two would stand alone.
    const entries = await contents(sectioned(8));
    expect(entries).toHaveLength(24);
    expect(new Set(entries.map((l) => l.page)).size).toBe(1);
  });

  it('keeps a chapter with its first section across a page break', async () => {
    // 27 entry lines: the 22nd, 第八章, would end the first page, its sections on the next.
    const entries = await contents(sectioned(9));
    expect(entries).toHaveLength(27);
    expect(new Set(entries.map((l) => l.page)).size).toBe(2);
    for (const [k, l] of entries.entries()) if (/回目/u.test(l.text)) expect(entries[k + 1].page, l.text).toBe(l.page);
  });
});

describe('PDF document', () => {
  it('escapes the title and author in the XMP metadata, as every XML the pipeline writes', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 刀 & 剑 <上>\nauthor: 某人 "老刀"\n', '01.md': '# 第一章：开篇\n\n正文一段。\n' });
    const out = tempDir('pdf-');
    const [o] = (await build({ chaptersDir: dir, outDir: out, formats: ['pdf'], sourceDateEpoch: '0' })).outputs;
    const raw = readFileSync(o.path, 'latin1');
    const xmp = /<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/u.exec(Buffer.from(raw, 'latin1').toString('utf8'))![0];
    expect(xmp).toContain('刀 &amp; 剑 &lt;上&gt;');
    expect(xmp).toContain('某人 &quot;老刀&quot;');
    const info = spawnSync('pdfinfo', [o.path], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Title:\s+刀 & 剑 <上>/u);
    expect(info).toMatch(/Author:\s+某人 "老刀"/u);
  });

  it('carries title, author and language, writes XMP, and is byte-identical when rebuilt', async () => {
    const a = await buildPdf(SAMPLE);
    const b = await buildPdf(SAMPLE);
    const info = spawnSync('pdfinfo', [a.path], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Title:\s+算法江湖/u);
    expect(info).toMatch(/Author:\s+江湖说书人/u);
    expect(info).toMatch(/Metadata Stream:\s+yes/u);
    expect(info).toMatch(/PDF version:\s+1\.7/u);
    const raw = readFileSync(a.path);
    expect(raw.toString('latin1')).toMatch(/\/Lang \(zh-Hans\)/u);
    expect(raw.equals(readFileSync(b.path))).toBe(true);
  });

  it('opens every chapter on a fresh page and numbers front matter in roman', async () => {
    const built = await buildPdf(SAMPLE);
    const labels = spawnSync('qpdf', ['--json', '--json-key=pagelabels', built.path], { encoding: 'utf8' }).stdout;
    expect(labels).toMatch(/"\/S": "\/r"/u);
    expect(labels).toMatch(/"\/S": "\/D"/u);
    for (const ch of built.book.chapters) {
      const title = built.bodyLines.find((l) => l.text === ch.title)!;
      const before = built.bodyLines.filter((l) => l.page === title.page && l.baseline < title.baseline);
      expect(before.map((l) => l.text).filter((t) => t !== ch.label)).toEqual([]);
    }
  });
});

describe('PDF lists', () => {
  it('hangs a number wider than two ems whole, and lines every item of its list up after it', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：开篇\n\n998. 甲条目\n999. 乙条目\n1000. 丙条目\n1001. 丁条目\n\n正文。\n\n1. 短号条目\n2. 又一条目\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), editions: ['zh-Hans'], formats: ['pdf'], sourceDateEpoch: '1700000000' });
    const { lines } = readPdf(result.outputs[0].path);
    const items = ['998.', '999.', '1000.', '1001.'].map((n) => lines.find((l) => l.text.replace(/\s/gu, '').startsWith(n))!);
    // Every digit of every number reaches the page: set in two ems, 1000. broke and lost its end.
    expect(items.every(Boolean)).toBe(true);
    const textStart = items.map((l) => l.chars.find((c) => /\p{Script=Han}/u.test(c.c))!.x0);
    expect(Math.max(...textStart) - Math.min(...textStart)).toBeLessThan(0.5);
    for (const l of items) {
      const dot = l.chars.filter((c) => c.c === '.').at(-1)!;
      expect(textStart[0] - dot.x1).toBeGreaterThan(3);
    }
    // A list of short numbers keeps its two-em hang: its text starts where a paragraph's indented first line does.
    const short = lines.find((l) => l.text.replace(/\s/gu, '').startsWith('1.短号'))!;
    const body = lines.find((l) => l.text.trim() === '正文。')!;
    const shortStart = short.chars.find((c) => /\p{Script=Han}/u.test(c.c))!.x0;
    expect(Math.abs(shortStart - body.chars.find((c) => c.c === '正')!.x0)).toBeLessThan(0.5);
    expect(textStart[0]).toBeGreaterThan(shortStart + 3);
  });
});

describe('format characters a paste brings', () => {
  it('sets a variation selector’s character in its usual form and runs a line separator on, with no missing glyph; the EPUB keeps the selector', async () => {
    const dir = writeManuscript({ 'book.yaml': 'title: 异体\nauthor: 某人\nslug: vs\nformats: [pdf, epub]\n', '01.md': '# 第一章：异体\n\n他姓葛\u{E0100}，名叫辻\uFE00。此行\u2028换行，Turing\u2028Alan。\n' });
    const result = await build({ chaptersDir: dir, outDir: tempDir(), editions: ['zh-Hans'], formats: ['pdf', 'epub'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.diagnostics.map((d) => d.rule)).not.toContain('font:missing-glyph');
    for (const out of result.outputs.filter((o) => o.format === 'pdf')) {
      const text = readPdf(out.path).lines.map((l) => l.text).join('');
      expect(text, out.path).toContain('他姓葛，名叫辻。此行换行，Turing Alan。');
      expect(text).not.toContain('〓');
    }
    const epub = await openEpub(result.outputs.find((o) => o.format === 'epub' && o.layout === 'horizontal')!.path);
    const chapter = await epub.spineDocument('c001.xhtml');
    expect(chapter).toContain('他姓葛\u{E0100}，名叫辻\uFE00。此行换行，Turing Alan。');
  });
});
