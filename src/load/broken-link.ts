import { existsSync, lstatSync } from 'node:fs';

/**
 * A symbolic link whose target is gone, or that leads back to itself.
 * existsSync follows links, so such a book.yaml or glossary would read as
 * absent, and the book be built without it in silence.
 */
export function isBrokenLink(path: string): boolean {
  return !existsSync(path) && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
}

export const BROKEN_LINK = 'is a link to nothing: its target is missing, or it leads back to itself';
