/**
 * Carries per-code-point owners (which text node a character belongs to)
 * from a text `a` over to a rewritten text `b`, when the rewrite is known only
 * as its result. Characters `b` shares with `a` (by a shortest edit script)
 * keep their owner; a replaced stretch of equal length keeps the owners one to
 * one; a stretch whose length changed goes whole to the owner of its start.
 */
export function alignOwners(a: readonly string[], aOwners: readonly number[], b: readonly string[], maxEdits = 256): number[] {
  const pairs = commonPairs(a, b, maxEdits);
  const out: number[] = new Array<number>(b.length);
  let pa = -1;
  let pb = -1;
  const fillGap = (qa: number, qb: number) => {
    const aLen = qa - pa - 1;
    const bLen = qb - pb - 1;
    if (bLen <= 0) return;
    // An insertion with nothing replaced joins the character before it (or after, at the very start).
    const startOwner = aLen > 0 ? aOwners[pa + 1] : aOwners[Math.max(0, pa)] ?? aOwners[0];
    for (let k = 0; k < bLen; k++) out[pb + 1 + k] = aLen === bLen ? aOwners[pa + 1 + k] : startOwner;
  };
  for (const [qa, qb] of pairs) {
    fillGap(qa, qb);
    out[qb] = aOwners[qa];
    pa = qa;
    pb = qb;
  }
  fillGap(a.length, b.length);
  return out;
}

/**
 * Index pairs (i, j) with a[i] === b[j] on a longest common subsequence, by
 * Myers' O(ND) algorithm after trimming the common prefix and suffix. Beyond
 * `maxEdits` differences the middle is treated as one replaced stretch.
 */
function commonPairs(a: readonly string[], b: readonly string[], maxEdits: number): Array<[number, number]> {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  pairs.push(...myers(a, b, start, endA, start, endB, maxEdits));
  for (let i = endA, j = endB; i < a.length; i++, j++) pairs.push([i, j]);
  return pairs;
}

function myers(a: readonly string[], b: readonly string[], a0: number, a1: number, b0: number, b1: number, maxEdits: number): Array<[number, number]> {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 || m === 0) return [];
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m).map(([x1, y1]) => [a0 + x1, b0 + y1]);
    }
  }
  return [];
}

function backtrack(trace: Int32Array[], offset: number, n: number, m: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const v = trace[d];
    const k = x - y;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK];
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      pairs.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}
