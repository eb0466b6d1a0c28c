import type { MarkdownIt, StateBlock } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { blockLine, columnOf, wrapBlockRule } from './wrap-block-rule.ts';

/**
 * A code fence (```) with no closing fence runs to the end of the chapter, or
 * of the quote or list it stands in: every paragraph and heading after it is
 * set as code, in monospace, out of the contents and never normalised, and
 * nothing says so. markdown-it does not record whether a fence closed; its
 * last line tells, read by the same test its fence rule uses.
 */
export function unclosedFencePlugin(md: MarkdownIt): void {
  wrapBlockRule(md, 'fence', (original) => (state, startLine, endLine, silent) => {
    const tokenCount = state.tokens.length;
    if (!original(state, startLine, endLine, silent)) return false;
    if (silent) return true;
    const markup = state.tokens[tokenCount]?.markup ?? '```';
    if (closes(state, state.line - 1, startLine, markup)) return true;
    const env = state.env as unknown as ParseEnv;
    const pos = state.bMarks[startLine] + state.tShift[startLine];
    const wholeChapter = state.line >= state.bMarks.length - 1;
    const where = wholeChapter ? 'the rest of the chapter, headings and all, is set as code' : `it runs as code to line ${state.line}, where its quote or list ends`;
    env.diagnostics.warn('parse:unclosed-fence', `code block opened here with ${markup} is never closed, so ${where}; end the code with a line of ${markup}`, {
      file: env.file,
      line: startLine + 1,
      column: columnOf(state.src, pos),
    });
    return true;
  });
}

/** True when `line` is the fence's closing line: markup of its character, at least as long, alone on the line, indented under 4. */
function closes(state: StateBlock, line: number, startLine: number, markup: string): boolean {
  if (line <= startLine || state.sCount[line] - state.blkIndent >= 4) return false;
  const run = /^(`+|~+)[ \t]*$/u.exec(blockLine(state, line))?.[1];
  return run !== undefined && run[0] === markup[0] && run.length >= markup.length;
}
