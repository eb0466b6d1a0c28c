import type { AppendixOptions } from '../config/appendices.ts';
import type { EditionTag } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { Book, Chapter } from '../model/book.ts';

export interface TransformContext {
  edition: EditionTag;
  diagnostics: Diagnostics;
  /** Absolute manuscript folder, where per-edition files such as the glossary live; absent for a fragment. */
  manuscriptDir?: string;
  /** book.yaml's `appendices`, for the appendices transform; absent: none are made. */
  appendices?: AppendixOptions;
  /**
   * The edition's reading of source strings worked out already (the review
   * explains the conversion before it runs): the conversion takes these as
   * they are. Each is what the edition's converter returns for its key.
   */
  readings?: ReadonlyMap<string, string>;
}

/**
 * A named step over the book model (mdBook's preprocessor, pandoc's Transform),
 * in two parts. `chapter` is work that reads and writes one chapter alone: it
 * runs as the chapter is parsed, and a watch session keeps the result with the
 * parse. `book` is the rest, run on the whole book after every chapter's part
 * (the generated appendices see only this part).
 */
export interface Transform {
  name: string;
  chapter?(chapter: Chapter, ctx: TransformContext): void;
  book?(book: Book, ctx: TransformContext): void;
}

/** The whole transform on a whole book: each chapter's part, then the book's. */
export function runTransform(t: Transform, book: Book, ctx: TransformContext): void {
  if (t.chapter) for (const chapter of book.chapters) t.chapter(chapter, ctx);
  t.book?.(book, ctx);
}
