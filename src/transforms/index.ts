import type { EditionTag } from '../config/editions.ts';
import { appendicesTransform } from './appendices.ts';
import { localePunctuationTransform } from './locale-punctuation.ts';
import { openccTransform } from './opencc.ts';
import { punctuationTransform } from './punctuation.ts';
import type { Transform } from './transform.ts';
import { unicodeTransform } from './unicode.ts';

/**
 * The transforms, in the order they run:
 *  0. Unicode normalisation (NFC, Kangxi radicals), so every later step sees one form of each character;
 *  1. punctuation normalisation, once, on the Simplified source;
 *  2. the appendices from the chapter metadata, once, so that they are
 *     converted with each edition like the chapters;
 *  3. per edition: OpenCC with the edition's glossary, then the locale's
 *     punctuation (「」 and a name's ‧ for Taiwan and Hong Kong).
 * A source transform's chapter step runs as each chapter is parsed, so every
 * chapter step comes before any book step (unicode's book step only touches
 * the book's title and author, which no chapter step reads).
 */
export const SOURCE_TRANSFORMS: readonly Transform[] = [unicodeTransform, punctuationTransform, appendicesTransform];

export function editionTransforms(edition: EditionTag): Transform[] {
  switch (edition) {
    case 'zh-Hans':
      return [];
    case 'zh-Hant-TW':
    case 'zh-Hant-HK':
      return [openccTransform, localePunctuationTransform];
  }
}
