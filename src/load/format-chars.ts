import type { Diagnostics } from '../diagnostics.ts';
import { codePointName, isWide } from '../text/chars.ts';
import { placeFinder } from './text-place.ts';

// Format characters a paste brings into a chapter, which no font draws: how the book reads them.

const SEPARATORS = /[\u2028\u2029]/gu;

/**
 * U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR, which a paste from a
 * word processor or a web page brings: an editor shows each as a new line,
 * and a new line inside a Markdown paragraph runs on, so each is read so,
 * as nothing between two Chinese characters and a space elsewhere, and
 * reported at its line and column. No font draws them, and a reader would
 * set them as it pleases. The file keeps its lines: a separator is not a
 * line of the source, so no line number after it moves.
 */
export function readSeparators(text: string, path: string, diagnostics: Diagnostics): string {
  if (!text.includes('\u2028') && !text.includes('\u2029')) return text;
  const where = placeFinder(text);
  return text.replace(SEPARATORS, (ch: string, at: number) => {
    const { line, column } = where(at);
    const before = Array.from(text.slice(Math.max(0, at - 2), at)).at(-1) ?? '';
    const after = String.fromCodePoint(text.codePointAt(at + 1) ?? 0x20);
    const joined = isWide(before) && isWide(after);
    const kind = ch === '\u2028' ? 'line separator' : 'paragraph separator';
    diagnostics.warn(
      'load:separator',
      `${kind} ${codePointName(ch)} read as a line break inside the paragraph, ${joined ? 'the text on either side joined' : 'a space'}; a blank line starts a new paragraph`,
      { file: path, line, column },
    );
    return joined ? '' : ' ';
  });
}

/** Variation selectors of ideographs and other characters; not U+FE0E and U+FE0F, which choose an emoji's text or colour form. */
const VARIATION_SELECTORS = /[\ufe00-\ufe0d\u{e0100}-\u{e01ef}]/gu;
const ANY_VARIATION_SELECTOR = new RegExp(VARIATION_SELECTORS.source, 'u');

/**
 * A variation selector (葛 U+E0100) asks for one form of the character
 * before it. The EPUB keeps it, for a reader whose font has that form; the
 * PDF sets the face's usual form, as the embedded faces have none of these
 * sequences. Noted at its place, so that the author knows.
 */
export function noteVariationSelectors(text: string, path: string, diagnostics: Diagnostics): void {
  if (!ANY_VARIATION_SELECTOR.test(text)) return;
  const where = placeFinder(text);
  for (const m of text.matchAll(VARIATION_SELECTORS)) {
    const base = Array.from(text.slice(Math.max(0, m.index - 2), m.index)).at(-1) ?? '';
    diagnostics.info(
      'load:variation-selector',
      `variation selector ${codePointName(m[0])} after '${base}': the EPUB keeps it, the PDF sets '${base}' in its face's usual form`,
      { file: path, ...where(m.index) },
    );
  }
}
