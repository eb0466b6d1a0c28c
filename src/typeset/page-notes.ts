import type { DrawOp, FlowBox, NoteSetting } from './flow.ts';

const NONE: FlowBox[] = [];
const EPS = 0.01;

const extent = (lines: FlowBox[]) => lines.reduce((sum, b) => sum + b.blockSize, 0);

/**
 * The footnotes of the page being filled (页下注): under a short rule at the
 * page's foot, the lines of a note continued from the page before, then the
 * notes its own lines call, in the order called. A page that holds text
 * gives its notes half of itself at most; a note longer than the room left
 * runs on to the foot of the next page, ahead of that page's own notes, so
 * that notes keep their order and none is lost.
 */
export class PageNotes {
  /** Note lines reserved at the top of this page's note area, carried from the page before. */
  private continued: FlowBox[] = [];
  /** Note lines for a later page, in order, after the continued ones. */
  private waiting: FlowBox[] = [];
  /** The extent the page's notes would take whole: the rule, the continued lines, the notes its lines call. */
  private called = 0;
  private readonly rule: number;
  private readonly cap: number;

  constructor(
    private readonly pageExtent: number,
    private readonly setting?: NoteSetting,
  ) {
    this.rule = setting?.rule.blockSize ?? 0;
    this.cap = setting?.maxExtent ?? pageExtent;
  }

  /** What the page's notes take of it: their whole extent, up to the most a page gives them. */
  get used(): number {
    return Math.min(this.called, this.cap);
  }

  /** Whether note lines remain to set on a later page. */
  continuing(): boolean {
    return this.continued.length > 0 || this.waiting.length > 0;
  }

  /** What placing `box` adds to the page's note area: its notes, and the rule if they are the page's first. */
  cost(box: FlowBox): number {
    return Math.min(this.called + this.whole(box), this.cap) - this.used;
  }

  add(box: FlowBox): void {
    this.called += this.whole(box);
  }

  /**
   * Whether `box` goes on this page though its notes do not all fit, the
   * rest running on overleaf: when moving the line that calls them would
   * leave the page more than `maxShort` short, and the line and two of the
   * notes' lines fit (a note is not begun with one line).
   */
  runOn(box: FlowBox, bodyUsed: number, maxShort: number): boolean {
    if (!box.notes?.length || this.waiting.length > 0) return false;
    if (this.pageExtent - bodyUsed - this.used <= maxShort + EPS) return false;
    const start = extent(box.notes.slice(0, 2)) + (this.called === 0 ? this.rule : 0);
    return bodyUsed + this.used + box.blockSize + start <= this.pageExtent + EPS;
  }

  /** The note area's extent for boxes [0, j] of the page being filled. */
  extentFor(page: FlowBox[], j: number): number {
    let lines = extent(this.continued);
    for (let k = 0; k <= j; k++) if (page[k].notes) lines += extent(page[k].notes!);
    return lines > 0 ? Math.min(lines + this.rule, this.cap) : 0;
  }

  /**
   * Sets the page's notes below its text (`bodyUsed` long): the ops to draw,
   * each with the block position of its box. What does not fit waits for
   * the next page, which this prepares.
   */
  setPage(page: FlowBox[], bodyUsed: number): Array<{ op: DrawOp; at: number }> {
    const lines = [...this.continued, ...this.waiting, ...page.flatMap((b) => b.notes ?? NONE)];
    // A page of notes alone (a long note after the chapter's text) gives them all of itself.
    let room = (page.length ? Math.min(this.pageExtent - bodyUsed, this.cap) : this.pageExtent) - this.rule;
    let n = 0;
    while (n < lines.length && lines[n].blockSize <= room + EPS) room -= lines[n++].blockSize;
    // A note runs on where its paragraph may break: not after its first line, nor before its last.
    while (n > 0 && n < lines.length && lines[n - 1].keepSoft) n--;
    // A page of notes alone takes at least one line, so that a long note always moves on.
    if (n === 0 && page.length === 0 && lines.length > 0) n = 1;
    const set = lines.slice(0, n);
    this.waiting = lines.slice(n);
    this.prepareNext();
    if (set.length === 0) return [];
    const ops: Array<{ op: DrawOp; at: number }> = [];
    let at = this.pageExtent - this.rule - extent(set);
    for (const op of this.setting?.rule.ops ?? []) ops.push({ op, at });
    at += this.rule;
    for (const line of set) {
      for (const op of line.ops) ops.push({ op, at });
      at += line.blockSize;
    }
    return ops;
  }

  /** The extent `box`'s notes add to the page's, whole: theirs, and the rule's if they are the page's first. */
  private whole(box: FlowBox): number {
    return box.notes?.length ? extent(box.notes) + (this.called === 0 ? this.rule : 0) : 0;
  }

  /** Reserves, at the next page's foot, what waits: all of it, or as much as a page gives its notes. */
  private prepareNext(): void {
    while (this.waiting.length && this.waiting[0].space) this.waiting.shift();
    const room = this.cap - this.rule;
    let n = 0;
    let taken = 0;
    while (n < this.waiting.length && taken + this.waiting[n].blockSize <= room + EPS) taken += this.waiting[n++].blockSize;
    this.continued = this.waiting.splice(0, n);
    this.called = this.continued.length ? taken + this.rule : 0;
  }
}

/** The box each footnote is first called from, by the note's id (its call links to `#id`). */
export function firstCalls(boxes: FlowBox[]): Map<string, FlowBox> {
  const calls = new Map<string, FlowBox>();
  for (const box of boxes) {
    for (const op of box.ops) {
      if (op.op !== 'text') continue;
      for (const a of op.line.atoms) {
        const link = a.style.reference ? a.style.link : undefined;
        if (link?.startsWith('#') && !calls.has(link.slice(1))) calls.set(link.slice(1), box);
      }
    }
  }
  return calls;
}
