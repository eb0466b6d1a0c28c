import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.ts';
import type { Asset, Chapter } from '../model/book.ts';
import { deepFreeze } from '../model/freeze.ts';

interface Entry {
  /** The chapter file's text, compared whole: cheaper than hashing it and never wrong. */
  text: string;
  /** The chapter as parsed and through every source transform's chapter step; frozen, shared by every build. */
  chapter: Chapter;
  diagnostics: Diagnostic[];
  assets: Asset[];
  /** Image files the chapter read, with the size and time they had. */
  stamps: Array<{ path: string; mtimeMs: number; size: number }>;
}

/**
 * Chapters kept between the builds of one `--watch` session, keyed by the
 * chapter's file and position and a hash of the config,
 * and checked against the chapter's text: an edit re-parses and re-normalises
 * one chapter, not the book.
 *
 * A hit is the very object the last build used, not a copy: copying a
 * million-character book costs more than parsing the edited chapter. It is
 * deeply frozen, so a later stage that wrote to it would throw rather than
 * change the next build's input; editions other than the source clone it.
 */
export class ChapterCache {
  private readonly entries = new Map<string, Entry>();
  private readonly used = new Set<string>();
  hits = 0;
  misses = 0;

  /** The part of every key that is the same for the whole build. */
  buildKey(config: unknown): string {
    return createHash('sha256').update(JSON.stringify(config)).digest('hex');
  }

  key(buildKey: string, path: string, id: string): string {
    return `${buildKey}\0${id}\0${path}`;
  }

  get(key: string, text: string): Entry | undefined {
    this.used.add(key);
    const e = this.entries.get(key);
    if (!e || e.text !== text) {
      this.misses++;
      return undefined;
    }
    for (const s of e.stamps) {
      try {
        const st = statSync(s.path);
        if (st.mtimeMs !== s.mtimeMs || st.size !== s.size) {
          this.misses++;
          return undefined;
        }
      } catch {
        this.misses++;
        return undefined;
      }
    }
    this.hits++;
    return e;
  }

  set(key: string, text: string, chapter: Chapter, diagnostics: Diagnostic[], assets: Asset[]): void {
    const stamps = assets.map((a) => {
      const st = statSync(a.source);
      return { path: a.source, mtimeMs: st.mtimeMs, size: st.size };
    });
    this.used.add(key);
    this.entries.set(key, { text, chapter: deepFreeze(chapter), diagnostics, assets, stamps });
  }

  /** Forgets chapters the last build did not use, so a long session keeps one version of each. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }
}
