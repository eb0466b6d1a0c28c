import { UPRIGHT_DIGITS } from '../text/chars.ts';
import type { GlyphInfo, LayoutFace, ShapedWord } from './layout-face.ts';

/**
 * The direction lines run. The composer, the block layout and pagination
 * work in logical terms — inline along a line, block from one line to the
 * next — and ask the axis what depends on the direction: a glyph's advance
 * and ink along the line, and where a logical point of the text block falls
 * on the page. Horizontal writing is one axis; vertical (直排) is the next.
 */
export interface Axis {
  readonly writingMode: 'horizontal-tb' | 'vertical-rl';
  /** The glyph a code point is set with, measured along the line; null when the face lacks it. */
  glyph(face: LayoutFace, cp: number): GlyphInfo | null;
  /** A word shaped along the line (kerning, ligatures, and `features` such as fwid). */
  shape(face: LayoutFace, text: string, features?: string[]): ShapedWord;
  /**
   * Where a point of the text block lies on the page, as offsets from the
   * block's top-left corner with y running down. `blockExtent` is the text
   * block's size along the block axis (its height across horizontal lines).
   */
  pagePoint(inline: number, block: number, blockExtent: number): { x: number; y: number };
}

/** Lines run left to right and follow each other down the page. */
export const HORIZONTAL: Axis = {
  writingMode: 'horizontal-tb',
  glyph: (face, cp) => face.glyph(cp),
  shape: (face, text, features) => face.shape(text, features),
  pagePoint: (inline, block) => ({ x: inline, y: block }),
};


/**
 * Columns run top to bottom and follow each other right to left (直排).
 * Han and the vertical forms of punctuation stand upright and advance by
 * vmtx; Latin words are shaped as usual and turned 90° clockwise, advancing
 * by their width; one or two digits take one em, upright side by side.
 * A logical point's block offset runs from the text block's right edge.
 */
export const VERTICAL: Axis = {
  writingMode: 'vertical-rl',
  glyph: (face, cp) => face.columnGlyph(cp),
  shape(face, text, features) {
    // fwid is asked for —— only: its upright two-em vertical form (fwid first, or fontkit's liga makes the horizontal ⸺).
    if (features?.includes('fwid')) return face.columnShape(text, [...features, 'vert']);
    if (UPRIGHT_DIGITS.test(text)) {
      // Half-width digits (hwid), so that two fill the em the column gives them.
      const digits = face.shape(text, ['hwid']);
      return { glyphs: digits.glyphs, advance: Math.max(1, digits.advance) };
    }
    return face.shape(text, features);
  },
  pagePoint: (inline, block, blockExtent) => ({ x: blockExtent - block, y: inline }),
};
