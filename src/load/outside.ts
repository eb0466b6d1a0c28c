import { isAbsolute, relative, sep } from 'node:path';

/**
 * Whether `path` lies outside the folder `base` (both resolved by the
 * caller, symlinks followed where that matters). A name that only starts
 * with two dots, `..notes.md`, is inside.
 */
export function isOutside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
