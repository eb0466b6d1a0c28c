import { DEFAULT_PRINT, type PrintSettings } from '../../config/print.ts';
import type { Diagnostics } from '../../diagnostics.ts';
import type { FontPlan } from '../../fonts/coverage.ts';
import type { WebFont } from '../../fonts/subset.ts';
import { chapterNavTitle, type Book } from '../../model/book.ts';
import { inlineAtoms, type PunctuationStyle } from './atoms.ts';
import { BlockLayout, type LayoutContext } from './block-layout.ts';
import { paginate, type DrawOp, type LaidPage } from './flow.ts';
import { copyrightBoxes, halfTitleBoxes, titlePageBoxes, tocBoxes, tocEntries } from './front-matter.ts';
import { GlyphWriter } from './glyph-writer.ts';
import { composeParagraph, type ComposedLine } from './line-breaker.ts';
import { createDocument, drawImage, finish, roman, writePages, type Doc } from './pdf-document.ts';
import { pdfFontSet } from './pdf-fonts.ts';
import { printLayout, screenLayout, type PageLayout } from './print-layout.ts';
import { printImages } from './print-images.ts';
import { drawMarks, setPageBoxes } from './sheet.ts';
import { loadTheme, type Theme } from './theme.ts';
import { SAFE_HREF } from '../xhtml.ts';

export interface PdfInput {
  book: Book;
  plan: FontPlan;
  webFonts: WebFont[];
  diagnostics: Diagnostics;
  theme?: Theme;
}

export function punctuationStyle(edition: Book['edition']): PunctuationStyle {
  return edition === 'zh-Hant-TW' ? 'tw' : edition === 'zh-Hant-HK' ? 'hk' : 'sc';
}

/** One physical page of the output, before it is drawn. */
interface OutPage extends LaidPage {
  kind: 'cover' | 'front' | 'body' | 'blank';
  /** The number printed on the page, when one is. */
  folio?: string;
}

export interface RenderedBook {
  bytes: Buffer;
  /** Physical pages, blanks included: what the spine width is computed from. */
  pages: number;
}

/**
 * Book model → screen PDF: the cover image when the book has one, a title
 * page and a table of contents (front matter, numbered i, ii …), then every
 * chapter from a fresh page, with running heads, folios, an outline and
 * working links.
 */
export async function renderPdf(input: PdfInput): Promise<Buffer> {
  return (await renderBook(input, screenLayout(input.theme ?? loadTheme()))).bytes;
}

/**
 * Book model → print PDF (no cover page): trim, bleed and crop marks on
 * every page, mirrored margins, half-title, title, copyright page and
 * contents, every chapter on a recto, nothing in RGB and no links.
 */
export function renderPrintPdf(input: PdfInput & { print: PrintSettings }): Promise<RenderedBook> {
  return renderBook(input, printLayout(input.theme ?? loadTheme(), input.print), input.print);
}

