import type { MarkdownIt, StateBlock } from 'markdown-it';

export type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;

/**
 * Replaces one of markdown-it's block rules by `wrap(original)`. Ruler.at
 * would reset the rule's `alt` (the chains it may interrupt) to none, which
 * would change what ends a paragraph; the original's is kept.
 */
export function wrapBlockRule(md: MarkdownIt, name: string, wrap: (original: BlockRule) => BlockRule): void {
  const ruler = md.block.ruler;
  const rule = ruler.__rules__[ruler.__find__(name)];
  if (!rule) throw new Error(`markdown-it has no block rule '${name}'`);
  ruler.at(name, wrap(rule.fn), { alt: [...rule.alt] });
}

/** The text of a source line as the block parser sees it: after its container's markers and indent. */
export function blockLine(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
}

/** The 1-based column, in code points of the raw line, of a position in the source. */
export function columnOf(src: string, pos: number): number {
  const lineStart = src.lastIndexOf('\n', pos - 1) + 1;
  return [...src.slice(lineStart, pos)].length + 1;
}
