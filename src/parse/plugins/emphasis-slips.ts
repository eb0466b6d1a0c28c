import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { inlineTexts } from './inline-texts.ts';

/**
 * Emphasis markers that open or close nothing: `** 重点 **` (a space inside
 * the markers), `**【门洛园总舵】` (the pair never closed), `他说*很好`.
 * Markdown prints them as asterisks, and a section heading so typed is lost,
 * so each is a warning at its line. Runs before text_join, while an escaped
 * `\*` is still a token of its own (text_special) and so is not reported;
 * `3*4`, `A*` and `learning_rate`, markers between Latin letters or digits,
 * are text as typed.
 */
export function emphasisSlipsPlugin(md: MarkdownIt): void {
  md.core.ruler.before('text_join', 'emphasis_slips', (state: StateCore) => {
    const env = state.env as unknown as ParseEnv;
    for (const { text, line } of inlineTexts(state, (source) => MARKER_IN.test(source))) {
      for (const m of text.matchAll(MARKERS)) {
        const before = text.slice(0, m.index).at(-1) ?? '';
        const after = text[m.index + m[0].length] ?? '';
        if (!stray(m[0], before, after)) continue;
        env.diagnostics.warn('parse:stray-emphasis', `'${m[0]}' opens or closes no emphasis here and is set as text (a space just inside the markers, or a pair never closed?)`, {
          file: env.file,
          line,
        });
      }
    }
  });
}

/** Asterisks are markup unless a lone one stands after a Latin letter or digit (3*4, A*) or between spaces; underscores only beside Chinese. */
function stray(run: string, before: string, after: string): boolean {
  if (run[0] === '_') return CJK.test(before) || CJK.test(after);
  return !(run.length === 1 && (LATIN.test(before) || (SPACE.test(before) && SPACE.test(after))));
}

const MARKER_IN = /[*_]/u;
const SPACE = /\s/u;
const MARKERS = /\*+|_+/gu;
const LATIN = /[A-Za-z0-9]/u;
const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
