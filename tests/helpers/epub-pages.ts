import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { tempDir } from './paths.ts';

const LINK = '<link rel="stylesheet" type="text/css" href="style.css"/>';

/**
 * An EPUB's documents opened in Chromium at one window size, each with the
 * book's style sheet added once loaded: a file: page may not read the rules
 * of a linked one. `look` is given a function that opens a document by name
 * and returns the page showing it.
 */
export async function withEpubPages<T>(
  docs: Record<string, string>,
  css: string,
  viewport: { width: number; height: number },
  look: (open: (name: string) => Promise<Page>) => Promise<T>,
): Promise<T> {
  const dir = tempDir('epub-pages-');
  for (const [name, xhtml] of Object.entries(docs)) writeFileSync(join(dir, name), xhtml.replace(LINK, ''));
  const browser = await launchBrowser(viewport);
  try {
    const page = await browser.context.newPage();
    return await look(async (name) => {
      await page.goto(pathToFileURL(join(dir, name)).href);
      await page.addStyleTag({ content: css });
      return page;
    });
  } finally {
    await browser.close();
  }
}
