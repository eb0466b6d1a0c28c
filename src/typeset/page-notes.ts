import type { ComposedLine } from './line-breaker.ts';
import type { DrawOp, FlowBox, NoteSetting } from './flow.ts';

const NONE: FlowBox[] = [];
const EPS = 0.01;

const extent = (lines: FlowBox[]) => lines.reduce((sum, b) => sum + b.blockSize, 0);

/**
 * The footnotes of the page being filled (页下注): under a short rule at the
 * page's foot, the lines of a note continued from the page before, then the
 * notes its own lines call, in the order called. A line goes on a page only
 * with the whole of the notes it calls, save where moving it would leave the
 * page too short: then its note is begun here and runs on to the foot of the
 * next page, ahead of that page's own notes, so that notes keep their order
 * and none is lost. A note called again on a later page is set again at
 * that page's foot (FlowBox.recalls), unless the page holds it already.
 */
export class PageNotes {
  /** Note lines reserved at the top of this page's note area, carried from the page before. */
  private continued: FlowBox[] = [];
  /** Note lines for a later page, in order, after the continued ones. */
  private waiting: FlowBox[] = [];
  /** The extent of this page's note area so far: its rule, the continued lines, the notes its lines call. */
  used = 0;
  /** The notes this page's foot holds so far, by id: a note called again here is not set twice. */
  private onPage = new Set<string>();
  private readonly rule: number;

  constructor(
    private readonly pageExtent: number,
    private readonly setting?: NoteSetting,
  ) {
    this.rule = setting?.rule.blockSize ?? 0;
  }

  /** Whether note lines remain to set on a later page. */
  continuing(): boolean {
    return this.continued.length > 0 || this.waiting.length > 0;
  }

  /**
   * What placing `box` adds to the note area: its notes, and the rule if they
   * are the page's first. Beside a note longer than this page can take (some
   * of it waits for the next), a line that calls another cannot have its note
   * here: it goes to the page where its note can stand.
   */
  cost(box: FlowBox): number {
    const lines = linesOf(box, this.onPage);
    if (!lines.length) return 0;
    return this.waiting.length ? Infinity : this.whole(lines);
  }

  add(box: FlowBox): void {
    const lines = linesOf(box, this.onPage);
    if (!lines.length) return;
    this.used += this.whole(lines);
    for (const line of lines) if (line.noteOf) this.onPage.add(line.noteOf);
  }

  private whole(lines: FlowBox[]): number {
    return extent(lines) + (this.used === 0 ? this.rule : 0);
  }

  /**
   * Whether `box` goes on this page though its notes do not all fit, the
   * last of them running on overleaf: when moving the line that calls them
   * would leave the page more than `maxShort` short, no note waits already
   * (a note is never set after one that comes later), the last note is long
   * enough to break (four lines: two each side), and the line, the notes
   * before it and two of its lines fit.
   */
  runOn(box: FlowBox, bodyUsed: number, maxShort: number): boolean {
    const notes = linesOf(box, this.onPage);
    if (!notes.length || this.waiting.length > 0) return false;
    if (this.shortfall(this.pageExtent - bodyUsed - this.used, this.used) <= maxShort + EPS) return false;
    const last = lastNoteStart(notes);
    if (notes.length - last < 4) return false;
    const start = extent(notes.slice(0, last + 2)) + (this.used === 0 ? this.rule : 0);
    return bodyUsed + this.used + box.blockSize + start <= this.pageExtent + EPS;
  }

  /**
   * What of `free`, the room a page leaves, its text could still fill: on a
   * page with notes (`notes`, their extent), whole lines only (NoteSetting.pitch).
   */
  shortfall(free: number, notes: number): number {
    const pitch = this.setting?.pitch;
    return notes > 0 && pitch ? Math.floor(free / pitch + EPS) * pitch : free;
  }

  /** The note area's extent for boxes [0, j] of the page being filled. */
  extentFor(page: FlowBox[], j: number): number {
    const lines = extent(this.continued) + extent(pageLines(page.slice(0, j + 1), this.continued));
    return lines > 0 ? lines + this.rule : 0;
  }

