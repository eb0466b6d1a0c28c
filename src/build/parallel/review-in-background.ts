import { Worker } from 'node:worker_threads';
import type { EditionTag } from '../../config/editions.ts';
import type { Book } from '../../model/book.ts';

/** The review's two files, as the renderer returns them. */
export interface ReviewFiles {
  tsv: Uint8Array;
  html: Uint8Array;
}

/** What the first thread tells the review's worker. */
export type ReviewJob =
  | { kind: 'warm'; editions: EditionTag[] }
  | { kind: 'collect'; source: Book; editions: EditionTag[]; manuscriptDir: string }
  | { kind: 'title'; edition: EditionTag; title: string };

/** What it answers: an edition's files, or a crash. */
export type ReviewAnswer = ({ kind: 'files'; edition: EditionTag } & ReviewFiles) | { kind: 'failed'; message: string };

/**
 * The review of a build, made on a worker thread while this thread converts
 * the editions and renders their other formats: on a machine with a second
 * core, writing the review costs the build little more than posting the
 * source (a structured clone) and writing the files.
 *
 * Started before the manuscript is parsed, so that the worker loads the
 * pipeline and builds OpenCC's tries meanwhile. The worker never keeps the
 * process alive unless a file is awaited: a build that stops on an error
 * leaves it behind unanswered.
 */
export class ReviewInBackground {
  private readonly worker: Worker;
  private readonly waiting = new Map<EditionTag, { resolve(f: ReviewFiles): void; reject(e: Error): void }>();
  private readonly answered = new Map<EditionTag, Promise<ReviewFiles>>();
  private failure: Error | undefined;

  constructor(editions: EditionTag[]) {
    this.worker = new Worker(new URL('./review-worker-entry.mjs', import.meta.url));
    this.worker.unref();
    for (const e of editions) {
      const p = new Promise<ReviewFiles>((resolve, reject) => this.waiting.set(e, { resolve, reject }));
      // Awaited only when its renderer runs; a failure before then must not count as unhandled.
      p.catch(() => undefined);
      this.answered.set(e, p);
    }
    this.worker.on('message', (m: ReviewAnswer) => {
      if (m.kind === 'failed') return this.fail(new Error(`the review's worker failed: ${m.message}`));
      this.waiting.get(m.edition)?.resolve({ tsv: m.tsv, html: m.html });
      this.waiting.delete(m.edition);
      if (this.waiting.size === 0) this.worker.unref();
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('messageerror', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the review's worker stopped (exit code ${code}) before it answered`)));
    this.post({ kind: 'warm', editions });
  }

  /** The Simplified source, posted before any edition's transforms change it. */
  collect(source: Book, editions: EditionTag[], manuscriptDir: string): void {
    this.post({ kind: 'collect', source, editions, manuscriptDir });
  }

  /** The edition's title as its book reads it, once converted: the HTML's heading. */
  title(edition: EditionTag, title: string): void {
    this.post({ kind: 'title', edition, title });
  }

  files(edition: EditionTag): Promise<ReviewFiles> {
    const p = this.answered.get(edition);
    if (!p) return Promise.reject(new Error(`no review was asked for ${edition}`));
    // Referenced while a file is awaited, so the process waits for it.
    if (this.waiting.has(edition)) this.worker.ref();
    return p;
  }

  /** Ends the worker, for a build that stopped. */
  stop(): void {
    void this.worker.terminate();
  }

  private post(job: ReviewJob): void {
    if (!this.failure) this.worker.postMessage(job);
  }

  private fail(e: Error): void {
    if (this.waiting.size === 0) return;
    this.failure ??= e;
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
    this.worker.unref();
  }
}
