import type { FontRole } from '../fonts/sources.ts';
import type { Axis } from './axis.ts';
import type { LayoutFace } from './layout-face.ts';
import type { Align } from './line-breaker.ts';

/** How a block's text is set: its face and size, measure, indents, alignment and line pitch. */
export interface TextStyle {
  role: FontRole;
  size: number;
  /** Inset of the measure at both its ends, in points. */
  inset: number;
  firstIndent: number;
  restIndent: number;
  align: Align;
  /** Lines of even length when it wraps: a display block's (a centred one always is). */
  balance?: boolean;
  pitch: number;
  face?: LayoutFace;
}

/**
 * A heading (level 1 the chapter's) or verse (level 2, a section's): as
 * displayed across the page; in a column at its start, two of the body's
 * characters (`size`) further down a level (clreq: 直排 headings align to
 * the line start, 下字, where horizontal ones are centred; verse at a fixed indent).
 */
export function startOfColumn(style: TextStyle, axis: Axis, size: number, level: number): TextStyle {
  if (axis.writingMode !== 'vertical-rl') return style;
  const indent = 2 * level * size;
  return { ...style, align: 'left', firstIndent: indent, restIndent: indent };
}

/**
 * Verse whose lines may be longer than the measure: a line turns over two
 * of the body's characters (`size`) past its start, so that the turnover
 * never reads as a verse line of its own. In a column verse lines start
 * level already. Across the page a poem with a line too long (`overlong`,
 * asked only there: it composes every line) is set from two characters in
 * rather than centred, which cannot show a turnover; the others stay centred.
 */
export function turnedOver(style: TextStyle, size: number, overlong: () => boolean): TextStyle {
  const turn = 2 * size;
  if (style.align !== 'center') return { ...style, restIndent: style.firstIndent + turn };
  if (!overlong()) return style;
  return { ...style, align: 'left', balance: false, firstIndent: turn, restIndent: 2 * turn };
}
