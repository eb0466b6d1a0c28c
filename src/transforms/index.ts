import type { EditionTag } from '../config/editions.ts';
import { localeQuotesTransform } from './locale-quotes.ts';
import { openccTransform } from './opencc.ts';
import { punctuationTransform } from './punctuation.ts';
import type { Transform } from './transform.ts';

/**
 * The transforms, in the order they run:
 *  1. punctuation normalisation, once, on the Simplified source;
 *  2. per edition: OpenCC with the edition's glossary, then the locale's
 *     punctuation (「」 for Taiwan and Hong Kong).
 */
export const SOURCE_TRANSFORMS: readonly Transform[] = [punctuationTransform];

export function editionTransforms(edition: EditionTag): Transform[] {
  switch (edition) {
    case 'zh-Hans':
      return [];
    case 'zh-Hant-TW':
    case 'zh-Hant-HK':
      return [openccTransform, localeQuotesTransform];
  }
}
