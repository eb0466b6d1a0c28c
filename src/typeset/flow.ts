import type { Asset } from '../model/book.ts';
import type { ComposedLine } from './line-breaker.ts';
import type { StructElem } from './structure.ts';

/** A point of the text block: `inline` along the lines, `block` across them from the block's start. */
export interface LogicalPoint {
  inline: number;
  block: number;
}

/**
 * What a page draws. Positions are logical (inline along a line, block
 * across lines), relative to the start of the box holding the op until the
 * box is paginated, then to the start of the page's text block.
 */
export type DrawOp =
  /**
   * A composed text line, its start at `inline` (the line carries its own
   * indent) and its baseline at `baseline`; `tag` is the structure element
   * it belongs to, none for an ornament (drawn as an artifact).
   */
  | { op: 'text'; line: ComposedLine; inline: number; baseline: number; tag?: StructElem }
  | { op: 'rule'; from: LogicalPoint; to: LogicalPoint; weight: number; dotted?: boolean }
  /** A link area to a named destination; `tag` is its Link element, `label` what it says (the annotation's Contents). */
  | { op: 'link'; inline: number; block: number; inlineSize: number; blockSize: number; dest: string; tag?: StructElem; label?: string }
  | { op: 'image'; asset: Asset; inline: number; block: number; inlineSize: number; blockSize: number; tag?: StructElem }
  /** A named destination for links and the outline. */
  | { op: 'dest'; name: string; block: number }
  | { op: 'outline'; level: number; title: string; block: number }
  /** The page number of this place is wanted by the table of contents. */
  | { op: 'anchor'; id: string };

/** A piece of the flow from line to line: a line, a heading, a figure, or space. */
export interface FlowBox {
  /** Its extent across the lines (a line's pitch, a figure's height in horizontal text). */
  blockSize: number;
  ops: DrawOp[];
  /** No page break may come between this box and the next (a heading and its text, the lines of a poem). */
  keepWithNext?: boolean;
  /**
   * Rather no page break between this box and the next (a paragraph's first
   * two lines, its last two): kept, unless keeping it would leave the page
   * more than the allowed number of lines short.
   */
  keepSoft?: boolean;
  /** Starts a new page (a chapter opening). */
  pageBreakBefore?: boolean;
  /** Space between blocks, dropped at the top of a page. */
  space?: boolean;
  /**
   * For the half line of space that closes a block set off by half a line
   * each side (a poem, a recap, a code block, the ＊＊＊): the line pitch of
   * the page's grid. Placed, the space takes what brings the page back onto
   * the grid, its half line when the block began on this page and nothing
   * when a page break fell inside the block, where the next page's lines
   * started on the grid and the half line would have knocked the rest of
   * that page half a line off it.
   */
  regrid?: number;
  /** After a ruled block (a table), a whole line rather than none where the block ends on the grid: text never touches its bottom rule. */
  regridAtLeastLine?: boolean;
  /** The chapter the box belongs to, for running heads. */
  chapterId?: string;
  /** A heading line: the box after it is kept with the following one too. */
  heading?: boolean;
  /**
   * The lines of the footnotes first called on this line, set at the foot
   * of the page the line lands on (页下注).
   */
  notes?: FlowBox[];
  /**
   * The lines of each footnote this line calls again, after a line before
   * it: set again at the foot of its page, untagged (an artifact, as a
   * repeated table head is), unless that page holds the note already.
   */
  recalls?: FlowBox[][];
  /** A footnote line: the id of its note. */
  noteOf?: string;
  /**
   * Starts a group (a figure and its caption) that may move to the next
   * page's top when it does not fit, the text after it filling this page.
   */
  float?: boolean;
  /** A table's head row, set again above this row where the row opens a page (untagged: an artifact, as PDF/UA wants a repeated head). */
  repeat?: FlowBox;
}

/** How a page sets the footnotes its lines call. */
export interface NoteSetting {
  /** The short rule that opens a page's notes, with the space around it. */
  rule: FlowBox;
  /** What a page keeps for its text, at least, beside a note continued onto it. */
  minBody: number;
  /**
   * The text's line pitch. Notes are set small, off the text's grid, so a
   * page with notes is full to within one line: the fraction of a line they
   * leave over is not counted as the page being short.
   */
  pitch: number;
}

export interface LaidPage {
  /** The text's ops, then from `notesFrom` on those of the footnotes at its foot. */
  ops: DrawOp[];
  notesFrom?: number;
  chapterId?: string;
  /** First page of a chapter: no running head. */
  opening: boolean;
}
