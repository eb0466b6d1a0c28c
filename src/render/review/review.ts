import type { Renderer } from '../renderer.ts';
import { reviewHtml } from './review-html.ts';
import { reviewTsv } from './review-tsv.ts';

/**
 * `--format review`: the Simplified-to-Traditional choices of a converted
 * edition, `<slug>.<edition>.review.tsv` for tools and `.review.html` for the
 * author. A Simplified edition converts nothing and gets neither.
 */
export const reviewRenderer: Renderer = {
  async render(ctx) {
    const review = ctx.review;
    if (!review) {
      ctx.diagnostics.info('review:nothing-converted', `${ctx.book.edition} is not converted from Simplified: there is no review to write`);
      return [];
    }
    const bytes = (s: string) => new TextEncoder().encode(s);
    return [
      { kind: 'file', suffix: 'review.tsv', bytes: bytes(reviewTsv(review)) },
      { kind: 'file', suffix: 'review.html', bytes: bytes(reviewHtml(review, ctx.book.meta.title)) },
    ];
  },
};
