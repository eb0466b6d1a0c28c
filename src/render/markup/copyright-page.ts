import type { PrintSettings } from '../../config/print.ts';
import type { Layout } from '../../config/editions.ts';
import { isbnsFor } from '../../config/publication.ts';
import type { Book } from '../../model/book.ts';
import { uiStrings } from '../../config/ui-strings.ts';
import { copyrightLines } from '../copyright-lines.ts';
import { escapeXml } from '../../text/escape-xml.ts';

/**
 * The EPUB's copyright page (版权页): the print edition's imprint lines as
 * they apply to the ebook (title, author, publisher, 版次, the EPUB's ISBN),
 * each label and its value on a line, as a Chinese imprint sets them.
 * `text` writes a value as the book's text is written (in a column, its
 * short numbers upright).
 */
export function copyrightPageXhtml(book: Book, print: PrintSettings, layout: Layout | undefined, text: (value: string) => string): string {
  const lines = copyrightLines(book.edition, { ...book.meta, isbn: isbnsFor(book.meta.isbn, layout) }, print, 'ebook');
  return (
    `<section class="copyright" epub:type="copyright-page" aria-label="${escapeXml(uiStrings(book.edition).copyrightPage)}">\n` +
    lines.map(([label, value]) => `<p><span class="imprint-label">${escapeXml(label)}</span>　${text(value)}</p>\n`).join('') +
    (book.meta.rights ? `<p class="rights">${text(book.meta.rights)}</p>\n` : '') +
    `</section>`
  );
}
