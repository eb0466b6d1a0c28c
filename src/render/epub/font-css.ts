import type { WebFont } from '../../fonts/web-fonts.ts';
import type { FontRole } from '../../fonts/sources.ts';

/** CSS family name and weight each role is published under (templates/epub/style.css uses them). */
const FAMILY: Record<FontRole, { family: string; weight: number }> = {
  body: { family: 'Book Serif', weight: 400 },
  bold: { family: 'Book Serif', weight: 700 },
  heading: { family: 'Book Heading', weight: 700 },
  poem: { family: 'Book Kai', weight: 400 },
};

export function fontFaceCss(fonts: WebFont[], urlPrefix: string): string {
  return fonts
    .map((f) => {
      const { family: base, weight } = FAMILY[f.role];
      const family = stackFamily(base, f.stackIndex);
      return `@font-face {\n  font-family: "${family}";\n  font-weight: ${weight};\n  font-style: normal;\n  src: url("${urlPrefix}${f.filename}") format("truetype");\n}`;
    })
    .join('\n');
}

const stackFamily = (base: string, index: number) => (index === 0 ? base : `${base} ${index + 1}`);

/**
 * Widens each family in the style sheet to its stack ("Book Serif" →
 * "Book Serif", "Book Serif 2") where a role kept several unmerged faces.
 */
export function expandFontStacks(css: string, fonts: WebFont[]): string {
  let out = css;
  for (const { family } of new Map(Object.values(FAMILY).map((v) => [v.family, v])).values()) {
    const depth = Math.max(0, ...fonts.filter((f) => FAMILY[f.role].family === family).map((f) => f.stackIndex));
    if (depth === 0) continue;
    const stack = Array.from({ length: depth + 1 }, (_, i) => `"${stackFamily(family, i)}"`).join(', ');
    out = out.split(`font-family: "${family}"`).join(`font-family: ${stack}`).split(`, "${family}"`).join(`, ${stack}`);
  }
  return out;
}
