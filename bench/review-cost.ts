/**
 * What writing the Simplified-to-Traditional review adds to a build: the
 * compiled command's `build --format epub` against `--format epub,review`,
 * zh-Hant-TW, each a fresh process, alternating in rounds so that both see
 * the same machine. Wall time is what the author waits; CPU time (user +
 * system, every thread) is what the review costs a machine whose cores the
 * build already uses, and moves less with other work on the machine.
 */
import { measure, median } from './measure.ts';

export interface ReviewCost {
  rounds: number;
  /** Every run, in order: seconds of wall time and of CPU (undefined without GNU time). */
  epub: Array<{ wallS: number; cpuS?: number }>;
  review: Array<{ wallS: number; cpuS?: number }>;
  median: { epubWallS: number; reviewWallS: number; addedWallS: number; epubCpuS?: number; reviewCpuS?: number; addedCpuS?: number };
}

/** `args(formats)` is the command line of one build, as the other whole builds run it. */
export async function reviewCost(node: string, args: (formats: string) => string[], env: NodeJS.ProcessEnv, cwd: string, rounds: number): Promise<ReviewCost> {
  const epub: ReviewCost['epub'] = [];
  const review: ReviewCost['review'] = [];
  for (let round = 0; round < rounds; round++) {
    // Which goes first alternates too: a round's second run finds the page cache warmer.
    const order = round % 2 === 0 ? (['epub', 'epub,review'] as const) : (['epub,review', 'epub'] as const);
    for (const formats of order) {
      // A build that fails throws here (measure checks the exit code).
      const r = await measure(node, args(formats), { cwd, env });
      (formats === 'epub' ? epub : review).push({ wallS: r.wallS, cpuS: r.cpuS });
    }
  }
  const wall = (runs: ReviewCost['epub']) => median(runs.map((r) => r.wallS));
  const cpu = (runs: ReviewCost['epub']) => (runs.every((r) => r.cpuS !== undefined) ? median(runs.map((r) => r.cpuS!)) : undefined);
  const [epubCpuS, reviewCpuS] = [cpu(epub), cpu(review)];
  return {
    rounds,
    epub,
    review,
    median: {
      epubWallS: wall(epub),
      reviewWallS: wall(review),
      addedWallS: wall(review) - wall(epub),
      epubCpuS,
      reviewCpuS,
      addedCpuS: epubCpuS !== undefined && reviewCpuS !== undefined ? reviewCpuS - epubCpuS : undefined,
    },
  };
}

/** One line per figure, for the bench's output. */
export function describeReviewCost(c: ReviewCost): string {
  const f = (s: number | undefined) => (s === undefined ? '—' : s.toFixed(2));
  /** A difference, with its sign (a review measured as costing nothing shows as -0.05, not +-0.05). */
  const d = (s: number | undefined) => (s === undefined ? '—' : `${s >= 0 ? '+' : ''}${s.toFixed(2)}`);
  const runs = (xs: ReviewCost['epub']) => xs.map((r) => `${f(r.wallS)}${r.cpuS === undefined ? '' : `/${f(r.cpuS)}`}`).join(', ');
  const m = c.median;
  // The machine's speed moves both builds, and the review's seconds with them: its share of the EPUB
  // build is the figure to compare across hours (docs/review.md, Cost).
  const share = (added: number, base: number) => (base > 0 ? `${Math.round((added / base) * 100)}%` : '—');
  return (
    `review adds (zh-Hant-TW, build --format epub vs epub,review, ${c.rounds} rounds alternating; medians): ` +
    `wall ${f(m.epubWallS)} → ${f(m.reviewWallS)} s = ${d(m.addedWallS)} s (${share(m.addedWallS, m.epubWallS)} of the EPUB build); CPU ${f(m.epubCpuS)} → ${f(m.reviewCpuS)} s = ${d(m.addedCpuS)} s; target < 0.5 s\n` +
    `  runs, wall/CPU seconds: epub ${runs(c.epub)}; epub,review ${runs(c.review)}\n`
  );
}
