import { deflateSync } from 'node:zlib';
import type { Layout } from '../../config/editions.ts';
import type { Diagnostics } from '../../diagnostics.ts';
import type { FontPlan } from '../../fonts/font-plan.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import { chapterNavTitle } from '../../model/book.ts';
import { deflateInWorker } from '../../output/deflate-worker.ts';
import { punctuationStyle } from '../../typeset/atoms.ts';
import { HORIZONTAL } from '../../typeset/axis.ts';
import { BlockLayout, type LayoutContext } from '../../typeset/block-layout.ts';
import { ChapterLayout } from '../../typeset/chapter-layout.ts';
import { layoutFontSet } from '../../typeset/layout-face.ts';
import type { FlowBox, LaidPage } from '../../typeset/flow.ts';
import { paginate } from '../../typeset/paginate.ts';
import { adopt, settle, structElem, type PageContent, type StructElem } from '../../typeset/structure.ts';
import { loadTheme, type Theme } from '../../typeset/theme.ts';
import type { Renderer } from '../renderer.ts';
import { CidFonts } from './cid-fonts.ts';
import { roman, titlePageBoxes, tocEntries, tocPages } from './front-matter.ts';
import { OutlineBuilder } from './outline.ts';
import { pageDrawer, type DrawnPage, type Furniture } from './page-drawer.ts';
import { columnScreenLayout, screenLayout, type PageLayout } from './page-layout.ts';
import { PdfDocument } from './pdfkit-adapter.ts';
import { StructTree } from './struct-tree.ts';

export interface PdfInput {
  book: LayoutContext['book'];
  plan: FontPlan;
  webFonts: WebFont[];
  diagnostics: Diagnostics;
  theme?: Theme;
  /**
   * Settles once `book.cover` is drawn, when the build draws it meanwhile.
   * The cover is read only for the first page, which is drawn after the body.
   */
  coverDrawn?: Promise<void>;
  /** The output's file name, for what laying it out reports. */
  output?: string;
  /** Horizontal (the default) or vertical: columns right to left (直排). */
  layout?: Layout;
}

/** The screen PDF; it waits for the cover only when it draws its first page, after the body. */
export const pdfRenderer: Renderer = {
  async render(ctx) {
    const bytes = await renderPdf({ book: ctx.book, plan: ctx.plan, webFonts: ctx.webFonts, diagnostics: ctx.diagnostics, coverDrawn: ctx.coverDrawn, output: ctx.outputName('pdf'), layout: ctx.layout });
    return [{ kind: 'file', suffix: 'pdf', bytes }];
  },
};

/**
 * Book model → screen PDF: the cover image when the book has one, a title
 * page and a table of contents (front matter, numbered i, ii …), then every
 * chapter from a fresh page, with running heads, folios, an outline and
 * working links.
 */
export async function renderPdf(input: PdfInput): Promise<Buffer> {
  const theme = input.theme ?? loadTheme();
  const layout = input.layout === 'vertical' ? columnScreenLayout(theme) : screenLayout(theme);
  return (await renderBook(input, layout, { frontPages: (blocks, _ctx, sect) => [titlePageBoxes(blocks, input.book, layout.theme, sect)], frontCount: 1 })).bytes;
}

/** What an output adds to the book's pages. */
export interface BookPages {
  /**
   * The pages before the contents, each as flow boxes that fill one page;
   * null for a blank page. A tagged output tags them under `sect`. `pages`
   * is the whole file's page count (the copyright page states its 印张):
   * known before they are set, as the body is laid out first and these are
   * `frontCount` pages whatever they hold.
   */
  frontPages(blocks: BlockLayout, ctx: LayoutContext, sect: StructElem | undefined, pages: number): Array<FlowBox[] | null>;
  frontCount: number;
  /** The images as this output embeds them (print: in gray), by asset name; by default the assets' own bytes. */
  images?: Map<string, Buffer>;
  /** PDF/X-1a for this printing condition (print); absent for the screen PDF. */
  pdfx?: ConstructorParameters<typeof PdfDocument>[0]['pdfx'];
  /** Bookmarks; on unless the output's recipient refuses them (KDP's book block). */
  outline?: boolean;
  /** Told of every image as it is placed, at its size in points on physical page `page`: for preflight. */
  placed?(asset: string, width: number, height: number, page: number): void;
  /**
   * The pages in the file last first (IngramSpark's right-to-left books:
   * "interior pages should be set up in reverse page order"); each page is
   * laid out and boxed as the page it is. No page labels then.
   */
  reversed?: boolean;
  /** Print: the page count is made a multiple of this (an offset signature) with blank pages at the end. */
  signature?: number;
}