async function renderBook(input: PdfInput, layout: PageLayout, print: PrintSettings = DEFAULT_PRINT): Promise<RenderedBook> {
  const { book, plan, diagnostics } = input;
  const { theme, sheet } = layout;
  const forPrint = layout.kind === 'print';
  const fonts = pdfFontSet(plan, input.webFonts);
  const ctx: LayoutContext = { book, plan, fonts, theme, style: punctuationStyle(book.edition), diagnostics };
  const textHeight = theme.pitch * theme.body.lines;
  const printReady = forPrint ? printImages(book.assets.values(), diagnostics) : undefined;

  const blocks = new BlockLayout(ctx);
  const laid = paginate(book.chapters.flatMap((ch) => blocks.chapterBoxes(ch)), textHeight).map((p): OutPage => ({ ...p, kind: 'body' }));
  const body = forPrint ? rectoOpenings(laid) : laid;
  const pageOf = new Map<string, number>();
  body.forEach((p, i) => {
    if (p.kind === 'body') p.folio = String(i + 1);
    for (const op of p.ops) if (op.op === 'anchor' && !pageOf.has(op.id)) pageOf.set(op.id, i + 1);
  });

  const single = (boxes: Parameters<typeof paginate>[0]): LaidPage => paginate(boxes, textHeight)[0];
  const front: OutPage[] = [];
  if (!forPrint && book.cover) front.push({ ops: [], opening: false, kind: 'cover' });
  if (forPrint) {
    front.push({ ...single(halfTitleBoxes(blocks, book, theme)), kind: 'front' }, blankPage());
    front.push({ ...single(titlePageBoxes(blocks, book, theme)), kind: 'front' });
    front.push({ ...single(copyrightBoxes(ctx, print)), kind: 'front' });
  } else {
    front.push({ ...single(titlePageBoxes(blocks, book, theme)), kind: 'front' });
  }
  for (const p of paginate(tocBoxes(ctx, tocEntries(book), pageOf), textHeight)) front.push({ ...p, kind: 'front', folio: roman(front.length + 1) });
  // The body's page 1 is a recto: odd, counted from the file's first page.
  if (forPrint && front.length % 2 === 1) front.push(blankPage());
  const pages = [...front, ...body];

  const doc = createDocument(book);
  const writer = new GlyphWriter(doc as never);
  const chapterTitle = new Map(book.chapters.map((c) => [c.id, chapterNavTitle(c)]));
  const outline = new OutlineBuilder(doc);
  let left = 0;
  const top = layout.textTop;

  /** Images drawn but not yet written (see drawImage): the next page waits for them. */
  const images: Array<Promise<void>> = [];
  for (const [i, page] of pages.entries()) {
    if (images.length) await Promise.all(images.splice(0));
    await writePages(doc);
    const n = i + 1;
    doc.addPage({ size: [sheet.mediaWidth, sheet.mediaHeight], margin: 0 });
    setPageBoxes(doc, sheet);
    // Black is DeviceGray from the first operator; pdfkit's own colour calls would write RGB.
    doc.addContent('0 g 0 G');
    left = layout.textLeft(n);
    if (page.kind === 'cover') drawCover();
    for (const op of page.ops) drawOp(op);
    furniture(page, n);
    drawMarks(doc, sheet);
  }
  await Promise.all(images);
  (doc as unknown as { _root: { data: Record<string, unknown> } })._root.data.PageLabels = {
    Nums: [0, { S: 'r' }, front.length, { S: 'D', St: 1 }],
  };
  return { bytes: await finish(doc), pages: pages.length };

  /** The screen PDF's first page: the cover image, as large as the page allows, centred. */
  function drawCover(): void {
    const cover = book.cover!;
    const scale = Math.min(theme.pageWidth / cover.width, theme.pageHeight / cover.height);
    const w = cover.width * scale;
    const h = cover.height * scale;
    images.push(drawImage(doc, Buffer.from(cover.data), (theme.pageWidth - w) / 2, (theme.pageHeight - h) / 2, { width: w, height: h }));
  }

  function drawOp(op: DrawOp): void {
    switch (op.op) {
      case 'text':
        writer.line(op.line, left + op.x, top + op.baseline);
        decorations(op.line, left + op.x, top + op.baseline);
        break;
      case 'rule':
        doc.save().lineWidth(op.width).moveTo(left + op.x1, top + op.y1).lineTo(left + op.x2, top + op.y2);
        if (op.dotted) doc.lineCap('round').dash(0.01, { space: op.width * 3 });
        doc.addContent('0 G');
        doc.stroke().restore();
        break;
      case 'link':
        // Paper has no links; PDF/X also keeps annotations off the printed area.
        if (!forPrint) doc.goTo(left + op.x, top + op.y, op.width, op.height, op.dest);
        break;
      case 'image':
        images.push(drawImage(doc, printReady?.get(op.asset.name) ?? Buffer.from(op.asset.data), left + op.x, top + op.y, { width: op.width, height: op.height }));
        break;
      case 'dest':
        doc.addNamedDestination(op.name, 'XYZ', 0, top + op.y - theme.pitch, null);
        break;
      case 'outline':
        outline.add(op.level, op.title, top + op.y - theme.pitch);
        break;
      case 'anchor':
        break;
    }
  }

  /** Emphasis dots under characters and link areas over linked text. */
  function decorations(line: ComposedLine, x: number, baseline: number): void {
    for (const p of line.placed) {
      const a = p.atom;
      const x0 = x + line.offset + p.x;
      if (a.style.emphasis && a.kind !== 'space' && a.kind !== 'punct') {
        doc.circle(x0 + p.advance / 2, baseline + a.size * 0.3, a.size * 0.07).fill();
      }
      if (a.style.link && a.kind !== 'space' && !forPrint) {
        const h = a.size;
        if (a.style.link.startsWith('#')) doc.goTo(x0, baseline - h * 0.88, p.advance, h, a.style.link.slice(1));
        // The same targets the EPUB keeps as links: web and mail addresses.
        else if (SAFE_HREF.test(a.style.link)) doc.link(x0, baseline - h * 0.88, p.advance, h, a.style.link);
      }
    }
  }

  /**
   * Folio at the foot, running head at the head: centred on screen, on the
   * outer edge in print (left on a verso, right on a recto). None on blank
   * pages, none on chapter openings and front matter for the head.
   */
  function furniture(page: OutPage, n: number): void {
    if (!page.folio) return;
    const size = theme.furniture.size;
    const foot = top + textHeight + theme.pitch * 1.5;
    const recto = n % 2 === 1;
    const place = forPrint ? (recto ? 'right' : 'left') : 'center';
    drawFurniture(page.folio, foot, size, place);
    if (!theme.furniture.runningHeads || page.opening || page.kind !== 'body') return;
    // Screen: by folio, as a two-up viewer shows spreads. Print: versos carry the book, rectos the chapter.
    const verso = forPrint ? !recto : Number(page.folio) % 2 === 0;
    const head = verso ? book.meta.title : page.chapterId ? chapterTitle.get(page.chapterId) : undefined;
    if (head) drawFurniture(head, top - theme.pitch * 1.2, size, place);
  }

  function drawFurniture(text: string, baseline: number, size: number, place: 'left' | 'center' | 'right'): void {
    const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], { fonts, role: 'body', size, style: ctx.style });
    const [line] = composeParagraph({ atoms, measure: theme.measureWidth, firstIndent: 0, restIndent: 0, align: place === 'center' ? 'center' : 'left', em: size });
    if (!line) return;
    writer.line(line, left + (place === 'right' ? theme.measureWidth - line.width - line.offset : 0), baseline);
  }
}

