/**
 * Stage timings of one in-process build, run by bench/run.ts as its own
 * process so that the generator's and the runner's memory do not count.
 * Stages are what build() announces through onStage; each lasts until the
 * next one starts, the last until build() returns. Peak MB is VmHWM (the
 * process's peak RSS so far) read as the stage ends.
 *
 *   node --import tsx bench/stages.ts CHAPTERS_DIR OUT_DIR FORMAT,… EDITION,…
 * prints one JSON line: [{ stage, seconds, peakMB }, …]
 */
import { readFileSync } from 'node:fs';
function peakMB() {
    try {
        const m = /VmHWM:\s+(\d+) kB/u.exec(readFileSync('/proc/self/status', 'utf8'));
        if (m)
            return Number(m[1]) / 1024;
    }
    catch {
        // Not Linux: fall back to the current RSS, a lower bound of the peak.
    }
    return process.memoryUsage.rss() / 1024 / 1024;
}
const [chaptersDir, outDir, formats, editions] = process.argv.slice(2);
const timings = [];
let current = { stage: 'import', started: performance.now() };
const mark = (stage) => {
    const now = performance.now();
    timings.push({ stage: current.stage, seconds: (now - current.started) / 1000, peakMB: peakMB() });
    current = { stage, started: now };
};
// Loading the pipeline's modules (markdown-it, fontkit, OpenCC…) is a cost every build pays.
const { build } = await import("../src/build/build.js");
// build.ts itself is light (a parallel build starts its workers first): load what a serial build runs.
await import("../src/build/serial.js");
const result = await build({
    chaptersDir,
    outDir,
    formats: formats.split(','),
    editions: editions.split(','),
    sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? '1767225600',
    onStage: mark,
});
mark('end');
const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
if (errors > 0)
    throw new Error(`in-process build reported ${errors} errors`);
process.stdout.write(`${JSON.stringify(timings)}\n`);
