/**
 * The review's worker: collects each converted edition's one-to-many
 * choices from the Simplified source its first thread posts, and renders
 * the TSV and the HTML while that thread converts and renders the edition.
 * Runs the same collectReview() and renderers as a build without it, so
 * the files are byte for byte the same.
 */
import { parentPort } from 'node:worker_threads';
import type { EditionTag } from '../../config/editions.ts';
import { Diagnostics } from '../../diagnostics.ts';
import type { Book } from '../../model/book.ts';
import { reviewHtml } from '../../render/review/review-html.ts';
import { reviewTsv } from '../../render/review/review-tsv.ts';
import { collectReview } from '../../review/collect.ts';
import { Explainer } from '../../review/explain.ts';
import type { ReviewJob, ReviewAnswer } from './review-in-background.ts';

const port = parentPort!;
const titles = new Map<EditionTag, (title: string) => void>();
const titleOf = new Map<EditionTag, Promise<string>>();
const title = (edition: EditionTag) => {
  let p = titleOf.get(edition);
  if (!p) titleOf.set(edition, (p = new Promise((resolve) => titles.set(edition, resolve))));
  return p;
};

port.on('message', (m: ReviewJob) => {
  if (m.kind === 'title') {
    void title(m.edition);
    titles.get(m.edition)!(m.title);
    return;
  }
  if (m.kind === 'warm') {
    // Loaded while the first thread parses: the edition's dictionaries, otherwise built after it.
    for (const e of m.editions) new Explainer(e);
    return;
  }
  void review(m.source, m.editions, m.manuscriptDir).catch((e: unknown) => port.postMessage({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ReviewAnswer));
});

async function review(source: Book, editions: EditionTag[], dir: string): Promise<void> {
  for (const edition of editions) {
    // The accepted file's problems are reported by the first thread, which stops the build on them.
    const collected = collectReview({ ...source, edition }, edition, dir, new Diagnostics());
    const tsv = new TextEncoder().encode(reviewTsv(collected));
    const html = new TextEncoder().encode(reviewHtml(collected, await title(edition)));
    port.postMessage({ kind: 'files', edition, tsv, html } satisfies ReviewAnswer, [tsv.buffer, html.buffer]);
  }
  port.close();
}