export interface RenderedBook {
  bytes: Buffer;
  /** Physical pages, blanks included: what the spine width is computed from. */
  pages: number;
  /** Print: the blank pages added at the end, to end on a verso and fill the last signature. */
  endBlanks?: number;
}

/** One physical page of the output, before it is drawn. */
interface OutPage extends LaidPage {
  kind: 'cover' | 'front' | 'body' | 'blank';
  /** The number printed on the page, when one is. */
  folio?: string;
  /** The page's text and rules, drawn (body and front matter)… */
  drawn?: DrawnPage;
  /** … and deflated: its first content stream. */
  stream?: Buffer;
}

/** ToUnicode ranks (see GlyphLedger): front matter first, then the chapters in order. */
const FRONT_RANK = 0;
const chapterRank = (index: number) => index + 1;

/**
 * The book's pages in a layout: the body a chapter at a time, then the front
 * matter (once page numbers are known), then every page handed to pdfkit in
 * order. A print layout opens every chapter on a recto and pads to whole
 * leaves.
 */
export async function renderBook(input: PdfInput, layout: PageLayout, extra: BookPages): Promise<RenderedBook> {
  const { book, plan, diagnostics } = input;
  const { theme, sheet } = layout;
  const forPrint = layout.kind === 'print';
  const axis = layout.axis ?? HORIZONTAL;
  // Columns read right to left: the book is bound on its right.
  const boundRight = axis.writingMode === 'vertical-rl';
  const fonts = layoutFontSet(plan, input.webFonts);
  const ctx: LayoutContext = { book, plan, fonts, axis, theme, style: punctuationStyle(book.edition), diagnostics };
  const pageExtent = theme.pitch * theme.body.lines;

  // Only the screen PDF is tagged: the press reads no tags, and PDF/X-1a is PDF 1.3.
  const tagged = !forPrint;
  const pdf = new PdfDocument({ title: book.meta.title, author: book.meta.author, subject: book.meta.description ?? book.meta.subtitle ?? '', lang: book.edition, modified: book.meta.modified, tagged, pdfx: extra.pdfx, fileName: input.output });
  // The document's structure, in reading order: the front matter's elements first, filled once it is laid out, then a Sect per chapter.
  const tree = tagged ? new StructTree(pdf, structElem('Document')) : undefined;
  // The cover may be drawn meanwhile, so whether there is one is known only later; a Figure with nothing drawn in it is left out.
  const coverFigure = tree && structElem('Figure', tree.root, { alt: book.meta.title });
  const titleSect = tree && structElem('Sect', tree.root);
  const tocSect = tree && structElem('Sect', tree.root);
  const cid = new CidFonts(pdf);
  const drawer = pageDrawer(layout, fonts, axis, ctx.style, cid.ledger);
  const blocks = new BlockLayout(ctx);
  const chapterTitle = new Map(book.chapters.map((c) => [c.id, chapterNavTitle(c)]));

  /**
   * Folio at the foot, running head at the head: centred on screen, on the
   * outer edge in print (left on a verso, right on a recto). None on blank
   * pages, none on chapter openings and front matter for the head.
   */
  const furnitureOf = (page: OutPage, n: number): Furniture | undefined => {
    if (!page.folio) return undefined;
    const recto = n % 2 === 1;
    // The outer edge: a recto's right in a left-bound book, its left in a right-bound (vertical) one.
    const place = forPrint ? (recto !== boundRight ? 'right' : 'left') : 'center';
    if (!theme.furniture.runningHeads || page.opening || page.kind !== 'body') return { folio: page.folio, place };
    // Screen: by folio, as a two-up viewer shows spreads. Print: versos carry the book, rectos the chapter.
    const verso = forPrint ? !recto : Number(page.folio) % 2 === 0;
    return { folio: page.folio, place, head: verso ? book.meta.title : page.chapterId ? chapterTitle.get(page.chapterId) : undefined };
  };

  // The body, a chapter at a time: laid out, drawn and sent to be deflated
  // before the next is begun, so only one chapter's atoms and lines are ever
  // held. Body pages are counted from the body's first page, which is a
  // recto (print pads the front matter to an even count; on screen sides
  // only decide which running head a page carries).
  const chapters = new ChapterLayout(book, plan, fonts, axis, theme, input.output);
  const body: OutPage[] = [];
  const deflated: Array<Promise<void>> = [];
  for (let i = 0; i < book.chapters.length; i++) {
    const { pages: laid, diagnostics: reported, sect } = chapters.layout(i);
    if (tree) adopt(tree.root, sect);
    for (const d of reported) diagnostics.add(d);
    const pages: OutPage[] = [];
    for (const page of laid) {
      // Every chapter opens on a recto (clreq §1.8): a blank verso goes before an opening that would fall on an even page.
      if (forPrint && page.opening && body.length % 2 === 1) body.push(blankPage());
      const n = body.length + 1;
      const out: OutPage = { ...page, ops: [], kind: 'body', folio: String(n) };
      out.drawn = drawer.draw(page, layout.textLeft(n), chapterRank(i), furnitureOf(out, n));
      body.push(out);
      pages.push(out);
    }
    // The chapter's elements have their content (a link's annotation comes later).
    if (tree) settle(sect);
    const packing = deflateInWorker(pages.map((p) => p.drawn!.content)).then((packed) => pages.forEach((p, k) => (p.stream = packed[k])));
    // Awaited with the rest after the body; the loop yields before then, and a failure must not count as unhandled meanwhile.
    packing.catch(() => undefined);
    deflated.push(packing);
    for (const p of pages) p.drawn!.content = EMPTY;
    // Now and then let work finished elsewhere come in: the cover, drawn on the thread pool, is
    // then flattened and deflated while chapters are laid out, not after the last.
    if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
  }
  const pageOf = new Map<string, number>();
  body.forEach((p, i) => {
    for (const id of p.drawn?.anchors ?? []) if (!pageOf.has(id)) pageOf.set(id, i + 1);
  });

  const front: OutPage[] = [];
  await input.coverDrawn;
  // The contents are set first: with them, the file's page count is known before the front matter is set.
  const contents = [...tocPages(ctx, tocEntries(book), pageOf, pageExtent, tocSect)];
  const covered = !forPrint && book.cover ? 1 : 0;
  const frontLength = covered + extra.frontCount + contents.length;
  // The body's page 1 is a recto: odd, counted from the file's first page.
  const padded = forPrint && frontLength % 2 === 1 ? 1 : 0;
  // A leaf has two sides, and a press folds whole signatures: the last is filled with blank pages
  // after everything numbered (the front matter is even, so the body comes out even too).
  const signature = forPrint ? (extra.signature ?? 2) : 1;
  const endBlanks = (signature - ((frontLength + padded + body.length) % signature)) % signature;
  const pageCount = frontLength + padded + body.length + endBlanks;
  if (covered) front.push({ ops: [], opening: false, kind: 'cover' });
  const frontPages = extra.frontPages(blocks, ctx, titleSect, pageCount);
  if (frontPages.length !== extra.frontCount) throw new Error(`${frontPages.length} front pages set where ${extra.frontCount} were counted`);
  for (const boxes of frontPages) front.push(boxes ? { ...paginate(boxes, pageExtent)[0], kind: 'front' } : blankPage());
  for (const p of contents) front.push({ ...p, kind: 'front', folio: roman(front.length + 1) });
  if (padded) front.push(blankPage());
  for (let k = 0; k < endBlanks; k++) body.push(blankPage());
  front.forEach((p, i) => {
    // Front matter is read first: its glyphs' first uses rank before the body's.
    if (p.ops.length || p.folio) p.drawn = drawer.draw(p, layout.textLeft(i + 1), FRONT_RANK, furnitureOf(p, i + 1));
  });
  for (const p of front) if (p.drawn) p.stream = deflateSync(p.drawn.content);
  await Promise.all(deflated);

  const pages = [...front, ...body];
  const outline = new OutlineBuilder(pdf);
  const assets = new Map([...book.assets.values()].map((a) => [a.name, a]));
  const doc = pdf.doc;

  /** Images drawn but not yet written (see PdfDocument.drawImage): the next page waits for them. */
  const images: Array<Promise<void>> = [];
  const order = [...pages.keys()];
  if (extra.reversed) order.reverse();
  for (const i of order) {
    const page = pages[i];
    if (images.length) await Promise.all(images.splice(0));
    const n = i + 1;
    pdf.addPage(sheet.mediaWidth, sheet.mediaHeight);
    // Black is DeviceGray from the first operator; pdfkit's own colour calls would write RGB.
    doc.addContent('0 g 0 G');
    if (page.kind === 'cover') drawCover();
    if (page.drawn) {
      // The body was drawn before the front matter was counted; the page's side of the leaf must agree.
      if (page.drawn.left !== layout.textLeft(n)) throw new Error(`page ${n} was drawn for the other side of the leaf`);
      // pdfkit's own stream then holds a few operators at most (crop marks, images): not worth a deflate per page.
      if (!sheet.markLength && !page.drawn.marks.some((m) => m.op === 'image')) pdf.leaveOwnContentUncompressed();
      attach(page.drawn, page.stream!);
    }
    layout.finishPage(pdf, n);
  }
  await Promise.all(images);
  if (!extra.reversed) pdf.setPageLabels([0, { S: 'r' }, front.length, { S: 'D', St: 1 }]);
  if (axis.writingMode === 'vertical-rl') pdf.readRightToLeft();
  const embedded = cid.embed();
  // Made while the fonts are deflated, and deflated after them.
  const writeStructure = tree?.serialise();
  await embedded;
  await writeStructure?.();
  return { bytes: await pdf.finish(), pages: pages.length, endBlanks };

  /** Makes the drawn stream the page's first content stream and does what its marks ask. */
  function attach(drawn: DrawnPage, stream: Buffer): void {
    pdf.setFirstContent(stream);
    const tags = drawn.tags;
    if (tree && tags) tree.placePage(tags);
    for (const face of drawn.faces) cid.useOnPage(face);
    for (const face of drawn.columnFaces) cid.useColumnOnPage(face);
    for (const m of drawn.marks) {
      switch (m.op) {
        case 'goTo':
        case 'uri': {
          // A tagged link annotation has its place in the structure and says what it links (PDF/UA 7.18.5).
          const key = tree && tags && m.elem ? tree.annotKey() : undefined;
          const options = key === undefined ? undefined : { StructParent: key, Contents: new String(m.label ?? '') };
          if (m.op === 'goTo') doc.goTo(m.x, m.y, m.width, m.height, m.dest, options as never);
          else doc.link(m.x, m.y, m.width, m.height, m.url, options as never);
          if (key !== undefined) tree!.placeAnnot(m.elem!, key, tags!);
          break;
        }
        case 'image': {
          const asset = assets.get(m.asset)!;
          extra.placed?.(asset.name, m.width, m.height, pdf.pageCount);
          if (m.mcid !== undefined) doc.addContent(`/Figure <</MCID ${m.mcid}>> BDC`);
          images.push(pdf.drawImage(extra.images?.get(asset.name) ?? Buffer.from(asset.data), m.x, m.y, { width: m.width, height: m.height }));
          if (m.mcid !== undefined) doc.addContent('EMC');
          break;
        }
        case 'dest':
          doc.addNamedDestination(m.name, 'XYZ', 0, m.y, null);
          break;
        case 'outline':
          if (extra.outline !== false) outline.add(m.level, m.title, m.y);
          break;
      }
    }
  }

  /** The screen PDF's first page: the cover image, as large as the page allows, centred. */
  function drawCover(): void {
    const cover = book.cover!;
    const scale = Math.min(theme.pageWidth / cover.width, theme.pageHeight / cover.height);
    const w = cover.width * scale;
    const h = cover.height * scale;
    let tags: PageContent | undefined;
    if (tree && coverFigure) {
      tags = { mcids: [coverFigure] };
      // Drawn meanwhile: what the cover says is known only now.
      if (cover.alt) coverFigure.alt = cover.alt;
      coverFigure.kids.push({ page: tags, mcid: 0 });
      tree.placePage(tags);
      doc.addContent('/Figure <</MCID 0>> BDC');
    }
    images.push(pdf.drawImage(Buffer.from(cover.data), (theme.pageWidth - w) / 2, (theme.pageHeight - h) / 2, { width: w, height: h }));
    if (tags) doc.addContent('EMC');
  }
}

/** A drawn page's content once it has gone to be deflated. */
const EMPTY = new Uint8Array(0);

function blankPage(): OutPage {
  return { ops: [], opening: false, kind: 'blank' };
}
