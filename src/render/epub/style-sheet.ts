import { readFileSync } from 'node:fs';
import { templatePath } from '../../paths.ts';
import type { Layout } from '../../config/editions.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import { expandFontStacks, fontFaceCss } from './font-css.ts';

const STYLE = templatePath('epub', 'style.css');
const VERTICAL = templatePath('epub', 'vertical.css');

/**
 * The book's one style sheet, shared by the EPUB and the HTML preview so the
 * preview shows what a reader will: @font-face rules for the edition's subset
 * fonts (under `fontDir`), then templates/epub/style.css with each family
 * widened to its stack; the vertical layout adds templates/epub/vertical.css.
 */
export function bookStyleSheet(fonts: WebFont[], fontDir: string, layout: Layout = 'horizontal'): string {
  const sheets = layout === 'vertical' ? [STYLE, VERTICAL] : [STYLE];
  const css = sheets.map((f) => readFileSync(f, 'utf8').replace(/^@charset[^\n]*\n/u, '')).join('\n');
  return `${fontFaceCss(fonts, fontDir)}\n${expandFontStacks(css, fonts)}`;
}
