import type { Block, Book, Chapter, Inline } from './book.ts';

/**
 * A run of inline content that reads as one unit: a paragraph, a heading, a
 * poem (its lines together), a table cell. Transforms that pair quotes or look
 * at neighbouring characters work unit by unit.
 */
export interface TextUnit {
  chapter: Chapter;
  /** The inline sequences of the unit, in reading order (a poem has one per line). */
  parts: Inline[][];
  kind: Block['kind'] | 'cell' | 'headCell';
  /** The block the unit is, when it is a whole block (not a table cell). */
  block?: Block;
  line: number;
}

export function* textUnits(book: Book): Generator<TextUnit> {
  for (const chapter of book.chapters) {
    yield* chapterUnits(chapter);
  }
}

export function* chapterUnits(chapter: Chapter): Generator<TextUnit> {
  yield* blockUnits(chapter, chapter.blocks);
  for (const fn of chapter.footnotes) yield* blockUnits(chapter, fn.blocks);
}

function* blockUnits(chapter: Chapter, blocks: Block[]): Generator<TextUnit> {
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
      case 'closing':
      case 'heading':
        yield { chapter, parts: [b.content], kind: b.kind, block: b, line: b.line };
        break;
      case 'poem':
        yield { chapter, parts: b.lines, kind: 'poem', block: b, line: b.line };
        break;
      case 'recap':
      case 'note':
      case 'quote':
        yield* blockUnits(chapter, b.blocks);
        break;
      case 'list':
        for (const item of b.items) yield* blockUnits(chapter, item);
        break;
      case 'table':
        for (const cell of b.head) yield { chapter, parts: [cell], kind: 'headCell', line: b.line };
        for (const cell of b.rows.flat()) yield { chapter, parts: [cell], kind: 'cell', line: b.line };
        break;
      case 'figure':
        yield { chapter, parts: [b.caption], kind: 'figure', block: b, line: b.line };
        // The alt text is converted and typeset like the caption: a reader shows it when the image fails.
        if (b.alt) yield { chapter, parts: [b.alt], kind: 'figure', line: b.line };
        break;
      case 'partBreak':
      case 'codeBlock':
        break;
    }
  }
}

/** How many times each of a chapter's footnotes is called, in its text and its notes, by the note's id. */
export function noteCalls(chapter: Chapter): Map<string, number> {
  const calls = new Map<string, number>();
  const visit = (nodes: Inline[]) => {
    for (const n of nodes) {
      if (n.kind === 'footnoteRef') calls.set(n.id, (calls.get(n.id) ?? 0) + 1);
      else if (n.kind === 'strong' || n.kind === 'emphasis' || n.kind === 'link') visit(n.children);
    }
  };
  for (const unit of chapterUnits(chapter)) for (const part of unit.parts) visit(part);
  return calls;
}

/** Every block of a chapter and of its footnotes, depth first: those inside quotes, notes and list items too. */
export function* chapterBlocks(chapter: Chapter): Generator<Block> {
  const visit = function* (blocks: Block[]): Generator<Block> {
    for (const b of blocks) {
      yield b;
      if (b.kind === 'recap' || b.kind === 'note' || b.kind === 'quote') yield* visit(b.blocks);
      else if (b.kind === 'list') for (const item of b.items) yield* visit(item);
    }
  };
  yield* visit(chapter.blocks);
  for (const fn of chapter.footnotes) yield* visit(fn.blocks);
}

/** Every text node of an inline sequence, depth first; code spans are not text. */
export function* textNodes(inlines: Inline[]): Generator<Extract<Inline, { kind: 'text' }>> {
  for (const n of inlines) {
    if (n.kind === 'text') yield n;
    else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link') yield* textNodes(n.children);
  }
}

/** Story text of a chapter in reading order: everything but the metadata comment. */
export function chapterStoryText(chapter: Chapter): string {
  let s = chapter.label ? chapter.label + chapter.title : chapter.title;
  for (const unit of chapterUnits(chapter)) {
    for (const part of unit.parts) s += '\n' + inlineText(part);
  }
  return s;
}

export function inlineText(inlines: Inline[]): string {
  let s = '';
  for (const n of inlines) {
    if (n.kind === 'text' || n.kind === 'code') s += n.text;
    else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link') s += inlineText(n.children);
  }
  return s;
}
