import { close, closeSync, fsync, openSync, renameSync, rmSync, write as writeAt, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { fail } from '../diagnostics.ts';
import { makeDirs } from './make-dirs.ts';

/** Receives each block of a file as it is made; the block may be written over once the call returns. */
export type BlockSink = (block: Uint8Array) => void;

/** A file made as it is written, block by block, so that it is never held whole (the review's TSV runs to megabytes). */
export type WriteBlocks = (sink: BlockSink) => void;

/** Where a file or folder is written before it is renamed into place: hidden, and named for this process. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
}

/** A file written under its temporary name, not yet in place (writeTemporary). */
export interface TemporaryFile {
  bytes: number;
  /**
   * Settles once every byte is on the disk under the temporary name and the
   * file is closed. On failure the temporary file is gone and the rejection
   * is the build error that names the output.
   */
  synced: Promise<void>;
  /** Renames the synced file into place; a failure removes it and throws the build error. */
  commit(): void;
  /** Removes the temporary file (once synced has settled). */
  discard(): void;
}

/**
 * A file is written under a temporary name in the same folder and renamed
 * into place once complete, so a failed or killed build never leaves a torn
 * file under the final name: readers see the old version or the new one.
 *
 * This is the first half, with the waits for the disk taken off this
 * thread: the file is opened (and a file made block by block is made and
 * written) here, its bytes and the fsync go to libuv's thread pool, and the
 * caller renames it into place once it is synced. The build does so in
 * order (build/output-writer.ts), meanwhile rendering the next output.
 */
export function writeTemporary(path: string, data: Uint8Array | WriteBlocks): TemporaryFile {
  const tmp = temporaryName(path);
  const removeTmp = () => {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The folder itself is unusable; the error the caller reports says why.
    }
  };
  let fd: number;
  let bytes = 0;
  try {
    makeDirs(dirname(path));
    fd = openSync(tmp, 'w');
  } catch (e) {
    removeTmp();
    writeFailed(path, e);
  }
  let pending: Uint8Array | undefined;
  if (typeof data === 'function') {
    try {
      // Made here, one block reused: each block is written before the next is made.
      data((block) => {
        for (let at = 0; at < block.length; ) at += writeSync(fd, block, at);
        bytes += block.length;
      });
    } catch (e) {
      closeSync(fd);
      removeTmp();
      writeFailed(path, e);
    }
  } else {
    pending = data;
    bytes = data.byteLength;
  }
  const synced = (async () => {
    try {
      if (pending) for (let at = 0; at < pending.length; ) at += await new Promise<number>((resolve, reject) => writeAt(fd, pending!, at, pending!.length - at, null, (e, n) => (e ? reject(e) : resolve(n))));
      // Without this a crash of the machine soon after the rename can leave
      // the new name pointing at blocks never written (a zero-length book).
      await new Promise<void>((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
    } catch (e) {
      closeSync(fd);
      removeTmp();
      writeFailed(path, e);
    }
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  })();
  // The caller awaits it in turn, maybe after it failed: until then a failure must not count as unhandled.
  synced.catch(() => undefined);
  return {
    bytes,
    synced,
    commit() {
      try {
        renameSync(tmp, path);
      } catch (e) {
        removeTmp();
        writeFailed(path, e);
      }
    },
    discard: removeTmp,
  };
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
