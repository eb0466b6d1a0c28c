import type { WriteBlocks } from '../../output/atomic-write.ts';
import type { EditionReview } from '../../review/collect.ts';
import { writeReviewHtml } from './review-html.ts';
import { writeReviewTsv } from './review-tsv.ts';

/** The review's two files, each made as the build writes it: together they run to megabytes, never held whole. */
export interface ReviewFiles {
  tsv: WriteBlocks;
  html: WriteBlocks;
}

/** The TSV and the HTML of a collected review; `title` is the edition's title as its book reads it, converted. */
export function reviewFiles(review: EditionReview, title: string): ReviewFiles {
  return { tsv: (sink) => writeReviewTsv(review, sink), html: (sink) => writeReviewHtml(review, title, sink) };
}
