import { readFileSync } from 'node:fs';
import { templatePath } from '../../paths.ts';
import type { Renderer } from '../renderer.ts';
import type { Layout } from '../../config/editions.ts';
import type { PrintSettings } from '../../config/print.ts';
import type { Chapter as EpubChapter, Options } from 'epub-gen-memory';
import type { FontPlan } from '../../fonts/font-plan.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import { chapterNavTitle, type Asset, type Book, type Chapter } from '../../model/book.ts';
import { editionIdentifier } from '../../model/identifier.ts';
import { FONT_LICENSE_NOTE, uiStrings } from '../../config/ui-strings.ts';
import { isOfl, oflBlocks } from '../../fonts/licence-text.ts';
import { navDepth, navTree } from '../markup/nav.ts';
import { copyrightPageXhtml } from '../markup/copyright-page.ts';
import { titlePageXhtml } from '../markup/title-page.ts';
import { escapeXml } from '../../text/escape-xml.ts';
import { XhtmlWriter } from '../markup/xhtml.ts';
import { bookStyleSheet } from './style-sheet.ts';
import type { DeflateCache } from '../../output/zip.ts';
import { packEpub } from './epub-gen-memory-adapter.ts';
import { accessibilityMetadata } from './accessibility.ts';
import { isbnDigits } from '../../config/isbn.ts';
import { isbnsFor } from '../../config/publication.ts';

/**
 * A document as the chapter template takes it. `rootClass` marks one set
 * across the page in a vertical book (vertical.css): its root must say so
 * too, as readers that page by columns (epub.js) take the direction from it.
 */
type EpubDocument = EpubChapter & { id: string; filename: string; body: string; bodyClass: string; rootClass?: string };

const template = (name: string) => readFileSync(templatePath('epub', name), 'utf8');

/** The EPUB, once the cover it shows is drawn. */
export const epubRenderer: Renderer = {
  async render(ctx) {
    await ctx.coverDrawn;
    const bytes = await renderEpub({ book: ctx.book, plan: ctx.plan, fonts: ctx.webFonts, layout: ctx.layout, print: ctx.print, deflateCache: ctx.deflateCache });
    return [{ kind: 'file', suffix: 'epub', bytes }];
  },
};

export interface EpubInput {
  book: Book;
  plan: FontPlan;
  fonts: WebFont[];
  layout?: Layout;
  /** book.yaml `print:` with its defaults: the edition statement (版次) the copyright page states. */
  print: PrintSettings;
  /**
   * Deflate level: 1, not zlib's default 6, which takes markedly longer on a
   * long book for a file only a little smaller (docs/performance.md).
   */
  compression?: number;
  /** Deflated entries of earlier builds in a watch session. */
  deflateCache?: DeflateCache;
}

/**
 * Book model → EPUB 3 bytes through epub-gen-memory, with our templates
 * (templates/epub/) and our own XHTML; epub-gen-memory-adapter.ts packs it.
 */
