import type { PrintSettings } from '../../config/print.ts';
import { Diagnostics } from '../../diagnostics.ts';
import type { Book } from '../../model/book.ts';
import type { FontPlan } from '../../fonts/font-plan.ts';
import { titlePageBoxes } from '../pdf/front-matter.ts';
import { renderBook, type PdfInput, type RenderedBook } from '../pdf/pdf.ts';
import type { Renderer } from '../renderer.ts';
import { loadTheme, MM } from '../../typeset/theme.ts';
import { renderCover } from './cover-sheet.ts';
import { Preflight } from './preflight.ts';
import { copyrightBoxes, halfTitleBoxes } from './print-front-matter.ts';
import { printImages } from './print-images.ts';
import { printLayout } from './print-layout.ts';
import { pdfxIntent, printerSpec, type PrinterSpec } from './printers.ts';
import { withPrintedLinks } from './printed-links.ts';

/** The print edition: `print.pdf`, the book block, and `cover.pdf`, its cover sheet. */
export const printRenderer: Renderer = {
  async render(ctx) {
    const out = await renderPrint({
      book: ctx.book,
      plan: ctx.plan,
      webFonts: ctx.webFonts,
      diagnostics: ctx.diagnostics,
      print: ctx.print,
      output: ctx.outputName('print.pdf'),
      coverOutput: ctx.outputName('cover.pdf'),
      layout: ctx.layout,
    });
    return [
      { kind: 'file', suffix: 'print.pdf', bytes: out.interior, pages: out.pages },
      { kind: 'file', suffix: 'cover.pdf', bytes: out.cover, pages: 1 },
    ];
  },
};

export interface PrintFiles {
  /** `<slug>.<edition>.print.pdf`: the book block. */
  interior: Buffer;
  /** `<slug>.<edition>.cover.pdf`: back, spine and front on one sheet. */
  cover: Buffer;
  pages: number;
}

export interface PrintInput extends PdfInput {
  print: PrintSettings;
  /** The cover's file name, for what preflight reports about it. */
  coverOutput?: string;
}

/** The book as printed: its own publisher when book.yaml gives one for the edition (print.publisher), and each link's address after its text. */
export function printBook(book: Book, print: PrintSettings, plan: FontPlan): Book {
  const publisher = print.publisher[book.edition];
  // A block copied to take an address keeps the face the font plan chose for the whole block.
  const printed = withPrintedLinks(book, (block, copy) => {
    const face = plan.blockFace.get(block);
    if (face !== undefined) plan.blockFace.set(copy, face);
  });
  return publisher ? { ...printed, meta: { ...printed.meta, publisher } } : printed;
}

/** The print edition: the interior first, since its page count sets the spine. */
export async function renderPrint(input: PrintInput): Promise<PrintFiles> {
  const spec = printerSpec(input.print);
  const book = printBook(input.book, input.print, input.plan);
  const interior = await renderPrintPdf({ ...input, book }, spec);
  const cover = await renderCover({ ...input, book, pages: interior.pages, spec, rightBound: input.layout === 'vertical' });
  return { interior: interior.bytes, cover, pages: interior.pages };
}

/**
 * Book model → print PDF (no cover page): trim and bleed as the printer
 * asks, crop marks for offset, mirrored margins, half-title, title,
 * copyright page and contents, every chapter on a recto, nothing in RGB and
 * no links. A printer whose minimum gutter grows with the page count (KDP)
 * may need the book laid out again once the count is known.
 */
async function renderPrintPdf(input: PrintInput, spec: PrinterSpec): Promise<RenderedBook> {
  const images = printImages(input.book.assets.values(), input.diagnostics);
  const theme = input.theme ?? loadTheme();
  const assets = new Map([...input.book.assets.values()].map((a) => [a.name, a]));
  let pages = 0;
  for (let attempt = 0; ; attempt++) {
    const vertical = input.layout === 'vertical';
    const layout = printLayout(theme, input.print, spec, pages, vertical);
    // A layout that may be thrown away reports into a scratch list, so nothing is reported twice.
    const diagnostics = new Diagnostics();
    const preflight = new Preflight(spec, diagnostics, input.output);
    const rendered = await renderBook({ ...input, diagnostics }, layout, {
      images,
      pdfx: pdfxIntent(input.print),
      outline: spec.outline,
      // Ingram prints a right-bound book from its last page: the file runs backwards (README, Print edition).
      reversed: vertical && spec.printer === 'ingramspark',
      signature: input.print.signature,
      placed: (name, width, height, page) => preflight.placed(assets.get(name)!, width, height, page),
      frontPages: (blocks, ctx, _sect, pages) => [
        halfTitleBoxes(blocks, input.book, layout.theme),
        null,
        titlePageBoxes(blocks, input.book, layout.theme),
        copyrightBoxes(ctx, input.print, input.layout, { pages, perPage: layout.theme.body.measure * layout.theme.body.lines }),
      ],
      frontCount: 4,
    });
    const gutter = layout.theme.page.marginInner / MM;
    if (gutter + 1e-6 < spec.minInner(rendered.pages) && attempt < 3) {
      pages = rendered.pages;
      continue;
    }
    preflight.images(assets);
    preflight.pages(rendered.pages, rendered.endBlanks ?? 0, input.print.signature);
    for (const d of diagnostics.items) input.diagnostics.add(d);
    return rendered;
  }
}
