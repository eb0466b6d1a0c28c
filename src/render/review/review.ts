import type { Renderer } from '../renderer.ts';

/**
 * `--format review`: the Simplified-to-Traditional choices of a converted
 * edition, `<slug>.<edition>.review.tsv` for tools and `.review.html` for the
 * author, rendered (review-tsv.ts, review-html.ts) from what the build
 * collected before it converted the edition. A Simplified edition converts
 * nothing and gets neither.
 */
export const reviewRenderer: Renderer = {
  async render(ctx) {
    if (!ctx.reviewFiles) {
      ctx.diagnostics.info('review:nothing-converted', `${ctx.book.edition} is not converted from Simplified: there is no review to write`);
      return [];
    }
    const { tsv, html } = await ctx.reviewFiles();
    return [
      { kind: 'blocks', suffix: 'review.tsv', write: tsv },
      { kind: 'blocks', suffix: 'review.html', write: html },
    ];
  },
};
