import { Worker } from 'node:worker_threads';

/**
 * One worker thread for the process, started on first use: it runs zlib's
 * deflateSync on whatever it is sent, in order. Plain JavaScript with no
 * loader flags, so it starts in milliseconds even when the build runs under tsx.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { deflateSync } = require('node:zlib');
parentPort.on('message', ({ id, raws }) => {
  parentPort.postMessage({ id, packed: raws.map((raw) => deflateSync(raw)) });
});
`;

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(packed: Uint8Array[]): void; reject(e: Error): void }>();

function start(): Worker {
  const w = new Worker(SOURCE, { eval: true, execArgv: [] });
  w.on('message', ({ id, packed }: { id: number; packed: Uint8Array[] }) => {
    waiting.get(id)?.resolve(packed);
    waiting.delete(id);
    if (waiting.size === 0) w.unref();
  });
  w.on('error', (e) => {
    for (const job of waiting.values()) job.reject(e);
    waiting.clear();
    worker = undefined;
  });
  return w;
}

/**
 * zlib streams (deflateSync at the default level) of each buffer, made on
 * the worker. A string goes as it is and is encoded there as UTF-8: a page's
 * content stream is ASCII, and making its bytes is work this thread need not do.
 */
export function deflateInWorker(raws: Array<Uint8Array | string>): Promise<Buffer[]> {
  worker ??= start();
  // Referenced while a batch is out, so the process waits for it; unreferenced when idle, so it never holds the process open.
  worker.ref();
  const id = nextId++;
  const w = worker;
  return new Promise<Uint8Array[]>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, raws });
  }).then((packed) => packed.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
}
