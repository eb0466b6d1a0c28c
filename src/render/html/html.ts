import { readFileSync } from 'node:fs';
import type { Layout } from '../../config/editions.ts';
import { templatePath } from '../../paths.ts';
import type { Renderer } from '../renderer.ts';
import type { FontPlan } from '../../fonts/font-plan.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import { chapterNavTitle, type Book, type Chapter } from '../../model/book.ts';
import { fillTemplate } from '../../text/fill-template.ts';
import { uiStrings } from '../../config/ui-strings.ts';
import { bookStyleSheet } from '../epub/style-sheet.ts';
import { navTree } from '../markup/nav.ts';
import { escapeXml } from '../../text/escape-xml.ts';
import { XhtmlWriter } from '../markup/xhtml.ts';
import { indexBody, pager } from './pages.ts';

const template = (name: string) => readFileSync(templatePath('html', name), 'utf8');

/** The preview: a folder `<slug>.<edition>/` swapped in whole, entered through index.html. */
export const htmlRenderer: Renderer = {
  async render(ctx) {
    await ctx.coverDrawn;
    return [{ kind: 'folder', suffix: '', files: renderHtml({ book: ctx.book, plan: ctx.plan, fonts: ctx.webFonts, layout: ctx.layout }), entry: 'index.html' }];
  },
};

export interface HtmlInput {
  book: Book;
  plan: FontPlan;
  fonts: WebFont[];
  /** Vertical (直排): the EPUB's vertical style sheet and 縱中橫 spans, in a page that scrolls sideways. */
  layout?: Layout;
}

/**
 * The HTML preview: a folder with index.html (cover, title page, contents),
 * one page per chapter with the same XHTML as the EPUB, the EPUB's style
 * sheet and subset fonts, and the images. Returns file name → content, for
 * writeDirAtomic; nothing here reads a clock, so two builds are identical.
 */
export function renderHtml(input: HtmlInput): Map<string, Uint8Array | string> {
  const { book, plan, fonts } = input;
  const vertical = input.layout === 'vertical';
  const ui = uiStrings(book.edition);
  const page = template('page.html');
  const fill = (title: string, bodyClass: string, body: string) => fillTemplate(page, { lang: book.edition, title, bodyClass, body }, escapeXml);
  // A poem the Kai face cannot set whole is set whole in the next face, as in the EPUB.
  const writer = new XhtmlWriter(book, { imageDir: 'images/', poemInFallback: (b) => (plan.blockFace.get(b) ?? 0) > 0, missing: new Set(plan.missing.keys()), uprightDigits: vertical });
  const fileOf = (ch: Chapter) => `${ch.id}.html`;
  const tree = navTree(book, (ch, anchor) => (anchor ? `${fileOf(ch)}#${anchor}` : fileOf(ch)));

  const files = new Map<string, Uint8Array | string>();
  // A 直排 page scrolls sideways: the wheel and the page keys are turned to move along its columns.
  const scroll = vertical ? '\n<script src="vertical-scroll.js"></script>' : '';
  if (vertical) files.set('vertical-scroll.js', template('vertical-scroll.js'));
  files.set('index.html', fill(book.meta.title, 'index-body', `${indexBody(book, tree, ui.contents)}${scroll}`));
  book.chapters.forEach((ch, i) => {
    const nav = (at: 'head' | 'foot') => pager(book.chapters[i - 1], book.chapters[i + 1], fileOf, ui, at);
    files.set(fileOf(ch), fill(`${chapterNavTitle(ch)} - ${book.meta.title}`, 'chapter-body', `${nav('head')}\n<main>\n${writer.chapterBody(ch)}\n</main>\n${nav('foot')}${scroll}`));
  });
  files.set('style.css', `@charset "UTF-8";\n${bookStyleSheet(fonts, 'fonts/', input.layout)}`);
  files.set('preview.css', vertical ? `${template('preview.css')}\n${template('preview-vertical.css').replace(/^@charset[^\n]*\n/u, '')}` : template('preview.css'));
  for (const f of fonts) files.set(`fonts/${f.filename}`, f.data);
  for (const a of book.assets.values()) files.set(`images/${a.name}`, a.data);
  if (book.cover) files.set(`images/${book.cover.name}`, book.cover.data);
  return files;
}
