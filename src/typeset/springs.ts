import type { Atom } from './atoms.ts';
import { CLOSING, OPENING, STOPS } from './kinsoku.ts';

/**
 * The spring model of a line: what each atom gives up when the line is set
 * solid (two adjacent marks, a mark at the line's end), the Han–Latin gaps,
 * and what each may give up further when the line must shrink, in clreq's
 * order of reduction. The line filler asks it how far a candidate line could
 * shrink (push-in); placeLine sets a line with it. One model, so the filler
 * never accepts a line that cannot then be placed.
 */

const EPS = 0.01;

export const isIdeo = (a: Atom) => a.kind === 'han' || a.kind === 'wide';
export const isHanLatin = (a: Atom, b: Atom) => (isIdeo(a) && b.kind === 'latin') || (a.kind === 'latin' && isIdeo(b));

/** The blank two neighbouring marks give up together (clreq: a pair of full-width marks takes 1.5 em); 0 for any other pair. */
export function pairTrim(a: Atom, b: Atom): number {
  return (a.trimEnd > 0 || b.trimStart > 0) && a.kind === 'punct' && b.kind === 'punct' ? Math.min(a.size / 2, a.trimEnd + b.trimStart) : 0;
}

/** The Han–Latin gap after `a` (¼ em), 0 between any other neighbours. */
export function gapAfter(a: Atom, b: Atom, em: number): number {
  return isHanLatin(a, b) ? em / 4 : 0;
}

/**
 * A line's state, index for index from the line's first atom: blank trimmed
 * off each atom's start and end, the glue after it, and its spring (how much
 * more it may give, in which tier). Arrays reused from line to line: one
 * line's state is in use at a time, and a long book sets fifty thousand.
 */
export interface LineState {
  trimStart: Float64Array;
  trimEnd: Float64Array;
  glue: Float64Array;
  /** What the atom's spring may give; 0 for none. */
  cap: Float64Array;
  /** For a mark, what its start and its end may give (cap is at most their sum). */
  capStart: Float64Array;
  capEnd: Float64Array;
  /** clreq's order: 1 word spaces, 2 brackets and quotes, 3 pause marks, 4 Han–Latin gaps, 5 stops. */
  tier: Uint8Array;
  /** What justification adds after each atom. */
  extra: Float64Array;
  /** The line's width set solid, and the most the springs could take off it. */
  natural: number;
  shrink: number;
}

let state: LineState = allocate(256);

function allocate(n: number): LineState {
  const f = () => new Float64Array(n);
  return { trimStart: f(), trimEnd: f(), glue: f(), cap: f(), capStart: f(), capEnd: f(), tier: new Uint8Array(n), extra: f(), natural: 0, shrink: 0 };
}

/**
 * The state of atoms [from, to) set as one line, spaces at either end left
 * off (they vanish at a line break). Valid until the next call.
 */
export function lineState(atoms: Atom[], from: number, to: number, em: number): LineState {
  let a = from;
  let b = to;
  while (a < b && atoms[a].kind === 'space') a++;
  while (b > a && atoms[b - 1].kind === 'space') b--;
  const n = to - from;
  if (state.trimStart.length < n) state = allocate(Math.max(n, state.trimStart.length * 2));
  const st = state;
  for (const arr of [st.trimStart, st.trimEnd, st.glue, st.cap, st.capStart, st.capEnd, st.extra]) arr.fill(0, 0, n);
  st.tier.fill(0, 0, n);
  let natural = 0;
  let shrink = 0;
  // The blank the pair (i-1, i) took off atom i's start: carried from one step to the next.
  let start = 0;
  for (let i = a; i < b; i++) {
    const at = atoms[i];
    const k = i - from;
    let end = 0;
    let nextStart = 0;
    let glue = 0;
    if (i + 1 < b) {
      const next = atoms[i + 1];
      const t = pairTrim(at, next);
      if (t > 0) {
        end = Math.min(at.trimEnd, t);
        nextStart = t - end;
      } else glue = gapAfter(at, next, em);
    } else end = Math.max(0, at.trimEnd); // a mark at the line's end sets half width
    st.trimStart[k] = start;
    st.trimEnd[k] = end;
    st.glue[k] = glue;
    natural += at.advance - start - end + glue;
    if (at.kind === 'space') {
      const cap = Math.max(0, at.advance - end - (at.hanLatin ? em / 8 : em / 4));
      if (cap > 0) {
        st.cap[k] = cap;
        st.tier[k] = at.hanLatin ? 4 : 1;
        shrink += cap;
      }
    } else {
      if (at.kind === 'punct' && (at.trimStart > 0 || at.trimEnd > 0)) {
        // The first mark's start stays: the line's start (and a paragraph's indent) is fixed.
        const capStart = i === a ? 0 : Math.max(0, at.trimStart - start);
        const capEnd = Math.max(0, at.trimEnd - end);
        // A mark gives up at most half its width in all.
        const cap = Math.min(capStart + capEnd, Math.max(0, at.size / 2 - start - end));
        if (cap > 0) {
          const ch = at.text[0];
          st.cap[k] = cap;
          st.capStart[k] = capStart;
          st.capEnd[k] = capEnd;
          st.tier[k] = OPENING.has(ch) || CLOSING.has(ch) ? 2 : '，、；'.includes(ch) ? 3 : STOPS.has(ch) ? 5 : 3;
          shrink += cap;
        }
      }
      if (glue > 0) {
        st.cap[k] = glue - em / 8;
        st.tier[k] = 4;
        shrink += glue - em / 8;
      }
    }
    start = nextStart;
  }
  st.natural = natural;
  st.shrink = shrink;
  return st;
}

