import { readFileSync } from 'node:fs';
import { templatePath } from '../../paths.ts';
import type { WebFont } from '../../fonts/web-fonts.ts';
import { expandFontStacks, fontFaceCss } from './font-css.ts';

const STYLE = templatePath('epub', 'style.css');

/**
 * The book's one style sheet, shared by the EPUB and the HTML preview so the
 * preview shows what a reader will: @font-face rules for the edition's subset
 * fonts (under `fontDir`), then templates/epub/style.css with each family
 * widened to its stack.
 */
export function bookStyleSheet(fonts: WebFont[], fontDir: string): string {
  const css = readFileSync(STYLE, 'utf8').replace(/^@charset[^\n]*\n/u, '');
  return `${fontFaceCss(fonts, fontDir)}\n${expandFontStacks(css, fonts)}`;
}
