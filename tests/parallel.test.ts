import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.ts';
import { runCli } from './helpers/cli.ts';
import { SAMPLE, tempDir } from './helpers/paths.ts';

describe('parallel build', () => {
  it('writes, on worker threads, the same bytes a serial build writes', async () => {
    const epoch = '1700000000';
    const parallel = tempDir('par-');
    const r = runCli(['build', '--out', parallel, '--edition', 'zh-Hans,zh-Hant-TW,zh-Hant-HK', '--format', 'epub,pdf', '--verbose'], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(r.code, r.stderr).toBe(0);
    const serial = tempDir('ser-');
    await build({ chaptersDir: SAMPLE, outDir: serial, editions: ['zh-Hans', 'zh-Hant-TW', 'zh-Hant-HK'], formats: ['epub', 'pdf'], sourceDateEpoch: epoch, workers: 1 });
    const files = readdirSync(serial).sort();
    expect(files).toHaveLength(6);
    expect(readdirSync(parallel).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(parallel, f)).equals(readFileSync(join(serial, f))), f).toBe(true);
    // Findings about the shared manuscript are reported once, not once per worker.
    const notes = r.stderr.split('\n').filter((l) => l.includes('[punct:quotes]'));
    expect(notes.length).toBeGreaterThan(10);
    expect(new Set(notes).size).toBe(notes.length);
  });
});
