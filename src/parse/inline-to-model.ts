import type { Token } from 'markdown-it';
import type { Inline } from '../model/book.ts';
import type { ParseEnv } from './env.ts';
import { sanitizeHtml, scriptTag } from './sanitize-html.ts';
import { KEPT_LINK } from '../model/link-target.ts';
import { locatedAt } from './source-columns.ts';

/** Converts inline tokens, tracking the source line through soft and hard breaks. */
export function convertInlines(children: Token[], startLine: number, env: ParseEnv, chapterId: string): Inline[] {
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  const top = () => stack[stack.length - 1];
  let line = startLine;
  let skippingScript: string | null = null;
  const openContainer = (node: Inline & { children: Inline[] }) => {
    top().push(node);
    stack.push(node.children);
  };
  for (const c of children) {
    if (skippingScript) {
      if (c.type === 'softbreak' || c.type === 'hardbreak') line++;
      const tag = c.type === 'html_inline' ? scriptTag(c.content) : undefined;
      if (tag?.closing && tag.name === skippingScript) skippingScript = null;
      continue;
    }
    switch (c.type) {
      case 'text':
        if (c.content) top().push({ kind: 'text', text: c.content, line });
        break;
      case 'softbreak':
        if (!(c.meta as { cjk?: boolean } | null)?.cjk) top().push({ kind: 'text', text: ' ', line });
        line++;
        break;
      case 'hardbreak':
        top().push({ kind: 'lineBreak' });
        line++;
        break;
      case 'em_open':
        openContainer({ kind: 'emphasis', children: [] });
        break;
      case 'strong_open':
        openContainer({ kind: 'strong', children: [] });
        break;
      case 'link_open': {
        const href = String(c.attrGet('href') ?? '');
        if (KEPT_LINK.test(href)) {
          openContainer({ kind: 'link', href, children: [] });
          break;
        }
        // A relative path leads nowhere inside a book, and a #fragment names an id only the
        // pipeline assigns (in the EPUB, in another document): every output would differ.
        env.diagnostics.warn('parse:link-target', `link to '${href}' is not a web or mail address; its text is kept without the link`, locatedAt(env.file, line, env.columns.column(line, href, safeDecode(href))));
        // The link's text joins the text around it; link_close pops this entry.
        stack.push(top());
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'code_inline':
        top().push({ kind: 'code', text: c.content, line });
        break;
      case 'footnote_ref': {
        const m = c.meta as { id: number; label?: string };
        // The note's number, not the manuscript's label (markdown-it-footnote counts notes in the order of their first calls).
        top().push({ kind: 'footnoteRef', id: `${chapterId}-fn${m.id + 1}`, label: String(m.id + 1) });
        break;
      }
      case 'image': {
        // Images inside a heading or table cell: keep the alt text.
        const alt = plainTextOfTokens(c.children ?? []);
        if (alt) top().push({ kind: 'text', text: alt, line });
        env.diagnostics.warn('parse:inline-image', 'an image inside a heading or a table cell is set as its alt text', locatedAt(env.file, line, env.columns.column(line, '![')));
        break;
      }
      case 'html_inline': {
        const tag = scriptTag(c.content);
        if (tag && !tag.closing) {
          skippingScript = tag.name;
          warnHtml(env, [tag.name], true, locatedAt(env.file, line, env.columns.column(line, c.content)));
          break;
        }
        if (/^<!--/.test(c.content)) {
          env.diagnostics.info('parse:comment', 'comment is not shown in the book', locatedAt(env.file, line, env.columns.column(line, c.content)));
          break;
        }
        const clean = sanitizeHtml(c.content);
        // A closing tag's opening one was warned about: <b>粗</b> is one warning, not two.
        // <br> is not lost: it is the line break it asks for, as a line ending in a backslash is.
        const lost = clean.tags.filter((t) => t !== 'br');
        if (!/^<\//u.test(c.content) && lost.length) warnHtml(env, lost, clean.droppedScript, locatedAt(env.file, line, env.columns.column(line, c.content)));
        if (clean.tags.includes('br')) top().push({ kind: 'lineBreak' });
        else if (clean.text) top().push({ kind: 'text', text: clean.text, line });
        break;
      }
      default:
        if (c.content) {
          env.diagnostics.warn('parse:unsupported', `unsupported inline '${c.type}' set as plain text`, { file: env.file, line });
          top().push({ kind: 'text', text: c.content, line });
        }
    }
  }
  return root;
}

/** One warning per raw HTML fragment, naming the tags it lost. */
export function warnHtml(env: ParseEnv, tags: string[], droppedScript: boolean, where: { file: string; line: number; column?: number }): void {
  if (tags.length === 0) return;
  const names = [...new Set(tags)].map((t) => `<${t}>`).join(' ');
  // An <img> has no text to keep: the picture is lost, and Markdown has the way to place it.
  const image = tags.some((t) => t.toLowerCase() === 'img') ? '; an <img> is not placed: write ![what it shows](path) for a picture' : '';
  env.diagnostics.warn(
    droppedScript ? 'html:script-dropped' : 'html:tag-removed',
    (droppedScript ? `raw HTML ${names} removed; script and style content dropped` : `raw HTML ${names} removed, its text kept`) + image,
    where,
  );
}

export function plainTextOfTokens(tokens: Token[]): string {
  return tokens.map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : '')).join('');
}

/** Drops the whitespace-only text at a paragraph's edges that image splitting or breaks leave behind. */
export function trimEdges(content: Inline[]): Inline[] {
  const out = [...content];
  while (out.length && out[0].kind === 'text' && (out[0] as { text: string }).text.trim() === '') out.shift();
  while (out.length && out[out.length - 1].kind === 'text' && (out[out.length - 1] as { text: string }).text.trim() === '') out.pop();
  while (out.length && out[out.length - 1].kind === 'lineBreak') out.pop();
  if (out.length && out[0].kind === 'text') out[0] = { ...out[0], text: (out[0] as { text: string }).text.replace(/^\s+/u, '') };
  const last = out[out.length - 1];
  if (last && last.kind === 'text') out[out.length - 1] = { ...last, text: last.text.replace(/\s+$/u, '') };
  return out;
}

/** A link's target as written: markdown-it percent-encodes what it reads (剑庐 is %E5%89%91%E5%BA%90). */
function safeDecode(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}