export interface PlacedLine {
  /** Where each atom's (possibly trimmed) box starts along the line. */
  starts: number[];
  /** Where each atom's first glyph's origin goes: its start minus the blank trimmed off its start. */
  origins: number[];
  /** The advance each atom takes on the line. */
  advances: number[];
  inlineSize: number;
}

/**
 * Sets a line (no spaces at its ends) in `avail`: shrunk by the springs in
 * clreq's order when it is too long; when `justify`, the remainder spread
 * over word spaces, then Han–Latin gaps, then every gap between characters
 * alike, never by widening spaces alone.
 */
export function placeLine(atoms: Atom[], avail: number, justify: boolean, em: number): PlacedLine {
  const n = atoms.length;
  const st = lineState(atoms, 0, n, em);
  let slack = avail - st.natural;
  const extra = st.extra;
  if (slack < -EPS) {
    for (let tier = 1; tier <= 5 && slack < -EPS; tier++) {
      let cap = 0;
      for (let i = 0; i < n; i++) if (st.tier[i] === tier) cap += st.cap[i];
      if (cap <= 0) continue;
      const take = Math.min(cap, -slack);
      for (let i = 0; i < n; i++) if (st.tier[i] === tier) give(atoms[i], st, i, (st.cap[i] / cap) * take);
      slack += take;
    }
  } else if (justify && slack > EPS && n > 1) {
    // 1: word spaces, up to ½ em each; 2: Han–Latin gaps, up to ½ em; 3: every gap alike.
    const spaces: number[] = [];
    const hanLatin: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = atoms[i];
      if (a.kind === 'space' && !a.hanLatin) spaces.push(i);
      if (a.hanLatin || st.glue[i] > 0) hanLatin.push(i);
    }
    slack = spread(spaces, (i) => Math.max(0, em / 2 - (atoms[i].advance - st.trimEnd[i])), extra, slack);
    slack = spread(hanLatin, (i) => Math.max(0, em / 2 - (st.glue[i] || atoms[i].advance)), extra, slack);
    if (slack > EPS) {
      // Every remaining gap alike; not between two marks set solid (1.5 em together),
      // nor beside word spaces and Han–Latin gaps, which already had their share.
      const isGap = (i: number) =>
        !(atoms[i].kind === 'punct' && atoms[i + 1].kind === 'punct') && atoms[i].kind !== 'space' && atoms[i + 1].kind !== 'space' && !(st.glue[i] > 0);
      let gaps = 0;
      for (let i = 0; i + 1 < n; i++) if (isGap(i)) gaps++;
      if (gaps === 0) {
        for (let i = 0; i + 1 < n; i++) extra[i] += slack / (n - 1);
      } else {
        const each = slack / gaps;
        for (let i = 0; i + 1 < n; i++) if (isGap(i)) extra[i] += each;
      }
      slack = 0;
    }
  }
  const starts: number[] = [];
  const origins: number[] = [];
  const advances: number[] = [];
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const advance = atoms[i].advance - st.trimStart[i] - st.trimEnd[i];
    starts.push(pos);
    origins.push(pos - st.trimStart[i]);
    advances.push(advance);
    pos += advance + (i < n - 1 ? st.glue[i] + extra[i] : 0);
  }
  return { starts, origins, advances, inlineSize: pos };
}

/** An atom's spring gives `x`: a space or a mark's blank narrows, a Han–Latin gap closes. */
function give(atom: Atom, st: LineState, i: number, x: number): void {
  if (st.cap[i] <= 0) return;
  if (atom.kind === 'space') st.trimEnd[i] += x;
  else if (atom.kind === 'punct' && (st.capStart[i] > 0 || st.capEnd[i] > 0)) {
    const fromStart = Math.min(st.capStart[i], x * (st.capStart[i] / (st.capStart[i] + st.capEnd[i])));
    st.trimStart[i] += fromStart;
    st.trimEnd[i] += x - fromStart;
  } else st.glue[i] -= x;
}

function spread(indices: number[], capOf: (i: number) => number, extra: Float64Array, slack: number): number {
  if (indices.length === 0 || slack <= EPS) return slack;
  const caps = indices.map(capOf);
  const total = caps.reduce((s, c) => s + c, 0);
  if (total <= 0) return slack;
  const take = Math.min(total, slack);
  indices.forEach((i, k) => (extra[i] += (caps[k] / total) * take));
  return slack - take;
}
