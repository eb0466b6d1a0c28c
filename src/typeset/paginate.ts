import type { DrawOp, FlowBox, LaidPage, NoteSetting } from './flow.ts';
import { PageNotes } from './page-notes.ts';

/**
 * Fills pages with boxes, breaking only where no keep forbids it (widows,
 * orphans, headings with their lines, poems whole). Where the last break the
 * keeps allow would leave a page more than `maxShort` short, a soft keep
 * (widow, orphan) gives instead. A group longer than a page is broken where
 * it overflows, the one case a hard keep must give. The footnotes a page's
 * lines call take room at its foot (page-notes.ts).
 */
export function paginate(boxes: FlowBox[], pageExtent: number, maxShort = Infinity, members?: number[][], noteSetting?: NoteSetting): LaidPage[] {
  // A figure may move on only while text of its own section follows to fill the page. Still waiting when
  // the text runs out, it would follow the chapter's last line (且听下回分解) on a page of its own (in print a
  // leaf and its blank verso); at a heading, it would open the next section. Such a figure keeps its place
  // instead, the page before it ending short, and the chapter is paginated again.
  const kept = new Set<number>();
  for (;;) {
    const input = kept.size ? boxes.map((b, i) => (kept.has(i) ? { ...b, float: false } : b)) : boxes;
    if (members) members.length = 0;
    const once = paginateOnce(input, pageExtent, maxShort, members, noteSetting);
    if (once.stranded.length === 0) return once.pages;
    for (const b of once.stranded) kept.add(input.indexOf(b));
  }
}

/**
 * One pass, or where a moved figure would pass a heading or the chapter's
 * end: the figures to keep in place. `members` gets, page by page, the
 * indexes in `boxes` of the boxes set on it: a figure moved on is set after
 * boxes that follow it, so a page's boxes are not one run of `boxes`.
 */
