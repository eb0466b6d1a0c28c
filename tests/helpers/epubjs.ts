import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

const require = createRequire(import.meta.url);
const EPUBJS = require.resolve('epubjs/dist/epub.min.js');
const JSZIP = require.resolve('jszip/dist/jszip.min.js');

/** What one page of a document shows, as epub.js pages it. */
export interface ShownPage {
  href: string;
  /** 1-based page of the document, and how many it has, as epub.js counts them. */
  page: number;
  total: number;
  /** The element at each probe point of the visible page (tag names, upper case): HTML or BODY where it is blank. */
  probes: string[];
  /** The visible page's text, as far as its elements lie within the page. */
  text: string;
  /** Each figure the page shows some of: whether its image and its caption lie wholly within the page. */
  figures: Array<{ id: string; image: boolean; caption: boolean }>;
}

/**
 * An EPUB opened in epub.js (paginated, one page at a time) in Chromium:
 * the reader a web shop or an app embeds, which pages a document by laying
 * its body out in CSS columns and scrolling across them. `read` is given
 * the page and a function that shows the document `href` and reports each
 * of its pages in turn.
 */
export async function withEpubJs<T>(
  epub: Uint8Array,
  viewport: { width: number; height: number },
  read: (pagesOf: (href: string) => Promise<ShownPage[]>, page: Page) => Promise<T>,
): Promise<T> {
  const browser = await launchBrowser(viewport);
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0"><div id="reader" style="width:${viewport.width}px;height:${viewport.height}px"></div></body></html>`);
    await page.addScriptTag({ path: JSZIP });
    await page.addScriptTag({ path: EPUBJS });
    await page.evaluate(
      async ({ bytes, width, height }) => {
        const w = window as unknown as { ePub: (b: ArrayBuffer) => EpubJsBook; book: EpubJsBook; rendition: EpubJsRendition };
        w.book = w.ePub(Uint8Array.from(bytes).buffer);
        w.rendition = w.book.renderTo('reader', { width, height, flow: 'paginated', spread: 'none' });
        await w.book.ready;
      },
      { bytes: [...epub], width: viewport.width, height: viewport.height },
    );
    const pagesOf = async (href: string): Promise<ShownPage[]> => {
      await page.evaluate((h) => (window as unknown as { rendition: EpubJsRendition }).rendition.display(h), href);
      // epub.js lays the document out again once its images and fonts have loaded.
      await page.evaluate(async () => {
        const doc = document.querySelector<HTMLIFrameElement>('#reader iframe')!.contentDocument!;
        await Promise.all([...doc.images].map((i) => i.decode().catch(() => undefined)));
        await doc.fonts.ready;
      });
      await page.waitForTimeout(200);
      const shown: ShownPage[] = [];
      for (let guard = 0; guard < 200; guard++) {
        await page.waitForTimeout(50);
        const now = await page.evaluate(showing, viewport);
        if (now.href !== href || shown.some((s) => s.page === now.page)) break;
        shown.push(now);
        if (now.page >= now.total) break;
        await page.evaluate(() => (window as unknown as { rendition: EpubJsRendition }).rendition.next());
      }
      // A test that read fewer pages than the document has would check less than it says.
      const last = shown.at(-1);
      if (!last || last.page !== last.total || shown.length !== last.total) throw new Error(`epub.js showed pages ${shown.map((p) => p.page).join(', ')} of ${last?.total ?? '?'} of ${href}`);
      return shown;
    };
    const result = await read(pagesOf, page);
    if (errors.length) throw new Error(`epub.js: ${errors.join('; ')}`);
    return result;
  } finally {
    await browser.close();
  }
}

/** Runs in the page: the current page's place and what its probe points hit, in the document's own coordinates. */
function showing(viewport: { width: number; height: number }): ShownPage {
  const w = window as unknown as { rendition: EpubJsRendition };
  const at = w.rendition.currentLocation().start;
  const frame = document.querySelector<HTMLIFrameElement>('#reader iframe')!;
  const doc = frame.contentDocument!;
  // The reader scrolls the frame's box across (horizontal) or down (vertical-rl pages right to left); the frame's own coordinates are its document's.
  const pane = frame.getBoundingClientRect();
  const left = -pane.left;
  const top = -pane.top;
  const probes: string[] = [];
  for (const fx of [0.3, 0.5, 0.7]) for (const fy of [0.25, 0.5, 0.75]) probes.push(doc.elementFromPoint(left + viewport.width * fx, top + viewport.height * fy)?.tagName ?? '');
  let text = '';
  const BLOCKS = 'p, li, td, th, h1, h2, h3, figcaption, dt, dd';
  for (const el of doc.body.querySelectorAll(BLOCKS)) {
    if (el.querySelector(BLOCKS)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > left && r.left < left + viewport.width && r.bottom > top && r.top < top + viewport.height) text += el.textContent;
  }
  // No helper functions in here: the page runs this function's source, and a bundler naming them would reach for a helper the page lacks.
  const figures: ShownPage['figures'] = [];
  const [x0, x1, y0, y1] = [left - 1, left + viewport.width + 1, top - 1, top + viewport.height + 1];
  for (const f of doc.body.querySelectorAll('figure')) {
    const box = f.getBoundingClientRect();
    if (box.right <= x0 + 1 || box.left >= x1 - 1 || box.bottom <= y0 + 1 || box.top >= y1 - 1) continue;
    const [image, caption] = [f.querySelector('img'), f.querySelector('figcaption')].map((e) => {
      const r = e?.getBoundingClientRect();
      return r !== undefined && r.left >= x0 && r.right <= x1 && r.top >= y0 && r.bottom <= y1;
    });
    figures.push({ id: f.id, image, caption });
  }
  return { href: at.href, page: at.displayed.page, total: at.displayed.total, probes, text, figures };
}

interface EpubJsBook {
  ready: Promise<unknown>;
  renderTo(id: string, options: object): EpubJsRendition;
}

interface EpubJsRendition {
  display(target?: string): Promise<void>;
  next(): Promise<void>;
  currentLocation(): { start: { href: string; displayed: { page: number; total: number } } };
}
