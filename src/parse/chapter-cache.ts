import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.ts';
import type { Asset, Chapter } from '../model/book.ts';

/** Bumped when the parser's output for the same text changes shape. */
const PARSER_VERSION = '1';

interface Entry {
  /** The parsed chapter before any transform; handed out as a copy. */
  chapter: Chapter;
  diagnostics: Diagnostic[];
  assets: Asset[];
  /** Image files the chapter read, with the size and time they had. */
  stamps: Array<{ path: string; mtimeMs: number; size: number }>;
}

/**
 * Parsed chapters kept between the builds of one `--watch` session, keyed by
 * a hash of the chapter's text, its position, the config and the parser
 * version: an edit re-parses one chapter, not the book.
 */
export class ChapterCache {
  private readonly entries = new Map<string, Entry>();

  key(text: string, path: string, id: string, config: unknown): string {
    return createHash('sha256').update(PARSER_VERSION).update('\0').update(id).update('\0').update(path).update('\0').update(JSON.stringify(config)).update('\0').update(text).digest('hex');
  }

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    for (const s of e.stamps) {
      try {
        const st = statSync(s.path);
        if (st.mtimeMs !== s.mtimeMs || st.size !== s.size) return undefined;
      } catch {
        return undefined;
      }
    }
    return { ...e, chapter: structuredClone(e.chapter) };
  }

  set(key: string, chapter: Chapter, diagnostics: Diagnostic[], assets: Asset[]): void {
    const stamps = assets.map((a) => {
      const st = statSync(a.source);
      return { path: a.source, mtimeMs: st.mtimeMs, size: st.size };
    });
    this.entries.set(key, { chapter: structuredClone(chapter), diagnostics, assets, stamps });
  }
}
