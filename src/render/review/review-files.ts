import type { EditionTag } from '../../config/editions.ts';
import type { EditionReview } from '../../review/collect.ts';
import { HtmlSink } from './review-html.ts';
import { TsvSink } from './review-tsv.ts';

/** The review's two files, as its renderer writes them. */
export interface ReviewFiles {
  tsv: Uint8Array;
  html: Uint8Array;
}

/** What the two files take of each row as the review is collected (collectReview's sinks). */
export class ReviewWriters {
  readonly tsv: TsvSink;
  readonly html: HtmlSink;

  constructor(edition: EditionTag, manuscriptDir: string) {
    this.tsv = new TsvSink(manuscriptDir);
    this.html = new HtmlSink(edition, manuscriptDir);
  }

  get sinks(): [TsvSink, HtmlSink] {
    return [this.tsv, this.html];
  }

  /** The TSV and the HTML of the review collected into them; `title` is the edition's title as its book reads it, converted. */
  files(review: EditionReview, title: string): ReviewFiles {
    return { tsv: this.tsv.bytes(), html: new TextEncoder().encode(this.html.html(review, title)) };
  }
}
