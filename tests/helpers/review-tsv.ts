import { readFileSync } from 'node:fs';

/** A row of a review TSV, by column name. */
export type ReviewTsvRow = Record<string, string>;

/** The rows of `<slug>.<edition>.review.tsv`, read by its header: our tests read the file as a tool would. */
export function readReviewTsv(path: string): ReviewTsvRow[] {
  const [header, ...lines] = readFileSync(path, 'utf8').replace(/\n$/u, '').split('\n');
  const names = header.split('\t');
  return lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [names[i], v])));
}
