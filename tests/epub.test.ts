import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { openEpub, visibleText, type EpubContents } from './helpers/epub.ts';
import type { Page } from 'playwright-core';
import { withEpubPages } from './helpers/epub-pages.ts';
import { withEpubJs } from './helpers/epubjs.ts';
import { build } from '../src/build/build.ts';
import { join } from 'node:path';
import { LONE_CHAPTER, ROOT, SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';
import { buildEpub, epubBookSuite } from './suites/epub-book.ts';

/** The EPUB's first chapter open in Chromium at `viewport`, with the book's style sheet and `moreCss` after it, for `look` to read. */
async function inFirstChapter<T>(epub: EpubContents, viewport: { width: number; height: number }, look: (page: Page) => Promise<T>, moreCss = ''): Promise<T> {
  const chapter = await epub.spineDocument('c001.xhtml');
  const css = await epub.text('OEBPS/style.css');
  return withEpubPages({ 'c001.xhtml': chapter }, moreCss ? `${css}\n${moreCss}` : css, viewport, async (open) => look(await open('c001.xhtml')));
}

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
    // The fonts are bundled in the zip, so the OFL's full text travels with them: every word of it, in English.
    const licence = readFileSync(join(ROOT, 'templates/licences/OFL-1.1.txt'), 'utf8').replace(/-{3,}/gu, '');
    const words = (s: string) => s.split(/\s+/u).filter(Boolean).join(' ');
    expect(words(text)).toContain(words(licence));
    expect(notice.xhtml).toMatch(/<section class="licence" lang="en" xml:lang="en">\n<h2>SIL OPEN FONT LICENSE Version 1\.1 - 26 February 2007<\/h2>/u);
  });

  it('has a copyright page after the title page: the imprint lines that hold for the ebook, the EPUB’s own ISBN', async () => {
    const dir = writeManuscript({
      'book.yaml': [
        'title: 版权测试',
        'subtitle: 副题',
        'author: 某人',
        'publisher: 某出版社',
        'rights: 版权所有　侵权必究',
        'published: 2026-03-15',
        'editions: [zh-Hans, zh-Hant-TW]',
        'isbn:',
        '  zh-Hans: {epub: 978-7-5086-0001-7, print: 978-7-5086-0000-0}',
        'print:',
        '  edition: 2',
        '  printing: 3',
        '  price: {zh-Hans: 48.00元}',
        '',
      ].join('\n'),
      '01-a.md': '# 第一章　开篇\n\n正文一段。\n',
    });
    const result = await build({ chaptersDir: dir, outDir: tempDir('out-'), formats: ['epub'], sourceDateEpoch: '1700000000' });
    const page = async (edition: string) => {
      const epub = await openEpub(result.outputs.find((o) => o.edition === edition)!.path);
      const spine = (await epub.spineDocuments()).map((d) => d.name.replace(/^OEBPS\//u, ''));
      expect(spine.indexOf('copyright.xhtml'), edition).toBe(spine.indexOf('titlepage.xhtml') + 1);
      const lines = [...(await epub.text('OEBPS/copyright.xhtml')).matchAll(/<p[^>]*>(.*?)<\/p>/gu)].map((m) => visibleText(`<body>${m[1]}</body>`));
      // The rights statement is the package's dc:rights too, in the edition's script.
      expect(await epub.text('OEBPS/content.opf')).toContain(`<dc:rights>${lines.at(-1)}</dc:rights>`);
      // Set from book.yaml, not the manuscript: its characters are in the body subset all the same.
      const body = fontkit.create(Buffer.from(await epub.zip.file(epub.names.find((n) => /fonts\/body-/u.test(n))!)!.async('uint8array'))) as fontkit.Font;
      expect([...lines.join('')].filter((c) => c.trim() && !body.hasGlyphForCodePoint(c.codePointAt(0)!)), edition).toEqual([]);
      return lines;
    };
    expect(await page('zh-Hans')).toEqual(['书　名　版权测试', '副书名　副题', '作　者　某人', '出　版　某出版社', '版　次　2026年3月第2版', '书　号　ISBN 978-7-5086-0001-7', '版权所有　侵权必究']);
    // A printing and a price are the paper copy's; an edition with no EPUB ISBN states none.
    expect(await page('zh-Hant-TW')).toEqual(['書　名　版權測試', '副書名　副題', '作　者　某人', '出　版　某出版社', '版　次　2026年3月第2版', '版權所有　侵權必究']);
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
    // The author's role, as stores read it (MARC relator aut), on the creator.
    expect(opf).toMatch(/<dc:creator id="creator">江湖说书人<\/dc:creator>\n\s*<meta refines="#creator" property="role" scheme="marc:relators">aut<\/meta>/u);
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

describe('EPUB heading face', () => {
  it('is the edition’s own sans: Noto Sans HK in Hong Kong, where Noto Sans TC draws Taiwan’s forms', async () => {
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('heading-face-'), formats: ['epub'], editions: ['zh-Hant-TW', 'zh-Hant-HK'], sourceDateEpoch: '1700000000' });
    const family = async (edition: string) => {
      const epub = await openEpub(result.outputs.find((o) => o.edition === edition)!.path);
      const css = await epub.text('OEBPS/style.css');
      const file = /font-family: "Book Heading";[^}]*url\("([^"]+)"\)/u.exec(css)![1];
      const font = fontkit.create(await epub.zip.file(`OEBPS/${file}`)!.async('nodebuffer')) as fontkit.Font;
      return font.familyName;
    };
    expect(await family('zh-Hant-HK')).toBe('Noto Sans HK');
    expect(await family('zh-Hant-TW')).toBe('Noto Sans TC');
  });
});

