import { basename } from 'node:path';
import type { BookConfig } from './load.ts';

/**
 * The name every output starts with: book.yaml's `slug`, else the manuscript
 * folder's name in lower-case ASCII, else `book`. The build names its files
 * with it and `clean` finds them by it, so both read it here.
 */
export function bookSlug(config: Pick<BookConfig, 'dir' | 'book'>): string {
  const folder = basename(config.dir).toLowerCase().replace(/[^a-z0-9-]+/gu, '-').replace(/^-+|-+$/gu, '');
  return config.book.slug ?? (folder || 'book');
}