  /**
   * Sets the page's notes below its text (`bodyUsed` long): the ops to draw,
   * each with the block position of its box. What does not fit waits for
   * the next page, which this prepares.
   */
  setPage(page: FlowBox[], bodyUsed: number): Array<{ op: DrawOp; at: number }> {
    const carried = [...this.continued, ...this.waiting];
    const lines = [...carried, ...pageLines(page, carried)];
    let room = this.pageExtent - bodyUsed - this.rule;
    let n = 0;
    while (n < lines.length && lines[n].blockSize <= room + EPS) room -= lines[n++].blockSize;
    // A note runs on where its paragraph may break: not after its first line, nor before its last,
    // nor inside a word hyphenated at a line's end.
    while (n > 0 && n < lines.length && (lines[n - 1].keepSoft || endsHyphenated(lines[n - 1]))) n--;
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

  /** Reserves, at the next page's foot, what waits: all of it, or what leaves the page its least text. */
  private prepareNext(): void {
    while (this.waiting.length && this.waiting[0].space) this.waiting.shift();
    const room = this.pageExtent - (this.setting?.minBody ?? 0) - this.rule;
    let n = 0;
    let taken = 0;
    while (n < this.waiting.length && taken + this.waiting[n].blockSize <= room + EPS) taken += this.waiting[n++].blockSize;
    this.continued = this.waiting.splice(0, n);
    this.used = this.continued.length ? taken + this.rule : 0;
    this.onPage = idsOf([...this.continued, ...this.waiting]);
  }
}

/** The notes of the lines in `carried`, by id. */
function idsOf(lines: FlowBox[]): Set<string> {
  const ids = new Set<string>();
  for (const line of lines) if (line.noteOf) ids.add(line.noteOf);
  return ids;
}

/**
 * The note lines `box` brings to a page whose foot holds the notes in
 * `onPage`: those it calls first, then each it calls again that is not there yet.
 */
function linesOf(box: FlowBox, onPage: ReadonlySet<string>): FlowBox[] {
  if (!box.recalls) return box.notes ?? NONE;
  // In the order the line calls them, as a page's notes are; then any note no line calls, which the chapter's last caller carries.
  const own = box.notes ?? NONE;
  const lines: FlowBox[] = [];
  for (const id of calledIds(box)) {
    const first = own.filter((l) => l.noteOf === id);
    if (first.length) lines.push(...first);
    else if (!onPage.has(id)) lines.push(...(box.recalls.find((copy) => copy[0]?.noteOf === id) ?? NONE));
  }
  return [...lines, ...own.filter((l) => !lines.includes(l))];
}

/** The note lines a page's boxes bring, in order, after the lines `carried` from the page before. */
function pageLines(page: FlowBox[], carried: FlowBox[]): FlowBox[] {
  if (!page.some((b) => b.recalls)) return page.flatMap((b) => b.notes ?? NONE);
  const onPage = idsOf(carried);
  const lines: FlowBox[] = [];
  for (const box of page) {
    const own = linesOf(box, onPage);
    for (const line of own) if (line.noteOf) onPage.add(line.noteOf);
    lines.push(...own);
  }
  return lines;
}

/** Where the last note among a line's notes begins. */
function lastNoteStart(lines: FlowBox[]): number {
  for (let k = lines.length - 1; k > 0; k--) if (lines[k].noteOf !== lines[k - 1].noteOf) return k;
  return 0;
}

/** A line whose last piece is a Latin word broken with a hyphen. */
function endsHyphenated(box: FlowBox): boolean {
  const text = box.ops.find((op) => op.op === 'text');
  return text?.op === 'text' && text.line.atoms.at(-1)?.breakAfter === 'hyphen';
}

/**
 * A note's lines as set again under a later call: drawn, but read once, so
 * untagged (an artifact) and with no destination or link of their own.
 */
export function repeatedNote(lines: FlowBox[]): FlowBox[] {
  // The line as it is (its size, its keeps, what it belongs to) but for what it draws.
  return lines.map((line) => ({
    ...line,
    ops: line.ops.flatMap((op): DrawOp[] => (op.op === 'text' ? [{ ...op, tag: undefined, line: withoutLinks(op.line) }] : op.op === 'rule' ? [op] : [])),
  }));
}

function withoutLinks(line: ComposedLine): ComposedLine {
  if (!line.atoms.some((a) => a.style.link)) return line;
  return { ...line, atoms: line.atoms.map((a) => (a.style.link ? { ...a, style: { ...a.style, link: undefined, reference: undefined } } : a)) };
}

/** The boxes each footnote is called from, first call first, each box once, by the note's id (its call links to `#id`). */
export function noteCallers(boxes: FlowBox[]): Map<string, FlowBox[]> {
  const calls = new Map<string, FlowBox[]>();
  for (const box of boxes) {
    for (const id of calledIds(box)) {
      const callers = calls.get(id) ?? calls.set(id, []).get(id)!;
      if (callers.at(-1) !== box) callers.push(box);
    }
  }
  return calls;
}

/** The ids of the footnotes a box calls, in its order, each once. */
function calledIds(box: FlowBox): string[] {
  const ids: string[] = [];
  for (const op of box.ops) {
    if (op.op !== 'text') continue;
    for (const a of op.line.atoms) {
      const link = a.style.reference ? a.style.link : undefined;
      if (link?.startsWith('#') && !ids.includes(link.slice(1))) ids.push(link.slice(1));
    }
  }
  return ids;
}
