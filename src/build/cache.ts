import type { DecodedFiles } from '../load/manuscript.ts';
import { DeflateCache } from '../output/zip.ts';
import { ChapterCache } from '../parse/chapter-cache.ts';

/**
 * What a `--watch` session keeps from one build to the next: the decoded
 * chapter files, the parsed and normalised chapters, and the EPUB's deflated
 * entries. Other stages keep their own work process-wide, keyed so that it
 * is right in any build: font subsets and their merges (by the fonts and
 * characters), the font scan and the XHTML of each frozen chapter (the
 * chapters this cache returns), and the appendices of the last build (by
 * every chapter's metadata).
 */
export class BuildCache {
  readonly decoded: DecodedFiles = new Map();
  readonly chapters = new ChapterCache();
  private readonly deflated = new Map<string, DeflateCache>();

  /** The deflated entries of one output (the editions' EPUBs have the same entry names, so each has its own). */
  deflateCacheFor(output: string): DeflateCache {
    let cache = this.deflated.get(output);
    if (!cache) this.deflated.set(output, (cache = new DeflateCache()));
    return cache;
  }

  /** Forgets the entries of outputs the last build did not make (an edition or format no longer asked for). */
  keepDeflated(outputs: Iterable<string>): void {
    const kept = new Set(outputs);
    for (const key of this.deflated.keys()) if (!kept.has(key)) this.deflated.delete(key);
  }
}
