import type { FontRole } from '../fonts/sources.ts';
import type { Axis } from './axis.ts';
import { codeBreakPoints, latinPieces, SOFT_HYPHEN, softHyphenated, type BreakAfter } from './latin-breaks.ts';
import type { GlyphInfo, LayoutFace, LayoutFontSet } from './layout-face.ts';

/*
 * How a Latin word is set: the face that has all of it, shaped once, cut
 * into the pieces a line may break between (latin-breaks.ts).
 */

/** What planning a word reads of the atoms' context (atoms.ts AtomContext). */
interface WordContext {
  fonts: LayoutFontSet;
  axis: Axis;
  role: FontRole;
  /** A face forced on the whole block, used when it has the word. */
  face?: LayoutFace;
}

interface WordPiece {
  text: string;
  glyphs: GlyphInfo[];
  /** In ems. */
  advance: number;
  letters: number;
  breakAfter: BreakAfter;
}

/** How a Latin word is set in one context: its face and its pieces (latin-breaks.ts); null when no one face has it. */
export interface WordPlan {
  /** The word as set: without the soft hyphens the author marked its breaks with. */
  text: string;
  face: LayoutFace;
  pieces: WordPiece[];
  hyphenates: boolean;
}

/** Word plans per font set, forced face and role: a book repeats its words, and each is worked out once. */
const wordPlans = new WeakMap<LayoutFontSet, Map<LayoutFace | undefined, Map<string, Map<string, WordPlan | null>>>>();

/** `code`: the word is inline code, which breaks as a URL does and is never hyphenated (latin-breaks.ts, codeBreakPoints). */
export function wordPlan(word: string, ctx: WordContext, code = false): WordPlan | null {
  let byFace = wordPlans.get(ctx.fonts);
  if (!byFace) wordPlans.set(ctx.fonts, (byFace = new Map()));
  let byRole = byFace.get(ctx.face);
  if (!byRole) byFace.set(ctx.face, (byRole = new Map()));
  const variant = `${ctx.role}|${ctx.axis.writingMode}|${code}`;
  let plans = byRole.get(variant);
  if (!plans) byRole.set(variant, (plans = new Map()));
  let plan = plans.get(word);
  if (plan === undefined) {
    // A soft hyphen is a place the word may break, not a glyph: a font would draw it, and a reader copy it out.
    const soft = word.includes(SOFT_HYPHEN) ? softHyphenated(word) : undefined;
    const text = soft?.text ?? word;
    const cps = [...text].map((c) => c.codePointAt(0)!);
    const face = ctx.face && cps.every((cp) => ctx.face!.has(cp)) ? ctx.face : ctx.fonts.find(ctx.role, (f) => cps.every((cp) => f.has(cp)));
    if (face) {
      const shaped = ctx.axis.shape(face, text);
      const pieces = latinPieces(text, shaped.glyphs, code ? codeBreakPoints(text) : soft?.breaks).map((p) => {
        const text = p.glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
        return { text, glyphs: p.glyphs, advance: p.glyphs.reduce((sum, g) => sum + g.advance, 0), letters: [...text].length, breakAfter: p.breakAfter };
      });
      // A word in one piece keeps its shaped advance (the sum of the glyphs' may round differently).
      if (pieces.length === 1) pieces[0].advance = shaped.advance;
      plan = { text, face, pieces, hyphenates: pieces.some((p) => p.breakAfter === 'hyphen') };
    } else plan = null;
    plans.set(word, plan);
  }
  return plan;
}
