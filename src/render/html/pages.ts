import { chapterNavTitle, type Book, type Chapter } from '../../model/book.ts';
import type { NavEntry } from '../markup/nav.ts';
import { titlePageXhtml } from '../markup/title-page.ts';
import { escapeXml } from '../markup/xhtml.ts';

/**
 * The preview's own markup around the book's XHTML. Every word in it is a
 * chapter title or 目录, which the subset fonts carry: a label such as
 * 上一章 could fall back to a system font.
 */

export function indexBody(book: Book, tree: NavEntry[], contents: string): string {
  const cover = book.cover ? `<figure class="index-cover"><img src="images/${book.cover.name}" alt="${escapeXml(book.cover.alt ?? book.meta.title)}"/></figure>\n` : '';
  return `<main class="index">\n${cover}${titlePageXhtml(book)}\n<nav id="toc" role="doc-toc">\n<h1 class="toc-title">${escapeXml(contents)}</h1>\n${tocList(tree)}\n</nav>\n</main>`;
}

function tocList(entries: NavEntry[]): string {
  const items = entries.map((e) => `<li><a href="${escapeXml(e.href)}">${escapeXml(e.title)}</a>${e.children.length ? `\n${tocList(e.children)}` : ''}</li>`);
  return `<ol>\n${items.join('\n')}\n</ol>`;
}

export function pager(prev: Chapter | undefined, next: Chapter | undefined, contents: string, fileOf: (ch: Chapter) => string): string {
  const link = (ch: Chapter | undefined, rel: 'prev' | 'next') =>
    ch ? `<a class="${rel}" rel="${rel}" href="${fileOf(ch)}">${escapeXml(chapterNavTitle(ch))}</a>` : `<span class="${rel}"></span>`;
  return `<nav class="pager">${link(prev, 'prev')}<a class="contents" href="index.html">${escapeXml(contents)}</a>${link(next, 'next')}</nav>`;
}
