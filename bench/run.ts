/**
 * `npm run bench`: the benchmark of issue 9 (and issue 3's PDF figure).
 * A benchmark, not a test: it prints figures and exits 0 whether or not the
 * targets are met.
 *
 *   npm run bench -- [--chars 1M] [--seed 1] [--runs 5] [--sizes 250k,500k,1M,2M | --sizes none] [--skip-typst] [--skip-pandoc]
 *   npm run bench -- --layout vertical [--chars 1M] [--seed 1] [--runs 5]
 *   npm run bench -- --review-only [--chars 1M] [--runs 5]
 *
 * With `--layout vertical` it times only the vertical (直排) PDF against the
 * horizontal PDF of the same book and edition (zh-Hant-TW), each a fresh
 * process in the same rounds, for the target of at most 1.2× the time.
 *
 * 1. Generates the book (bench/generate.ts), cached per size, seed and
 *    generator source under node_modules/.cache/bench/.
 * 2. Times build()'s stages in one process (bench/stages.ts).
 * 3. Times each whole build as a fresh run of the compiled command
 *    (`zhanghui build`, lib/cli/bin.js, compiled first), and Typst and pandoc
 *    on the same text as fresh processes; and the command's start-up:
 *    `--version`, and `check` of the sample book in chapters/.
 * 4. Times the same builds on books of other sizes (--sizes; by default a
 *    quarter, half, once and twice --chars), for the issue's linearity target.
 * 5. Times what writing the Simplified-to-Traditional review adds to a
 *    zh-Hant-TW EPUB build (bench/review-cost.ts), unless --skip-review;
 *    --review-only times that alone.
 * 6. Prints tables and the issue's targets; writes dist/bench.json.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AVAILABLE_EDITIONS, AVAILABLE_FORMATS, type Format } from '../src/config/editions.ts';
import { naturalCompare } from '../src/load/natural-order.ts';
import { parseCount, writeManuscript, type ManuscriptSummary } from './generate.ts';
import { measure, median, RSS_METHOD, type ProcessRun } from './measure.ts';
import { describeReviewCost, reviewCost, type ReviewCost } from './review-cost.ts';
import type { StageTiming } from './stages.ts';
import { bookToTypst } from './to-typst.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Fixed, so every whole-process build is the reproducible one. */
const EPOCH = '1767225600';

const { values: flags } = parseArgs({
  options: {
    chars: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    // One build's time moves by 15% from run to run on a shared machine: five rounds give the median some footing.
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string' },
    'skip-typst': { type: 'boolean', default: false },
    'skip-pandoc': { type: 'boolean', default: false },
    layout: { type: 'string' },
    'skip-review': { type: 'boolean', default: false },
    'review-only': { type: 'boolean', default: false },
  },
});
if (flags.layout !== undefined && flags.layout !== 'vertical') {
  process.stderr.write(`--layout: only 'vertical' is timed on its own (the default bench times the horizontal layout)\n`);
  process.exit(2);
}
const CHARS = parseCount(flags.chars!);
const SEED = Number(flags.seed);
const RUNS = Math.max(1, Number(flags.runs));
// Issue 9 asks for every target in one run, growth with the book among them.
const SIZES = flags.sizes === 'none' ? [] : flags.sizes ? flags.sizes.split(',').map(parseCount) : [CHARS / 4, CHARS / 2, CHARS, CHARS * 2].map(Math.round);

// ---------------------------------------------------------------- the book

interface CachedBook {
  /** The manuscript folder. */
  chapters: string;
  /** The same text for the other tools, beside (never inside) the manuscript. */
  typst: string;
  markdown: string;
  summary: ManuscriptSummary;
}

/** A key that changes when the generator's code does, so a stale cached book is never measured. */
function generatorHash(): string {
  const h = createHash('sha256');
  for (const f of ['generate.ts', 'charset.ts', 'random.ts', 'to-typst.ts']) h.update(readFileSync(join(ROOT, 'bench', f)));
  return h.digest('hex').slice(0, 12);
}

