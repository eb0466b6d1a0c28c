import type { WebFont } from '../../fonts/subset.ts';
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
      const { family, weight } = FAMILY[f.role];
      return `@font-face {\n  font-family: "${family}";\n  font-weight: ${weight};\n  font-style: normal;\n  src: url("${urlPrefix}${f.filename}") format("truetype");\n}`;
    })
    .join('\n');
}
