import type { Axis } from './axis.ts';
import type { LayoutFace } from './layout-face.ts';

/** Marks with vertical forms (the font's vert lookups), among which a face may draw two with one glyph. */
const VERTICAL_FORMS = '“”‘’「」『』（）《》〈〉【】〔〕〖〗［］｛｝、。，．：；！？～—…';

/** Per face, the glyph ids its column forms share. */
const sharedByFace = new WeakMap<LayoutFace, Set<number>>();

/**
 * Whether `gid`, set in a column, stands for more than one mark: Noto Serif
 * SC's vertical “ is its vertical 『 (GB/T 15834 sets both as ﹃). A PDF's
 * ToUnicode maps a glyph to one text, so one of the two would copy out as
 * the other; the screen PDF gives such a glyph an ActualText instead.
 */
export function sharedColumnGlyph(face: LayoutFace, axis: Axis, gid: number): boolean {
  let shared = sharedByFace.get(face);
  if (!shared) {
    const owner = new Map<number, number>();
    shared = new Set();
    for (const c of VERTICAL_FORMS) {
      const cp = c.codePointAt(0)!;
      const g = axis.glyph(face, cp);
      if (!g) continue;
      const first = owner.get(g.id);
      if (first === undefined) owner.set(g.id, cp);
      else if (first !== cp) shared.add(g.id);
    }
    sharedByFace.set(face, shared);
  }
  return shared.has(gid);
}
