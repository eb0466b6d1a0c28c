import type { Block, Book, Chapter, Inline } from '../../model/book.ts';
import { inlineText } from '../../model/walk.ts';
import { KEPT_LINK } from '../../model/link-target.ts';

/**
 * The book as the paper copy shows its links: paper cannot be clicked, so a
 * web or mail link's address follows its text in parentheses,
 * 图灵测试（https://en.wikipedia.org/wiki/Turing_test）, where the screen PDF
 * and the EPUB keep the link live and the text alone. A link whose text is
 * its address already is left as it is. The model itself is not changed:
 * the chapters are copied where a link is found, and `copied` is told of
 * each block copied.
 */
export function withPrintedLinks(book: Book, copied: (block: Block, copy: Block) => void = () => {}): Book {
  let changed = false;
  const mapBlocks = (blocks: Block[]): Block[] => {
    let any = false;
    const out = blocks.map((b): Block => {
      const mapped = mapBlock(b, mapBlocks);
      if (mapped !== b) {
        any = true;
        copied(b, mapped);
      }
      return mapped;
    });
    return any ? out : blocks;
  };
  const chapters = book.chapters.map((ch): Chapter => {
    const blocks = mapBlocks(ch.blocks);
    const footnotes = ch.footnotes.map((fn) => ({ ...fn, blocks: mapBlocks(fn.blocks) }));
    if (blocks === ch.blocks && footnotes.every((fn, i) => fn.blocks === ch.footnotes[i].blocks)) return ch;
    changed = true;
    return { ...ch, blocks, footnotes };
  });
  return changed ? { ...book, chapters } : book;
}

/** `b` with the addresses after its links' text, or `b` itself when it has none; `mapBlocks` maps the blocks inside it. */
function mapBlock(b: Block, mapBlocks: (blocks: Block[]) => Block[]): Block {
  switch (b.kind) {
    case 'paragraph':
    case 'closing':
    case 'heading': {
      const content = mapInlines(b.content);
      return content === b.content ? b : { ...b, content };
    }
    case 'poem': {
      const lines = b.lines.map(mapInlines);
      return lines.every((l, i) => l === b.lines[i]) ? b : { ...b, lines };
    }
    case 'recap':
    case 'note':
    case 'quote': {
      const blocks = mapBlocks(b.blocks);
      return blocks === b.blocks ? b : { ...b, blocks };
    }
    case 'list': {
      const items = b.items.map(mapBlocks);
      return items.every((it, i) => it === b.items[i]) ? b : { ...b, items };
    }
    case 'figure': {
      const caption = mapInlines(b.caption);
      return caption === b.caption ? b : { ...b, caption };
    }
    case 'table': {
      const head = b.head.map(mapInlines);
      const rows = b.rows.map((r) => r.map(mapInlines));
      const same = head.every((c, i) => c === b.head[i]) && rows.every((r, i) => r.every((c, j) => c === b.rows[i][j]));
      return same ? b : { ...b, head, rows };
    }
    case 'partBreak':
    case 'codeBlock':
      return b;
  }
}

function mapInlines(inlines: Inline[]): Inline[] {
  let changed = false;
  const out: Inline[] = [];
  for (const n of inlines) {
    if (n.kind === 'emphasis' || n.kind === 'strong') {
      const children = mapInlines(n.children);
      if (children !== n.children) changed = true;
      out.push(children === n.children ? n : { ...n, children });
      continue;
    }
    out.push(n);
    if (n.kind !== 'link' || !KEPT_LINK.test(n.href)) continue;
    const address = n.href.replace(/^mailto:/iu, '');
    const shown = inlineText(n.children).trim();
    if (shown === address || shown === n.href) continue;
    out.push({ kind: 'text', text: `（${address}）`, line: lineOf(n.children) });
    changed = true;
  }
  return changed ? out : inlines;
}

/** The source line of a link's text, for what the layout reports about the address after it. */
function lineOf(inlines: Inline[]): number {
  for (const n of inlines) {
    if (n.kind === 'text' || n.kind === 'code') return n.line;
    if ('children' in n) {
      const line = lineOf(n.children);
      if (line) return line;
    }
  }
  return 0;
}
