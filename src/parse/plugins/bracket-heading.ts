import type { MarkdownIt, StateCore, Token } from 'markdown-it';

/**
 * A paragraph holding only `**…**` is a heading in this manuscript form:
 * `**【门洛园总舵】**` is a section (h2, in the navigation) and
 * `**第一层：基础模型开源**` a run-in subheading (h3-level, not in the navigation).
 * Runs at the end of the core chain, after text_join, so the strong's text is one token.
 */
export function bracketHeadingPlugin(md: MarkdownIt): void {
  md.core.ruler.push('bracket_heading', (state: StateCore) => {
    const t = state.tokens;
    for (let i = 0; i + 2 < t.length; i++) {
      const open = t[i];
      const inline = t[i + 1];
      const close = t[i + 2];
      if (open.type !== 'paragraph_open' || open.hidden || inline.type !== 'inline' || close.type !== 'paragraph_close') continue;
      const ch = (inline.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === ''));
      if (ch.length < 3 || ch[0].type !== 'strong_open' || ch[ch.length - 1].type !== 'strong_close') continue;
      // The strong must span the whole paragraph: no second strong, no line break inside.
      const inner = ch.slice(1, -1);
      if (inner.some((c) => c.type === 'strong_open' || c.type === 'softbreak' || c.type === 'hardbreak')) continue;
      const text = inner.map((c) => c.content).join('').trim();
      const bracket = /^【([^【】]+)】$/u.exec(text);
      const role = bracket ? 'section' : 'runin';
      if (bracket) {
        // Keep the inner tokens, minus the brackets, so inline markup survives.
        const first = inner.find((c) => c.type === 'text');
        const last = [...inner].reverse().find((c) => c.type === 'text');
        if (first) first.content = first.content.replace(/^\s*【/u, '');
        if (last) last.content = last.content.replace(/】\s*$/u, '');
      }
      setHeading(open, 'heading_open', role);
      setHeading(close, 'heading_close', role);
      inline.children = inner;
    }
  });
}

function setHeading(tok: Token, type: string, role: string): void {
  tok.type = type;
  tok.tag = role === 'section' ? 'h2' : 'h3';
  tok.markup = '**';
  tok.meta = { ...(tok.meta ?? {}), role };
}