function blankPage(): OutPage {
  return { ops: [], opening: false, kind: 'blank' };
}

/**
 * Every chapter opens on a recto (clreq §1.8): a blank verso goes before an
 * opening that would fall on an even page, and one after the last page when
 * the count is odd, since a leaf has two sides. Body page 1 is a recto.
 */
function rectoOpenings(pages: OutPage[]): OutPage[] {
  const out: OutPage[] = [];
  for (const p of pages) {
    if (p.opening && out.length % 2 === 1) out.push(blankPage());
    out.push(p);
  }
  if (out.length % 2 === 1) out.push(blankPage());
  return out;
}

/** Outline items nest by level under the last item of the level above. */
class OutlineBuilder {
  private readonly stack: Array<{ level: number; item: OutlineItem }> = [];

  constructor(private readonly doc: Doc) {}

  add(level: number, title: string, y: number): void {
    while (this.stack.length && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const parent = (this.stack.length ? this.stack[this.stack.length - 1].item : this.doc.outline) as OutlineItem;
    const item = parent.addItem(title, { expanded: level === 1 });
    const page = (this.doc as unknown as { page: { dictionary: unknown; height: number } }).page;
    // pdfkit's own XYZ destination jumps to the page's right edge; point at the heading instead.
    item.outlineData.Dest = [page.dictionary, 'XYZ', 0, page.height - Math.max(0, y), null];
    this.stack.push({ level, item });
  }
}

interface OutlineItem {
  addItem(title: string, options?: { expanded?: boolean }): OutlineItem;
  outlineData: Record<string, unknown>;
}
