import type { Diagnostics } from '../diagnostics.ts';

/** The per-document env markdown-it threads through every rule. */
export interface ParseEnv {
  /** Absolute path of the chapter file. */
  file: string;
  diagnostics: Diagnostics;
}
