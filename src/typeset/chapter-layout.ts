import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import type { Book } from '../model/book.ts';
import { punctuationStyle } from './atoms.ts';
import type { Axis } from './axis.ts';
import { BlockLayout, type LayoutContext } from './block-layout.ts';
import type { LayoutFontSet } from './layout-face.ts';
import { paginateChapter } from './chapter-end.ts';
import type { LaidPage } from './flow.ts';
import { structElem, type StructElem } from './structure.ts';
import type { Theme } from './theme.ts';

export interface LaidChapter {
  pages: LaidPage[];
  /** What laying the chapter out reported. */
  diagnostics: Diagnostic[];
  /** The chapter's structure element, to which its content is attached as it is drawn. */
  sect: StructElem;
}

/**
 * Lays out a book's chapters, one at a time, each from a fresh page; the
 * caller draws the pages (it knows where they fall) and lets them go.
 */
export class ChapterLayout {
  private readonly ctx: LayoutContext;
  private readonly blocks: BlockLayout;
  private readonly pageExtent: number;
  private readonly pitch: number;

  constructor(
    private readonly book: Book,
    plan: FontPlan,
    fonts: LayoutFontSet,
    axis: Axis,
    theme: Theme,
    output?: string,
  ) {
    this.ctx = { book, plan, fonts, axis, theme, style: punctuationStyle(book.edition), diagnostics: new Diagnostics(), output };
    this.blocks = new BlockLayout(this.ctx);
    this.pageExtent = theme.pitch * theme.body.lines;
    this.pitch = theme.pitch;
  }

  layout(index: number): LaidChapter {
    const diagnostics = (this.ctx.diagnostics = new Diagnostics());
    // Inside a chapter a page ends at most three lines short, unless what follows cannot be split.
    const sect = structElem('Sect');
    const pages = paginateChapter(this.blocks.chapterBoxes(this.book.chapters[index], sect), this.pageExtent, 3 * this.pitch, this.blocks.noteSetting());
    return { pages, diagnostics: diagnostics.items, sect };
  }
}
