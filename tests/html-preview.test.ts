import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { launchBrowser, type Browser } from './helpers/browser.ts';
import { ROOT, SAMPLE, tempDir } from './helpers/paths.ts';

/** The @font-face families the book's style sheet defines (src/render/epub/font-css.ts). */
const BOOK_FAMILIES = ['Book Serif', 'Book Heading', 'Book Kai'];

async function buildPreview(outDir: string): Promise<string> {
  const result = await build({ chaptersDir: SAMPLE, outDir, editions: ['zh-Hans'], formats: ['html'], sourceDateEpoch: '1700000000' });
  expect(result.outputs.map((o) => o.path)).toEqual([join(outDir, 'suanfa-jianghu.zh-Hans', 'index.html')]);
  return join(outDir, 'suanfa-jianghu.zh-Hans');
}

describe('HTML preview files', () => {
  let site: string;
  beforeAll(async () => {
    site = await buildPreview(tempDir('html-'));
  });

  it('writes index.html, one page per chapter and appendix, the style sheets, the subset fonts and the images', () => {
    const names = readdirSync(site).sort();
    expect(names).toEqual(['a01.html', 'a02.html', 'c001.html', 'c002.html', 'c003.html', 'fonts', 'images', 'index.html', 'preview.css', 'style.css']);
    const css = readFileSync(join(site, 'style.css'), 'utf8');
    // The EPUB's own style sheet, after the generated @font-face rules.
    expect(css).toContain(readFileSync(join(ROOT, 'templates/epub/style.css'), 'utf8').replace(/^@charset[^\n]*\n/u, ''));
    const fontUrls = [...css.matchAll(/url\("([^"]+)"\)/gu)].map((m) => m[1]);
    expect(fontUrls.length).toBeGreaterThanOrEqual(4);
    for (const u of fontUrls) expect(existsSync(join(site, u)), u).toBe(true);
    expect(readdirSync(join(site, 'images'))).toContain('cover.png');
    const chapter = readFileSync(join(site, 'c001.html'), 'utf8');
    expect(chapter).toMatch(/^<!DOCTYPE html>\n<html lang="zh-Hans">/u);
    expect(chapter).toContain('<div class="poem">');
    for (const src of [...chapter.matchAll(/src="([^"]+)"/gu)].map((m) => m[1])) expect(existsSync(join(site, src)), src).toBe(true);
  });

  it('names its two prev / contents / next bars apart, and says which link goes back and which on, to assistive technology', () => {
    const chapter = readFileSync(join(site, 'c002.html'), 'utf8');
    const navs = [...chapter.matchAll(/<nav class="pager" aria-label="([^"]+)">/gu)].map((m) => m[1]);
    expect(navs).toEqual(['章节导航', '章节导航（页末）']);
    expect(chapter).toContain('<a class="prev" rel="prev" href="c001.html" aria-label="上一章：第一章　图灵问道">第一章　图灵问道</a>');
    expect(chapter).toContain('<a class="next" rel="next" href="c003.html" aria-label="下一章：第三章　深度学习复兴">');
    // No request for a favicon: a preview served or opened from disk logs no 404.
    expect(chapter).toContain('<link rel="icon" href="data:,">');
  });

  it('is the same when built again, and replaces the old folder whole', async () => {
    const out = join(site, '..');
    const before = snapshot(site);
    writeFileSync(join(site, 'left-over.txt'), 'from an older build');
    await buildPreview(out);
    expect(snapshot(site)).toEqual(before);
    // Nothing of the swap stays beside the folder.
    expect(readdirSync(out)).toEqual(['suanfa-jianghu.zh-Hans']);
  });
});

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else files[path] = readFileSync(join(dir, path)).toString('base64');
    }
  };
  walk('');
  return files;
}

