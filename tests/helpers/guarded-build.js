import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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
    current;
    nextId = 0;
    run(options, timeoutMs) {
        const current = (this.current ??= this.start());
        const id = ++this.nextId;
        const { onStage: _drop, ...plain } = options;
        return new Promise((resolve) => {
            const timer = setTimeout(() => {
                current.pending.delete(id);
                if (this.current === current)
                    this.current = undefined;
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
    async close() {
        const current = this.current;
        this.current = undefined;
        await current?.worker.terminate();
    }
    start() {
        const worker = new Worker(BOOT, { eval: true });
        const pending = new Map();
        const current = { worker, pending };
        worker.on('message', ({ id, outcome }) => {
            pending.get(id)?.(outcome);
            pending.delete(id);
        });
        // An error thrown outside build(), or the thread dying, fails whatever it was running.
        const abandon = (error) => {
            for (const settle of pending.values())
                settle({ kind: 'crash', error, ms: 0 });
            pending.clear();
            if (this.current === current)
                this.current = undefined;
        };
        worker.on('error', (e) => abandon(e.stack ?? String(e)));
        worker.on('exit', (code) => abandon(`build worker exited with code ${code}`));
        return current;
    }
}
