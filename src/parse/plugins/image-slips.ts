import type { MarkdownIt, StateCore } from 'markdown-it';
import type { ParseEnv } from '../env.ts';
import { inlineTexts } from './inline-texts.ts';
import { locatedAt } from '../source-columns.ts';

/**
 * `![剑庐图](images/剑 庐.png)` is no image to Markdown, which ends a path at
 * a space: the figure would be missing and its markup printed as text, with
 * nothing said. What is still written as an image once markdown-it has read
 * the inline text is reported, with the fix when a space is the cause.
 */
export function imageSlipsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('image_slips', (state: StateCore) => {
    const env = state.env as unknown as ParseEnv;
    for (const { text, line } of inlineTexts(state, (source) => source.includes('!['))) {
      for (const m of text.matchAll(UNREAD_IMAGE)) {
        const [, alt, target] = m;
        const fix = /\s/u.test(target.trim()) ? `; Markdown ends a path at a space, so write it in angle brackets: ![${alt}](<${target.trim()}>)` : '';
        env.diagnostics.warn('parse:unread-image', `'${m[0]}' is not read as an image and is set as text${fix}`, locatedAt(env.file, line, env.columns.column(line, m[0])));
      }
    }
  });
}

const UNREAD_IMAGE = /!\[([^\]\n]*)\]\(([^)\n]*)\)/gu;
