import type { MarkdownIt, StateBlock } from 'markdown-it';

/**
 * Chinese manuscripts indent their paragraphs: two full-width spaces, which
 * the paragraph rule trims like any other whitespace, or four ASCII spaces
 * or a tab, which CommonMark reads as an indented code block. Read so, a
 * paragraph of the story would be set as code: kept in Simplified in the
 * Traditional editions, its punctuation never normalised. A block that
 * starts with such a line of prose is left to the paragraph rule instead;
 * code is fenced (```), as the starter book's is. Runs just before
 * markdown-it's `code` rule, which then sees the line as not indented.
 */
export function indentedProsePlugin(md: MarkdownIt): void {
  md.block.ruler.before('code', 'indented_prose', (state: StateBlock, startLine: number) => {
    if (state.sCount[startLine] - state.blkIndent < 4) return false;
    const line = state.src.slice(state.bMarks[startLine] + state.tShift[startLine], state.eMarks[startLine]);
    // The paragraph rule reads the line from the block's indent and trims what is left over.
    if (readsAsProse(line)) state.sCount[startLine] = state.blkIndent;
    return false;
  });
}

const HAN = /\p{Script=Han}/u;
/** How a line of code starts and a line of Chinese prose does not: a comment, a tag, an operator, a brace. */
const CODE_START = /^[!#$%&*+,\-./:;<=>?@[\\\]^_`{|}~]/u;

/** A Han character, or Chinese punctuation, quotes and dashes: no line of code starts so. */
const CHINESE_START = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef“‘—…]/u;

/**
 * Prose: it starts with Chinese (however much markup follows), or else does
 * not start as code does and at least a third of what is not space is Han
 * (`1956年夏，……` and `GPT-4发布那天` are prose; `print("你好")` and
 * `# 训练` are code).
 */
export function readsAsProse(line: string): boolean {
  if (CHINESE_START.test(line)) return true;
  if (CODE_START.test(line)) return false;
  let han = 0;
  let other = 0;
  for (const c of line) {
    if (HAN.test(c)) han++;
    else if (c.trim() !== '') other++;
  }
  return han > 0 && han * 2 >= other;
}
