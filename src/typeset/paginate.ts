import type { Asset } from '../model/book.ts';
import type { ComposedLine } from './line-breaker.ts';

/** What a page draws, positioned relative to the top of the box holding it. */
export type DrawOp =
  /** A composed text line; `x` is the text block's left edge plus nothing: the line carries its offset. */
  | { op: 'text'; line: ComposedLine; x: number; baseline: number }
  | { op: 'rule'; x1: number; y1: number; x2: number; y2: number; width: number; dotted?: boolean }
  /** A link area to a named destination. */
  | { op: 'link'; x: number; y: number; width: number; height: number; dest: string }
  | { op: 'image'; asset: Asset; x: number; y: number; width: number; height: number }
  /** A named destination for links and the outline. */
  | { op: 'dest'; name: string; y: number }
  | { op: 'outline'; level: number; title: string; y: number }
  /** The page number of this place is wanted by the table of contents. */
  | { op: 'anchor'; id: string };

/** A piece of vertical flow: a line, a heading, a figure, or space. */
export interface FlowBox {
  height: number;
  ops: DrawOp[];
  /** No page break may come between this box and the next. */
  keepWithNext?: boolean;
  /** Starts a new page (a chapter opening). */
  pageBreakBefore?: boolean;
  /** Vertical space, dropped at the top of a page. */
  space?: boolean;
  /** The chapter the box belongs to, for running heads. */
  chapterId?: string;
  /** A heading line: the box after it is kept with the following one too. */
  heading?: boolean;
}

export interface LaidPage {
  ops: DrawOp[];
  chapterId?: string;
  /** First page of a chapter: no running head. */
  opening: boolean;
}

/**
 * Fills pages with boxes, breaking only where no keep-with-next forbids it
 * (widows, orphans, headings with their lines, poems whole). A group longer
 * than a page is broken where it overflows, the one case a rule must give.
 */
export function paginate(boxes: FlowBox[], pageHeight: number): LaidPage[] {
  const pages: LaidPage[] = [];
  let current: FlowBox[] = [];
  let used = 0;
  let opening = false;
  const flush = () => {
    if (current.length === 0) return;
    let y = 0;
    const ops: DrawOp[] = [];
    for (const box of current) {
      for (const op of box.ops) ops.push(shift(op, y));
      y += box.height;
    }
    pages.push({ ops, chapterId: current.find((b) => b.chapterId)?.chapterId, opening });
    current = [];
    used = 0;
    opening = false;
  };
  const queue = [...boxes];
  for (let k = 0; k < queue.length; k++) {
    const box = queue[k];
    if (box.pageBreakBefore) {
      flush();
      opening = true;
    }
    if (current.length === 0 && box.space) continue;
    if (used + box.height <= pageHeight + 0.01 || current.length === 0) {
      current.push(box);
      used += box.height;
      continue;
    }
    // Overflow: break after the last box that allows it, carrying the rest over.
    let j = current.length - 1;
    while (j >= 0 && current[j].keepWithNext) j--;
    const carry = j >= 0 ? current.slice(j + 1) : [];
    const carriedHeight = carry.reduce((s, b) => s + b.height, 0);
    if (j < 0 || carriedHeight + box.height > pageHeight) {
      // Nothing may break here, or the kept group cannot fit a page anyway.
      flush();
    } else {
      current = current.slice(0, j + 1);
      flush();
      while (carry.length && carry[0].space) carry.shift();
      current = carry;
      used = carry.reduce((s, b) => s + b.height, 0);
    }
    k--;
  }
  flush();
  return pages;
}

function shift(op: DrawOp, dy: number): DrawOp {
  switch (op.op) {
    case 'text':
      return { ...op, baseline: op.baseline + dy };
    case 'rule':
      return { ...op, y1: op.y1 + dy, y2: op.y2 + dy };
    case 'image':
    case 'link':
      return { ...op, y: op.y + dy };
    case 'dest':
    case 'outline':
      return { ...op, y: op.y + dy };
    case 'anchor':
      return op;
  }
}