function cachedBook(chars: number, seed: number): CachedBook {
  const dir = join(ROOT, 'node_modules/.cache/bench', `${chars}-seed${seed}-${generatorHash()}`);
  const book = { chapters: join(dir, 'chapters'), typst: join(dir, 'book.typ'), markdown: join(dir, 'book.md') };
  if (existsSync(join(dir, 'summary.json'))) return { ...book, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) };

  process.stderr.write(`generating ${chars.toLocaleString('en')} characters (seed ${seed})…\n`);
  // Built under a temporary name and renamed: an interrupted run leaves no half book in the cache.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const summary = writeManuscript(join(tmp, 'chapters'), { chars, seed });
  const texts = readdirSync(join(tmp, 'chapters'))
    .filter((n) => n.endsWith('.md'))
    .sort(naturalCompare)
    .map((n) => readFileSync(join(tmp, 'chapters', n), 'utf8'));
  writeFileSync(join(tmp, 'book.typ'), bookToTypst(texts));
  writeFileSync(join(tmp, 'book.md'), texts.join('\n\n'));
  writeFileSync(join(tmp, 'summary.json'), JSON.stringify(summary));
  // Books from an older generator are never read again: drop them with this one's arrival.
  const prefix = `${chars}-seed${seed}-`;
  for (const old of readdirSync(dirname(dir)).filter((n) => n.startsWith(prefix) && !n.includes('.tmp-'))) rmSync(join(dirname(dir), old), { recursive: true, force: true });
  renameSync(tmp, dir);
  return { ...book, summary };
}

// ---------------------------------------------------------------- processes

interface Measured {
  label: string;
  /** Median over runs. */
  seconds: number;
  peakMB: number;
  samples: Array<{ seconds: number; peakMB: number }>;
  detail?: string;
}


/** One whole process the bench times. */
interface Job {
  label: string;
  cmd: string;
  args: string[];
  env?: Record<string, string>;
  detail?: (r: ProcessRun) => string;
}

/**
 * The CPU the machine spent while our timed processes ran, and how much of
 * it was theirs: the rest was other work on the machine (or, as "stolen",
 * other guests of its hypervisor), which slows whatever is being timed.
 */
const machineUse = { wallS: 0, ownCpuS: 0, busyS: 0, stolenS: 0, counted: 0 };

function tallyMachineUse(r: ProcessRun): void {
  if (r.cpuS === undefined || !r.machine) return;
  machineUse.wallS += r.wallS;
  machineUse.ownCpuS += r.cpuS;
  machineUse.busyS += r.machine.busyS;
  machineUse.stolenS += r.machine.stolenS;
  machineUse.counted++;
}

/**
 * Times the jobs in rounds: each round runs every job once, in turn. On a
 * shared machine whose speed drifts over tens of seconds, a job and the one
 * it is compared with then run side by side in time, not a minute apart.
 * A job that fails is a finding, not a crash (the engine is written while
 * the bench runs): it is noted and left out of later rounds.
 */
async function timeInRounds(jobs: Job[], notes: string[], rounds = RUNS): Promise<Array<Measured | undefined>> {
  const samples = jobs.map((): Measured['samples'] => []);
  const last: Array<ProcessRun | undefined> = [];
  const failed = new Set<number>();
  for (let round = 0; round < rounds; round++) {
    for (const [i, job] of jobs.entries()) {
      if (failed.has(i)) continue;
      try {
        last[i] = await measure(job.cmd, job.args, { cwd: ROOT, env: { ...process.env, ...job.env, SOURCE_DATE_EPOCH: EPOCH, INIT_CWD: ROOT, NO_COLOR: '1' } });
        samples[i].push({ seconds: last[i]!.wallS, peakMB: last[i]!.peakMB });
        tallyMachineUse(last[i]!);
      } catch (e) {
        failed.add(i);
        notes.push(`${job.label} FAILED: ${(e as Error).message.split('\n').slice(0, 4).join(' | ')}`);
      }
    }
  }
  return jobs.map((job, i) =>
    failed.has(i)
      ? undefined
      : { label: job.label, seconds: median(samples[i].map((x) => x.seconds)), peakMB: median(samples[i].map((x) => x.peakMB)), samples: samples[i], detail: job.detail?.(last[i]!) },
  );
}

