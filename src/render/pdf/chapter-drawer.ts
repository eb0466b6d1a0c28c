import { Diagnostics, type Diagnostic } from '../../diagnostics.ts';
import type { FontPlan } from '../../fonts/coverage.ts';
import type { Book } from '../../model/book.ts';
import { punctuationStyle } from './atoms.ts';
import { BlockLayout, type LayoutContext } from './block-layout.ts';
import type { GlyphLedger } from './cid-fonts.ts';
import { paginate } from './flow.ts';
import { PageDrawer, type DrawnPage } from './page-drawer.ts';
import type { PdfFontSet } from './pdf-fonts.ts';
import type { PageLayout } from './print-layout.ts';

/** ToUnicode ranks (see GlyphLedger): front matter first, then the chapters in order. */
export const FRONT_RANK = 0;
export const chapterRank = (index: number) => index + 1;

export interface DrawnChapter {
  pages: DrawnPage[];
  /** What laying the chapter out reported. */
  diagnostics: Diagnostic[];
}

/**
 * Lays out and draws a book's chapters, one at a time. A chapter's pages
 * need nothing from the rest of the book: it opens on a fresh page, in
 * print on a recto, so its k-th page is a recto when k is even whatever
 * comes before it.
 */
export class ChapterDrawer {
  private readonly ctx: LayoutContext;
  private readonly blocks: BlockLayout;
  private readonly drawer: PageDrawer;
  private readonly textHeight: number;

  constructor(
    private readonly book: Book,
    plan: FontPlan,
    fonts: PdfFontSet,
    private readonly layout: PageLayout,
    ledger: GlyphLedger,
  ) {
    const { theme, sheet } = layout;
    this.ctx = { book, plan, fonts, theme, style: punctuationStyle(book.edition), diagnostics: new Diagnostics() };
    this.blocks = new BlockLayout(this.ctx);
    this.drawer = new PageDrawer({ mediaHeight: sheet.mediaHeight, top: layout.textTop, pitch: theme.pitch, links: layout.kind !== 'print' }, ledger);
    this.textHeight = theme.pitch * theme.body.lines;
  }

  draw(index: number): DrawnChapter {
    const diagnostics = (this.ctx.diagnostics = new Diagnostics());
    const laid = paginate(this.blocks.chapterBoxes(this.book.chapters[index]), this.textHeight);
    const pages = laid.map((page, k) => this.drawer.draw(page, this.layout.textLeft(k % 2 === 0 ? 1 : 2), chapterRank(index)));
    return { pages, diagnostics: diagnostics.items };
  }
}
