import type { Block, Book, Inline } from '../../src/model/book.ts';

/** What a reader sees of inline content, footnote marks included. */
export function shownText(inlines: Inline[]): string {
  let s = '';
  for (const n of inlines) {
    if (n.kind === 'text' || n.kind === 'code') s += n.text;
    else if (n.kind === 'footnoteRef') s += n.label;
    else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link') s += shownText(n.children);
  }
  return s;
}

export interface ExpectedParagraph {
  text: string;
  /** Where it sits: top-level body text, or inside a recap, note or quote. */
  context: 'body' | 'inset';
}

/** The justified prose paragraphs of a book, in reading order. */
export function proseParagraphs(book: Book): ExpectedParagraph[] {
  const out: ExpectedParagraph[] = [];
  const visit = (blocks: Block[], context: ExpectedParagraph['context']) => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') out.push({ text: shownText(b.content), context });
      else if (b.kind === 'recap' || b.kind === 'quote' || b.kind === 'note') visit(b.blocks, 'inset');
    }
  };
  for (const ch of book.chapters) visit(ch.blocks, 'body');
  return out;
}

export function headingTexts(book: Book): string[] {
  const out: string[] = [];
  const visit = (blocks: Block[]) => {
    for (const b of blocks) {
      if (b.kind === 'heading') out.push(shownText(b.content));
      else if (b.kind === 'recap' || b.kind === 'quote' || b.kind === 'note') visit(b.blocks);
    }
  };
  for (const ch of book.chapters) {
    if (ch.label) out.push(ch.label);
    if (ch.title) out.push(ch.title);
    visit(ch.blocks);
  }
  return out;
}
