import type { MarkdownIt, StateBlock, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { blockLine, columnOf, wrapBlockRule } from './wrap-block-rule.ts';

/**
 * Two table slips Markdown passes over in silence. A table typed without the
 * `| --- |` row under its header is a paragraph: its cells run together,
 * pipes and all; a paragraph of two or more lines that each start and end
 * with `|` is reported at its first line. And a row with more cells than the
 * header has columns loses the extra cells (GFM drops them): each such row is
 * reported at its line, with the text that is not printed.
 */
export function tableSlipsPlugin(md: MarkdownIt): void {
  wrapBlockRule(md, 'table', (original) => (state, startLine, endLine, silent) => {
    const tokenCount = state.tokens.length;
    if (!original(state, startLine, endLine, silent)) return false;
    if (!silent) reportExtraCells(state, tokenCount);
    return true;
  });
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

/** Reads each body row of the table just pushed (from `from`) again, as markdown-it's table rule splits it. */
function reportExtraCells(state: StateBlock, from: number): void {
  const tokens = state.tokens;
  let k = from;
  let columns = 0;
  for (; k < tokens.length && tokens[k].type !== 'thead_close'; k++) if (tokens[k].type === 'th_open') columns++;
  const env = state.env as unknown as ParseEnv;
  for (; k < tokens.length; k++) {
    const line = tokens[k].map?.[0];
    if (tokens[k].type !== 'tr_open' || line === undefined) continue;
    const text = blockLine(state, line);
    const cells = splitRow(text);
    const extra = cells.slice(columns);
    if (extra.every((c) => c.text.trim() === '')) continue;
    const dropped = extra.map((c) => c.text.trim()).join(' | ');
    const first = extra.find((c) => c.text.trim() !== '')!;
    env.diagnostics.warn('parse:table-cells', `row has ${cells.length} cells but the table has ${columns} columns; '${dropped}' is not printed (add a column to the header and the | --- | row, or write \\| for a | inside a cell)`, {
      file: env.file,
      line: line + 1,
      column: columnOf(state.src, state.bMarks[line] + state.tShift[line] + first.at + first.text.length - first.text.trimStart().length),
    });
  }
}

/**
 * The cells of a row, each with its offset in `text`: split at each `|` not
 * after a backslash, an empty first and last cell (the edge pipes) dropped,
 * as markdown-it's escapedSplit does.
 */
function splitRow(text: string): Array<{ text: string; at: number }> {
  const end = text.trimEnd().length;
  const cells: Array<{ text: string; at: number }> = [];
  let start = text.length - text.trimStart().length;
  for (let i = start; i <= end; i++) {
    if (i < end && (text[i] !== '|' || text[i - 1] === '\\')) continue;
    cells.push({ text: text.slice(start, i), at: start });
    start = i + 1;
  }
  if (cells.length && cells[0].text === '') cells.shift();
  if (cells.length && cells[cells.length - 1].text === '') cells.pop();
  return cells;
}