describe('EPUB style in Chromium', () => {
  it('fits a picture and its caption on a landscape phone’s page, and sets a recap in the reader’s own colour', async () => {
    const dir = writeManuscript({
      '01.md': '# 第一章：图\n\n**【回顾前情】**\n\n> 上回说到众人论剑。\n\n正文一段。\n\n![远山](images/wide.png "远山图")\n',
      'images/wide.png': readFileSync(`${SAMPLE}/images/dartmouth.png`),
    });
    const { epub } = await buildEpub(dir);
    let chapter = await epub.spineDocument('c001.xhtml');
    // The page is opened alone: the picture goes in as a data URL.
    const image = epub.names.find((n) => n.startsWith('OEBPS/images/'))!;
    chapter = chapter.replace(image.slice('OEBPS/'.length), `data:image/png;base64,${await epub.zip.file(image)!.async('base64')}`);
    const seen = await withEpubPages({ 'c001.xhtml': chapter }, await epub.text('OEBPS/style.css'), { width: 640, height: 360 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        // A night theme sets the page's colours; the recap must follow them.
        document.body.style.color = 'rgb(230, 230, 230)';
        document.body.style.background = 'black';
        const img = document.querySelector('figure.illustration img') as HTMLImageElement;
        if (!img.complete || img.naturalWidth === 0) throw new Error('the picture did not load');
        const figure = document.querySelector('figure.illustration')!.getBoundingClientRect();
        return { figure: figure.height, recap: getComputedStyle(document.querySelector('.recap p')!).color };
      }),
    );
    expect(seen.figure).toBeLessThanOrEqual(360);
    expect(seen.recap).toBe('rgb(230, 230, 230)');
  });

  it('sets a gap between Han characters and a Latin word or a number beside them, as the PDF does', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：间距\n\n他在IBM工作了30年。\n' });
    const { epub } = await buildEpub(dir);
    const added = await inFirstChapter(epub, { width: 640, height: 360 }, (page) =>
      page.evaluate(() => {
        const p = [...document.querySelectorAll('p')].find((e) => e.textContent!.includes('IBM'))!;
        const range = document.createRange();
        range.selectNodeContents(p);
        const width = () => range.getBoundingClientRect().width;
        const em = parseFloat(getComputedStyle(p).fontSize);
        const spaced = width();
        p.style.setProperty('text-autospace', 'no-autospace');
        // What the style sheet adds, in ems, at the four places where Han meets Latin or a digit.
        return (spaced - width()) / em;
      }),
    );
    // CSS's text-autospace puts an eighth of an em at each, where the PDF's composer puts a quarter.
    expect(added).toBeGreaterThan(4 * 0.1);
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

describe('Long addresses, identifiers and code on a phone, in Chromium', () => {
  it('stay inside a 360-pixel page, and a code block is never justified', async () => {
    const dir = writeManuscript({
      '01.md': [
        '# 第一章：长',
        '',
        '出处见[https://en.wikipedia.org/wiki/Artificial_intelligence_in_fiction_and_popular_culture_history](https://en.wikipedia.org/wiki/Artificial_intelligence_in_fiction_and_popular_culture_history)。',
        '',
        '函数名叫`transformer_encoder_layer_with_rotary_position_embedding_and_flash_attention`。',
        '',
        '长词Pneumonoultramicroscopicsilicovolcanoconiosis之后，又有一个未写成链接的地址https://example.com/a/very/long/path/written/as/plain/text/in/the/paragraph。',
        '',
        '- 列表里也有长词Pseudopseudohypoparathyroidism和数字175000000000000000000。',
        '',
        '```',
        '(MOTHER ((0) (TELL ME MORE ABOUT YOUR FAMILY))) (FATHER ((0) (DO YOU OFTEN THINK OF YOUR FATHER)))',
        '```',
        '',
      ].join('\n'),
    });
    const { epub } = await buildEpub(dir);
    const seen = await inFirstChapter(epub, { width: 360, height: 640 }, (page) =>
      page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        pre: getComputedStyle(document.querySelector('pre')!).textAlign,
      })),
    );
    expect(seen.width).toBeLessThanOrEqual(360);
    expect(['start', 'left']).toContain(seen.pre);
  });

  it('keep a table inside the page with the reader’s text enlarged, its head cells whole at the usual size', async () => {
    const dir = writeManuscript({
      '01.md': ['# 第一章：表', '', '| 名次 | 队伍 | 前五错误率 |', '| --- | --- | --- |', '| 一 | SuperVision（多伦多） | 15.3% |', '| 二 | 东京大学 | 百分之二十六点二 |', '| 三 | 参数175000000000 | 27.0% |', ''].join('\n'),
    });
    const { epub } = await buildEpub(dir);
    const chapter = await epub.spineDocument('c001.xhtml');
    const css = await epub.text('OEBPS/style.css');
    /** The page's width and the lines each head cell takes, with the text at `size` (reading systems scale the root's font size). */
    const look = (size: string) =>
      withEpubPages({ 'c001.xhtml': chapter }, `${css}\nhtml { font-size: ${size} !important; }`, { width: 360, height: 640 }, async (open) =>
        (await open('c001.xhtml')).evaluate(() => ({
          width: document.documentElement.scrollWidth,
          lines: [...document.querySelectorAll('th')].map((th) => Math.round(th.getBoundingClientRect().height / parseFloat(getComputedStyle(th).lineHeight))),
        })),
      );
    const usual = await look('100%');
    expect(usual.width).toBeLessThanOrEqual(360);
    expect(usual.lines).toEqual([1, 1, 1]);
    for (const size of ['150%', '200%']) expect((await look(size)).width, size).toBeLessThanOrEqual(360);
  });
});

