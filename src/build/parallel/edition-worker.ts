/**
 * One worker of a parallel build: waits for the source its first thread
 * parsed, builds the editions it is given from it and posts the result (or
 * the manuscript's errors) back. Runs the same buildSerial() as a serial
 * build, so its files are byte for byte the ones a serial build writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BuildOptions } from '../api.ts';
import { preloadRenderers } from '../renderers.ts';
import { buildSerial } from '../serial.ts';
import { BuildError } from '../../diagnostics.ts';
import type { ParsedSource } from '../prepare.ts';

const options = workerData as BuildOptions;
// Loaded while the first thread parses: otherwise idle time.
if (options.formats) preloadRenderers(options.formats);
const parsed = await new Promise<ParsedSource | null>((resolve) => parentPort!.once('message', (m: { parsed: ParsedSource | null }) => resolve(m.parsed)));
if (!parsed) {
  // The manuscript did not parse: the first thread reports why.
  parentPort!.postMessage({ error: [] });
} else {
  await buildEditions(parsed);
}

async function buildEditions(parsed: ParsedSource): Promise<void> {
  try {
    const result = await buildSerial({ ...options, workers: 1, onStage: (stage, step) => parentPort!.postMessage({ stage, step }) }, parsed);
    parentPort!.postMessage({ result });
  } catch (e) {
    if (e instanceof BuildError) parentPort!.postMessage({ error: e.diagnostics, written: e.written });
    else throw e;
  }
}
