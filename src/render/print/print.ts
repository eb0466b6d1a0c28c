import type { PrintSettings } from '../../config/print.ts';
import { titlePageBoxes } from '../pdf/front-matter.ts';
import { renderBook, type PdfInput, type RenderedBook } from '../pdf/pdf.ts';
import type { Renderer } from '../renderer.ts';
import { loadTheme } from '../../typeset/theme.ts';
import { renderCover } from './cover-sheet.ts';
import { copyrightBoxes, halfTitleBoxes } from './print-front-matter.ts';
import { printImages } from './print-images.ts';
import { printLayout } from './print-layout.ts';

/** The print edition: `print.pdf`, the book block, and `cover.pdf`, its cover sheet. */
export const printRenderer: Renderer = {
  async render(ctx) {
    const out = await renderPrint({ book: ctx.book, plan: ctx.plan, webFonts: ctx.webFonts, diagnostics: ctx.diagnostics, print: ctx.print, output: ctx.outputName('print.pdf') });
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

/** The print edition: the interior first, since its page count sets the spine. */
export async function renderPrint(input: PdfInput & { print: PrintSettings }): Promise<PrintFiles> {
  const interior = await renderPrintPdf(input);
  const cover = await renderCover({ ...input, pages: interior.pages });
  return { interior: interior.bytes, cover, pages: interior.pages };
}

/**
 * Book model → print PDF (no cover page): trim, bleed and crop marks on
 * every page, mirrored margins, half-title, title, copyright page and
 * contents, every chapter on a recto, nothing in RGB and no links.
 */
function renderPrintPdf(input: PdfInput & { print: PrintSettings }): Promise<RenderedBook> {
  const images = printImages(input.book.assets.values(), input.diagnostics);
  const layout = printLayout(input.theme ?? loadTheme(), input.print);
  return renderBook(input, layout, {
    images,
    frontPages: (blocks, ctx) => [halfTitleBoxes(blocks, input.book, layout.theme), null, titlePageBoxes(blocks, input.book, layout.theme), copyrightBoxes(ctx, input.print)],
  });
}
