import type { Book, Chapter } from '../model/book.ts';
import { chapterUnits, textNodes } from '../model/walk.ts';
import type { Transform, TransformContext } from './transform.ts';

/**
 * Unicode normalisation before anything looks at characters: NFC folds the
 * CJK compatibility ideographs (U+F900…) into their unified forms, and the
 * Kangxi radicals (U+2F00…U+2FD5), which NFC keeps, become the unified
 * ideographs they look like. Otherwise a font may share one glyph between
 * the two and copy-and-paste from the PDF returns the wrong one
 * (libraries.md §1.7). Every change is reported.
 */
export const unicodeTransform: Transform = {
  name: 'unicode',
  chapter(chapter: Chapter, ctx: TransformContext) {
    chapter.title = normalise(chapter.title);
    if (chapter.label) chapter.label = normalise(chapter.label);
    for (const unit of chapterUnits(chapter)) {
      for (const part of unit.parts) {
        for (const node of textNodes(part)) {
          const fixed = normalise(node.text);
          if (fixed === node.text) continue;
          ctx.diagnostics.info('unicode:normalised', `${describeChanges(node.text)} normalised (NFC; Kangxi radicals to unified ideographs)`, { file: chapter.file, line: node.line });
          node.text = fixed;
        }
      }
    }
  },
  book(book: Book) {
    book.meta.title = normalise(book.meta.title);
    book.meta.author = normalise(book.meta.author);
  },
};

const KANGXI = /[\u2f00-\u2fd5]/gu;
const NEEDS_NFC = /[\uf900-\ufaff\u2f00-\u2fd5]|[\u0300-\u036f]/u;

export function normalise(text: string): string {
  if (!NEEDS_NFC.test(text)) return text;
  return text.normalize('NFC').replace(KANGXI, (c) => c.normalize('NFKC'));
}

function describeChanges(text: string): string {
  const odd = [...new Set([...text].filter((c) => /[\uf900-\ufaff\u2f00-\u2fd5]/u.test(c)))];
  return odd.length ? odd.map((c) => `'${c}' U+${c.codePointAt(0)!.toString(16).toUpperCase()}`).join(', ') : 'combining sequence';
}