describe('HTML preview in headless Chromium', () => {
  let site: string;
  let browser: Browser;
  let page: Page;
  const open = async (name: string) => {
    await page.goto(pathToFileURL(join(site, name)).href);
    await page.evaluate(() => document.fonts.ready);
  };
  /** Puts `text` into the element `selector` names and measures its lines: their widths (a line's boxes, one per font run, grouped by their top) and the font size. */
  const wrappedLines = (selector: string, text: string) =>
    page.$eval(
      selector,
      (el, t) => {
        el.textContent = t;
        const range = document.createRange();
        range.selectNodeContents(el);
        const byTop = new Map<number, number>();
        for (const r of range.getClientRects()) byTop.set(Math.round(r.top), (byTop.get(Math.round(r.top)) ?? 0) + r.width);
        return { widths: [...byTop.values()], size: parseFloat(getComputedStyle(el).fontSize) };
      },
      text,
    );

  beforeAll(async () => {
    site = await buildPreview(tempDir('html-'));
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads the book web fonts and sets the chapter in them, with no system font', async () => {
    await open('c001.html');
    const faces = await page.evaluate(() => [...document.fonts].map((f) => ({ family: f.family.replace(/"/gu, ''), weight: f.weight, status: f.status })));
    for (const family of BOOK_FAMILIES) expect(faces.filter((f) => f.family === family).length, family).toBeGreaterThan(0);
    expect(faces.filter((f) => BOOK_FAMILIES.includes(f.family)).map((f) => `${f.family} ${f.weight}: ${f.status}`)).toEqual(
      faces.filter((f) => BOOK_FAMILIES.includes(f.family)).map((f) => `${f.family} ${f.weight}: loaded`),
    );
    // What Chromium actually drew each element with (DevTools' "Rendered Fonts").
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    for (const [selector, family] of [
      ['.poem p.verse', 'LXGW WenKai'],
      ['h1.chapter-heading .chapter-title', 'Noto Sans SC'],
      ['section.chapter > p:not(.closing)', 'Noto Serif SC'],
    ] as const) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      expect(nodeId, selector).toBeGreaterThan(0);
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.length, selector).toBeGreaterThan(0);
      expect(fonts.every((f) => f.isCustomFont), `${selector}: ${JSON.stringify(fonts)}`).toBe(true);
      expect(fonts[0].familyName, selector).toContain(family);
    }
    const shot = join(tempDir('screenshot-'), 'c001.png');
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');
    console.log(`screenshot of the preview: ${shot}`);
  });

  it('centres every verse line of the opening poem', async () => {
    await open('c001.html');
    const verses = await page.$$eval('.poem p.verse', (ps) =>
      ps.map((p) => {
        const range = document.createRange();
        range.selectNodeContents(p);
        const text = range.getBoundingClientRect();
        const box = p.getBoundingClientRect();
        return { text: p.textContent, left: text.left - box.left, right: box.right - text.right, width: text.width };
      }),
    );
    expect(verses.length).toBe(4);
    for (const v of verses) {
      expect(v.width, v.text!).toBeGreaterThan(100);
      expect(Math.abs(v.left - v.right), `${v.text}: ${v.left} | ${v.right}`).toBeLessThanOrEqual(1);
    }
  });

  it('balances a chapter title that wraps: lines of near one length, not full ones and a short one', async () => {
    await open('c001.html');
    const lines = await wrappedLines('h1.chapter-heading .chapter-title', '图灵问道开宗立派论机器能否思考，感知机殇十年寒冬群雄蛰伏待春风');
    expect(lines.widths.length).toBeGreaterThan(1);
    expect(Math.max(...lines.widths) - Math.min(...lines.widths)).toBeLessThanOrEqual(2 * lines.size);
  });

  it('balances a contents entry that wraps, as the EPUB style sheet asks', async () => {
    // A phone's width: the couplet takes a line and a half.
    await page.setViewportSize({ width: 420, height: 900 });
    await open('index.html');
    const lines = await wrappedLines('nav#toc > ol > li > a', '第一回　图灵问道开宗立派论机器能否思考，感知机殇十年寒冬群雄蛰伏待春风');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(lines.widths.length).toBeGreaterThan(1);
    expect(Math.max(...lines.widths) - Math.min(...lines.widths)).toBeLessThanOrEqual(2 * lines.size);
  });

  it('indents a code block two ems, as the PDF does', async () => {
    await open('c001.html');
    const at = await page.evaluate(() => {
      const pre = document.createElement('pre');
      pre.append(Object.assign(document.createElement('code'), { textContent: 'def f():\n    return 1' }));
      const p = document.querySelector('p')!;
      p.after(pre);
      return { margin: pre.getBoundingClientRect().left - p.getBoundingClientRect().left, size: parseFloat(getComputedStyle(p).fontSize) };
    });
    expect(at.margin / at.size).toBeCloseTo(2, 1);
  });

  it('bullets nested list items with squares, never the hollow circle that reads as a centred 。', async () => {
    // The preview's style sheet is the EPUB's (templates/epub/style.css).
    await open('c002.html');
    const markers = await page.$$eval('li', (items) => items.map((li) => ({ nested: li.parentElement!.closest('li') !== null, type: getComputedStyle(li).listStyleType, text: li.textContent!.slice(0, 6) })));
    expect(markers.filter((m) => m.nested).length).toBeGreaterThan(0);
    for (const m of markers) expect(`${m.text}: ${m.type}`).toBe(`${m.text}: ${m.nested ? 'square' : 'disc'}`);
  });

  it('keeps a table head 名次 whole on a phone, the body cells giving way, as the EPUB does', async () => {
    await page.setViewportSize({ width: 360, height: 640 });
    await open('c003.html');
    const lines = await page.$$eval('th', (cells) =>
      cells.map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th);
        return `${th.textContent}: ${new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size}`;
      }),
    );
    expect(lines).toEqual(['名次: 1', '队伍: 1', '前五错误率: 1']);
  });

  it('reads dark where the reader’s system is dark: the page and its bars, the text light', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      // The chapter with the illustration.
      await open('c001.html');
      const colours = await page.evaluate(() => {
        const luminance = (c: string) => {
          const [r, g, b] = c.match(/\d+/gu)!.map(Number);
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        };
        const body = getComputedStyle(document.body);
        const image = document.querySelector('figure.illustration img')!;
        return { page: luminance(body.backgroundColor), text: luminance(body.color), pager: luminance(getComputedStyle(document.querySelector('nav.pager a')!).color), image: luminance(getComputedStyle(image).backgroundColor) };
      });
      // An image with a transparent ground (black line art) keeps a light one.
      expect(colours.image).toBeGreaterThan(0.9);
      expect(colours.page).toBeLessThan(0.2);
      expect(colours.text).toBeGreaterThan(0.8);
      expect(colours.pager).toBeGreaterThan(0.5);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  for (const width of [800, 360]) {
    it(`lets no element overflow a ${width} px wide page`, async () => {
      await page.setViewportSize({ width, height: 900 });
      for (const name of readdirSync(site).filter((n) => n.endsWith('.html'))) {
        await open(name);
        const overflow = await page.evaluate(() => {
          const limit = document.documentElement.clientWidth;
          const wide = [...document.body.querySelectorAll('*')]
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5))
            .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}–${Math.round(r.right)}`);
          return { scroll: document.documentElement.scrollWidth - limit, wide };
        });
        expect(overflow, name).toEqual({ scroll: 0, wide: [] });
      }
    });
  }
});
