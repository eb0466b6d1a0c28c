import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fail } from '../diagnostics.ts';
import { makeDirs } from './make-dirs.ts';

/**
 * Writes a file under a temporary name in the same folder and renames it into
 * place once complete, so a failed or killed build never leaves a torn file
 * under the final name: readers see the old version or the new one.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    makeDirs(dirname(path));
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      // Without this a crash of the machine soon after the rename can leave
      // the new name pointing at blocks never written (a zero-length book).
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable; the error below says why.
    }
    writeFailed(path, e);
  }
}

/**
 * An --out that is a file, a full disk, a read-only folder: the user's to
 * fix, reported as a build error naming the output, not a crash. Anything
 * without an errno is ours, and rethrown.
 */
export function writeFailed(path: string, e: unknown): never {
  const code = (e as NodeJS.ErrnoException).code;
  if (code) fail('output:write-failed', `cannot write ${path}: ${WHY[code] ?? code}`, { file: path });
  throw e;
}

const WHY: Record<string, string> = {
  EEXIST: 'the output folder (or a folder above it) is a file',
  ENOTDIR: 'the output folder (or a folder above it) is a file',
  EISDIR: 'a folder has that name',
  ENOENT: 'the output folder cannot be made there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
};
