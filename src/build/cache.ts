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

  /** The deflated entries of one archive (the editions' EPUBs have the same entry names). */
  deflateCacheFor(output: string): DeflateCache {
    let cache = this.deflated.get(output);
    if (!cache) this.deflated.set(output, (cache = new DeflateCache()));
    return cache;
  }
}
