import { plainWorker } from './plain-worker.ts';

/**
 * One worker thread for the build's deflating, started on first use and
 * kept while the process runs: it runs zlib's deflateSync on whatever it is
 * sent, in order.
 */
const deflate = plainWorker<Array<Uint8Array | string>, Uint8Array[]>(
  `const { deflateSync } = require('node:zlib');
async function handle(raws) {
  return raws.map((raw) => deflateSync(raw));
}`,
  { idle: 'unref' },
);

/**
 * zlib streams (deflateSync at the default level) of each buffer, made on
 * the worker. A string goes as it is and is encoded there as UTF-8: a page's
 * content stream is ASCII, and making its bytes is work this thread need not do.
 */
export async function deflateInWorker(raws: Array<Uint8Array | string>): Promise<Buffer[]> {
  return (await deflate(raws)).map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
}