export async function renderEpub(input: EpubInput): Promise<Buffer> {
  const { book, plan } = input;
  const lang = book.edition;
  const ui = uiStrings(book.edition);
  // A poem the Kai face cannot set whole is set whole in the next face.
  const vertical = input.layout === 'vertical';
  const writer = new XhtmlWriter(book, {
    imageDir: 'images/',
    poemInFallback: (b) => (plan.blockFace.get(b) ?? 0) > 0,
    missing: new Set(plan.missing.keys()),
    uprightDigits: vertical,
  });
  const fileOf = (ch: Chapter) => `${ch.id}.xhtml`;
  const tree = navTree(book, (ch, anchor) => (anchor ? `${fileOf(ch)}#${anchor}` : fileOf(ch)));

  const documents: EpubDocument[] = [
    ...(book.cover ? [coverDocument(book.cover, book.meta.title)] : []),
    {
      id: 'titlepage',
      title: book.meta.title,
      filename: 'titlepage.xhtml',
      beforeToc: true,
      excludeFromToc: true,
      content: '',
      bodyClass: 'titlepage-body',
      body: titlePageXhtml(book),
    },
    {
      id: 'copyright',
      title: ui.copyrightPage,
      filename: 'copyright.xhtml',
      beforeToc: true,
      excludeFromToc: true,
      content: '',
      bodyClass: 'copyright-body',
      body: copyrightPageXhtml(book, input.print, input.layout, (value) => writer.inlines([{ kind: 'text', text: value, line: 0 }])),
    },
    ...book.chapters.map((ch) => ({
      id: ch.id,
      title: chapterNavTitle(ch),
      filename: fileOf(ch),
      content: '',
      // Unused by our templates; without it the library's string check throws and catches an error per chapter.
      author: book.meta.author,
      bodyClass: 'chapter-body',
      body: writer.chapterBody(ch),
    })),
    fontNoticeDocument(input.fonts, ui),
  ];

  const modified = book.meta.modified;
  const isbn = isbnsFor(book.meta.isbn, input.layout).epub;
  const assets = [...book.assets.values()].map((a, i) => ({ ...a, id: `img-${i + 1}` }));
  const options: Options & Record<string, unknown> = {
    title: book.meta.title,
    author: book.meta.author,
    lang,
    tocTitle: ui.contents,
    css: bookStyleSheet(input.fonts, 'fonts/', input.layout),
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    verbose: false,
    contentOPF: template('content.opf.ejs'),
    tocXHTML: template('nav.xhtml.ejs'),
    tocNCX: template('toc.ncx.ejs'),
    chapterXHTML: template('chapter.xhtml.ejs'),
    // Extra keys pass through epub-gen-memory's validation into the templates.
    // Kobo and the stores match an EPUB by its ISBN; without one, the derived UUID stays.
    identifier: isbn ? `urn:isbn:${isbnDigits(isbn, true)}` : editionIdentifier(book.meta.identifier, book.edition, input.layout),
    isbn: Boolean(isbn),
    a11y: accessibilityMetadata(book),
    vertical,
    subtitle: book.meta.subtitle ?? '',
    publisher: book.meta.publisher ?? '',
    rights: book.meta.rights ?? '',
    description: book.meta.description ?? '',
    published: book.meta.published ?? '',
    modified: modified.toISOString().replace(/\.\d{3}Z$/u, 'Z'),
    navTree: tree,
    navDepth: navDepth(tree),
    bodyStart: book.chapters.length ? fileOf(book.chapters[0]) : '',
    assets,
    // Not `cover`: epub-gen-memory would fetch that itself and write its own, EPUB 2 only, markup.
    coverImage: book.cover ? { id: 'cover-image', name: book.cover.name, mediaType: book.cover.mediaType } : null,
    fontFiles: input.fonts,
  };
  return packEpub(options, documents, {
    bodies: documents.map((d) => d.body),
    fonts: input.fonts,
    assets: book.cover ? [...assets, { ...book.cover, id: 'cover-image' }] : assets,
    modified,
    compression: input.compression ?? 1,
    deflateCache: input.deflateCache,
  });
}

/** The cover page, first in the spine: the image alone, for readers that show the spine's first page as the cover. */
function coverDocument(cover: Asset, title: string) {
  return {
    id: 'cover',
    title,
    filename: 'cover.xhtml',
    beforeToc: true,
    excludeFromToc: true,
    content: '',
    bodyClass: 'cover-body',
    rootClass: 'across',
    // doc-cover is a role for the image itself (DPUB-ARIA), so the image carries the epub:type too.
    body: `<section class="cover">\n<img src="images/${cover.name}" alt="${escapeXml(cover.alt ?? title)}" epub:type="cover" role="doc-cover"/>\n</section>`,
  };
}

/**
 * Back matter naming every embedded face and its licence: the SIL Open Font
 * License asks that the notice travel with the fonts.
 */
function fontNoticeDocument(fonts: WebFont[], ui: ReturnType<typeof uiStrings>): EpubDocument {
  const faces = [...new Map(fonts.flatMap((f) => f.label.split(' + ').map((label) => [label, f.license.split('; ')[0]] as const))).entries()];
  const items = faces.map(([label, license]) => `<li>${escapeXml(label)} — ${escapeXml(license)}</li>`).join('\n');
  return {
    id: 'fonts',
    title: ui.fontNotice,
    filename: 'fonts.xhtml',
    content: '',
    excludeFromToc: true,
    bodyClass: 'font-notice-body',
    rootClass: 'across',
    body:
      `<section class="font-notice" epub:type="colophon" role="doc-colophon" aria-labelledby="font-notice-title">\n<h1 class="font-notice-title" id="font-notice-title">${escapeXml(ui.fontNotice)}</h1>\n` +
      `<p>${escapeXml(ui.fontNoticeLead)}</p>\n<ul>\n${items}\n</ul>\n` +
      `<p lang="en" xml:lang="en">${escapeXml(FONT_LICENSE_NOTE)}</p>\n${faces.some(([, license]) => isOfl(license)) ? oflSection() : ''}</section>`,
  };
}

/** The OFL's full text, which fonts bundled in the book's zip travel with (licence-text.ts). */
function oflSection(): string {
  const blocks = oflBlocks().map((b, i) => (b.kind === 'paragraph' ? `<p>${escapeXml(b.text)}</p>` : i === 0 ? `<h2>${escapeXml(b.text)}</h2>` : `<h3>${escapeXml(b.text)}</h3>`));
  return `<section class="licence" lang="en" xml:lang="en">\n${blocks.join('\n')}\n</section>\n`;
}