describe('Pages in epub.js, in Chromium', () => {
  it('show a long chapter on every page: the reader pages the body in CSS columns, which a contained body would not break into', async () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `第${i + 1}段。${'风起云涌，江湖之上又起波澜，'.repeat(6)}`);
    const dir = writeManuscript({ '01.md': ['# 第一章：长', '', ...paragraphs.flatMap((p) => [p, '']), '| 名次 | 队伍 |', '| --- | --- |', '| 一 | 东京大学 |', ''].join('\n') });
    const { path } = await buildEpub(dir);
    const pages = await withEpubJs(readFileSync(path), { width: 400, height: 640 }, (pagesOf) => pagesOf('c001.xhtml'));
    expect(pages.length).toBeGreaterThan(3);
    expect(pages.length).toBe(pages[0].total);
    for (const p of pages.slice(0, -1)) expect(p.probes.filter((t) => t !== 'HTML' && t !== 'BODY').length, `page ${p.page}: ${p.probes.join(' ')}`).toBeGreaterThan(0);
    const read = pages.map((p) => p.text).join('');
    for (const p of paragraphs) expect(read).toContain(p.slice(0, 8));
    expect(read).toContain('东京大学');
  });
});

describe('Links in a night theme, in Chromium', () => {
  it('take the text’s colour, as a reader’s theme sets it: a fixed blue on black is unreadable', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：链\n\n出处见[图灵测试](https://en.wikipedia.org/wiki/Turing_test)，另有一注[^1]。\n\n[^1]: 注文。\n' });
    const { epub } = await buildEpub(dir);
    const night = 'html, body { background: #000 !important; color: rgb(221, 221, 221) !important; }';
    const colours = await inFirstChapter(epub, { width: 600, height: 800 }, (page) =>
      page.evaluate(() => [...document.querySelectorAll('a')].map((a) => getComputedStyle(a).color)),
      night,
    );
    expect(colours.length).toBe(3);
    expect(new Set(colours)).toEqual(new Set(['rgb(221, 221, 221)']));
  });
});

