import { isHan } from '../text/chars.ts';

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
