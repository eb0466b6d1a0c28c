import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import footnote from 'markdown-it-footnote';
import { bracketHeadingPlugin } from './plugins/bracket-heading.ts';
import { cjkSoftbreakPlugin } from './plugins/cjk-softbreak.ts';
import { commentBlockPlugin } from './plugins/comment-block.ts';

/**
 * The one markdown-it instance the pipeline parses with. `html: true` so the
 * metadata comment arrives as a block we can read (and raw HTML as tokens we
 * can sanitise, instead of text); typographer off because its quote pairing
 * fails beside Han characters (src/transforms/punctuation.ts does it instead).
 */
export function createMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: true, xhtmlOut: true, linkify: false, typographer: false });
  // ~~x~~ has no meaning in a Chinese book; leave the tildes as text.
  md.disable('strikethrough');
  md.use(cjkFriendly);
  md.use(footnote);
  md.use(commentBlockPlugin);
  md.use(bracketHeadingPlugin);
  md.use(cjkSoftbreakPlugin);
  return md;
}
