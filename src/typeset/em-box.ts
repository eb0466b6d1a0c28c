/**
 * Where things sit relative to the ideographic em box of a CJK face, in ems
 * from the baseline. Noto's CJK faces and LXGW WenKai put the box's top at
 * 0.88 and its bottom at −0.12 (OS/2 sTypoAscender 880 of 1000 units); every
 * placement that lines the box up with a line, a column or a link area reads
 * these, so that they agree.
 */
export const EM_BOX_TOP = 0.88;
export const EM_BOX_BOTTOM = -0.12;
/** The box's middle above the baseline: a line of pitch p centres the box when its baseline lies p/2 + this below the line's top. */
export const EM_BOX_MIDDLE = (EM_BOX_TOP + EM_BOX_BOTTOM) / 2;

/** The baseline that centres the ideographic em box in a line of the given pitch. */
export function baselineIn(pitch: number, size: number): number {
  return pitch / 2 + size * EM_BOX_MIDDLE;
}

/** Emphasis dots (着重号) under a character: centred this far below the baseline, with this radius. */
export const EMPHASIS_DOT_DROP = 0.3;
export const EMPHASIS_DOT_RADIUS = 0.07;

/** A Latin word turned clockwise into a column: its baseline this far from the column's centre line puts its lower-case letters about the middle. */
export const TURNED_LATIN_BASELINE = 0.3;
