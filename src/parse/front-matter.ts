import type { Diagnostics } from '../diagnostics.ts';

/**
 * `---`, a `key: value` line, more such lines (or a list's indented ones,
 * or comments), then `---`: a static-site generator's front matter, at a file's top.
 */
const FRONT_MATTER = /^---[ \t]*\r?\n[A-Za-z_][\w-]*[ \t]*:.*\r?\n(?:(?:[A-Za-z_][\w-]*[ \t]*:.*|[ \t]+\S.*|#.*)\r?\n)*---[ \t]*(?:\r?\n|$)/u;

/**
 * Hugo, Jekyll and pandoc read YAML front matter; this book does not, and
 * Markdown sets it as text under the heading (title：第一回, then a part
 * break from its closing ---; its opening one, before anything, is left
 * out). Said at the file's first line, and left as the author wrote it:
 * nothing is dropped, and the place to put each thing is named. Whether the
 * file has it: its opening --- then needs no note of its own.
 */
export function noteFrontMatter(text: string, file: string, diagnostics: Diagnostics): boolean {
  if (!FRONT_MATTER.test(text)) return false;
  diagnostics.warn(
    'parse:front-matter',
    "YAML front matter is not read: it is set as text. A chapter's title is its '# 第N章：标题' heading, book-wide settings go in book.yaml; remove the block",
    { file, line: 1 },
  );
  return true;
}
