import type { FlowBox, LaidPage, NoteSetting } from './flow.ts';
import { paginate } from './paginate.ts';

/** A chapter's last page holding this many lines or fewer stands all but empty. */
const STRANDED_LINES = 2;

/**
 * A chapter paginated, its last page saved when it would hold only a line
 * or two (the end of an author's note turned over alone): the space between
 * blocks on the two last pages (before a heading, around the closing couplet
 * and its ornament) closes up, to half at most, until those lines fit the
 * page before. The lines below a closed-up space leave the page's line grid;
 * on a chapter's last page that is the lesser fault, and in print it can
 * save the blank verso before the next chapter's opening too.
 */
export function paginateChapter(boxes: FlowBox[], pageExtent: number, maxShort: number, notes?: NoteSetting): LaidPage[] {
  const members: number[][] = [];
  const pages = paginate(boxes, pageExtent, maxShort, members, notes);
  if (pages.length < 2 || textLines(pages[pages.length - 1]) > STRANDED_LINES) return pages;
  // The spaces set on the two last pages; a figure moved onto one of them came from before the text around it.
  const lastTwo = new Set(members.slice(-2).flat());
  for (let tenths = 9; tenths >= 5; tenths--) {
    // A closed-up space keeps the size it is given: the lines below it leave the grid on purpose.
    const closer = boxes.map((b, k) => (lastTwo.has(k) && b.space ? { ...b, blockSize: (b.blockSize * tenths) / 10, regrid: undefined } : b));
    const closed = paginate(closer, pageExtent, maxShort, undefined, notes);
    if (closed.length < pages.length) return closed;
  }
  return pages;
}

/** Lines of text on a page, its footnotes aside: its text ops' distinct baselines (a line's footnote call or page number shares its baseline). */
function textLines(page: LaidPage): number {
  return new Set(page.ops.slice(0, page.notesFrom).flatMap((op) => (op.op === 'text' ? [Math.round(op.baseline * 100)] : []))).size;
}
