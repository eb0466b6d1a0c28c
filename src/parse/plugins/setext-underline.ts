import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';

/**
 * In this manuscript form `---` is a part break and headings are `#` lines
 * (docs/manuscript-format.md), so markdown-it's setext headings are off
 * (markdown.ts): `---` under the last line of a part, with no blank line
 * between, breaks the part instead of making that line a heading in the
 * navigation. A `===` underline then stays in its paragraph as text, which
 * the author is told of.
 */
export function setextUnderlinePlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'setext_underline', (state: StateCore) => {
    const env = state.env as unknown as ParseEnv;
    let lines: string[] | undefined;
    for (const tok of state.tokens) {
      if (tok.type !== 'paragraph_open' || !tok.map) continue;
      const [from, to] = tok.map;
      // A paragraph's first line is never an underline: it has text above it or none at all.
      for (let k = from + 1; k < to; k++) {
        lines ??= state.src.split('\n');
        if (!UNDERLINE.test(lines[k] ?? '')) continue;
        env.diagnostics.warn('parse:unsupported', "a line of '=' under text underlines a heading in Markdown; this book's headings are # lines, so it is set as text", {
          file: env.file,
          line: k + 1,
        });
      }
    }
  });
}

const UNDERLINE = /^ {0,3}=+[ \t]*\r?$/u;