function paginateOnce(boxes: FlowBox[], pageExtent: number, maxShort: number, members: number[][] | undefined, noteSetting: NoteSetting | undefined): { pages: LaidPage[]; stranded: FlowBox[] } {
  const pages: LaidPage[] = [];
  let current: FlowBox[] = [];
  /** The index in `boxes` of each of current's boxes (-1 for a repeated table head). */
  let currentAt: number[] = [];
  /** Spaces dropped at the top of the page being filled: a page's too, where closing up could bring them back. */
  let droppedAt: number[] = [];
  let used = 0;
  let opening = false;
  const notes = new PageNotes(pageExtent, noteSetting);
  /** The chapter of the page before: a page of notes alone runs its running head. */
  let chapterId: string | undefined;
  /** A figure moved on: it heads the next page. */
  let deferred: FlowBox[] = [];
  let deferredAt: number[] = [];
  const flush = () => {
    if (current.length === 0 && !notes.continuing()) return;
    members?.push([...droppedAt, ...currentAt.filter((i) => i >= 0)]);
    let block = 0;
    const ops: DrawOp[] = [];
    for (const box of current) {
      for (const op of box.ops) ops.push(shift(op, block));
      block += box.blockSize;
    }
    const notesFrom = ops.length;
    for (const { op, at } of notes.setPage(current, used)) ops.push(shift(op, at));
    chapterId = current.find((b) => b.chapterId)?.chapterId ?? chapterId;
    pages.push({ ops, chapterId, opening, ...(ops.length > notesFrom ? { notesFrom } : {}) });
    current = [];
    currentAt = [];
    droppedAt = [];
    used = 0;
    opening = false;
    const [heads, headsAt] = [deferred, deferredAt];
    deferred = [];
    deferredAt = [];
    heads.forEach((b, i) => place(b, headsAt[i]));
  };
  const place = (box: FlowBox, at: number) => {
    if (current.length === 0 && box.repeat) place(box.repeat, -1);
    const placed = box.regrid ? { ...box, blockSize: toGrid(used, box.regrid) || (box.regridAtLeastLine ? box.regrid : 0) } : box;
    current.push(placed);
    currentAt.push(at);
    used += placed.blockSize;
    notes.add(placed);
  };
  /** Whether breaking a page after its box j leaves it more than maxShort short, counting the notes those boxes call (PageNotes.shortfall). */
  const tooShort = (page: FlowBox[], j: number) => {
    let extent = 0;
    for (let k = 0; k <= j; k++) extent += page[k].blockSize;
    const noted = notes.extentFor(page, j);
    return notes.shortfall(pageExtent - extent - noted, noted) > maxShort + 0.01;
  };
  const queue = [...boxes];
  /** Each queued box's index in `boxes`: a figure moved on leaves the queue. */
  const queueAt = boxes.map((_, i) => i);
  for (let k = 0; k < queue.length; k++) {
    const box = queue[k];
    if (box.heading && deferred.some((b) => b.float)) return { pages, stranded: deferred.filter((b) => b.float) };
    if (box.pageBreakBefore) {
      flush();
      opening = true;
    }
    if (current.length === 0 && box.space) {
      droppedAt.push(queueAt[k]);
      continue;
    }
    // A figure that does not fit, with its caption (or a small table), moves to the next page's top rather than
    // leave this page short; one after it waits with it, as floats keep their order, while the next page has room.
    if (box.float && current.length > 0 && (deferred.length > 0 || pageExtent - used - notes.used > maxShort + 0.01)) {
      let g = k;
      let group = box.blockSize;
      while (g < queue.length - 1 && queue[g].keepWithNext) group += queue[++g].blockSize;
      const waiting = deferred.reduce((sum, b) => sum + b.blockSize, 0);
      if ((deferred.length > 0 || used + notes.used + group > pageExtent + 0.01) && waiting + group <= pageExtent + 0.01) {
        deferred.push(...queue.splice(k, g - k + 1));
        deferredAt.push(...queueAt.splice(k, g - k + 1));
        k--;
        continue;
      }
      // No room for it beside those waiting: it follows them overleaf.
      if (deferred.length > 0) flush();
    }
    if (used + notes.used + box.blockSize + notes.cost(box) <= pageExtent + 0.01 || current.length === 0 || notes.runOn(box, used, maxShort)) {
      place(box, queueAt[k]);
      continue;
    }
    // Overflow: break after the last box that allows it, carrying the rest over.
    let j = current.length - 1;
    while (j >= 0 && (current[j].keepWithNext || current[j].keepSoft)) j--;
    if (tooShort(current, j)) {
      // Too short a page: give up the last soft keep that leaves it full enough.
      for (let c = current.length - 1; c > j; c--) {
        if (current[c].keepWithNext || tooShort(current, c)) continue;
        j = c;
        break;
      }
    }
    const carry = j >= 0 ? current.slice(j + 1) : [];
    const carryAt = j >= 0 ? currentAt.slice(j + 1) : [];
    const carried = carry.reduce((s, b) => s + b.blockSize, 0);
    if (j < 0 || carried + box.blockSize > pageExtent) {
      // Nothing may break here, or the kept group cannot fit a page anyway.
      flush();
    } else {
      current = current.slice(0, j + 1);
      currentAt = currentAt.slice(0, j + 1);
      flush();
      while (carry.length && carry[0].space) {
        carry.shift();
        droppedAt.push(carryAt.shift()!);
      }
      // Placed again on the new page, after a figure moved there: a closing half line among them takes its size there.
      carry.forEach((b, i) => place(b, carryAt[i]));
    }
    k--;
  }
  const stranded = deferred.filter((b) => b.float);
  // A note longer than its last page takes pages of its own.
  do flush();
  while (current.length > 0 || notes.continuing());
  return { pages, stranded };
}

function shift(op: DrawOp, by: number): DrawOp {
  switch (op.op) {
    case 'text':
      return { ...op, baseline: op.baseline + by };
    case 'rule':
      return { ...op, from: { inline: op.from.inline, block: op.from.block + by }, to: { inline: op.to.inline, block: op.to.block + by } };
    case 'image':
    case 'link':
    case 'dest':
    case 'outline':
      return { ...op, block: op.block + by };
    case 'anchor':
      return op;
  }
}

/** What brings `used` up to the next multiple of `pitch` (0 when it is on one). */
function toGrid(used: number, pitch: number): number {
  const rest = pitch - (used % pitch);
  return rest > pitch - 0.01 || rest < 0.01 ? 0 : rest;
}
