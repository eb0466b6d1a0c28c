import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BuildOptions, BuildResult } from '../api.ts';
import type { EditionTag } from '../../config/editions.ts';
import { BuildError, type Diagnostic } from '../../diagnostics.ts';
import { CONFIG_FILE } from '../../config/config-file.ts';
import { capMissingGlyphs, mergeMissingGlyphs } from '../../fonts/missing-glyph.ts';
import type { ParsedSource } from '../prepare.ts';

/** `written`: what a thread that stopped wrote whole before it (BuildError.written). */
type Outcome = { result?: BuildResult; error?: Diagnostic[]; written?: string[] };

/**
 * Builds the editions side by side, to use every core: this thread
 * builds one group of editions itself and a worker thread each other group.
 * This thread parses the manuscript once and posts the source to the
 * workers: cloning the model across costs a tenth of parsing it again.
 * Diagnostics about the shared source travel with it, and every thread's
 * are merged; results come back in edition order.
 *
 * The workers are started first: each spends its first half second loading
 * the pipeline and its renderers while this thread loads and parses. This
 * thread takes the heaviest group (a converted edition costs OpenCC on top).
 * Doing one group here rather than idling keeps one copy of the pipeline,
 * fonts and heap fewer in memory.
 */
export async function buildInParallel(options: BuildOptions, editions: EditionTag[], workers: number, total: number): Promise<BuildResult> {
  const groups: EditionTag[][] = Array.from({ length: Math.min(workers, editions.length) }, () => []);
  editions.forEach((e, i) => groups[i % groups.length].push(e));
  const weight = (g: EditionTag[]) => g.length * 2 + g.filter((e) => e !== 'zh-Hans').length;
  const local = groups.reduce((best, g) => (weight(g) > weight(best) ? g : best));
  const { onStage, cache: _cache, ...given } = options;
  // Each thread reports every place of a missing character; the merged reports are capped below, once.
  const plain = { ...given, everyMissingPlace: true };
  // `total` is build()'s count of every thread's steps (steps.ts), the formats and layouts book.yaml names included.
  let done = 0;
  const step = (stage: string) => onStage?.(stage, { done: done++, total });

  const others = new Map(groups.filter((g) => g !== local).map((group) => [group, startWorker({ ...plain, editions: group }, step)]));
  const here = Promise.all([import('../prepare.ts'), import('../serial.ts')]).then(async ([{ parseSource }, { buildSerial }]) => {
    let parsed: ParsedSource | null = null;
    try {
      parsed = parseSource(plain);
      // Sent before this thread's own editions change the model.
      for (const w of others.values()) w.worker.postMessage({ parsed });
      return { result: await buildSerial({ ...plain, editions: local, workers: 1, onStage: (stage, s) => s && stage !== 'done' && step(stage) }, parsed) };
    } catch (e) {
      if (e instanceof BuildError) return { error: e.diagnostics, written: e.written };
      throw e;
    } finally {
      // A manuscript that does not parse sends none: the workers end with nothing to report.
      if (!parsed) for (const w of others.values()) w.worker.postMessage({ parsed: null });
    }
  });
  let outcomes: Outcome[];
  try {
    // In group order, so one build lists its diagnostics in the same order every time.
    outcomes = await Promise.all(groups.map((g) => (g === local ? here : others.get(g)!.outcome)));
  } catch (e) {
    // A crash (not a manuscript error) on any thread ends the others, and this thread's
    // build is let finish first: no file is written after the build has failed.
    await Promise.all([...others.values()].map((w) => w.worker.terminate()));
    await here.catch(() => undefined);
    throw e;
  }
  const settings = join(options.chaptersDir, CONFIG_FILE);
  const diagnostics = capMissingGlyphs(mergeMissingGlyphs(mergeDiagnostics(outcomes.map((o) => o.result?.diagnostics ?? o.error ?? []))), existsSync(settings) ? settings : undefined);
  if (outcomes.some((o) => o.error)) throw new BuildError(diagnostics, writtenBefore(outcomes, editions));
  const order = (e: EditionTag) => editions.indexOf(e);
  const results = outcomes.map((o) => o.result!);
  return {
    diagnostics,
    outputs: results.flatMap((r) => r.outputs).sort((a, b) => order(a.edition) - order(b.edition)),
    fonts: results.flatMap((r) => r.fonts).sort((a, b) => order(a.edition) - order(b.edition)),
  };
}

/**
 * The worker's first module. Compiled (lib/), this module is JavaScript and so is the worker,
 * which runs as it is. Run from source under tsx, the worker needs the loader registered
 * first, which the small .mjs entry does.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts') ? './edition-worker-entry.mjs' : './edition-worker.js';

function startWorker(options: BuildOptions, step: (stage: string) => void): { worker: Worker; outcome: Promise<Outcome> } {
  const worker = new Worker(new URL(WORKER_ENTRY, import.meta.url), { workerData: options });
  const outcome = new Promise<Outcome>((resolve, reject) => {
    let answered = false;
    worker.on('message', (m: { stage?: string; step?: { done: number; total: number }; result?: BuildResult; error?: Diagnostic[]; written?: string[] }) => {
      if (m.stage && m.step && m.stage !== 'done') step(m.stage);
      if (m.result || m.error) {
        answered = true;
        resolve(m);
      }
    });
    worker.on('error', reject);
    worker.on('messageerror', reject);
    // A worker that ends without an answer, even with exit code 0, is a failed build, never a silent one.
    worker.on('exit', (code) => !answered && reject(new Error(`build worker stopped with exit code ${code} before it reported`)));
  });
  return { worker, outcome };
}

/**
 * The files a failed parallel build leaves, each whole, in edition order:
 * every output of the threads that finished, and what each stopped thread
 * wrote before it stopped; undefined when a thread cannot say (an error,
 * not --strict). A thread does not stop when another does, so under
 * --strict a build side by side may leave more than a serial one, which
 * stops at the first warning: the message names what is there.
 */
function writtenBefore(outcomes: Outcome[], editions: EditionTag[]): string[] | undefined {
  if (outcomes.some((o) => o.error && o.written === undefined)) return undefined;
  // `<slug>.<edition>[.vertical].epub` …, or a preview's `<slug>.<edition>[.vertical]/index.html`.
  const editionOf = (path: string) => editions.findIndex((e) => `${basename(path) === 'index.html' ? basename(dirname(path)) : basename(path)}.`.includes(`.${e}.`));
  const files = outcomes.flatMap((o) => o.result?.outputs.map((out) => out.path) ?? o.written ?? []);
  return files.map((path, i) => ({ path, i })).sort((a, b) => editionOf(a.path) - editionOf(b.path) || a.i - b.i).map((f) => f.path);
}

/** The same finding reported by two threads (it is about the shared source) is kept once. */
function mergeDiagnostics(lists: Diagnostic[][]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of lists.flat()) {
    const key = JSON.stringify([d.file, d.line, d.column, d.severity, d.rule, d.message]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}
