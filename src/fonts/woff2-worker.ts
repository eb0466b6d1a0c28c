import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WOFF2 fonts decoded to TrueType on a worker thread of their own, started
 * when fonts are asked for and ended when none is left to decode. A book's
 * verse needs dozens of LXGW WenKai chunks decoded, which this thread would
 * otherwise wait for while it could be drawing the cover and loading the
 * renderer. Plain JavaScript with no loader flags, so it starts in
 * milliseconds even when the build runs under tsx. wawoff2 returns a view
 * into its WebAssembly memory that its next call overwrites: the worker
 * decodes one font at a time and copies each out before the next.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const decompress = require(workerData.wawoff2);
let turn = Promise.resolve();
parentPort.on('message', ({ id, file }) => {
  turn = turn.then(async () => {
    try {
      const ttf = new Uint8Array(await decompress(readFileSync(file)));
      parentPort.postMessage({ id, ttf }, [ttf.buffer]);
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.message) || e) });
    }
  });
});
`;

const WAWOFF2 = createRequire(import.meta.url).resolve('wawoff2/decompress.js');

interface Decoder {
  worker: Worker;
  /** The fonts asked of this worker and not yet answered. */
  waiting: Map<number, { resolve(ttf: Buffer): void; reject(e: Error): void }>;
}

let current: Decoder | undefined;
let nextId = 0;

function start(): Decoder {
  const d: Decoder = { worker: new Worker(SOURCE, { eval: true, execArgv: [], workerData: { wawoff2: WAWOFF2 } }), waiting: new Map() };
  const fail = (e: Error) => {
    for (const job of d.waiting.values()) job.reject(e);
    d.waiting.clear();
    if (current === d) current = undefined;
  };
  d.worker.on('message', ({ id, ttf, error }: { id: number; ttf?: Uint8Array; error?: string }) => {
    const job = d.waiting.get(id);
    d.waiting.delete(id);
    if (error !== undefined || !ttf) job?.reject(new Error(`woff2 font could not be decoded: ${error}`));
    else job?.resolve(Buffer.from(ttf.buffer, ttf.byteOffset, ttf.byteLength));
    // Ended once idle: its heap and WebAssembly memory would otherwise stay for the whole build.
    if (d.waiting.size === 0) {
      if (current === d) current = undefined;
      void d.worker.terminate();
    }
  });
  d.worker.on('error', fail);
  // An exit with fonts still asked (wawoff2 may end the process it runs in) fails them rather than leaving them waiting.
  d.worker.on('exit', (code) => fail(new Error(`woff2 decoder stopped (exit code ${code}) before it answered`)));
  return d;
}

/** The TrueType (sfnt) bytes of a WOFF2 file. */
export function decodeWoff2File(file: string): Promise<Buffer> {
  const d = (current ??= start());
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    d.waiting.set(id, { resolve, reject });
    d.worker.postMessage({ id, file });
  });
}
