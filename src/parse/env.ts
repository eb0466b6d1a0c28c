import type { Diagnostics } from '../diagnostics.ts';
import type { SourceColumns } from './source-columns.ts';

/** The per-document env markdown-it threads through every rule. */
export interface ParseEnv {
  /** Absolute path of the chapter file. */
  file: string;
  diagnostics: Diagnostics;
  /** The file opens with YAML front matter, reported already (parse:front-matter): its first `---` needs no note of its own. */
  frontMatter?: boolean;
  /** Columns of inline markup, which markdown-it reports by line only. */
  columns: SourceColumns;
}
