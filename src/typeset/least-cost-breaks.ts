/**
 * The breaks that set segments [from, to) as `count` lines at the least
 * total cost, by dynamic programming over the break opportunities: each
 * line's end but the last one's, which is `to`. Undefined if no set of
 * breaks gives every line a finite cost.
 *
 * `lineCost(start, end, line)` prices segments [start, end) set as line
 * number `line` (0-based): Infinity where that line cannot be set so but a
 * longer one might (it is loose), undefined where it overflows, and so does
 * every longer one. `allowed(t)` says whether a line may end before segment t.
 */
export function leastCostBreaks(
  from: number,
  to: number,
  count: number,
  lineCost: (start: number, end: number, line: number) => number | undefined,
  allowed: (t: number) => boolean,
): number[] | undefined {
  // best[j][t]: least cost of setting segments [from, t) as j lines; via[j][t]: where the j-th line starts.
  const best = Array.from({ length: count + 1 }, () => new Map<number, number>());
  const via = Array.from({ length: count + 1 }, () => new Map<number, number>());
  best[0].set(from, 0);
  for (let j = 1; j <= count; j++) {
    for (const [start, cost] of best[j - 1]) {
      for (let t = start + 1; t <= to; t++) {
        if (j < count && (t === to || !allowed(t))) continue;
        if (j === count && t !== to) continue;
        const line = lineCost(start, t, j - 1);
        // Longer lines only overflow further: stop at the first that does not fit.
        if (line === undefined) break;
        const total = cost + line;
        if (total < (best[j].get(t) ?? Infinity)) {
          best[j].set(t, total);
          via[j].set(t, start);
        }
      }
    }
  }
  if (!best[count].has(to)) return undefined;
  const breaks: number[] = [];
  let t = to;
  for (let j = count; j > 1; j--) {
    t = via[j].get(t)!;
    breaks.unshift(t);
  }
  return breaks;
}
