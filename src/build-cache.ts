import type { DecodedFiles } from './load/manuscript.ts';
import { DeflateCache } from './output/zip.ts';
import { ChapterCache } from './parse/chapter-cache.ts';

/**
 * What a `--watch` session keeps from one build to the next: the decoded
 * chapter files, the parsed and normalised chapters, and the EPUB's deflated
 * entries. (Font subsets, and
 * the scans and merges made from frozen chapters, are kept process-wide.)
 */
export class BuildCache {
  readonly decoded: DecodedFiles = new Map();
  readonly chapters = new ChapterCache();
  private readonly deflated = new Map<string, DeflateCache>();

  /** The deflated entries of one archive (the editions' EPUBs have the same entry names). */
  deflateCacheFor(output: string): DeflateCache {
    let cache = this.deflated.get(output);
    if (!cache) this.deflated.set(output, (cache = new DeflateCache()));
    return cache;
  }
}
