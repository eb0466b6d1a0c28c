/**
 * Runs build() on a worker thread for guarded-build.ts: the parent can
 * terminate a thread stuck in a synchronous loop, which no timer inside the
 * thread that runs the build could interrupt.
 */
import { parentPort } from 'node:worker_threads';
import { build } from "../../src/build/build.js";
import { BuildError } from "../../src/diagnostics.js";
parentPort.on('message', async ({ id, options }) => {
    const started = performance.now();
    let outcome;
    try {
        const result = await build(options);
        outcome = {
            kind: 'ok',
            outputs: result.outputs.map((o) => ({ path: o.path, format: o.format, edition: o.edition })),
            diagnostics: result.diagnostics,
            ms: performance.now() - started,
        };
    }
    catch (e) {
        outcome =
            e instanceof BuildError
                ? { kind: 'rejected', diagnostics: e.diagnostics, ms: performance.now() - started }
                : { kind: 'crash', error: e?.stack ?? String(e), ms: performance.now() - started };
    }
    parentPort.postMessage({ id, outcome });
});
