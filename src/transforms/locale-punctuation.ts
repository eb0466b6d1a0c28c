import type { Book } from '../model/book.ts';
import { mapBookStrings } from '../model/strings.ts';
import { inlineText, textUnits } from '../model/walk.ts';
import { nameDots } from './locale-name-dot.ts';
import { cornerQuotes } from './locale-quotes.ts';
import { UnitText } from './rewriter.ts';
import type { Transform } from './transform.ts';

/** The marks cornerQuotes and nameDots turn: a text without one is left as it is. */
export const LOCALE_MARK = /[“”‘’·]/u;

/**
 * The punctuation Taiwan and Hong Kong print, after OpenCC: 「」『』 by
 * nesting depth (cornerQuotes) and a name's ‧ (nameDots), in one pass over
 * the text, each mark for one mark so that every code point keeps its owner.
 */
export function localePunctuation(chars: string[]): string[] {
  return nameDots(cornerQuotes(chars));
}

export const localePunctuationTransform: Transform = {
  name: 'locale-punctuation',
  book(book: Book) {
    for (const unit of textUnits(book)) {
      // Most paragraphs hold neither: tested on their text before it is split into characters.
      if (!unit.parts.some((part) => LOCALE_MARK.test(inlineText(part)))) continue;
      const text = new UnitText(unit.parts);
      text.chars = localePunctuation(text.chars);
      text.apply();
    }
    mapBookStrings(book, (s) => (LOCALE_MARK.test(s) ? localePunctuation([...s]).join('') : s));
  },
};
