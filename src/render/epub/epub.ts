import { readFileSync } from 'node:fs';
import { templatePath } from '../../paths.ts';
import type { Renderer } from '../renderer.ts';
import { EPub, type Chapter as EpubChapter, type Options } from 'epub-gen-memory';
import type { FontPlan } from '../../fonts/font-plan.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import type { Asset, Book, Chapter } from '../../model/book.ts';
import { editionIdentifier } from '../../model/identifier.ts';
import { FONT_LICENSE_NOTE, uiStrings } from '../../text/ui-strings.ts';
import { navDepth, navTree } from '../markup/nav.ts';
import { titlePageXhtml } from '../markup/title-page.ts';
import { escapeXml, XhtmlWriter } from '../markup/xhtml.ts';
import { bookStyleSheet } from './style-sheet.ts';
import { writeZip, type DeflateCache, type ZipEntry } from '../../output/zip.ts';

const template = (name: string) => readFileSync(templatePath('epub', name), 'utf8');

/** The EPUB, once the cover it shows is drawn. */
export const epubRenderer: Renderer = {
  async render(ctx) {
    await ctx.coverDrawn;
    const bytes = await renderEpub({ book: ctx.book, plan: ctx.plan, fonts: ctx.webFonts, deflateCache: ctx.deflateCache });
    return [{ kind: 'file', suffix: 'epub', bytes }];
  },
};

export interface EpubInput {
  book: Book;
  plan: FontPlan;
  fonts: WebFont[];
  /**
   * Deflate level. 1, not zlib's default 6: on a million-character book it
   * deflates in two thirds of the time for a file about 3% larger.
   */
  compression?: number;
  /** Deflated entries of earlier builds in a watch session. */
  deflateCache?: DeflateCache;
}

/**
 * Book model → EPUB 3 bytes through epub-gen-memory, with our templates and a
 * subclass that fixes what the library gets wrong for us: its HTML rewriting
 * (every CJK character as &#x…;), random UUID and image names, the current
 * time in dcterms:modified and in every zip entry, fetching fonts by URL, and
 * packing the zip in JavaScript on the main thread.
 */