describe('A span of years in Chromium', () => {
  it('never starts a line with its dash: 1912—1954 breaks, if at all, after it', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：年\n\n话说天下大势分久必合合久必分周末七国分争并入于秦及秦灭之后楚汉分争又并入于汉汉朝自高祖斩白蛇而起义图灵(1912-1954)一统天下后来光武中兴传至献帝遂分为三国。\n' });
    const { epub } = await buildEpub(dir);
    expect(await epub.spineDocument('c001.xhtml')).toContain('1954');
    const apart = await inFirstChapter(epub, { width: 900, height: 800 }, (page) =>
      page.evaluate(() => {
        const p = [...document.querySelectorAll('p')].find((e) => e.textContent!.includes('1954'))!;
        // The dash's text node, wherever the markup puts it, and the digit before it.
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const box = (node: Text, at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return range.getBoundingClientRect();
        };
        let dash: DOMRect | undefined;
        let digit: DOMRect | undefined;
        const find = () => {
          walker.currentNode = p;
          let prev: [Text, number] | undefined;
          while (walker.nextNode()) {
            const t = walker.currentNode as Text;
            for (let i = 0; i < t.length; i++) {
              if (t.data[i] === '—' && prev) [dash, digit] = [box(t, i), box(...prev)];
              prev = [t, i];
            }
          }
        };
        const em = parseFloat(getComputedStyle(p).fontSize);
        const widths: number[] = [];
        for (let w = 10; w <= 30; w += 0.25) {
          p.style.width = `${w * em}px`;
          find();
          if (dash!.top >= digit!.bottom) widths.push(w);
        }
        return widths;
      }),
    );
    expect(apart).toEqual([]);
  });
});

