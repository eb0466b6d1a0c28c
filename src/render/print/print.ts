import { DEFAULT_PRINT, type PrintSettings } from '../../config/print.ts';
import { renderCover } from './cover-sheet.ts';
import { renderPrintPdf, type PdfInput } from '../pdf/pdf.ts';
import type { Renderer } from '../renderer.ts';

/** The print edition: `print.pdf`, the book block, and `cover.pdf`, its cover sheet. */
export const printRenderer: Renderer = {
  async render(ctx) {
    const out = await renderPrint({ book: ctx.book, plan: ctx.plan, webFonts: ctx.webFonts, diagnostics: ctx.diagnostics, print: ctx.print });
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
export async function renderPrint(input: PdfInput & { print?: PrintSettings }): Promise<PrintFiles> {
  const print = input.print ?? DEFAULT_PRINT;
  const interior = await renderPrintPdf({ ...input, print });
  const cover = await renderCover({ ...input, print, pages: interior.pages });
  return { interior: interior.bytes, cover, pages: interior.pages };
}
