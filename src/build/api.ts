import type { EditionTag, Format, Layout } from '../config/editions.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { BuildCache } from './cache.ts';

/*
 * The build's contracts, types only: what callers pass to build() and get
 * back. Every module of build/ and the CLI import them from here, so that no
 * module needs the one that chooses a serial or a parallel build.
 */

export interface BuildOptions {
  /** Absolute manuscript folder (holds book.yaml and the chapters). */
  chaptersDir: string;
  /** Absolute output folder. */
  outDir: string;
  /** Override book.yaml's editions / formats. */
  editions?: EditionTag[];
  formats?: Format[];
  /** Override book.yaml's `layout` for every edition. */
  layouts?: Layout[];
  /** Seconds since 1970, as the reproducible-builds convention passes it. */
  sourceDateEpoch?: string;
  allowMissingGlyphs?: boolean;
  /** Any warning fails the build, before anything is written. */
  strict?: boolean;
  /**
   * `check`: count each converted edition's one-to-many choices and note how
   * many are not yet accepted (review:pending).
   */
  pendingReview?: boolean;
  /** What a watch session keeps between its builds. */
  cache?: BuildCache;
  /**
   * Worker threads for a build of several editions (default 1). Each worker
   * runs the compiled JavaScript beside this module, or under tsx the
   * TypeScript source; the outputs are identical to a serial build's.
   */
  workers?: number;
  /**
   * Set by a parallel build for its threads: every place of a missing
   * character is reported, and the merged reports are capped once there.
   */
  everyMissingPlace?: boolean;
  /**
   * Called as each stage starts, for progress display. The rendering stages
   * also say how far the build is: `step` counts them across every edition and format.
   */
  onStage?: (stage: string, step?: { done: number; total: number }) => void;
}

export interface BuiltFile {
  path: string;
  edition: EditionTag;
  format: Format;
  layout: Layout;
  bytes: number;
  /** Page count, for the formats that have pages. */
  pages?: number;
  ms: number;
}

/** One embedded face of one edition, for the build's font report. */
export interface FontUse {
  edition: EditionTag;
  role: string;
  label: string;
  glyphs: number;
  /**
   * Bytes of the standalone subset embedded in the EPUB. A build with no
   * EPUB or preview makes only the chunked families' subsets; the other
   * faces, subset by each PDF for itself, have none.
   */
  subsetBytes?: number;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  outputs: BuiltFile[];
  fonts: FontUse[];
}
