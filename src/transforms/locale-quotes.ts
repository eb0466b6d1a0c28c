const OPENING = new Set(['“', '‘']);
const CLOSING = new Set(['”', '’']);
const LETTER = /\p{L}/u;
const HAN = /\p{Script=Han}/u;

/**
 * Taiwan and Hong Kong quotation marks (clreq): 「」 outside, 『』 inside,
 * then 「」 again. The mark follows the nesting depth, not the glyph the
 * source used: mapping “ → 「 and ‘ → 『 glyph by glyph goes wrong at the
 * third level (OpenCC#654) and when a quotation opens with ‘. Each unit starts
 * at depth 0, which is also right for a quotation running over several
 * paragraphs: each reopens with “ and only the last closes.
 */
export function cornerQuotes(chars: string[]): string[] {
  let depth = 0;
  return chars.map((c, i) => {
    if (OPENING.has(c)) {
      depth++;
      return depth % 2 === 1 ? '「' : '『';
    }
    if (!CLOSING.has(c)) return c;
    // ’ inside a Latin word (don’t) is an apostrophe.
    if (c === '’' && isWordLetter(chars[i - 1]) && isWordLetter(chars[i + 1])) return c;
    const level = Math.max(depth, 1);
    depth = Math.max(0, depth - 1);
    return level % 2 === 1 ? '」' : '』';
  });
}

const isWordLetter = (c: string | undefined) => c !== undefined && LETTER.test(c) && !HAN.test(c);
