import { createRequire } from 'node:module';
import type MarkdownItClass from 'markdown-it';
import type { MarkdownIt as MarkdownItInstance } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { chineseQuoteEmphasisPlugin } from './plugins/chinese-quote-emphasis.ts';
import footnote from 'markdown-it-footnote';
import { bracketHeadingPlugin } from './plugins/bracket-heading.ts';
import { cjkSoftbreakPlugin } from './plugins/cjk-softbreak.ts';
import { commentBlockPlugin } from './plugins/comment-block.ts';
import { emphasisSlipsPlugin } from './plugins/emphasis-slips.ts';
import { footnoteSlipsPlugin } from './plugins/footnote-slips.ts';
import { headingWithoutSpacePlugin } from './plugins/heading-without-space.ts';
import { imageSlipsPlugin } from './plugins/image-slips.ts';
import { indentedProsePlugin } from './plugins/indented-prose.ts';
import { linkDefinitionsPlugin } from './plugins/link-definitions.ts';
import { setextUnderlinePlugin } from './plugins/setext-underline.ts';
import { tableSlipsPlugin } from './plugins/table-slips.ts';
import { unclosedFencePlugin } from './plugins/unclosed-fence.ts';

/** markdown-it's CommonJS build, for the reason fontkit is loaded so (fonts/fontkit.ts): its ES module build is 20 files with entities and mdurl. */
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as typeof MarkdownItClass;

/**
 * The one markdown-it instance the pipeline parses with. `html: true` so the
 * metadata comment arrives as a block we can read (and raw HTML as tokens we
 * can sanitise, instead of text); typographer off because its quote pairing
 * fails beside Han characters (src/transforms/punctuation.ts does it instead).
 */
export function createMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({ html: true, xhtmlOut: true, linkify: false, typographer: false });
  // Every link and image becomes a token: markdown-it leaves one whose target it distrusts
  // (file:, javascript:, data:) as raw Markdown text, printed with its brackets and target in
  // silence. inline-to-model.ts keeps only web and mail links and reports the rest.
  md.validateLink = () => true;
  // ~~x~~ has no meaning in a Chinese book; leave the tildes as text.
  md.disable('strikethrough');
  // `---` is a part break here, also right under a line of text (plugins/setext-underline.ts).
  md.disable('lheading');
  md.use(cjkFriendly);
  // After cjk-friendly: its inline state is the one this extends.
  md.use(chineseQuoteEmphasisPlugin);
  md.use(footnote);
  md.use(footnoteSlipsPlugin);
  md.use(commentBlockPlugin);
  md.use(bracketHeadingPlugin);
  md.use(cjkSoftbreakPlugin);
  md.use(indentedProsePlugin);
  md.use(headingWithoutSpacePlugin);
  md.use(setextUnderlinePlugin);
  md.use(imageSlipsPlugin);
  md.use(emphasisSlipsPlugin);
  md.use(tableSlipsPlugin);
  md.use(linkDefinitionsPlugin);
  md.use(unclosedFencePlugin);
  return md;
}
