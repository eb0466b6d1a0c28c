import { describe, expect, it } from 'vitest';
import { plainWorker } from "../src/output/plain-worker.js";
const SOURCE = `async function handle(job) {
  if (job === 'exit') process.exit(3);
  if (job === 'throw') throw new Error('no such job');
  if (job === 'bytes') return [new Uint8Array([1, 2, 3]), Buffer.from('ab')];
  return job * 2;
}`;
describe('plain worker', () => {
    for (const idle of ['unref', 'end']) {
        it(`answers each job by its id, and fails the jobs of a worker that ends before answering (idle: ${idle})`, async () => {
            const ask = plainWorker(SOURCE, { idle });
            expect(await Promise.all([ask(1), ask(2), ask(3)])).toEqual([2, 4, 6]);
            await expect(ask('throw')).rejects.toThrow('no such job');
            await expect(ask('exit')).rejects.toThrow('exit code 3');
            // A new worker takes the next job.
            expect(await ask(21)).toBe(42);
            const [whole, pooled] = (await ask('bytes'));
            expect([...whole]).toEqual([1, 2, 3]);
            expect([...pooled]).toEqual([97, 98]);
        });
    }
});
