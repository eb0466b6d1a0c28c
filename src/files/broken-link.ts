import { existsSync, lstatSync } from 'node:fs';

/**
 * A symbolic link whose target is gone, or that leads back to itself.
 * existsSync follows links, so such a book.yaml or glossary would read as
 * absent, and the book be built without it in silence.
 */
export function isBrokenLink(path: string): boolean {
  if (existsSync(path)) return false;
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true;
  } catch {
    // A folder on the way that cannot be searched: whatever reads the path next says so.
    return false;
  }
}

export const BROKEN_LINK = 'is a link to nothing: its target is missing, or it leads back to itself';
