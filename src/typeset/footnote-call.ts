/**
 * A footnote call's size, and how far its baseline is raised, in ems of the
 * text it annotates: a superscript. Raised a third of an em, its top stands
 * about level with the Han characters' tops, and pdftotext still reads it
 * as part of its line.
 */
export const REFERENCE_SCALE = 0.6;
const REFERENCE_RISE = 0.33;

/** How far an atom is drawn off its line's baseline, towards the line's top (right of a column), in points: a footnote call's rise, else 0. */
export function riseOf(a: { size: number; style: { reference?: boolean } }): number {
  return a.style.reference === true ? (a.size / REFERENCE_SCALE) * REFERENCE_RISE : 0;
}
