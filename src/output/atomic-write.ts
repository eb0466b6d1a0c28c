import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fail } from '../diagnostics.ts';
import { makeDirs } from './make-dirs.ts';

/** Receives each block of a file as it is made; the block may be written over once the call returns. */
export type BlockSink = (block: Uint8Array) => void;

/** A file made as it is written, block by block, so that it is never held whole (the review's TSV runs to megabytes). */
export type WriteBlocks = (sink: BlockSink) => void;

/**
 * Writes a file under a temporary name in the same folder and renames it into
 * place once complete, so a failed or killed build never leaves a torn file
 * under the final name: readers see the old version or the new one. Returns
 * the bytes written.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string | WriteBlocks): number {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  let bytes = 0;
  try {
    makeDirs(dirname(path));
    const fd = openSync(tmp, 'w');
    try {
      if (typeof data === 'function') {
        data((block) => {
          for (let at = 0; at < block.length; ) at += writeSync(fd, block, at);
          bytes += block.length;
        });
      } else {
        writeFileSync(fd, data);
        bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      }
      // Without this a crash of the machine soon after the rename can leave
      // the new name pointing at blocks never written (a zero-length book).
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    return bytes;
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
