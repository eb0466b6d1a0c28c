import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as mupdf from 'mupdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { XhtmlWriter } from '../src/render/markup/xhtml.ts';
import { parseFragment } from './helpers/golden.ts';
import { runAce } from './helpers/ace.ts';
import { launchBrowser } from './helpers/browser.ts';
import { withEpubPages } from './helpers/epub-pages.ts';
import { withEpubJs } from './helpers/epubjs.ts';
import { runCli } from './helpers/cli.ts';
import { epubcheckAsync, openEpub, type EpubContents } from './helpers/epub.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

describe('the vertical (直排) EPUB', () => {
  let outputs: Array<{ path: string; layout: string }>;
  let vertical: EpubContents;
  let horizontal: EpubContents;
  beforeAll(async () => {
    const result = await build({ chaptersDir: SAMPLE, outDir: tempDir('vertical-'), formats: ['epub'], editions: ['zh-Hant-TW'], layouts: ['vertical', 'horizontal'], sourceDateEpoch: '1700000000' });
    outputs = result.outputs;
    vertical = await openEpub(outputs.find((o) => o.layout === 'vertical')!.path);
    horizontal = await openEpub(outputs.find((o) => o.layout === 'horizontal')!.path);
  });

  it('ships beside the horizontal one under its own name, the horizontal name unchanged', () => {
    expect(outputs.map((o) => o.path.replace(/^.*\//u, ''))).toEqual(['suanfa-jianghu.zh-Hant-TW.epub', 'suanfa-jianghu.zh-Hant-TW.vertical.epub']);
  });

  it('is a publication of its own to a reading system: its own identifier, the horizontal one’s unchanged', async () => {
    const id = async (epub: EpubContents) => /<dc:identifier id="book-id">([^<]+)</u.exec(await epub.text('OEBPS/content.opf'))![1];
    // The Taiwan edition's identifier, derived from the sample book's, as before vertical files had their own.
    expect(await id(horizontal)).toBe('urn:uuid:ab8c1c58-54fd-5d7b-a53b-49b806e6bc11');
    expect(await id(vertical)).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
    expect(await id(vertical)).not.toBe(await id(horizontal));
  });

  it('reads right to left: the spine, and Kindle’s primary writing mode', async () => {
    const opf = await vertical.text('OEBPS/content.opf');
    expect(opf).toContain('<spine toc="ncx" page-progression-direction="rtl">');
    expect(opf).toContain('<meta name="primary-writing-mode" content="vertical-rl"/>');
    const flat = await horizontal.text('OEBPS/content.opf');
    expect(flat).not.toContain('page-progression-direction');
    expect(flat).not.toContain('primary-writing-mode');
  });

  it('sets every document vertical, with the prefixes older readers need, and tables horizontal', async () => {
    const css = await vertical.text('OEBPS/style.css');
    expect(css).toMatch(/html \{\s*-epub-writing-mode: vertical-rl;\s*-webkit-writing-mode: vertical-rl;\s*writing-mode: vertical-rl;/u);
    expect(css).toMatch(/table \{\s*-epub-writing-mode: horizontal-tb;\s*-webkit-writing-mode: horizontal-tb;\s*writing-mode: horizontal-tb;/u);
    expect(css).toMatch(/\.tcy \{\s*-epub-text-combine: horizontal;\s*-webkit-text-combine: horizontal;\s*text-combine-upright: all;/u);
    expect(css).toContain('text-emphasis-position: under right');
    expect(await horizontal.text('OEBPS/style.css')).not.toContain('vertical-rl');
    // The nav, the title page, the chapters and the appendices all take the one style sheet.
    const docs = vertical.names.filter((n) => n.endsWith('.xhtml'));
    expect(docs.length).toBeGreaterThan(6);
    for (const name of docs) expect(await vertical.text(name), name).toContain('<link rel="stylesheet" type="text/css" href="style.css"/>');
  });

  it('sets one or two digits upright side by side, and leaves years and Latin alone', async () => {
    const xhtml = (await vertical.spineDocuments()).map((d) => d.xhtml).join('\n');
    expect(xhtml).toMatch(/<span class="tcy">\d{1,2}<\/span>/u);
    expect(xhtml).not.toMatch(/<span class="tcy">\d{3,}/u);
    expect(xhtml).toContain('1912');
    // A note's number stands upright too, in the call and at the note.
    expect(xhtml).toMatch(/<a class="noteref"[^>]*><span class="tcy">1<\/span><\/a>/u);
    expect(xhtml).toMatch(/<a class="footnote-label"[^>]*><span class="tcy">1<\/span><\/a>/u);
    expect((await horizontal.spineDocuments()).map((d) => d.xhtml).join('\n')).not.toContain('class="tcy"');
  });

  it('leaves out a space typed between a Han character and upright digits, as the PDF does', () => {
    const { book } = parseFragment('2016 年 3 月，第 12 局；Top 5 与 3 ，都照旧。\n', tempDir('vertical-tcy-'));
    const xhtml = new XhtmlWriter(book, { imageDir: 'images/', uprightDigits: true }).chapterBody(book.chapters[0]);
    expect(xhtml).toContain('2016 年<span class="tcy">3</span>月，第<span class="tcy">12</span>局；');
    // Beside Latin or a mark the space is the author's, and stays.
    expect(xhtml).toContain('Top <span class="tcy">5</span>与<span class="tcy">3</span> ，');
  });

  it('turns one or two digits joined to other digits or a Latin word with them: no upright digit inside a number', () => {
    const { book } = parseFragment('GPT-4问世，2024-01-05开会，书号978-626-7000-00-7，比分2:1，一半是1/2，第 12 局照旧。\n', tempDir('vertical-tcy-'));
    const xhtml = new XhtmlWriter(book, { imageDir: 'images/', uprightDigits: true }).chapterBody(book.chapters[0]);
    expect(xhtml).toContain('GPT-4问世，2024-01-05开会，书号978-626-7000-00-7，比分2:1，一半是1/2，第<span class="tcy">12</span>局照旧。');
  });

  it('sets the font notice, with the licence’s English text, across the page in Chromium, within a phone’s width', async () => {
    const seen = await withEpubPages({ 'fonts.xhtml': await vertical.text('OEBPS/fonts.xhtml') }, await vertical.text('OEBPS/style.css'), { width: 360, height: 640 }, async (open) =>
      (await open('fonts.xhtml')).evaluate(() => ({ mode: getComputedStyle(document.body).writingMode, width: document.documentElement.scrollWidth, licence: document.querySelector('.licence')!.textContent!.includes('PERMISSION & CONDITIONS') })),
    );
    expect(seen).toEqual({ mode: 'horizontal-tb', width: 360, licence: true });
  });

  it('turns both years of a span of years alike, the first kept with its dash (Chromium)', async () => {
    const years = await withEpubPages({ 'c001.xhtml': await vertical.text('OEBPS/c001.xhtml') }, await vertical.text('OEBPS/style.css'), { width: 1000, height: 900 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        const span = [...document.querySelectorAll('span')].find((e) => e.textContent === '1912—')!;
        const after = span.nextSibling!.textContent!.slice(0, 4);
        return { after, orientation: getComputedStyle(span).textOrientation, parent: getComputedStyle(span.parentElement!).textOrientation, wrap: getComputedStyle(span).whiteSpace };
      }),
    );
    expect(years).toEqual({ after: '1954', orientation: years.parent, parent: 'mixed', wrap: 'nowrap' });
  });

  it('numbers a list down the column with upright digits and 、 in Chromium, and as before in MuPDF', async () => {
    const marker = await withEpubPages({ 'c001.xhtml': await vertical.text('OEBPS/c001.xhtml') }, await vertical.text('OEBPS/style.css'), { width: 800, height: 1000 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        const ol = document.querySelector('ol')!;
        const rule = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).find((r): r is CSSCounterStyleRule => r instanceof CSSCounterStyleRule && r.name === getComputedStyle(ol).listStyleType);
        return rule ? { symbols: rule.symbols, suffix: rule.suffix, items: ol.children.length } : undefined;
      }),
    );
    expect(marker).toEqual({ symbols: '"０" "１" "２" "３" "４" "５" "６" "７" "８" "９"', suffix: '"、"', items: 7 });
    // MuPDF sets the book horizontally, where the reader's own "1." stands upright.
    const text = spawnSync('mutool', ['draw', '-q', '-F', 'txt', '-o', '-', outputs.find((o) => o.layout === 'vertical')!.path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
    expect(text).toMatch(/^1\. 自動計算機$/mu);
    expect(text).toMatch(/^7\. 隨機性與創造性$/mu);
  });

  it('keeps the horizontal book’s margins in MuPDF, which sets it across the page: a list’s bullets inside the page', () => {
    /** Where each line starts in MuPDF's pages, by its text. */
    const starts = (layout: string) => {
      const doc = mupdf.Document.openDocument(readFileSync(outputs.find((o) => o.layout === layout)!.path), 'application/epub+zip');
      const at = new Map<string, number>();
      for (let p = 0; p < doc.countPages(); p++) {
        const json = JSON.parse(doc.loadPage(p).toStructuredText('preserve-whitespace').asJSON()) as { blocks: Array<{ lines?: Array<{ text: string; bbox: { x: number } }> }> };
        for (const b of json.blocks) for (const l of b.lines ?? []) if (!at.has(l.text.trim())) at.set(l.text.trim(), Math.round(l.bbox.x));
      }
      return at;
    };
    const [across, columns] = [starts('horizontal'), starts('vertical')];
    const item = [...across.keys()].find((t) => t.includes('自動計算機'))!;
    expect(item).toBeDefined();
    expect(columns.get(item), item).toBe(across.get(item));
    // The title page and the contents, line by line.
    const shared = [...across.keys()].filter((t) => columns.has(t) && /\p{Script=Han}/u.test(t));
    expect(shared.length).toBeGreaterThan(50);
    const moved = shared.filter((t) => Math.abs(columns.get(t)! - across.get(t)!) > 1);
    expect(moved).toEqual([]);
  });

  it('has no rule MuPDF cannot parse, in either layout: it drops a whole rule at a syntax error, the rest of that rule with it', () => {
    for (const { path, layout } of outputs) {
      const r = spawnSync('mutool', ['draw', '-F', 'txt', '-o', '/dev/null', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(r.status, layout).toBe(0);
      expect(r.stderr, layout).not.toMatch(/css syntax error/u);
    }
  });

  it('sets headings at the column’s start in Chromium, two characters further down a level, and verse level with a section’s heading', async () => {
    const down = await withEpubPages({ 'c001.xhtml': await vertical.text('OEBPS/c001.xhtml') }, await vertical.text('OEBPS/style.css'), { width: 1000, height: 900 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
        // The column's start: where a paragraph's box starts (its first line is indented, the others are not).
        const top = document.querySelector('section.chapter > p, section.chapter > div > p:not(.verse)')!.getBoundingClientRect().top;
        const firstCharacter = (selector: string) => {
          const el = document.querySelector(selector)!;
          const text = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode()!;
          const range = document.createRange();
          range.setStart(text, 0);
          range.setEnd(text, 1);
          return Math.round(((range.getBoundingClientRect().top - top) / rem) * 10) / 10;
        };
        return [firstCharacter('.chapter-label'), firstCharacter('.chapter-title'), firstCharacter('h2.section'), firstCharacter('.poem p.verse')];
      }),
    );
    expect(down).toEqual([2, 2, 4, 4]);
  });

  it('keeps a name’s middle dot with the character before it, upright on the column’s centre line (Chromium)', async () => {
    const dot = await withEpubPages({ 'c001.xhtml': await vertical.text('OEBPS/c001.xhtml') }, await vertical.text('OEBPS/style.css'), { width: 1000, height: 900 }, async (open) =>
      (await open('c001.xhtml')).evaluate(() => {
        const span = [...document.querySelectorAll('span.nobreak')].find((e) => e.textContent === '倫‧')!;
        const text = span.firstChild!;
        const box = (from: number) => {
          const range = document.createRange();
          range.setStart(text, from);
          range.setEnd(text, from + 1);
          return range.getBoundingClientRect();
        };
        const [han, mark] = [box(0), box(1)];
        const em = parseFloat(getComputedStyle(span).fontSize);
        return { offCentre: Math.abs(han.left + han.width / 2 - (mark.left + mark.width / 2)), along: mark.height / em, wrap: getComputedStyle(span).whiteSpace };
      }),
    );
    expect(dot.offCentre).toBeLessThan(0.5);
    expect(dot.along).toBeGreaterThan(0.9);
    expect(dot.wrap).toBe('nowrap');
  });

  it('shows the cover whole on one page, on a phone too, and an illustration with its caption within one page (Chromium)', async () => {
    // The image files are not beside the pages: an image of the same size stands in, its box what the style sheet gives it.
    const image = (selector: string, width: number, height: number) =>
      `(() => { const img = document.querySelector('${selector}'); img.src = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"/>'); return img.decode(); })()`;
    for (const [width, height] of [
      [360, 640],
      [600, 800],
    ]) {
      const size = `${width}×${height}`;
      const docs = { 'cover.xhtml': await vertical.text('OEBPS/cover.xhtml'), 'c001.xhtml': await vertical.text('OEBPS/c001.xhtml') };
      const [cover, figure] = await withEpubPages(docs, await vertical.text('OEBPS/style.css'), { width, height }, async (open) => {
        const page = await open('cover.xhtml');
        await page.evaluate(image('img', 1600, 2560));
        const coverBox = await page.evaluate(() => document.querySelector('img')!.getBoundingClientRect().toJSON() as DOMRect);
        const chapter = await open('c001.xhtml');
        await chapter.evaluate(image('figure.illustration img', 1500, 1000));
        const bounds = await chapter.evaluate(() => getComputedStyle(document.querySelector('figure.illustration img')!).maxWidth);
        // The room for the caption's column (calc(), which MuPDF cannot read): 8em less than the page, not 80vw.
        expect(bounds, size).toBe(`${width - 8 * 16}px`);
        return [coverBox, await chapter.evaluate(() => document.querySelector('figure.illustration')!.getBoundingClientRect().toJSON() as DOMRect)];
      });
      expect(cover.left, size).toBeGreaterThanOrEqual(0);
      expect(cover.right, size).toBeLessThanOrEqual(width + 0.5);
      expect(Math.abs(cover.left - (width - cover.right)), `centred, ${size}`).toBeLessThan(1);
      expect(cover.bottom, size).toBeLessThanOrEqual(height + 0.5);
      // Its width with margins: what a reader that pages the columns needs of one page.
      expect(figure.width + 2 * 1.2 * 16, size).toBeLessThanOrEqual(width);
      // The horizontal book's cover is one page too: no line's descent below the image spills onto a second.
      const spill = await withEpubPages({ 'cover.xhtml': await horizontal.text('OEBPS/cover.xhtml') }, await horizontal.text('OEBPS/style.css'), { width, height }, async (open) => {
        const page = await open('cover.xhtml');
        await page.evaluate(image('img', 1600, 2560));
        return page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
      });
      expect(spill, size).toBeLessThanOrEqual(0);
    }
  });

  it('sets the title page as the PDF does, its parts apart, within one phone screen in either layout (Chromium)', async () => {
    type Part = { cls: string; size: number; from: number; to: number; left: number };
    const parts = async (epub: EpubContents, width: number) =>
      withEpubPages({ 'titlepage.xhtml': await epub.text('OEBPS/titlepage.xhtml') }, await epub.text('OEBPS/style.css'), { width, height: 640 }, async (open) =>
        (await open('titlepage.xhtml')).evaluate(() =>
          [...document.querySelectorAll('.titlepage > *')].map((e) => {
            const r = e.getBoundingClientRect();
            const v = getComputedStyle(document.documentElement).writingMode === 'vertical-rl';
            // Along the block axis: top to bottom across lines, right to left across columns.
            return { cls: e.className, size: parseFloat(getComputedStyle(e).fontSize), from: v ? -r.right : r.top, to: v ? -r.left : r.bottom, left: r.left } as Part;
          }),
        ),
      );
    for (const [epub, width] of [
      [horizontal, 360],
      [vertical, 360],
      [vertical, 600],
    ] as const) {
      const [title, subtitle, author, publisher] = await parts(epub, width);
      expect([title.cls, subtitle.cls, author.cls, publisher.cls]).toEqual(['book-title', 'book-subtitle', 'book-author', 'book-publisher']);
      // Title largest; subtitle and author a size above the publisher's, as on the PDF's title page.
      expect(title.size).toBeGreaterThan(subtitle.size);
      expect(subtitle.size).toBe(author.size);
      expect(author.size).toBeGreaterThan(publisher.size);
      // The subtitle under the title; the author set apart from it, the publisher further still.
      const em = publisher.size;
      expect(subtitle.from - title.to).toBeLessThan(em);
      expect(author.from - subtitle.to).toBeGreaterThan(1.5 * em);
      expect(publisher.from - author.to).toBeGreaterThan(author.from - subtitle.to);
      expect(Math.min(title.left, publisher.left), `${width}`).toBeGreaterThanOrEqual(0);
    }
  });

  it('lets epub.js page every part of the font licence: the notice is set across the page, its root too', async () => {
    const read = async (layout: string) => {
      const path = outputs.find((o) => o.layout === layout)!.path;
      const pages = await withEpubJs(readFileSync(path), { width: 400, height: 640 }, (pagesOf) => pagesOf('fonts.xhtml'));
      return { pages: pages.length, text: pages.map((p) => p.text).join('') };
    };
    const [across, columns] = [await read('horizontal'), await read('vertical')];
    expect(columns.pages).toBeGreaterThan(1);
    // The licence's last words are on a page the reader reaches.
    expect(columns.text).toContain('OTHER DEALINGS IN THE FONT SOFTWARE.');
    expect(columns.text.length).toBe(across.text.length);
  }, 60_000);

  it('keeps a figure’s caption on its picture’s page in epub.js, on a phone’s page', async () => {
    const path = outputs.find((o) => o.layout === 'vertical')!.path;
    const figures = await withEpubJs(readFileSync(path), { width: 400, height: 640 }, async (pagesOf) => (await pagesOf('c001.xhtml')).flatMap((p) => p.figures));
    expect(figures.length).toBeGreaterThan(0);
    expect(figures).toContainEqual(expect.objectContaining({ image: true, caption: true }));
    for (const f of figures) expect(f, f.id).toEqual({ id: f.id, image: true, caption: true });
  }, 60_000);

  it('sets a table across the page at its width in epub.js, not squeezed into a strip with its words split', async () => {
    const path = outputs.find((o) => o.layout === 'vertical')!.path;
    const seen = await withEpubJs(readFileSync(path), { width: 400, height: 640 }, async (pagesOf, page) => {
      await pagesOf('c003.xhtml');
      return page.evaluate(() => {
        const doc = document.querySelector<HTMLIFrameElement>('#reader iframe')!.contentDocument!;
        // Each Latin word of a cell on one line: a word split over lines has a box per line.
        const split: string[] = [];
        for (const cell of doc.querySelectorAll('td, th')) {
          // Every text node of the cell, whatever markup holds it.
          const walker = doc.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
            for (const m of node.data.matchAll(/[A-Za-z]+/gu)) {
              const range = doc.createRange();
              range.setStart(node, m.index);
              range.setEnd(node, m.index + m[0].length);
              if (range.getClientRects().length > 1) split.push(m[0]);
            }
          }
        }
        return { split, width: doc.querySelector('table')!.getBoundingClientRect().width };
      });
    });
    expect(seen.split).toEqual([]);
    expect(seen.width).toBeGreaterThan(300);
    expect(seen.width).toBeLessThanOrEqual(400);
  }, 60_000);

  it('passes epubcheck and Ace by DAISY', async () => {
    const path = outputs.find((o) => o.layout === 'vertical')!.path;
    const [check, ace] = await Promise.all([epubcheckAsync(path), runAce(path)]);
    expect(check.errors, check.output).toBe(0);
    expect(check.warnings, check.output).toBe(0);
    expect(ace.violations).toEqual([]);
  }, 240_000);
});

describe('choosing the layout', () => {
  const book = (yaml: string) => writeManuscript({ 'book.yaml': `title: 书\nauthor: 某\n${yaml}`, '01.md': '# 第一章：甲\n\n第3回，正文。\n' });

  it('book.yaml may map an edition to its layouts', async () => {
    const dir = book('editions: [zh-Hans, zh-Hant-TW]\nlayout:\n  zh-Hant-TW: [horizontal, vertical]\n');
    const result = await build({ chaptersDir: dir, outDir: tempDir(), formats: ['epub'], sourceDateEpoch: '1700000000' });
    expect(result.outputs.map((o) => `${o.edition} ${o.layout}`)).toEqual(['zh-Hans horizontal', 'zh-Hant-TW horizontal', 'zh-Hant-TW vertical']);
  });

  it('builds the preview vertically too, in its own folder, beside the horizontal one', async () => {
    const out = tempDir();
    const result = await build({ chaptersDir: SAMPLE, outDir: out, formats: ['html'], editions: ['zh-Hant-TW'], layouts: ['horizontal', 'vertical'], sourceDateEpoch: '1700000000' });
    // A preview is reported by its entry, index.html, in its folder.
    expect(result.outputs.map((o) => basename(dirname(o.path)))).toEqual(['suanfa-jianghu.zh-Hant-TW', 'suanfa-jianghu.zh-Hant-TW.vertical']);
    const dir = dirname(result.outputs.find((o) => o.layout === 'vertical')!.path);
    const flat = dirname(result.outputs.find((o) => o.layout === 'horizontal')!.path);
    const read = (d: string, name: string) => readFileSync(join(d, name), 'utf8');
    expect(read(dir, 'style.css')).toMatch(/html \{\s*-epub-writing-mode: vertical-rl;/u);
    expect(read(flat, 'style.css')).not.toContain('vertical-rl');
    // The page is a band as tall as the window: lines are as long as it is high.
    expect(read(dir, 'preview.css')).toMatch(/body \{\s*max-width: none;[^}]*height: 100vh;/u);
    const chapters = readdirSync(dir).filter((n) => /^c\d+\.html$/u.test(n)).map((n) => read(dir, n)).join('\n');
    expect(chapters).toMatch(/<span class="tcy">\d{1,2}<\/span>/u);

    // Nothing runs off the foot of a column, and no image is wider than the page: the chapter's illustration (1500×1000) included.
    const browser = await launchBrowser({ width: 600, height: 900 });
    try {
      const page = await browser.context.newPage();
      for (const name of readdirSync(dir).filter((n) => /^c\d+\.html$/u.test(n))) {
        await page.goto(pathToFileURL(join(dir, name)).href);
        await page.evaluate(() => document.fonts.ready);
        const below = await page.evaluate(() =>
          [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().bottom > innerHeight + 1).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
        );
        expect(below, name).toEqual([]);
        const wide = await page.evaluate(() => [...document.images].filter((img) => img.getBoundingClientRect().width > innerWidth).map((img) => img.src));
        expect(wide, name).toEqual([]);
      }
      expect(chapters).toContain('<figure class="illustration"');

      // A wheel turned down and PageDown move along the columns, leftwards; Home goes back to the first.
      await page.goto(pathToFileURL(join(dir, 'c001.html')).href);
      await page.evaluate(() => document.fonts.ready);
      await page.mouse.move(300, 400);
      await page.mouse.wheel(0, 500);
      await page.waitForFunction(() => scrollX < 0);
      const wheeled = await page.evaluate(() => scrollX);
      expect(wheeled).toBeCloseTo(-500, -1);
      await page.keyboard.press('PageDown');
      await page.waitForFunction((x) => scrollX < x, wheeled);
      await page.keyboard.press('Home');
      await page.waitForFunction(() => scrollX === 0);
      // A box that scrolls up and down of its own (serve's error list) keeps the wheel.
      await page.evaluate(() => {
        const box = document.createElement('pre');
        box.id = 'box';
        box.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:100px;overflow:auto;writing-mode:horizontal-tb;margin:0';
        box.textContent = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
        document.body.append(box);
      });
      await page.mouse.move(300, 850);
      await page.mouse.wheel(0, 200);
      await page.waitForFunction(() => document.getElementById('box')!.scrollTop > 0);
      expect(await page.evaluate(() => scrollX)).toBe(0);
      // No page of the horizontal preview carries the script.
      expect(readdirSync(flat)).not.toContain('vertical-scroll.js');
    } finally {
      await browser.close();
    }
  });

  it('rejects an unknown layout on the command line as a usage error', () => {
    const r = runCli(['build', '--chapters', book(''), '--out', tempDir(), '--layout', 'diagonal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--layout: unknown value 'diagonal' (known: horizontal, vertical)");
  });
});
