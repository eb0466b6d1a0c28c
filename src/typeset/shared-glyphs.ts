import type { Axis } from './axis.ts';
import type { LayoutFace } from './layout-face.ts';

/** Marks with vertical forms (the font's vert lookups), among which a face may draw two with one glyph. */
const VERTICAL_FORMS = '“”‘’「」『』（）《》〈〉【】〔〕〖〗［］｛｝、。，．：；！？～—…';

/** Per face, for each column glyph two or more marks share, those marks' code points in VERTICAL_FORMS order. */
const sharedByFace = new WeakMap<LayoutFace, Map<number, number[]>>();

/**
 * Which of the marks a column glyph stands for `cp` is: 0 for the first (or
 * a glyph no other mark shares), 1 for the second… Noto Serif SC's vertical
 * “ is its vertical 『 (GB/T 15834 sets both as ﹃). A PDF's ToUnicode maps
 * a glyph to one text, so the PDF draws the second mark through a variant of
 * the face (LayoutFace.variant) whose ToUnicode gives it.
 */
export function columnGlyphVariant(face: LayoutFace, axis: Axis, gid: number, cp: number): number {
  let shared = sharedByFace.get(face);
  if (!shared) {
    const marks = new Map<number, number[]>();
    for (const c of VERTICAL_FORMS) {
      const g = axis.glyph(face, c.codePointAt(0)!);
      if (g) marks.set(g.id, [...(marks.get(g.id) ?? []), c.codePointAt(0)!]);
    }
    shared = new Map([...marks].filter(([, cps]) => cps.length > 1));
    sharedByFace.set(face, shared);
  }
  const k = shared.get(gid)?.indexOf(cp) ?? -1;
  return k > 0 ? k : 0;
}
