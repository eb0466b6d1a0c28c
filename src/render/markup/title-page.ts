import type { Book } from '../../model/book.ts';
import { escapeXml } from '../../text/escape-xml.ts';

/** The title page, shared by the EPUB's titlepage.xhtml and the HTML preview's index. */
export function titlePageXhtml(book: Book): string {
  const m = book.meta;
  return (
    `<section class="titlepage" epub:type="titlepage">\n<h1 class="book-title">${escapeXml(m.title)}</h1>\n` +
    (m.subtitle ? `<p class="book-subtitle">${escapeXml(m.subtitle)}</p>\n` : '') +
    `<p class="book-author">${escapeXml(m.author)}</p>\n` +
    (m.publisher ? `<p class="book-publisher">${escapeXml(m.publisher)}</p>\n` : '') +
    `</section>`
  );
}