const NODE = process.execPath;
/**
 * The environment and node options `npm run build` gives the CLI
 * (package.json), so that a build timed in-process here runs as an author's
 * would: none today beyond tsx (docs/performance.md, "Young generation"
 * and "Memory", says why), read from the script all the same so that one
 * added there is timed here too.
 */
const BUILD = (() => {
  const script: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build;
  const m = /^((?:[A-Z_]+=\S+\s+)*)node (.*?)\s*src\/cli\/main\.ts build$/u.exec(script);
  if (!m) throw new Error(`package.json's build script is not '[VAR=value …] node <flags> src/cli/main.ts build': ${script}`);
  const env = Object.fromEntries(m[1].trim().split(/\s+/u).filter(Boolean).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  return { env, flags: m[2].split(/\s+/u) };
})();
const BUILD_NODE_FLAGS = BUILD.flags;
/** The installed command's entry, compiled from src/ by compileCommand() before anything is timed. */
const BIN = join(ROOT, 'lib/cli/bin.js');
/** `zhanghui build` as an author runs it: the compiled command. */
const cli = (book: CachedBook, out: string, formats: readonly Format[], editions: readonly string[]) => [
  BIN, 'build', book.chapters, '--out', out, '--format', formats.join(','), '--edition', editions.join(','),
];

/** lib/ from the source as it stands: a stale compiled copy would time yesterday's code. */
function compileCommand(): void {
  const r = spawnSync(NODE, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${r.stdout}${r.stderr}`);
}

/**
 * Start-up: what an author waits for before anything happens. `--version`
 * loads nothing of the pipeline; `check` of the sample book loads the parser
 * and the transforms but no renderer. `node -e 0` is the floor under both.
 */
const STARTUP_ROUNDS = 10;
function startupJobs(): Job[] {
  return [
    { label: 'node -e 0 (the floor)', cmd: NODE, args: ['-e', '0'] },
    { label: 'zhanghui --version', cmd: NODE, args: [BIN, '--version'], detail: (r) => r.stdout.trim() },
    { label: 'zhanghui check chapters/', cmd: NODE, args: [BIN, 'check', join(ROOT, 'chapters')], detail: summaryOf },
  ];
}
/** The CLI's own summary line, e.g. `0 errors, 0 warnings, 4642 notes`. */
const summaryOf = (r: ProcessRun) => r.stderr.trim().split('\n').at(-1) ?? '';

/** The formats issue 9 times, as far as this version of the library builds them ('print' is a later variant of the PDF). */
const PDF = AVAILABLE_FORMATS.includes('pdf');
const BOOK_FORMATS = AVAILABLE_FORMATS.filter((f) => f === 'epub' || f === 'pdf');

/** Our whole builds: the EPUB, the PDF and the full build, as `zhanghui build` runs them. */
function ourJobs(book: CachedBook, out: string): Job[] {
  const job = (label: string, args: string[]): Job => ({ label, cmd: NODE, args, detail: summaryOf });
  const jobs = [job('epub zh-Hans (whole process)', cli(book, out, ['epub'], ['zh-Hans']))];
  if (PDF) jobs.push(job('pdf zh-Hans (whole process)', cli(book, out, ['pdf'], ['zh-Hans'])));
  // Issue 9's "full build": both scripts (the Simplified and the Taiwan edition, as book.yaml's
  // default) × EPUB and PDF, in one process, on worker threads.
  const editions = AVAILABLE_EDITIONS.filter((e) => e === 'zh-Hans' || e === 'zh-Hant-TW');
  if (editions.length * BOOK_FORMATS.length > 1) jobs.push(job(`full: ${editions.join('+')} × ${BOOK_FORMATS.join('+')}`, cli(book, out, BOOK_FORMATS, editions)));
  return jobs;
}

async function ourBuilds(book: CachedBook, out: string, notes: string[]): Promise<Measured[]> {
  return (await timeInRounds(ourJobs(book, out), notes)).filter((m): m is Measured => m !== undefined);
}

function fontDir(pkg: string, weight: string): string {
  return join(dirname(require.resolve(`@expo-google-fonts/${pkg}/package.json`)), weight);
}

function typstJob(book: CachedBook, out: string, notes: string[]): Job | undefined {
  if (flags['skip-typst']) return void notes.push('Typst skipped (--skip-typst).');
  try {
    require.resolve('@myriaddreamin/typst-ts-node-compiler');
  } catch {
    return void notes.push('Typst skipped: @myriaddreamin/typst-ts-node-compiler is not installed (npm install).');
  }
  // Body in Noto Serif SC, headings in Noto Sans SC Bold: the faces our editions use.
  const fonts = [fontDir('noto-serif-sc', '400Regular'), fontDir('noto-serif-sc', '700Bold'), fontDir('noto-sans-sc', '700Bold')];
  return {
    label: 'Typst → PDF (whole process)',
    cmd: NODE,
    args: [join(ROOT, 'bench/typst-compile.mjs'), book.typst, join(out, 'typst.pdf'), ...fonts],
    detail: (r) => `${(JSON.parse(r.stdout) as { pages: number }).pages} A5 pages`,
  };
}

function pandocJob(book: CachedBook, out: string, notes: string[]): Job | undefined {
  if (flags['skip-pandoc']) return void notes.push('pandoc skipped (--skip-pandoc).');
  const version = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return void notes.push('pandoc skipped: not installed (Debian: apt-get install pandoc).');
  // As issue 9 measured it: the concatenated Markdown to EPUB, without embedded fonts.
  const args = ['-f', 'markdown', '-t', 'epub3', '--metadata', 'title=基准测试之书', '--metadata', 'lang=zh-Hans', '-o', join(out, 'pandoc.epub'), book.markdown];
  return { label: 'pandoc → EPUB, no fonts (whole process)', cmd: 'pandoc', args, detail: () => version.stdout.split('\n')[0] };
}

async function stages(book: CachedBook, out: string): Promise<StageTiming[]> {
  const r = await measure(NODE, ['--import', 'tsx', join(ROOT, 'bench/stages.ts'), book.chapters, out, BOOK_FORMATS.join(','), 'zh-Hans'], {
    cwd: ROOT,
    env: { ...process.env, ...BUILD.env, SOURCE_DATE_EPOCH: EPOCH },
  });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as StageTiming[];
}

// ---------------------------------------------------------------- report

const fmtS = (s: number) => s.toFixed(2);
/** A difference, with its sign. */
const signedS = (s: number) => `${s >= 0 ? '+' : ''}${s.toFixed(2)}`;
const fmtMB = (mb: number) => mb.toFixed(0);

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Words left, figures right.
  const left = header.map((h) => ['stage', 'build', 'note', 'target'].includes(h));
  const line = (cells: string[]) => cells.map((c, i) => (left[i] ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  process.stdout.write(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function targets(ours: Measured[], typstRun: Measured | undefined, pandocRun: Measured | undefined, growthOf: Record<string, { worstDoubling: number }>): Target[] {
  const list: Target[] = [];
  const ratio = (a: Measured, b: Measured, limit: number, what: string) => {
    const r = a.seconds / b.seconds;
    list.push({ target: `${what} ≤ ${limit.toFixed(1)}×`, measured: `${r.toFixed(2)}×`, met: r <= limit });
  };
  const epub = ours.find((m) => m.label.startsWith('epub'));
  const pdf = ours.find((m) => m.label.startsWith('pdf'));
  const full = ours.find((m) => m.label.startsWith('full'));
  if (epub && pandocRun) ratio(epub, pandocRun, 1, 'EPUB zh-Hans / pandoc');
  if (pdf && typstRun) ratio(pdf, typstRun, 1, 'PDF zh-Hans / Typst');
  if (full && typstRun) ratio(full, typstRun, 2, 'full build / Typst');
  if (ours.length === 0) return list;
  const peak = Math.max(...ours.map((m) => m.peakMB));
  list.push({ target: `peak RSS ≤ 1024 MB (at ${CHARS.toLocaleString('en')} chars)`, measured: `${fmtMB(peak)} MB`, met: peak <= 1024 });
  const sizes = [...new Set(SIZES)].sort((a, b) => a - b);
  // Linear: doubling the book at most doubles the time, at every step measured.
  for (const [label, g] of Object.entries(growthOf)) {
    list.push({
      target: `${label.replace(/ \(whole process\)$/u, '').split(':')[0]}: time at 2× the book ≤ 2.0× (${sizes.map((n) => `${n / 1e6}M`).join(', ')})`,
      measured: `${g.worstDoubling.toFixed(2)}×`,
      met: g.worstDoubling <= 2,
    });
  }
  if (Object.keys(growthOf).length === 0) list.push({ target: 'linear growth (needs two or more --sizes)', measured: 'not measured', met: false });
  return list;
}

interface SizePoint {
  chars: number;
  label: string;
  seconds: number;
  peakMB: number;
}

/**
 * How a build's time grows with the book.
 * - worstDoubling: the largest t(2n) / t(n) over the sizes that double (or
 *   more generally, t(m) / t(n) scaled to a doubling: (t(m)/t(n))^(ln 2 / ln(m/n))).
 *   Linear growth with a fixed start-up cost gives less than 2, anything
 *   faster than linear gives more once the book is large enough to matter.
 * - line: time ≈ fixed + perMillion × size/1M, least squares over all sizes,
 *   and how far the largest book lies from the line through the others
 *   (positive: slower than the smaller books predict).
 */
function growth(points: SizePoint[]): { worstDoubling: number; fixedS: number; perMillionS: number; largestOffLine: number } {
  const ps = [...points].sort((a, b) => a.chars - b.chars);
  let worstDoubling = 0;
  for (let i = 1; i < ps.length; i++) {
    const sizeRatio = ps[i].chars / ps[i - 1].chars;
    worstDoubling = Math.max(worstDoubling, (ps[i].seconds / ps[i - 1].seconds) ** (Math.LN2 / Math.log(sizeRatio)));
  }
  const fit = (qs: SizePoint[]) => {
    const mx = qs.reduce((a, p) => a + p.chars / 1e6, 0) / qs.length;
    const my = qs.reduce((a, p) => a + p.seconds, 0) / qs.length;
    const slope = qs.reduce((a, p) => a + (p.chars / 1e6 - mx) * (p.seconds - my), 0) / qs.reduce((a, p) => a + (p.chars / 1e6 - mx) ** 2, 0);
    return { fixedS: my - slope * mx, perMillionS: slope };
  };
  const all = fit(ps);
  const largest = ps[ps.length - 1];
  const others = fit(ps.slice(0, -1));
  const largestOffLine = ps.length >= 3 ? largest.seconds / (others.fixedS + (others.perMillionS * largest.chars) / 1e6) - 1 : Number.NaN;
  return { worstDoubling, ...all, largestOffLine };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const notes: string[] = [];
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    rss: RSS_METHOD,
    // Before the bench starts anything, so the figure is other work's alone.
    loadAverageAtStart: os.loadavg()[0],
    /** Shares of the machine's CPU over the timed processes, filled in at the end. */
    otherWork: undefined as undefined | { otherShare: number; stolenShare: number },
  };
  const book = cachedBook(CHARS, SEED);
  const s = book.summary;
  process.stdout.write(
    `book: ${s.han.toLocaleString('en')} Han characters, ${s.distinct} distinct, ${s.chapters} chapters, ${(s.bytes / 2 ** 20).toFixed(1)} MiB (seed ${s.seed})\n` +
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}; ${RUNS} round(s), each running every build once in turn, median shown; peak RSS by ${RSS_METHOD}\n`,
  );
  const out = mkdtempSync(join(os.tmpdir(), 'bench-out-'));
  try {
    compileCommand();
    const startup = (await timeInRounds(startupJobs(), notes, STARTUP_ROUNDS)).filter((m): m is Measured => m !== undefined);
    table(`Start-up of the compiled command (seconds: median of ${STARTUP_ROUNDS}; best: fastest run)`, ['command', 'seconds', 'best', 'peak MB', 'note'], startup.map((m) => [m.label, m.seconds.toFixed(3), Math.min(...m.samples.map((x) => x.seconds)).toFixed(3), fmtMB(m.peakMB), m.detail ?? '']));

    const stageTimes = await stages(book, out).catch((e: Error) => {
      notes.push(`in-process stages FAILED: ${e.message.split('\n').slice(1, 4).join(' | ')}`);
      return [] as StageTiming[];
    });
    table('In-process stages (build(), one process; peak = VmHWM so far)', ['stage', 'seconds', 'peak MB'], stageTimes.map((t) => [t.stage, fmtS(t.seconds), fmtMB(t.peakMB)]));
    if (!PDF) notes.push("PDF not timed: AVAILABLE_FORMATS in src/config/editions.ts has no 'pdf' yet.");

    // With the same node options as the whole builds, so that the two figures compare.
    const watch = spawnSync(NODE, [...BUILD_NODE_FLAGS, join(ROOT, 'bench/incremental.ts'), book.chapters, out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...BUILD.env } });
    const incremental = watch.status === 0 ? (JSON.parse(watch.stdout.trim().split('\n').pop()!) as { fullSeconds: number; incrementalSeconds: number; edits: number[] }) : undefined;
    if (incremental) {
      const share = (100 * incremental.incrementalSeconds) / incremental.fullSeconds;
      process.stdout.write(
        `\nwatch: EPUB full build ${fmtS(incremental.fullSeconds)} s; after one chapter changes ${fmtS(incremental.incrementalSeconds)} s, median of ${incremental.edits.length} edits (${incremental.edits.map(fmtS).join(', ')}) = ${share.toFixed(1)}% of full; target < 10%\n\n`,
      );
    } else notes.push(`watch figure not measured: ${watch.stderr.trim().split('\n').pop()}`);

    // Ours, Typst and pandoc in the same rounds, so that each ratio compares neighbouring runs.
    const mine = ourJobs(book, out);
    const others = [typstJob(book, out, notes), pandocJob(book, out, notes)];
    const measured = await timeInRounds([...mine, ...others.filter((j): j is Job => j !== undefined)], notes);
    const byJob = new Map([...mine, ...others.filter((j): j is Job => j !== undefined)].map((j, i) => [j, measured[i]]));
    const ours = mine.map((j) => byJob.get(j)).filter((m): m is Measured => m !== undefined);
    const typstRun = others[0] && byJob.get(others[0]);
    const pandocRun = others[1] && byJob.get(others[1]);
    const processes = [...ours, ...(typstRun ? [typstRun] : []), ...(pandocRun ? [pandocRun] : [])];
    table('Whole builds, each a fresh process (seconds: median; best: fastest run)', ['build', 'seconds', 'best', 'peak MB', 'note'], processes.map((m) => [m.label, fmtS(m.seconds), fmtS(Math.min(...m.samples.map((x) => x.seconds))), fmtMB(m.peakMB), m.detail ?? '']));

    const linearity: SizePoint[] = [];
    for (const chars of SIZES) {
      const b = chars === CHARS ? book : cachedBook(chars, SEED);
      for (const m of chars === CHARS ? ours : await ourBuilds(b, out, notes)) linearity.push({ chars, label: m.label, seconds: m.seconds, peakMB: m.peakMB });
    }
    let growthOf: Record<string, ReturnType<typeof growth>> = {};
    if (linearity.length > 0) {
      table('Linearity (whole process)', ['chars', 'build', 'seconds', 's per 1M', 'peak MB'], linearity.map((p) => [p.chars.toLocaleString('en'), p.label.replace(/ \(whole process\)$/u, ''), fmtS(p.seconds), fmtS(p.seconds / (p.chars / 1e6)), fmtMB(p.peakMB)]));
      const labels = [...new Set(linearity.map((p) => p.label))];
      if (new Set(linearity.map((p) => p.chars)).size >= 2) {
        growthOf = Object.fromEntries(labels.map((l) => [l, growth(linearity.filter((p) => p.label === l))]));
        for (const [l, g] of Object.entries(growthOf)) {
          const offLine = Number.isNaN(g.largestOffLine) ? '' : `; the largest book ${g.largestOffLine >= 0 ? '+' : ''}${(100 * g.largestOffLine).toFixed(0)}% off the line through the smaller ones`;
          process.stdout.write(`growth, ${l.replace(/ \(whole process\)$/u, '')}: ${fmtS(g.fixedS)} s + ${fmtS(g.perMillionS)} s per million characters; doubling the book takes at most ${g.worstDoubling.toFixed(2)}× the time${offLine}\n`);
        }
      }
    }

    const review = flags['skip-review'] ? undefined : await timeReview(book, out, notes);

    const goals = targets(ours, typstRun, pandocRun, growthOf);
    if (review) goals.push({ target: 'writing the review adds < 0.5 s (zh-Hant-TW EPUB build, wall)', measured: `${signedS(review.median.addedWallS)} s (CPU ${review.median.addedCpuS === undefined ? '?' : signedS(review.median.addedCpuS)} s)`, met: review.median.addedWallS < 0.5 });
    table('Issue 9 targets', ['target', 'measured', 'met'], goals.map((g) => [g.target, g.measured, g.met ? 'yes' : 'NO']));

    if (machineUse.counted > 0) {
      const capacity = machineUse.wallS * machine.cores;
      machine.otherWork = { otherShare: Math.max(0, machineUse.busyS - machineUse.ownCpuS) / capacity, stolenShare: machineUse.stolenS / capacity };
      const { otherShare, stolenShare } = machine.otherWork;
      const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
      process.stdout.write(`\nother work while the builds ran: ${pct(otherShare)} of the machine's CPU, and ${pct(stolenShare)} taken by its hypervisor (1-min load ${machine.loadAverageAtStart.toFixed(1)} at the start)\n`);
      if (otherShare + stolenShare > 0.1) notes.push(`the machine was busy with other work (${pct(otherShare + stolenShare)} of its CPU): every figure is inflated, and ratios less so than times.`);
    } else if (machine.loadAverageAtStart > machine.cores / 2) {
      notes.push(`the machine was busy (1-min load ${machine.loadAverageAtStart.toFixed(1)} at the start, ${machine.cores} cores): figures are inflated.`);
    }
    for (const n of notes) process.stdout.write(`note: ${n}\n`);

    const json = { date: new Date().toISOString(), machine, params: { chars: CHARS, seed: SEED, runs: RUNS, sizes: SIZES }, book: s, startup, stages: stageTimes, watch: incremental, processes, review, targets: goals, linearity, growth: growthOf, notes };
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(join(ROOT, 'dist/bench.json'), `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write('\nwrote dist/bench.json\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** What the review adds to a zh-Hant-TW EPUB build; a failure is a note, as for the other builds. */
async function timeReview(book: CachedBook, out: string, notes: string[]): Promise<ReviewCost | undefined> {
  const env = { ...process.env, SOURCE_DATE_EPOCH: EPOCH, INIT_CWD: ROOT, NO_COLOR: '1' };
  try {
    const cost = await reviewCost(NODE, (formats) => [BIN, 'build', book.chapters, '--out', out, '--format', formats, '--edition', 'zh-Hant-TW'], env, ROOT, RUNS);
    process.stdout.write(`\n${describeReviewCost(cost)}`);
    return cost;
  } catch (e) {
    notes.push(`review figure FAILED: ${(e as Error).message.split('\n').slice(0, 4).join(' | ')}`);
    return undefined;
  }
}

/** `--review-only`: the review's figure alone, on the book of --chars. */
async function reviewMain(): Promise<void> {
  const book = cachedBook(CHARS, SEED);
  const out = mkdtempSync(join(os.tmpdir(), 'bench-out-'));
  const notes: string[] = [];
  try {
    compileCommand();
    const review = await timeReview(book, out, notes);
    for (const n of notes) process.stdout.write(`note: ${n}\n`);
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(join(ROOT, 'dist/bench-review.json'), `${JSON.stringify({ date: new Date().toISOString(), params: { chars: CHARS, seed: SEED, runs: RUNS }, review, loadAverage: os.loadavg() }, null, 2)}\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The vertical PDF against the horizontal one: the same book and edition, each a whole process, in the same rounds. */
async function verticalMain(): Promise<void> {
  const notes: string[] = [];
  const book = cachedBook(CHARS, SEED);
  const s = book.summary;
  process.stdout.write(`book: ${s.han.toLocaleString('en')} Han characters, ${s.chapters} chapters (seed ${s.seed}); ${RUNS} round(s), median shown\n`);
  const out = mkdtempSync(join(os.tmpdir(), 'bench-out-'));
  try {
    const job = (layout: string): Job => ({ label: `pdf zh-Hant-TW ${layout} (whole process)`, cmd: NODE, args: [...cli(book, out, ['pdf'], ['zh-Hant-TW']), '--layout', layout], env: BUILD.env, detail: summaryOf });
    const [horizontal, vertical] = await timeInRounds([job('horizontal'), job('vertical')], notes);
    const rows = [horizontal, vertical].filter((m): m is Measured => m !== undefined);
    table('Whole builds, each a fresh process (seconds: median; best: fastest run)', ['build', 'seconds', 'best', 'peak MB', 'note'], rows.map((m) => [m.label, fmtS(m.seconds), fmtS(Math.min(...m.samples.map((x) => x.seconds))), fmtMB(m.peakMB), m.detail ?? '']));
    const goals: Target[] = [];
    if (horizontal && vertical) {
      // Each round runs the two side by side in time: on a machine whose load drifts, the ratio within a round is the fair one.
      const ratios = vertical.samples.map((v, k) => v.seconds / horizontal.samples[k].seconds).filter((r) => Number.isFinite(r));
      const r = median(ratios);
      const rounds = ratios.map((x) => x.toFixed(2)).join(', ');
      goals.push({ target: 'vertical PDF / horizontal PDF (zh-Hant-TW) ≤ 1.2×', measured: `${r.toFixed(2)}× (median of rounds ${rounds})`, met: r <= 1.2 });
      table('Vertical layout target', ['target', 'measured', 'met'], goals.map((g) => [g.target, g.measured, g.met ? 'yes' : 'NO']));
    }
    for (const n of notes) process.stdout.write(`note: ${n}\n`);
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    writeFileSync(join(ROOT, 'dist/bench-vertical.json'), `${JSON.stringify({ date: new Date().toISOString(), params: { chars: CHARS, seed: SEED, runs: RUNS }, book: s, processes: rows, targets: goals, notes }, null, 2)}\n`);
    process.stdout.write('\nwrote dist/bench-vertical.json\n');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

await (flags.layout === 'vertical' ? verticalMain() : flags['review-only'] ? reviewMain() : main());
