/**
 * Runs build() on a worker thread for guarded-build.ts: the parent can
 * terminate a thread stuck in a synchronous loop, which no timer inside the
 * thread that runs the build could interrupt.
 */
import { parentPort } from 'node:worker_threads';
import { build, type BuildOptions } from '../../src/build/build.ts';
import { BuildError } from '../../src/diagnostics.ts';
import type { BuildOutcome } from './guarded-build.ts';

parentPort!.on('message', async ({ id, options }: { id: number; options: BuildOptions }) => {
  const started = performance.now();
  let outcome: BuildOutcome;
  try {
    const result = await build(options);
    outcome = {
      kind: 'ok',
      outputs: result.outputs.map((o) => ({ path: o.path, format: o.format, edition: o.edition })),
      diagnostics: result.diagnostics,
      ms: performance.now() - started,
    };
  } catch (e) {
    outcome =
      e instanceof BuildError
        ? { kind: 'rejected', diagnostics: e.diagnostics, ms: performance.now() - started }
        : { kind: 'crash', error: (e as Error)?.stack ?? String(e), ms: performance.now() - started };
  }
  parentPort!.postMessage({ id, outcome });
});
