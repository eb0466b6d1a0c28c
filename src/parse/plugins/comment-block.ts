import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';

/**
 * With `html: true`, an HTML comment on its own arrives as an `html_block`.
 * This rule retypes it as `comment_block` (so later stages never mistake it for
 * markup to sanitise) and flags a comment that never closes: markdown-it lets
 * such a block run to the end of the file, which would silently swallow the
 * rest of the chapter.
 */
export function commentBlockPlugin(md: MarkdownIt): void {
  md.core.ruler.after('block', 'comment_block', (state: StateCore) => {
    const env = state.env as unknown as ParseEnv;
    for (const tok of state.tokens) {
      if (tok.type !== 'html_block' || !/^\s*<!--/.test(tok.content)) continue;
      const line = (tok.map?.[0] ?? 0) + 1;
      const body = tok.content.replace(/^\s*<!--/, '');
      const end = body.indexOf('-->');
      if (end < 0) {
        env.diagnostics.error('parse:unclosed-comment', 'comment <!-- is never closed with -->; everything after it would be lost', {
          file: env.file,
          line,
          column: tok.content.indexOf('<!--') + 1,
        });
        tok.type = 'comment_block';
        tok.meta = { text: body, unclosed: true };
        continue;
      }
      const rest = body.slice(end + 3).trim();
      tok.type = 'comment_block';
      tok.meta = { text: body.slice(0, end), unclosed: false };
      if (rest) {
        // Text after --> on the comment's last line is story text; markdown-it
        // would have made it part of the html block.
        tok.meta.trailing = rest;
      }
    }
  });
}
