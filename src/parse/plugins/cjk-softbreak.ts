import type { MarkdownIt, StateCore } from 'markdown-it';
import { isWide } from '../../text/chars.ts';

/**
 * A line break inside a paragraph between two wide (CJK) characters is not a
 * space (pandoc's east_asian_line_breaks). The softbreak token stays, so the
 * model can still count source lines, but is marked to render as nothing.
 */
export function cjkSoftbreakPlugin(md: MarkdownIt): void {
  md.core.ruler.push('cjk_softbreak', (state: StateCore) => {
    for (const block of state.tokens) {
      const ch = block.children;
      if (block.type !== 'inline' || !ch) continue;
      for (let i = 0; i < ch.length; i++) {
        if (ch[i].type !== 'softbreak') continue;
        const before = lastChar(ch, i - 1, -1);
        const after = lastChar(ch, i + 1, 1);
        if (before && after && isWide(before) && isWide(after)) ch[i].meta = { ...(ch[i].meta ?? {}), cjk: true };
      }
    }
  });
}

/** The nearest character of text beside position i, looking through markup tokens. */
function lastChar(tokens: { type: string; content: string }[], i: number, dir: 1 | -1): string | undefined {
  for (; i >= 0 && i < tokens.length; i += dir) {
    const t = tokens[i];
    if (t.type === 'softbreak' || t.type === 'hardbreak') return undefined;
    if ((t.type === 'text' || t.type === 'code_inline') && t.content) {
      const cps = [...t.content];
      return dir === -1 ? cps[cps.length - 1] : cps[0];
    }
  }
  return undefined;
}
