import type { Book } from '../model/book.ts';
import { mapBookStrings } from '../model/strings.ts';
import { inlineText, textUnits } from '../model/walk.ts';
import { isHan } from '../text/chars.ts';
import { UnitText } from './rewriter.ts';
import type { Transform } from './transform.ts';

const NAME_DOT = '·';
/** 間隔號 as Taiwan's and Hong Kong's books set it: a dot centred in a whole em (Big5's ‧, U+2027). */
const TRADITIONAL_NAME_DOT = '‧';

/**
 * The middle dot of a transliterated name (艾倫·圖靈) as Taiwan and Hong
 * Kong print it: 間隔號 takes a full em, where the Simplified manuscript's
 * U+00B7 is a narrow Latin dot in every Noto Serif face (a third of an em),
 * which a Traditional reader sees as cramped. Only a dot with a Han
 * character beside it is a name's; one between Latin letters (l·l) is left.
 */
export function nameDots(chars: string[]): string[] {
  return chars.map((c, i) => (c === NAME_DOT && (isHanChar(chars[i - 1]) || isHanChar(chars[i + 1])) ? TRADITIONAL_NAME_DOT : c));
}

const isHanChar = (c: string | undefined) => c !== undefined && isHan(c);

export const localeNameDotTransform: Transform = {
  name: 'locale-name-dot',
  book(book: Book) {
    for (const unit of textUnits(book)) {
      // Most paragraphs name no one with a dot: tested on their text before it is split into characters.
      if (!unit.parts.some((part) => inlineText(part).includes(NAME_DOT))) continue;
      const text = new UnitText(unit.parts);
      // One mark for one mark: every code point keeps its owner.
      text.chars = nameDots(text.chars);
      text.apply();
    }
    mapBookStrings(book, (s) => (s.includes(NAME_DOT) ? nameDots([...s]).join('') : s));
  },
};
