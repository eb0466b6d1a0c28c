import { Worker } from 'node:worker_threads';

/**
 * A worker thread of plain JavaScript (no loader flags, so it starts in
 * milliseconds even when the build runs under tsx), asked one job at a time
 * by message and answering each by its id. `source` defines
 * `async function handle(job)`; what it returns is the answer.
 *
 * Started when a job is asked. When none is left waiting it is unreferenced
 * (`idle: 'unref'`, for a worker that serves the whole build) or ended
 * (`idle: 'end'`, so its heap and WebAssembly memory go). A worker that fails
 * or exits with jobs unanswered fails them.
 */
export function plainWorker<Job, Answer>(source: string, options: { idle: 'unref' | 'end'; workerData?: unknown }): (job: Job) => Promise<Answer> {
  interface Running {
    worker: Worker;
    waiting: Map<number, { resolve(answer: Answer): void; reject(e: Error): void }>;
  }
  let current: Running | undefined;
  let nextId = 0;

  const start = (): Running => {
    const r: Running = { worker: new Worker(`${source}\n${DISPATCH}`, { eval: true, execArgv: [], workerData: options.workerData }), waiting: new Map() };
    const fail = (e: Error) => {
      for (const job of r.waiting.values()) job.reject(e);
      r.waiting.clear();
      if (current === r) current = undefined;
    };
    r.worker.on('message', ({ id, answer, error }: { id: number; answer?: Answer; error?: string }) => {
      const job = r.waiting.get(id);
      r.waiting.delete(id);
      if (error !== undefined) job?.reject(new Error(error));
      else job?.resolve(answer as Answer);
      if (r.waiting.size > 0) return;
      if (options.idle === 'unref') r.worker.unref();
      else {
        if (current === r) current = undefined;
        void r.worker.terminate();
      }
    });
    r.worker.on('error', fail);
    r.worker.on('exit', (code) => fail(new Error(`worker stopped (exit code ${code}) before it answered`)));
    return r;
  };

  return (job) => {
    const r = (current ??= start());
    // Referenced while a job is out, so the process waits for it.
    r.worker.ref();
    const id = nextId++;
    return new Promise<Answer>((resolve, reject) => {
      r.waiting.set(id, { resolve, reject });
      r.worker.postMessage({ id, job });
    });
  };
}

/** The worker's side: one job at a time, each answer sent before the next job starts. */
const DISPATCH = `
const { parentPort: port } = require('node:worker_threads');
let turn = Promise.resolve();
port.on('message', ({ id, job }) => {
  turn = turn.then(async () => {
    try {
      const answer = await handle(job);
      // Moved rather than copied: each typed array that is the whole of its buffer (a small
      // Buffer may share Node's pool with others, which must stay here).
      const moved = new Set();
      for (const a of Array.isArray(answer) ? answer : [answer]) {
        if (ArrayBuffer.isView(a) && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) moved.add(a.buffer);
      }
      port.postMessage({ id, answer }, [...moved]);
    } catch (e) {
      port.postMessage({ id, error: String((e && e.message) || e) });
    }
  });
});
`;
