import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';

/**
 * A table typed without the `| --- |` row under its header is a paragraph to
 * Markdown: its cells run together, pipes and all, with nothing said. A
 * paragraph of two or more lines that each start and end with `|` is
 * reported at its first line.
 */
export function tableSlipsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('table_slips', (state: StateCore) => {
    const env = state.env as unknown as ParseEnv;
    const tokens = state.tokens;
    for (let k = 0; k + 1 < tokens.length; k++) {
      if (tokens[k].type !== 'paragraph_open' || tokens[k + 1].type !== 'inline') continue;
      const lines = tokens[k + 1].content.split('\n');
      if (lines.length < 2 || !lines.every((l) => ROW.test(l))) continue;
      env.diagnostics.warn('parse:unread-table', 'these lines of | cells are not read as a table, as no | --- | row follows the first; they are set as one paragraph of text', {
        file: env.file,
        line: (tokens[k].map?.[0] ?? 0) + 1,
      });
    }
  });
}

const ROW = /^\s*\|.*\|\s*$/u;