describe('EPUB footnotes in Chromium', () => {
  it('never start a line with a note’s number: the call stays with the character it annotates', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：注\n\n天下大势分久必合合久必分周末七国分争并入于秦及秦灭之后楚汉分争又并入于汉汉朝自高祖斩白蛇而起义一统天下后来光武中兴传至献帝遂分为三国推其致乱之由殆始于桓灵二帝桓帝禁锢善类崇信宦官[^1]。及桓帝崩灵帝即位大将军窦武太傅陈蕃共相辅佐。\n\n[^1]: 注文。\n' });
    const { epub } = await buildEpub(dir);
    const apart = await inFirstChapter(epub, { width: 900, height: 800 }, (page) =>
      page.evaluate(() => {
        const call = document.querySelector('a.noteref')!;
        const p = call.closest('p')!;
        // The text node just before the call, wherever the markup puts it.
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        let before: Text | null = null;
        while (walker.nextNode() && !(walker.currentNode.compareDocumentPosition(call) & Node.DOCUMENT_POSITION_PRECEDING)) {
          if (!call.contains(walker.currentNode)) before = walker.currentNode as Text;
        }
        const range = document.createRange();
        range.setStart(before!, before!.length - 1);
        range.setEnd(before!, before!.length);
        const em = parseFloat(getComputedStyle(p).fontSize);
        const widths: number[] = [];
        // Every width from 10 to 30 ems, by quarter ems: one of them ends a line just before the call.
        for (let w = 10; w <= 30; w += 0.25) {
          p.style.width = `${w * em}px`;
          const c = range.getBoundingClientRect();
          const a = call.getBoundingClientRect();
          if (a.top >= c.bottom || a.bottom <= c.top) widths.push(w);
        }
        return widths;
      }),
    );
    expect(apart).toEqual([]);
  });

  it('lead back to every call of a note cited twice: its label to the first, ↑第2处 to the second', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：注\n\n甲处提到此事[^a]。\n\n乙处又提到此事[^a]，另有一事[^b]。\n\n[^a]: 两处同注。\n[^b]: 一处之注。\n' });
    const { epub } = await buildEpub(dir);
    const notes = await inFirstChapter(epub, { width: 600, height: 800 }, (page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('aside.footnote')].map((aside) =>
          [...aside.querySelectorAll('a[role="doc-backlink"]')].map((a) => {
            const call = document.querySelector(a.getAttribute('href')!)!;
            // Where the link leads: the call's paragraph, and whether that call is this note's.
            return { shown: a.textContent, said: a.getAttribute('aria-label'), at: call.closest('p')!.textContent!.slice(0, 2), calls: call.getAttribute('href') === `#${aside.id}` };
          }),
        ),
      ),
    );
    expect(notes).toEqual([
      [
        { shown: '1', said: '返回正文 1（第1处）', at: '甲处', calls: true },
        { shown: '↑第2处', said: '返回正文 1（第2处）', at: '乙处', calls: true },
      ],
      [{ shown: '2', said: '返回正文 2', at: '乙处', calls: true }],
    ]);
    // Drawn from the embedded body face, not left to the reader's fonts.
    const body = fontkit.create(Buffer.from(await epub.zip.file(epub.names.find((n) => /fonts\/body-/u.test(n))!)!.async('uint8array'))) as fontkit.Font;
    expect([...'↑第2处'].filter((c) => !body.hasGlyphForCodePoint(c.codePointAt(0)!))).toEqual([]);
  });

  it('keep a note’s number clear of the bullets of the list the note opens with', async () => {
    const dir = writeManuscript({ '01.md': '# 第一章：注\n\n正文有注[^表]。\n\n[^表]: - 其一，此表取自旧档。\n    - 其二，年份以公历为准。\n' });
    const { epub } = await buildEpub(dir);
    const gap = await inFirstChapter(epub, { width: 600, height: 800 }, (page) =>
      page.evaluate(() => {
        const label = document.querySelector('aside.footnote p.footnote-label')!.getBoundingClientRect();
        const item = document.querySelector('aside.footnote li')!;
        return (item.getBoundingClientRect().left - label.right) / parseFloat(getComputedStyle(item).fontSize);
      }),
    );
    // An outside bullet and its space hang about 1.5 em before the item: with 2 em of list margin it touched the number.
    expect(gap).toBeGreaterThan(2);
  });
});