export async function renderEpub(input: EpubInput): Promise<Buffer> {
  const { book, plan } = input;
  const lang = book.edition;
  const ui = uiStrings(book.edition);
  // A poem the Kai face cannot set whole is set whole in the next face.
  const writer = new XhtmlWriter(book, { imageDir: 'images/', poemInFallback: (b) => (plan.blockFace.get(b) ?? 0) > 0, missing: new Set(plan.missing.keys()) });
  const fileOf = (ch: Chapter) => `${ch.id}.xhtml`;
  const tree = navTree(book, (ch, anchor) => (anchor ? `${fileOf(ch)}#${anchor}` : fileOf(ch)));

  const documents: Array<EpubChapter & { id: string; filename: string; body: string; bodyClass: string }> = [
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
    ...book.chapters.map((ch) => ({
      id: ch.id,
      title: ch.label && ch.title ? `${ch.label}\u3000${ch.title}` : ch.label || ch.title,
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
  const assets = [...book.assets.values()].map((a, i) => ({ ...a, id: `img-${i + 1}` }));
  const options: Options & Record<string, unknown> = {
    title: book.meta.title,
    author: book.meta.author,
    lang,
    tocTitle: ui.contents,
    css: bookStyleSheet(input.fonts, 'fonts/'),
    prependChapterTitles: false,
    numberChaptersInTOC: false,
    verbose: false,
    contentOPF: template('content.opf.ejs'),
    tocXHTML: template('nav.xhtml.ejs'),
    tocNCX: template('toc.ncx.ejs'),
    chapterXHTML: template('chapter.xhtml.ejs'),
    // Extra keys pass through epub-gen-memory's validation into the templates.
    identifier: editionIdentifier(book.meta.identifier, book.edition),
    subtitle: book.meta.subtitle ?? '',
    publisher: book.meta.publisher ?? '',
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
  const epub = new ReproducibleEpub(options, documents, {
    bodies: documents.map((d) => d.body),
    fonts: input.fonts,
    assets: book.cover ? [...assets, { ...book.cover, id: 'cover-image' }] : assets,
    modified,
    compression: input.compression ?? 1,
    deflateCache: input.deflateCache,
  });
  return epub.genEpub();
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
    body: `<section class="cover" epub:type="cover">\n<img src="images/${cover.name}" alt="${escapeXml(title)}"/>\n</section>`,
  };
}

interface PackageFiles {
  bodies: string[];
  fonts: WebFont[];
  assets: Array<Asset & { id: string }>;
  modified: Date;
  compression: number;
  deflateCache?: DeflateCache;
}

/**
 * Stands in for the library's JSZip: it records each file as the library
 * adds it (`file`, `folder` are all the library calls), and we write the
 * archive. Reading files back out of a JSZip goes through its asynchronous
 * worker pipeline, which on a large book costs more than everything else in
 * an incremental build.
 */
class PackageRecorder {
  constructor(
    readonly entries: ZipEntry[],
    private readonly prefix = '',
  ) {}

  file(name: string, data: string | Uint8Array, options?: { compression?: string }): this {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.entries.push({ name: this.prefix + name, data: bytes, store: options?.compression === 'STORE' });
    return this;
  }

  folder(name: string): PackageRecorder {
    return new PackageRecorder(this.entries, `${this.prefix}${name}/`);
  }
}

class ReproducibleEpub extends EPub {
  private readonly recorded: ZipEntry[] = [];

  constructor(
    options: Options,
    chapters: EpubChapter[],
    private readonly files: PackageFiles,
  ) {
    // Chapters go in empty so the library's HTML normaliser has nothing to rewrite;
    // our own XHTML replaces them below.
    super(options, chapters);
    // OCF: the mimetype entry first, stored, never compressed.
    (this as unknown as { zip: PackageRecorder }).zip = new PackageRecorder(this.recorded).file('mimetype', 'application/epub+zip', { compression: 'STORE' });
    this.uuid = String((options as Record<string, unknown>).identifier);
    this.content.forEach((c, i) => {
      c.content = files.bodies[i];
    });
  }

  protected override async downloadAllFonts(): Promise<void> {
    const dir = this.zip.folder('OEBPS')!.folder('fonts')!;
    for (const f of this.files.fonts) dir.file(f.filename, f.data);
  }

  protected override async downloadAllImages(): Promise<void> {
    const dir = this.zip.folder('OEBPS')!.folder('images')!;
    for (const a of this.files.assets) dir.file(a.name, a.data);
  }

  override async genEpub(): Promise<Buffer> {
    await this.render();
    return writeZip(this.recorded, { date: this.files.modified, level: this.files.compression, cache: this.files.deflateCache });
  }
}

/**
 * Back matter naming every embedded face and its licence: the SIL Open Font
 * License asks that the notice travel with the fonts.
 */
function fontNoticeDocument(fonts: WebFont[], ui: ReturnType<typeof uiStrings>): EpubChapter & { id: string; filename: string; body: string; bodyClass: string } {
  const faces = [...new Map(fonts.flatMap((f) => f.label.split(' + ').map((label) => [label, f.license.split('; ')[0]] as const))).entries()];
  const items = faces.map(([label, license]) => `<li>${escapeXml(label)} — ${escapeXml(license)}</li>`).join('\n');
  return {
    id: 'fonts',
    title: ui.fontNotice,
    filename: 'fonts.xhtml',
    content: '',
    excludeFromToc: true,
    bodyClass: 'font-notice-body',
    body:
      `<section class="font-notice" epub:type="colophon">\n<h1 class="font-notice-title">${escapeXml(ui.fontNotice)}</h1>\n` +
      `<p>${escapeXml(ui.fontNoticeLead)}</p>\n<ul>\n${items}\n</ul>\n` +
      `<p lang="en" xml:lang="en">${escapeXml(FONT_LICENSE_NOTE)}</p>\n</section>`,
  };
}
