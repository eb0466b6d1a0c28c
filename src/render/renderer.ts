import type { Layout } from '../config/editions.ts';
import type { PrintSettings } from '../config/print.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { FontPlan } from '../fonts/font-plan.ts';
import type { WebFont } from '../fonts/web-fonts.ts';
import type { Book } from '../model/book.ts';
import type { WriteBlocks } from '../output/atomic-write.ts';
import type { DeflateCache } from '../output/zip.ts';

/*
 * The contract every output format keeps (pandoc's table of writers): a
 * renderer reads one edition's book and returns its files as bytes. It
 * writes nothing itself; the build names the files and writes each whole.
 */

/** What a renderer is given: one edition, final. */
export interface RenderContext {
  book: Book;
  plan: FontPlan;
  /** Horizontal (横排) or vertical (直排); a renderer given a layout it cannot set is never called (build/prepare.ts). */
  layout: Layout;
  /** The edition's standalone font subsets (all of them when an EPUB or preview is built, else the chunked families'). */
  webFonts: WebFont[];
  /** Where renderers report what laying out finds (a word broken, a colour image converted). */
  diagnostics: Diagnostics;
  /** book.yaml `print:` with its defaults. */
  print: PrintSettings;
  /**
   * Settles once `book.cover` is drawn, when the build draws it meanwhile;
   * a renderer awaits it before it reads the cover.
   */
  coverDrawn?: Promise<void>;
  /** The EPUB's entries deflated by earlier builds of a watch session. */
  deflateCache?: DeflateCache;
  /** The edition's Simplified-to-Traditional review, when the build asked for it: collected before the edition is converted, rendered when asked (render/review/review-files.ts). */
  reviewFiles?: () => Promise<{ tsv: WriteBlocks; html: WriteBlocks }>;
  /** The file name the build gives an output of this edition (`suffix` as in RenderedOutput), for messages that name it. */
  outputName(suffix: string): string;
}

/**
 * One output: a file, a file made as it is written (`blocks`: the review's,
 * which run to megabytes), or a folder written and swapped in whole (the
 * HTML preview). `suffix` follows `<slug>.<edition>`: `epub`, `print.pdf`,
 * or nothing for the preview's folder.
 */
export type RenderedOutput =
  | { kind: 'file'; suffix: string; bytes: Uint8Array; pages?: number }
  | { kind: 'blocks'; suffix: string; write: WriteBlocks }
  | { kind: 'folder'; suffix: string; files: ReadonlyMap<string, Uint8Array | string>; entry: string };

export interface Renderer {
  render(ctx: RenderContext): Promise<RenderedOutput[]>;
}
