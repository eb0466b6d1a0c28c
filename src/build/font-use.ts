import type { EditionTag } from '../config/editions.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import { FONT_ROLES } from '../fonts/sources.ts';
import type { WebFont } from '../fonts/web-fonts.ts';
import type { FontUse } from './api.ts';

/**
 * The faces an edition embeds, for the build's report, role by role: each
 * standalone subset made (an EPUB's, a chunked family's), else the faces the
 * plan gives the role, which a build with no EPUB or preview never subsets on
 * its own: each PDF subsets what it draws. Listing only the subsets made, a
 * PDF build named its Kai poem face and not the body it is set in.
 */
export function fontUse(edition: EditionTag, plan: FontPlan, subsets: WebFont[]): FontUse[] {
  const out: FontUse[] = [];
  for (const role of FONT_ROLES) {
    const made = subsets.filter((f) => f.role === role);
    if (made.length) {
      for (const f of made) out.push({ edition, role, label: f.label, glyphs: f.glyphs, subsetBytes: f.data.length });
      continue;
    }
    const faces = [...plan.usage[role]].filter(([, cps]) => cps.size > 0);
    if (faces.length) out.push({ edition, role, label: faces.map(([face]) => face.source.label).join(' + '), glyphs: faces.reduce((n, [, cps]) => n + cps.size, 0) });
  }
  return out;
}
