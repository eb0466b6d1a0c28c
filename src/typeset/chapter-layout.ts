import { Diagnostics, type Diagnostic } from '../diagnostics.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import type { Book } from '../model/book.ts';
import { inlineAtoms, punctuationStyle, type PunctuationStyle } from './atoms.ts';
import { BlockLayout, type LayoutContext } from './block-layout.ts';
import type { GlyphLedger } from '../render/pdf/cid-fonts.ts';
import { paginate, type LaidPage } from './paginate.ts';
import { composeParagraph, type ComposedLine } from './line-breaker.ts';
import { PageDrawer } from '../render/pdf/page-drawer.ts';
import type { PdfFontSet } from './layout-face.ts';
import type { PageLayout } from '../render/print/print-layout.ts';

/** ToUnicode ranks (see GlyphLedger): front matter first, then the chapters in order. */
export const FRONT_RANK = 0;
export const chapterRank = (index: number) => index + 1;

export interface LaidChapter {
  pages: LaidPage[];
  /** What laying the chapter out reported. */
  diagnostics: Diagnostic[];
}

/**
 * Lays out a book's chapters, one at a time, each from a fresh page; the
 * caller draws the pages (it knows where they fall) and lets them go.
 */
export class ChapterLayout {
  private readonly ctx: LayoutContext;
  private readonly blocks: BlockLayout;
  private readonly textHeight: number;

  constructor(
    private readonly book: Book,
    plan: FontPlan,
    fonts: PdfFontSet,
    layout: PageLayout,
  ) {
    const { theme } = layout;
    this.ctx = { book, plan, fonts, theme, style: punctuationStyle(book.edition), diagnostics: new Diagnostics() };
    this.blocks = new BlockLayout(this.ctx);
    this.textHeight = theme.pitch * theme.body.lines;
  }

  layout(index: number): LaidChapter {
    const diagnostics = (this.ctx.diagnostics = new Diagnostics());
    const pages = paginate(this.blocks.chapterBoxes(this.book.chapters[index]), this.textHeight);
    return { pages, diagnostics: diagnostics.items };
  }
}

/**
 * The page drawer for a layout: furniture set in the body face at the
 * theme's size, each distinct folio or head composed once.
 */
export function pageDrawer(layout: PageLayout, fonts: PdfFontSet, style: PunctuationStyle, ledger: GlyphLedger): PageDrawer {
  const { theme, sheet } = layout;
  const size = theme.furniture.size;
  const lines = new Map<string, ComposedLine | undefined>();
  return new PageDrawer(
    {
      mediaHeight: sheet.mediaHeight,
      top: layout.textTop,
      pitch: theme.pitch,
      links: layout.kind !== 'print',
      measure: theme.measureWidth,
      headBaseline: -theme.pitch * 1.2,
      footBaseline: theme.pitch * theme.body.lines + theme.pitch * 1.5,
      setLine(text, align) {
        const key = `${align}:${text}`;
        if (!lines.has(key)) {
          const atoms = inlineAtoms([{ kind: 'text', text, line: 0 }], { fonts, role: 'body', size, style });
          lines.set(key, composeParagraph({ atoms, measure: theme.measureWidth, firstIndent: 0, restIndent: 0, align, em: size })[0]);
        }
        return lines.get(key);
      },
    },
    ledger,
  );
}
