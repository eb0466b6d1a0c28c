import type { EditionReview } from '../../review/collect.ts';
import { reviewHtmlBytes } from './review-html.ts';
import { reviewTsvBytes } from './review-tsv.ts';

/** The review's two files, as its renderer writes them. */
export interface ReviewFiles {
  tsv: Uint8Array;
  html: Uint8Array;
}

/** The TSV and the HTML of a collected review; `title` is the edition's title as its book reads it, converted. */
export function reviewFiles(review: EditionReview, title: string): ReviewFiles {
  return { tsv: reviewTsvBytes(review), html: reviewHtmlBytes(review, title) };
}
