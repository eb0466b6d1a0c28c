import { createRequire } from 'node:module';
import { plainWorker } from '../../output/plain-worker.ts';

/**
 * WOFF2 fonts decoded to TrueType on a worker thread of their own, started
 * when fonts are asked for and ended when none is left to decode, which
 * frees wawoff2's WebAssembly memory. A book's verse needs dozens of LXGW
 * WenKai chunks decoded, which this thread would otherwise wait for while it
 * could be drawing the cover and loading the renderer. wawoff2 returns a view
 * into its WebAssembly memory that its next call overwrites: the worker
 * takes one font at a time and copies each out before the next.
 */
const decode = plainWorker<string, Uint8Array>(
  `const { readFileSync } = require('node:fs');
const decompress = require(require('node:worker_threads').workerData.wawoff2);
async function handle(file) {
  return new Uint8Array(await decompress(readFileSync(file)));
}`,
  { idle: 'end', workerData: { wawoff2: createRequire(import.meta.url).resolve('wawoff2/decompress.js') } },
);

/** The TrueType (sfnt) bytes of a WOFF2 file. */
export async function decodeWoff2File(file: string): Promise<Buffer> {
  try {
    const ttf = await decode(file);
    return Buffer.from(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  } catch (e) {
    throw new Error(`woff2 font could not be decoded (${file}): ${(e as Error).message}`);
  }
}
