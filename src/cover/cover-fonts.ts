import type * as Fontkit from 'fontkit';
import { fontkit } from '../fonts/fontkit.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import { needsNoGlyph } from '../text/chars.ts';
import type { Face } from '../fonts/registry.ts';
import { FONT_ROLES, type FontRole } from '../fonts/sources.ts';
import { unanimousFamilyName } from '../fonts/sfnt/name.ts';
import { sfntTables } from '../fonts/sfnt/sfnt.ts';
import { webFonts, type WebFont } from '../fonts/web-fonts.ts';

export interface CoverFont extends WebFont {
  /** The family name in the font's name table: what an SVG font-family must say to reach it. */
  family: string;
}

/**
 * Subsets of the edition's own faces holding exactly the cover's characters,
 * per role, through the same chains (and the same merging) as the book's
 * fonts, so the cover is set in what the book embeds and needs no system font.
 */
export async function coverFonts(plan: FontPlan, text: Partial<Record<FontRole, string>>): Promise<CoverFont[]> {
  const usage = Object.fromEntries(FONT_ROLES.map((r) => [r, new Map<Face, Set<number>>()])) as FontPlan['usage'];
  for (const [role, s] of Object.entries(text) as Array<[FontRole, string]>) {
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      // Spaces are glyphs too: an ideographic space the font lacks would draw as .notdef.
      if (needsNoGlyph(cp)) continue;
      // A character the role's chain lacks is set in the body face, as a reader's fallback would.
      const inRole = plan.faceFor(role, cp);
      const [r, face] = inRole ? [role, inRole] : (['body', plan.faceFor('body', cp)] as const);
      if (!face) continue;
      let set = usage[r].get(face);
      if (!set) usage[r].set(face, (set = new Set()));
      set.add(cp);
    }
  }
  const fonts = await webFonts({ ...plan, usage });
  return fonts.map((f) => ({ ...f, family: familyName(f.data) }));
}

/** Read from the name table itself where that is unambiguous: fontkit is not otherwise loaded for an EPUB. */
function familyName(data: Buffer): string {
  return unanimousFamilyName(sfntTables(data).name) ?? (fontkit.create(data) as Fontkit.Font).familyName;
}
