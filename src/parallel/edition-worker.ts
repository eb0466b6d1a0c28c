/**
 * One worker of a parallel build: builds the editions it is given and posts
 * the result (or the manuscript's errors) back. Runs the same build() as a
 * serial build, so its files are byte for byte the ones a serial build writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { build, type BuildOptions } from '../build.ts';
import { BuildError } from '../diagnostics.ts';

const options = workerData as BuildOptions;
try {
  const result = await build({ ...options, workers: 1, onStage: (stage, step) => parentPort!.postMessage({ stage, step }) });
  parentPort!.postMessage({ result });
} catch (e) {
  if (e instanceof BuildError) parentPort!.postMessage({ error: e.diagnostics });
  else throw e;
}
