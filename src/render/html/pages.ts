import { chapterNavTitle, type Book, type Chapter } from '../../model/book.ts';
import type { NavEntry } from '../markup/nav.ts';
import { titlePageXhtml } from '../markup/title-page.ts';
import { escapeXml } from '../../text/escape-xml.ts';
import type { UiStrings } from '../../config/ui-strings.ts';

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

/**
 * Prev / contents / next. The links show only chapter titles and 目录; what
 * each is (上一章, 下一章) and which bar it is (the page's head or foot: two
 * navigation regions need two names) are said to assistive technology.
 */
export function pager(prev: Chapter | undefined, next: Chapter | undefined, fileOf: (ch: Chapter) => string, ui: UiStrings, at: 'head' | 'foot'): string {
  const link = (ch: Chapter | undefined, rel: 'prev' | 'next') => {
    if (!ch) return `<span class="${rel}"></span>`;
    const title = escapeXml(chapterNavTitle(ch));
    return `<a class="${rel}" rel="${rel}" href="${fileOf(ch)}" aria-label="${rel === 'prev' ? ui.previousChapter : ui.nextChapter}：${title}">${title}</a>`;
  };
  return `<nav class="pager" aria-label="${at === 'head' ? ui.pagerHead : ui.pagerFoot}">${link(prev, 'prev')}<a class="contents" href="index.html">${escapeXml(ui.contents)}</a>${link(next, 'next')}</nav>`;
}
