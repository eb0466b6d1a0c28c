import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, one level at a time from the deepest folder that exists.
 * Node 20's recursive mkdirSync loops for ever where the kernel refuses a new
 * folder with ENOENT under one that exists (/proc/x: it makes /proc again,
 * is told it exists, and tries /proc/x again); made level by level, the
 * refusal is an error like any other.
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      // A file where a folder should be: the mkdir below it says ENOTDIR.
      statSync(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(dir) === dir) throw e;
      missing.push(dir);
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (e) {
      // Made meanwhile by another build: as good as made here.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
