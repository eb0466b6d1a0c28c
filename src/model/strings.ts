import { META_TEXTS, type MetaText } from '../config/meta-texts.ts';
import type { Book, BookMeta, ChapterMeta } from './book.ts';

/** Each of the book's own texts an edition converts, read and written by its book.yaml name. */
const META_FIELDS: { [K in MetaText]: { get(m: BookMeta): string | undefined; set(m: BookMeta, v: string): void } } = {
  title: { get: (m) => m.title, set: (m, v) => void (m.title = v) },
  subtitle: { get: (m) => m.subtitle, set: (m, v) => void (m.subtitle = v) },
  author: { get: (m) => m.author, set: (m, v) => void (m.author = v) },
  publisher: { get: (m) => m.publisher, set: (m, v) => void (m.publisher = v) },
  description: { get: (m) => m.description, set: (m, v) => void (m.description = v) },
  rights: { get: (m) => m.rights, set: (m, v) => void (m.rights = v) },
  'accessibility.summary': { get: (m) => m.accessibility?.summary, set: (m, v) => void (m.accessibility = { ...m.accessibility, summary: v }) },
};

/** The book's own texts an edition converts (those it has), with their book.yaml names: mapBookStrings converts them, the review lists them. */
export function metaTexts(m: BookMeta): Array<[MetaText, string]> {
  return META_TEXTS.flatMap((key): Array<[MetaText, string]> => {
    const value = META_FIELDS[key].get(m);
    return value ? [[key, value]] : [];
  });
}

/**
 * Rewrites every string of the book that is not inside a text unit (those
 * are walked by walk.ts): the book's metadata, chapter labels and titles, the
 * chapter metadata fields. Identifiers, slugs, file names, hrefs and
 * footnote numbers are left.
 */
export function mapBookStrings(book: Book, fn: (s: string) => string): void {
  const m = book.meta;
  for (const [key, value] of metaTexts(m)) META_FIELDS[key].set(m, fn(value));
  for (const ch of book.chapters) {
    if (ch.label !== undefined) ch.label = fn(ch.label);
    ch.title = fn(ch.title);
    if (ch.meta) mapMeta(ch.meta, fn);
  }
}

function mapMeta(meta: ChapterMeta, fn: (s: string) => string): void {
  for (const key of ['time', 'place', 'event', 'meaning'] as const) {
    const v = meta[key];
    if (v !== undefined) meta[key] = fn(v);
  }
  meta.people = meta.people.map(fn);
}
