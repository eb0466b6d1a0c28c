import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BuildOptions } from '../../src/build/build.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';

export type BuildOutcome =
  | { kind: 'ok'; outputs: Array<{ path: string; format: string; edition: string }>; diagnostics: Diagnostic[]; ms: number }
  /** A BuildError: the manuscript's fault, exit 1 with diagnostics. */
  | { kind: 'rejected'; diagnostics: Diagnostic[]; ms: number }
  /** Any other exception: a bug. */
  | { kind: 'crash'; error: string; ms: number }
  | { kind: 'timeout'; ms: number };

const require = createRequire(import.meta.url);
// `--import tsx` in a worker's execArgv does not reach the worker's entry module; tsx's API does.
const TSX_API = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/u, 'dist/esm/api/index.mjs')).href;
const ENTRY = new URL('./build-worker.ts', import.meta.url).href;
const BOOT = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); });`;

/**
 * build() in the same process, on a worker thread, with a time limit per
 * run: a hang becomes an outcome (and a fresh thread) instead of a stuck test
 * run. The thread is kept between runs, so fonts are loaded once.
 */
export class GuardedBuilder {
  private current?: { worker: Worker; pending: Map<number, (o: BuildOutcome) => void> };
  private nextId = 0;

  run(options: BuildOptions, timeoutMs: number): Promise<BuildOutcome> {
    const current = (this.current ??= this.start());
    const id = ++this.nextId;
    const { onStage: _drop, ...plain } = options;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        current.pending.delete(id);
        if (this.current === current) this.current = undefined;
        void current.worker.terminate();
        resolve({ kind: 'timeout', ms: timeoutMs });
      }, timeoutMs);
      current.pending.set(id, (o) => {
        clearTimeout(timer);
        resolve(o);
      });
      current.worker.postMessage({ id, options: plain });
    });
  }

  async close(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    await current?.worker.terminate();
  }

  private start() {
    const worker = new Worker(BOOT, { eval: true });
    const pending = new Map<number, (o: BuildOutcome) => void>();
    const current = { worker, pending };
    worker.on('message', ({ id, outcome }: { id: number; outcome: BuildOutcome }) => {
      pending.get(id)?.(outcome);
      pending.delete(id);
    });
    // An error thrown outside build(), or the thread dying, fails whatever it was running.
    const abandon = (error: string) => {
      for (const settle of pending.values()) settle({ kind: 'crash', error, ms: 0 });
      pending.clear();
      if (this.current === current) this.current = undefined;
    };
    worker.on('error', (e) => abandon(e.stack ?? String(e)));
    worker.on('exit', (code) => abandon(`build worker exited with code ${code}`));
    return current;
  }
}
