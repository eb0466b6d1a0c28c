import { Worker } from 'node:worker_threads';
import type { BuildOptions, BuildResult } from '../build.ts';
import type { EditionTag } from '../config/editions.ts';
import { BuildError, type Diagnostic } from '../diagnostics.ts';

/**
 * Builds the editions on several worker threads (issue 9: use both cores).
 * Each worker parses the manuscript itself — cheaper than shipping a model
 * between threads — so diagnostics about the shared source arrive once per
 * worker and are merged; results come back in edition order.
 */
export async function buildInParallel(options: BuildOptions, editions: EditionTag[], workers: number): Promise<BuildResult> {
  const groups: EditionTag[][] = Array.from({ length: Math.min(workers, editions.length) }, () => []);
  editions.forEach((e, i) => groups[i % groups.length].push(e));
  const { onStage, cache: _cache, ...plain } = options;
  let done = 0;
  const outcomes = await Promise.all(
    groups.map(
      (group) =>
        new Promise<{ result?: BuildResult; error?: Diagnostic[] }>((resolve, reject) => {
          const worker = new Worker(new URL('./edition-worker-entry.mjs', import.meta.url), { workerData: { ...plain, editions: group } });
          worker.on('message', (m: { stage?: string; step?: { done: number; total: number }; result?: BuildResult; error?: Diagnostic[] }) => {
            if (m.stage && m.step && m.stage !== 'done') onStage?.(`${m.stage}`, { done: done++, total: editions.length * (1 + (options.formats?.length ?? 2)) });
            if (m.result || m.error) resolve(m);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`build worker stopped with exit code ${code}`)));
        }),
    ),
  );
  const diagnostics = mergeDiagnostics(outcomes.map((o) => o.result?.diagnostics ?? o.error ?? []));
  if (outcomes.some((o) => o.error)) throw new BuildError(diagnostics);
  const order = (e: EditionTag) => editions.indexOf(e);
  const results = outcomes.map((o) => o.result!);
  return {
    diagnostics,
    outputs: results.flatMap((r) => r.outputs).sort((a, b) => order(a.edition) - order(b.edition)),
    fonts: results.flatMap((r) => r.fonts).sort((a, b) => order(a.edition) - order(b.edition)),
  };
}

/** The same finding reported by two workers (it is about the shared source) is kept once. */
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
