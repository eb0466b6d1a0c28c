import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { openEpub, visibleText } from './helpers/epub.ts';
import { withEpubPages } from './helpers/epub-pages.ts';
import { LONE_CHAPTER, SAMPLE, writeManuscript } from './helpers/paths.ts';
import { buildEpub, epubBookSuite } from './suites/epub-book.ts';

epubBookSuite('sample book', () => SAMPLE);
epubBookSuite('lone chapter fixture', () => LONE_CHAPTER);

describe('EPUB package', () => {
  it('carries the embedded fonts’ licence notice, naming every face', async () => {
    const { epub } = await buildEpub(SAMPLE);
    const notice = (await epub.spineDocuments()).find((d) => d.name.endsWith('fonts.xhtml'))!;
    expect(notice).toBeDefined();
    const text = visibleText(notice.xhtml);
    for (const face of ['Noto Serif SC Regular', 'Noto Sans SC Bold', 'LXGW WenKai']) expect(text).toContain(`${face} — SIL Open Font License 1.1`);
    expect(text).toContain('字体说明');
  });

  it('stores mimetype first and uncompressed, with the given dates', async () => {
    const { path } = await buildEpub(SAMPLE);
    const bytes = readFileSync(path);
    expect(bytes.toString('latin1', 30, 38)).toBe('mimetype');
    expect(bytes.readUInt16LE(8)).toBe(0); // compression method: stored
    const epub = await openEpub(path);
    const opf = await epub.text('OEBPS/content.opf');
    expect(opf).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
    expect(opf).toContain('<dc:date>2026-11-01</dc:date>');
    expect(opf).toContain('<dc:identifier id="book-id">urn:uuid:6f1c2a9e-3b7d-5e41-9a0c-2d8e4f6b1a37</dc:identifier>');
  });

  it('is byte-identical when built twice with SOURCE_DATE_EPOCH', async () => {
    const a = readFileSync((await buildEpub(SAMPLE)).path);
    const b = readFileSync((await buildEpub(SAMPLE)).path);
    expect(a.equals(b)).toBe(true);
  });

  it('carries the illustration under a content-derived name', async () => {
    const { epub } = await buildEpub(SAMPLE);
    const images = epub.names.filter((n) => n.startsWith('OEBPS/images/'));
    expect(images.some((n) => /img-[0-9a-f]{12}\.png$/u.test(n))).toBe(true);
    const ch = (await epub.spineDocuments()).map((d) => d.xhtml).join('');
    expect(ch).toMatch(/<figure class="illustration" id="c001-f01"><img src="images\/img-[0-9a-f]{12}\.png" alt="水墨远山环抱[^"]+"\/><figcaption id="c001-f01-caption">达特茅斯论剑图<\/figcaption>/u);
  });
});

describe('EPUB in MuPDF', () => {
  it('sets a footnote’s label beside its text, not on a line of its own (MuPDF has no floats)', async () => {
    const { path } = await buildEpub(SAMPLE);
    const doc = mupdf.Document.openDocument(readFileSync(path), 'application/epub+zip');
    const lines: string[] = [];
    for (let p = 0; p < doc.countPages(); p++) {
      const json = JSON.parse(doc.loadPage(p).toStructuredText('preserve-whitespace').asJSON()) as { blocks: Array<{ lines?: Array<{ text: string }> }> };
      for (const b of json.blocks) for (const l of b.lines ?? []) lines.push(l.text);
    }
    const note = lines.findIndex((t) => t.includes('原文大意出自'));
    expect(note, 'the footnote text is in MuPDF’s pages').toBeGreaterThan(0);
    expect(lines[note].trim()).toMatch(/^1\s*原文大意出自/u);
  });
});

describe('EPUB footnotes in Chromium', () => {
  it('keep a note’s number clear of the bullets of the list the note opens with', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：注\n\n正文有注[^表]。\n\n[^表]: - 其一，此表取自旧档。\n    - 其二，年份以公历为准。\n' });
    const { epub } = await buildEpub(dir);
    const chapter = (await epub.spineDocuments()).find((d) => d.name.endsWith('c001.xhtml'))!.xhtml;
    const gap = await withEpubPages({ 'c001.xhtml': chapter }, await epub.text('OEBPS/style.css'), { width: 600, height: 800 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        const label = document.querySelector('aside.footnote p.footnote-label')!.getBoundingClientRect();
        const item = document.querySelector('aside.footnote li')!;
        return (item.getBoundingClientRect().left - label.right) / parseFloat(getComputedStyle(item).fontSize);
      }),
    );
    // An outside bullet and its space hang about 1.5 em before the item: with 2 em of list margin it touched the number.
    expect(gap).toBeGreaterThan(2);
  });
});
