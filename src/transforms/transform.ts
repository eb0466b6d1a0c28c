import type { AppendixOptions } from '../config/appendices.ts';
import type { EditionTag } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { Book } from '../model/book.ts';

export interface TransformContext {
  edition: EditionTag;
  diagnostics: Diagnostics;
  /** Absolute manuscript folder, where per-edition files such as the glossary live; absent for a fragment. */
  manuscriptDir?: string;
  /** book.yaml's `appendices`, for the appendices transform; absent: none are made. */
  appendices?: AppendixOptions;
}

/** A named step over the book model (mdBook's preprocessor, pandoc's Transform). */
export interface Transform {
  name: string;
  run(book: Book, ctx: TransformContext): void;
}
