import { watch as watchFs, type FSWatcher } from 'node:fs';
import { relative } from 'node:path';
import { build, type BuildOptions, type BuildResult } from './build.ts';
import { BuildError } from '../diagnostics.ts';
import { BuildCache } from './cache.ts';
import { isOutside } from '../load/outside.ts';

export interface WatchHandle {
  /** Stops watching; a build under way still finishes. */
  close(): void;
}

/**
 * Builds, then rebuilds whenever something in the manuscript folder changes.
 * Unchanged chapters come from the parse cache, unchanged character sets
 * from the subset cache and unchanged EPUB entries from the deflate cache,
 * so an edit costs a fraction of a full build. A
 * broken manuscript is reported and waited on, never the end of the session.
 */
export function watchBuild(
  options: BuildOptions,
  report: (outcome: { result?: BuildResult; error?: BuildError; ms: number }) => void,
): WatchHandle {
  const cache = new BuildCache();
  let running = false;
  let again = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const run = async () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    const started = performance.now();
    try {
      const result = await build({ ...options, cache });
      report({ result, ms: performance.now() - started });
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      report({ error: e, ms: performance.now() - started });
    } finally {
      running = false;
      if (again) {
        again = false;
        void run();
      }
    }
  };

  // Editors save in bursts (temp file, rename, touch): wait for the burst to end.
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 150);
  };
  // Outputs written inside the manuscript folder must not trigger the next build.
  const out = relative(options.chaptersDir, options.outDir);
  const outInside = out !== '' && !isOutside(options.chaptersDir, options.outDir);
  const watcher: FSWatcher = watchFs(options.chaptersDir, { recursive: true }, (_event, name) => {
    const file = String(name ?? '');
    if (/(^|\/)\.|~$|\.swp$/u.test(file)) return;
    if (outInside && (file === out || file.startsWith(`${out}/`))) return;
    schedule();
  });
  void run();
  return {
    close() {
      // A save during the build under way must not start another after the session ends.
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}
