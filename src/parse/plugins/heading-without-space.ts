import type { MarkdownIt, StateBlock } from 'markdown-it';
import type { ParseEnv } from '../env.ts';

/**
 * `#第一章：开端`, with no space after the `#`, is a paragraph to CommonMark,
 * so the chapter would lose its heading and be titled by its file name. A
 * Chinese author types it so often, and means a heading so plainly, that it
 * is read as one, with a warning: other Markdown tools will not read it so.
 * Only a Han character or an opening bracket or quote after the marks counts;
 * `#话题#`, a hashtag, stays text.
 */
export function headingWithoutSpacePlugin(md: MarkdownIt): void {
  md.block.ruler.before(
    'heading',
    'heading_without_space',
    (state: StateBlock, startLine: number, _endLine: number, silent: boolean) => {
      if (state.sCount[startLine] - state.blkIndent >= 4) return false;
      const start = state.bMarks[startLine] + state.tShift[startLine];
      const line = state.src.slice(start, state.eMarks[startLine]);
      const m = HEADING.exec(line);
      if (!m || HASHTAG.test(m[2])) return false;
      if (silent) return true;
      const level = m[1].length;
      const content = m[2].replace(CLOSING, '').trim();
      const env = state.env as unknown as ParseEnv;
      env.diagnostics.warn('parse:heading-space', `'${line.trim()}' has no space after ${m[1]}, which Markdown needs for a heading; read as one (write '${m[1]} ${content}')`, {
        file: env.file,
        line: startLine + 1,
        column: 1 + state.sCount[startLine],
      });
      state.line = startLine + 1;
      const open = state.push('heading_open', `h${level}`, 1);
      open.markup = m[1];
      open.map = [startLine, state.line];
      const inline = state.push('inline', '', 0);
      inline.content = content;
      inline.map = [startLine, state.line];
      inline.children = [];
      state.push('heading_close', `h${level}`, -1).markup = m[1];
      return true;
    },
    // Like markdown-it's own heading, it may end a paragraph or a blockquote's lazy line.
    { alt: ['paragraph', 'reference', 'blockquote'] },
  );
}

const HEADING = /^(#{1,6})([\p{Script=Han}【《「『“‘（〈].*)$/u;
/** `#话题#`: a hashtag, not a heading. */
const HASHTAG = /^[^#\s]+#\s*$/u;
/** A closing run of #s after a space, as CommonMark allows on a heading. */
const CLOSING = /[ \t]+#+[ \t]*$/u;
