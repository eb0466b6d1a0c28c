import { createRequire } from 'node:module';
import type { GlyphInfo } from './layout-face.ts';

/**
 * Where English allows a line to break inside a Latin word: after the hyphen
 * of a compound (OPT-|175B), in a URL after / . - ? & = (never inside its
 * scheme, and with no hyphen added), and at the hyphenation points of
 * Liang's patterns for US English (TeX's, through the `hyphen` package), where
 * a hyphen is drawn. The composer uses these only when a line would
 * otherwise be set loose.
 */

/**
 * Whether a line may break after an atom, inside a Latin word: `plain`
 * after a compound's hyphen or a URL's / . - ? & =, `hyphen` at a
 * hyphenation point, where a hyphen is drawn; `none` elsewhere.
 */
export type BreakAfter = 'none' | 'plain' | 'hyphen';

export interface LatinPiece {
  glyphs: GlyphInfo[];
  breakAfter: BreakAfter;
}

/** Pieces of a shaped word, cut only between glyphs (never inside a ligature). */
export function latinPieces(word: string, glyphs: GlyphInfo[], breaks = breakPoints(word)): LatinPiece[] {
  if (breaks.size === 0) return [{ glyphs, breakAfter: 'none' }];
  const pieces: LatinPiece[] = [];
  let start = 0;
  // Characters (UTF-16 units) covered by the glyphs so far: a break is taken only at a glyph's end.
  let chars = 0;
  for (let g = 0; g < glyphs.length; g++) {
    for (const cp of glyphs[g].codePoints) chars += cp > 0xffff ? 2 : 1;
    const kind = breaks.get(chars);
    if (kind && g + 1 < glyphs.length) {
      pieces.push({ glyphs: glyphs.slice(start, g + 1), breakAfter: kind });
      start = g + 1;
    }
  }
  pieces.push({ glyphs: glyphs.slice(start), breakAfter: 'none' });
  return pieces;
}

const URL_START = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/iu;
/** What any break needs: a hyphen, a URL's scheme or www., or a lower-case run long enough to hyphenate. */
const MAY_BREAK = /-|:\/\/|^www\.|[a-z]{5}/iu;
const URL_BREAK_AFTER = new Set(['/', '.', '-', '?', '&', '=']);
const LONG_URL_RUN = /[A-Za-z0-9]{8,}/gu;
/**
 * Words long enough to hyphenate, in lower case or capitalised: a word with
 * capitals inside (ChatGPT, ImageNet) is a name or an acronym, never broken.
 */
const HYPHENATABLE = /(?<![A-Za-z])[A-Z]?[a-z]{5,}(?![A-Za-z])/gu;

const cache = new Map<string, Map<number, BreakAfter>>();

/** Break opportunities in a word: the UTF-16 offset after which a line may end, and how. */
export function breakPoints(word: string): Map<number, BreakAfter> {
  let known = cache.get(word);
  if (known) return known;
  known = new Map();
  // Most words (numbers, acronyms, short words) hold nothing to break at: asked once each, answered at once.
  if (!MAY_BREAK.test(word)) {
    cache.set(word, known);
    return known;
  }
  const url = URL_START.exec(word);
  if (url) {
    // Not inside the scheme and its slashes, nor right after them.
    for (let i = url[0].length + 1; i < word.length - 1; i++) if (URL_BREAK_AFTER.has(word[i])) known.set(i + 1, 'plain');
    // A long run with digits in it (an article's number, 323533a0; never a word such as articles) may break
    // inside too, three on each side: nothing else would keep the line before such an address from being loose.
    for (const run of word.slice(url[0].length).matchAll(LONG_URL_RUN)) {
      if (!/[0-9]/u.test(run[0])) continue;
      const from = url[0].length + run.index!;
      for (let at = from + 3; at <= from + run[0].length - 3; at++) if (!known.has(at)) known.set(at, 'plain');
    }
  } else {
    for (let i = 2; i < word.length - 2; i++) {
      // A compound's hyphen, with two characters at least on either side.
      if (word[i] === '-' && /[\p{L}\p{N}]{2}$/u.test(word.slice(0, i)) && /^[\p{L}\p{N}]{2}/u.test(word.slice(i + 1))) known.set(i + 1, 'plain');
    }
    for (const run of word.matchAll(HYPHENATABLE)) {
      let at = run.index!;
      const end = run.index! + run[0].length;
      for (const part of hyphenate(run[0]).slice(0, -1)) {
        at += part.length;
        // TeX's minimums for English: two letters before a break, three after.
        if (at - run.index! >= 2 && end - at >= 3 && !known.has(at)) known.set(at, 'hyphen');
      }
    }
  }
  cache.set(word, known);
  return known;
}

/**
 * Break opportunities in a word of inline code: after / . - ? & =, as in a
 * URL, with a character at least on either side; never a hyphenation
 * point, as a hyphen drawn in code would change what it says.
 */
export function codeBreakPoints(word: string): Map<number, BreakAfter> {
  const known = new Map<number, BreakAfter>();
  for (let i = 1; i < word.length - 1; i++) if (URL_BREAK_AFTER.has(word[i])) known.set(i + 1, 'plain');
  return known;
}

/** U+00AD, `&shy;` in Markdown: where the author allows a Latin word to break. */
export const SOFT_HYPHEN = '\u00ad';

/**
 * A word the author marked with soft hyphens (U+00AD, `&shy;`): the word as
 * set, without them, and where it may break. The author's points replace the
 * patterns' (as TeX's \- does); a compound's hyphen and a URL's breaks stay.
 * A soft hyphen is drawn only where the line breaks at it, as a hyphen.
 */
export function softHyphenated(word: string): { text: string; breaks: Map<number, BreakAfter> } {
  const parts = word.split(SOFT_HYPHEN);
  const text = parts.join('');
  const breaks = new Map<number, BreakAfter>();
  for (const [at, kind] of breakPoints(text)) if (kind === 'plain') breaks.set(at, kind);
  let at = 0;
  for (let k = 0; k + 1 < parts.length; k++) {
    at += parts[k].length;
    // Not at the word's very start or end, where a break would leave a hyphen alone.
    if (at > 0 && at < text.length && !breaks.has(at)) breaks.set(at, 'hyphen');
  }
  return { text, breaks };
}

type Hyphenate = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
let hyphenateSync: Hyphenate | undefined;

/** A word cut at its hyphenation points; the patterns (100 kB) are read when the first long word comes. */
function hyphenate(word: string): string[] {
  hyphenateSync ??= (createRequire(import.meta.url)('hyphen/en-us') as { hyphenateSync: Hyphenate }).hyphenateSync;
  return hyphenateSync(word, { hyphenChar: '\u00ad', minWordLength: 6 }).split('\u00ad');
}
