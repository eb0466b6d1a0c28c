import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build/build.ts';
import { loadConfig } from '../src/config/load.ts';
import { BuildError } from '../src/diagnostics.ts';
import { createProgress } from '../src/cli/progress.ts';
import { runCli } from './helpers/cli.ts';
import { SAMPLE, tempDir, writeManuscript } from './helpers/paths.ts';

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

  it('fails a manuscript that does not parse once, at its line, with every worker stopped and nothing written', async () => {
    // Two editions on two threads, whatever the machine's cores; the parse fails on the first, which the worker waits on.
    const dir = writeManuscript({
      'book.yaml': 'title: 试\nauthor: 者\neditions: [zh-Hans, zh-Hant-TW]\nformats: [epub, pdf]\n',
      '01-one.md': '# 第一章：开篇\n\n正文。\n\n<!-- 忘了关\n\n后文。\n',
    });
    const out = tempDir('out-');
    const failure = await build({ chaptersDir: dir, outDir: out, workers: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(BuildError);
    const errors = (failure as BuildError).diagnostics.filter((d) => d.rule === 'parse:unclosed-comment');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: expect.stringMatching(/01-one\.md$/u), line: 5, severity: 'error' });
    expect(readdirSync(out)).toEqual([]);
  });

  it("counts its steps against the formats book.yaml names when the command line names none", async () => {
    const config = loadConfig(SAMPLE);
    expect(config.editions.length).toBeGreaterThan(1);
    const steps: Array<{ done: number; total: number }> = [];
    await build({ chaptersDir: SAMPLE, outDir: tempDir('steps-'), sourceDateEpoch: '0', workers: 2, onStage: (_, step) => step && steps.push(step) });
    const total = config.editions.length * (1 + config.formats.length);
    expect(steps.map((s) => s.total)).toEqual(Array(total).fill(total));
    expect(steps.map((s) => s.done).sort((a, b) => a - b)).toEqual([...Array(total).keys()]);
  });

  it.each([1, 2])('counts the review once and every other format once per layout (workers: %i)', async (workers) => {
    // Two editions in both layouts with the review: 1 subset + 2 EPUBs + 1 review each.
    const editions = ['zh-Hant-TW', 'zh-Hant-HK'] as const;
    const steps: Array<{ stage: string; done: number; total: number }> = [];
    const onStage = (stage: string, step?: { done: number; total: number }) => void (step && stage !== 'done' && steps.push({ stage, ...step }));
    await build({ chaptersDir: SAMPLE, outDir: tempDir('steps-'), sourceDateEpoch: '0', workers, editions: [...editions], formats: ['epub', 'review'], layouts: ['horizontal', 'vertical'], onStage });
    expect(steps.map((s) => s.stage).sort()).toEqual(
      editions.flatMap((e) => [`subset fonts ${e}`, `epub ${e}`, `epub vertical ${e}`, `review ${e}`]).sort(),
    );
    expect(steps.every((s) => s.total === 8)).toBe(true);
    expect(steps.map((s) => s.done).sort((a, b) => a - b)).toEqual([...Array(8).keys()]);
  });

  it('draws a bar on a terminal that never runs past its end', () => {
    let written = '';
    const tty = Object.assign({ write: (s: string) => ((written += s), true) }, { isTTY: true }) as unknown as NodeJS.WriteStream;
    const progress = createProgress(tty, {});
    expect(() => progress.stage('pdf zh-Hans', { done: 9, total: 6 })).not.toThrow();
    expect(written).toContain('9/6');
  });

  it('leaves the cursor below the bar, so that a build stopped by Ctrl-C leaves the prompt a line of its own', () => {
    let written = '';
    const tty = Object.assign({ write: (s: string) => ((written += s), true) }, { isTTY: true }) as unknown as NodeJS.WriteStream;
    const progress = createProgress(tty, {});
    progress.stage('epub zh-Hans', { done: 1, total: 3 });
    expect(written.endsWith('\n')).toBe(true);
    progress.stage('pdf zh-Hans', { done: 2, total: 3 });
    // Each redraw goes up to the bar's line and clears it; the end clears it and leaves the cursor there.
    expect(written.split('\n')).toHaveLength(3);
    expect(written).toContain('\n\x1b[1A\r\x1b[2K[');
    progress.end();
    expect(written.endsWith('\x1b[1A\r\x1b[2K')).toBe(true);
  });
});
