import type { Block, Book, ChapterMeta, Inline } from './book.ts';

/**
 * Rewrites every string of the book that is not inside a text unit (those
 * are walked by walk.ts): the book's metadata, chapter labels and titles, the
 * chapter metadata fields, and footnote labels (on the note and on each mark,
 * so the two stay equal). Identifiers, slugs, file names and hrefs are left.
 */
export function mapBookStrings(book: Book, fn: (s: string) => string): void {
  const m = book.meta;
  m.title = fn(m.title);
  m.author = fn(m.author);
  if (m.subtitle !== undefined) m.subtitle = fn(m.subtitle);
  if (m.publisher !== undefined) m.publisher = fn(m.publisher);
  if (m.description !== undefined) m.description = fn(m.description);
  if (m.accessibility?.summary !== undefined) m.accessibility = { ...m.accessibility, summary: fn(m.accessibility.summary) };
  for (const ch of book.chapters) {
    if (ch.label !== undefined) ch.label = fn(ch.label);
    ch.title = fn(ch.title);
    if (ch.meta) mapMeta(ch.meta, fn);
    for (const note of ch.footnotes) {
      note.label = fn(note.label);
      mapNoteMarks(note.blocks, fn);
    }
    mapNoteMarks(ch.blocks, fn);
  }
}

function mapMeta(meta: ChapterMeta, fn: (s: string) => string): void {
  for (const key of ['time', 'place', 'event', 'meaning'] as const) {
    const v = meta[key];
    if (v !== undefined) meta[key] = fn(v);
  }
  meta.people = meta.people.map(fn);
}

function mapNoteMarks(blocks: Block[], fn: (s: string) => string): void {
  const inlines = (list: Inline[]): void => {
    for (const n of list) {
      if (n.kind === 'footnoteRef') n.label = fn(n.label);
      else if (n.kind === 'emphasis' || n.kind === 'strong' || n.kind === 'link') inlines(n.children);
    }
  };
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
      case 'closing':
      case 'heading':
        inlines(b.content);
        break;
      case 'poem':
        b.lines.forEach(inlines);
        break;
      case 'figure':
        inlines(b.caption);
        if (b.alt) inlines(b.alt);
        break;
      case 'table':
        [...b.head, ...b.rows.flat()].forEach(inlines);
        break;
      case 'recap':
      case 'note':
      case 'quote':
        mapNoteMarks(b.blocks, fn);
        break;
      case 'list':
        b.items.forEach((item) => mapNoteMarks(item, fn));
        break;
      case 'partBreak':
      case 'codeBlock':
        break;
    }
  }
}
