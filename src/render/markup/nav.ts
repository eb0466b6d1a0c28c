import { DEFAULT_TOC } from '../../config/publication.ts';
import { chapterNavTitle, type Book, type Chapter } from '../../model/book.ts';
import { inlineText } from '../../model/walk.ts';

/** One entry of the navigation: chapter → section → subsection. */
export interface NavEntry {
  id: string;
  title: string;
  href: string;
  children: NavEntry[];
}

/**
 * The contents as book.yaml `toc` asks: the EPUB nav and NCX, the HTML
 * preview and the PDF's contents page. Down to `toc.depth`; the sections every
 * chapter repeats (opening poem, recap, author's note), with what they hold,
 * only with `toc.routine`.
 */
export function navTree(book: Book, hrefOf: (ch: Chapter, anchor?: string) => string): NavEntry[] {
  const { depth, routine } = book.toc ?? DEFAULT_TOC;
  return book.chapters.map((ch) => {
    const entry: NavEntry = { id: ch.id, title: chapterNavTitle(ch), href: hrefOf(ch), children: [] };
    let section: NavEntry | undefined;
    let skipping = false;
    const visit = (blocks: Book['chapters'][number]['blocks']) => {
      for (const b of blocks) {
        if (b.kind === 'heading' && b.role === 'section') {
          skipping = b.routine === true && !routine;
          section = undefined;
          if (skipping || depth < 2) continue;
          section = { id: b.id, title: inlineText(b.content), href: hrefOf(ch, b.id), children: [] };
          entry.children.push(section);
        } else if (b.kind === 'heading' && b.role === 'subsection') {
          if (skipping || depth < 3) continue;
          const sub = { id: b.id, title: inlineText(b.content), href: hrefOf(ch, b.id), children: [] };
          (section?.children ?? entry.children).push(sub);
        } else if (b.kind === 'note' || b.kind === 'recap' || b.kind === 'quote') visit(b.blocks);
      }
    };
    visit(ch.blocks);
    return entry;
  });
}

export function navDepth(tree: NavEntry[]): number {
  const depth = (e: NavEntry): number => 1 + Math.max(0, ...e.children.map(depth));
  return Math.max(1, ...tree.map(depth));
}
