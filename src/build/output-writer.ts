import { join } from 'node:path';
import { writeDirAtomic } from '../output/atomic-dir.ts';
import { writeTemporary } from '../output/atomic-write.ts';
import type { RenderedOutput } from '../render/renderer.ts';

/**
 * Writes a build's outputs in the order they come, each whole (a temporary
 * name, fsync, rename), with the waits for the disk off the build's thread:
 * while an EPUB's bytes go to the disk, the build goes on to the next format
 * (the review's files: 10 MB of TSV for a 1M-character book). An output is
 * renamed into place only after every earlier one was: once a write fails,
 * no later output lands, as when each was written before the next began.
 */
export class OutputWriter {
  /** Settles when the last output started is in place, or rejects with the first failure. */
  private last: Promise<void> = Promise.resolve();
  /** The first failure seen so far, once its promise has settled. */
  private failure: unknown = undefined;

  /** Starts one output; its path and size once its bytes are handed over. */
  async write(path: string, out: RenderedOutput): Promise<{ path: string; bytes: number }> {
    if (out.kind === 'folder') {
      // Swapped in by two renames here and now: only after everything before it is in place.
      await this.last;
      return { path: join(path, out.entry), bytes: writeDirAtomic(path, out.files) };
    }
    let file;
    try {
      file = writeTemporary(path, out.kind === 'file' ? out.bytes : out.write);
    } catch (e) {
      // The earlier outputs still land whole before the build stops.
      await this.settled();
      throw e;
    }
    const previous = this.last;
    const landed = (async () => {
      try {
        await previous;
      } catch (e) {
        await file.synced.catch(() => undefined);
        file.discard();
        throw e;
      }
      await file.synced;
      file.commit();
    })();
    // Reported by check() and done(); until then a failure must not count as unhandled.
    landed.catch((e: unknown) => {
      this.failure ??= e;
    });
    this.last = landed;
    return { path, bytes: file.bytes };
  }

  /**
   * Throws the first failure already known, so that the build stops before
   * it makes another format (a full disk need not wait for a whole PDF).
   * A failure still on its way is thrown by done().
   */
  check(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every output started: in place, or the first failure thrown. */
  async done(): Promise<void> {
    await this.last;
  }

  /** Waits for every output started to land or fail, whatever the outcome (the build is stopping for another reason). */
  async settled(): Promise<void> {
    await this.last.catch(() => undefined);
  }
}
