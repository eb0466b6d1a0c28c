import type { Atom } from './atoms.ts';

/**
 * The spring model of a line (clreq §3.2): how each atom is set when the
 * line is set solid — two adjacent marks in 1.5 em, a mark at the line's end
 * half width (in the styles that trim it), a Han–Latin gap of ¼ em — and
 * how much more each may give when the line must shrink, in clreq's order
 * of reduction. The line filler walks it atom by atom (LineWalk) and
 * placeLine sets a line with the same walk: one model, so the filler never
 * accepts a line that placing cannot set.
 */

const EPS = 0.01;

// An ideographic space is space already: no Han–Latin gap is added beside it (版　次　2026年).
export const isIdeo = (a: Atom) => (a.kind === 'han' || a.kind === 'wide') && a.text !== '\u3000';
// A footnote call is a superscript against its character, not a Latin word beside it; a hyphen
// joining two transliterated names (朗吉特-希金斯) is a mark between them, not a word; so is the
// one-em dash of a span of years (1912—1954), which touches its numbers as in print.
const isHanLatin = (a: Atom, b: Atom) =>
  ((isIdeo(a) && b.kind === 'latin' && isWord(b)) || (a.kind === 'latin' && isIdeo(b) && isWord(a))) &&
  a.style.reference !== true && b.style.reference !== true && a.text !== '—' && b.text !== '—';
const WORD = /[\p{L}\p{N}]/u;
const isWord = (a: Atom) => WORD.test(a.text);
const isBracket = (a: Atom) => a.mark === 'open' || a.mark === 'close';

/** The Han–Latin gap after `a` (¼ em), 0 between any other neighbours. */
export function gapAfter(a: Atom, b: Atom, em: number): number {
  return isHanLatin(a, b) ? em / 4 : 0;
}

/** Two neighbours set with nothing between them to widen: a pair of marks, the pieces of one word. */
function solid(a: Atom, b: Atom): boolean {
  return (a.kind === 'punct' && b.kind === 'punct') || (a.kind === 'latin' && b.kind === 'latin');
}

/** How many springs of the line's state there are a tier of: 0 Taiwan's line-end mark, 1 word spaces, 2 brackets, 3 ，、；, 4 Han–Latin gaps, 5 。．：？！. */
const TIERS = 6;

/**
 * A line's state, index for index from the line's first atom: the blank
 * taken off each atom's start and end, the glue after it, and its spring
 * (how much more it may give, in which tier). Arrays reused from line to line:
 * one line's state is in use at a time, and a long book sets fifty thousand.
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
  tier: Uint8Array;
  /** What justification adds after each atom. */
  extra: Float64Array;
  /** The line's length set solid, and the most its springs could take off it. */
  natural: number;
  shrink: number;
}

function allocate(n: number): LineState {
  const f = () => new Float64Array(n);
  return { trimStart: f(), trimEnd: f(), glue: f(), cap: f(), capStart: f(), capEnd: f(), tier: new Uint8Array(n), extra: f(), natural: 0, shrink: 0 };
}

/**
 * What lines measure, index by index (the filler's, one per segment end):
 * the natural length, the gaps between characters that justification may
 * widen, and what word spaces and Han–Latin gaps may take before those gaps
 * are widened. Arrays, not an object per segment: a long book has a million.
 */
export class LineMeasures {
  natural = new Float64Array(256);
  gaps = new Float64Array(256);
  room = new Float64Array(256);

  ensure(n: number): void {
    if (this.natural.length >= n) return;
    const size = Math.max(n, this.natural.length * 2);
    const grow = (a: Float64Array) => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.natural = grow(this.natural);
    this.gaps = grow(this.gaps);
    this.room = grow(this.room);
  }
}

/**
 * Sets a line atom by atom, as the filler tries longer and longer lines: each
 * pair of neighbours is decided when the second arrives, so a line's length
 * is known in constant time whatever its end. Spaces at either end of a line
 * vanish at its break and are not counted.
 */
export class LineWalk {
  private state: LineState = allocate(256);
  private atoms: Atom[] = [];
  private from = 0;
  private em = 0;
  /** The first atom that is not a space, and the last one so far (-1: none yet). */
  private first = -1;
  private last = -1;
  /** Spaces after `last` (`spaces[0, spaceCount)`), counted only once something follows them. */
  private spaces: number[] = [];
  private spaceCount = 0;
  /** Length of the atoms before `last` (and the spaces and glue after them), decided. */
  private committed = 0;
  private gaps = 0;
  private room = 0;

  /** Whether the line is set ragged, not justified: its end is not compressed for room. */
  ragged = false;
  /** Every mark gives as a lone one may (the Taiwan style's last resort, before a loose line). */
  lastResort = false;

  /** Starts a line at atoms[from]. */
  reset(atoms: Atom[], from: number, em: number, ragged = false, lastResort = false): void {
    this.ragged = ragged;
    this.lastResort = lastResort;
    this.atoms = atoms;
    this.from = from;
    this.em = em;
    this.first = -1;
    this.last = -1;
    this.spaceCount = 0;
    this.committed = 0;
    this.gaps = 0;
    this.room = 0;
  }

  /** Adds the next atom (atoms[i], i one past the last added). */
  add(i: number): void {
    const k = i - this.from;
    if (k >= this.state.trimStart.length) this.grow(k + 1);
    // Each atom's entries are cleared as it joins: a line touches only its own.
    const st = this.state;
    st.trimStart[k] = 0;
    st.trimEnd[k] = 0;
    st.glue[k] = 0;
    const x = this.atoms[i];
    if (x.kind === 'space') {
      if (this.last >= 0) this.spaces[this.spaceCount++] = i;
      return;
    }
    if (this.last >= 0) this.join(this.last, i);
    else this.first = i;
    this.last = i;
    this.spaceCount = 0;
  }

  private grow(n: number): void {
    const old = this.state;
    const next = allocate(Math.max(n, old.trimStart.length * 2));
    next.trimStart.set(old.trimStart);
    next.trimEnd.set(old.trimEnd);
    next.glue.set(old.glue);
    this.state = next;
  }

  /** Decides the pair (p, x), then commits p and the spaces between them. */
  private join(p: number, i: number): void {
    const st = this.state;
    const a = this.atoms[p];
    const x = this.atoms[i];
    const kp = p - this.from;
    const kx = i - this.from;
    const em = this.em;
    if (this.spaceCount === 0) {
      const taken = this.pair(a, x, kp, kx, p === this.first);
      if (taken === 0) st.glue[kp] = gapAfter(a, x, em);
      if (st.glue[kp] > 0) this.room += em / 3 - st.glue[kp];
      else if (!solid(a, x) && !x.glued) this.gaps++;
    }
    this.committed += a.advance - st.trimStart[kp] - st.trimEnd[kp] + st.glue[kp];
    for (let k = 0; k < this.spaceCount; k++) {
      const space = this.atoms[this.spaces[k]];
      this.committed += space.advance;
      this.room += Math.max(0, (space.hanLatin ? em / 3 : em / 2) - space.advance);
    }
  }

  /**
   * Two adjacent marks take 1.5 em (clreq: brackets meeting other marks), or
   * stay at 2 em when no bracket takes part and neither has a blank half
   * facing the other (？！ in the Traditional styles). The blank between them
   * goes first, where it is a mark's blank half (never a centred mark's
   * quarters); then a closing bracket's blank half after the pair, then an
   * opening bracket's before it, so that a centred mark keeps its ink clear.
   * A blank the pair before took after `a` (！」 in zh-Hant, then 「) lies
   * between these two as well, and counts for both pairs: taking another
   * half here would set 」「 ink to ink. Returns the blank taken.
   */
  private pair(a: Atom, b: Atom, ka: number, kb: number, aStartsLine: boolean): number {
    if (a.kind !== 'punct' || b.kind !== 'punct') return 0;
    const st = this.state;
    let need = a.size / 2 - st.trimEnd[ka];
    if (need <= 0) return 0;
    const aEnd = a.centred ? 0 : a.trimEnd - st.trimEnd[ka];
    const bStart = b.centred ? 0 : b.trimStart;
    const between = Math.min(need, aEnd + bStart);
    if (between > 0) {
      const fromA = Math.min(aEnd, between);
      st.trimEnd[ka] += fromA;
      st.trimStart[kb] += between - fromA;
      need -= between;
    }
    if (!isBracket(a) && !isBracket(b)) return between;
    let outside = 0;
    if (need > 0 && b.mark === 'close' && !b.centred) {
      outside = Math.min(need, b.trimEnd);
      st.trimEnd[kb] += outside;
      need -= outside;
    }
    if (need > 0 && a.mark === 'open' && !a.centred && !aStartsLine) {
      const before = Math.min(need, a.trimStart - st.trimStart[ka]);
      st.trimStart[ka] += before;
      outside += before;
    }
    return between + outside;
  }

  /** The line from its first atom to the last added, ended here: written at `into`'s index `at`. */
  measureInto(into: LineMeasures, at: number): void {
    if (this.last < 0) {
      into.natural[at] = into.gaps[at] = into.room[at] = 0;
      return;
    }
    const a = this.atoms[this.last];
    this.lineEnd(a, this.last - this.from);
    const hyphen = a.breakAfter === 'hyphen' && a.hyphen ? a.hyphen.advance : 0;
    into.natural[at] = this.committed + a.advance - this.endStart - this.endEnd + hyphen;
    into.gaps[at] = this.gaps;
    into.room[at] = this.room;
  }

  /** The natural length of the line walked, ended here. */
  natural(): number {
    if (this.last < 0) return 0;
    const a = this.atoms[this.last];
    this.lineEnd(a, this.last - this.from);
    return this.committed + a.advance - this.endStart - this.endEnd + (a.breakAfter === 'hyphen' && a.hyphen ? a.hyphen.advance : 0);
  }

  /** The last atom's trims at the line's end, as lineEnd worked them out. */
  private endStart = 0;
  private endEnd = 0;

  /**
   * The last atom's trims as the line's end sets it (into endStart, endEnd):
   * a mark compressed alone loses its blank half, a centred one ¼ em each
   * side — unless it ends a pair of marks, which is set at 1.5 em already.
   */
  private lineEnd(a: Atom, k: number): void {
    const st = this.state;
    this.endStart = st.trimStart[k];
    this.endEnd = st.trimEnd[k];
    if (!a.solo && !this.lastResort) return;
    // A ragged line (a paragraph's last) has room to spare: a centred mark trimmed there would
    // only be pulled against the character before it. Should the line not fit, its springs give.
    if (a.centred && this.ragged) return;
    if (a.centred) {
      if (this.last > this.first && this.atoms[this.last - 1].kind === 'punct') return;
      this.endStart = Math.max(this.endStart, a.trimStart);
    }
    this.endEnd = Math.max(this.endEnd, a.trimEnd);
  }

  /**
   * The whole state of the line walked, with its springs: what each atom may
   * still give, by tier. Valid until the walk is reset.
   */
  finish(): LineState {
    const st = this.state;
    const atoms = this.atoms;
    const em = this.em;
    const n = this.last < 0 ? 0 : this.last + 1 - this.from;
    st.cap.fill(0, 0, n);
    st.capStart.fill(0, 0, n);
    st.capEnd.fill(0, 0, n);
    st.tier.fill(0, 0, n);
    st.extra.fill(0, 0, n);
    if (this.last >= 0) {
      const k = this.last - this.from;
      this.lineEnd(atoms[this.last], k);
      st.trimStart[k] = this.endStart;
      st.trimEnd[k] = this.endEnd;
    }
    let natural = 0;
    let shrink = 0;
    for (let k = 0; k < n; k++) {
      const i = this.from + k;
      const at = atoms[i];
      if (i < this.first) continue;
      natural += at.advance - st.trimStart[k] - st.trimEnd[k] + st.glue[k];
      if (at.kind === 'space') {
        const cap = Math.max(0, at.advance - (at.hanLatin ? em / 8 : em / 4));
        if (cap > 0) shrink += this.spring(k, cap, at.hanLatin ? 4 : 1);
      } else if (at.kind === 'punct' && (at.trimStart > 0 || at.trimEnd > 0) && (at.solo || this.lastResort || i === this.last)) {
        // A lone mark gives what blank it has left, up to half its width; a centred one equally from both sides.
        // In the Taiwan style only the line's last mark gives, and first of all (clreq's reduction starts there).
        const fixedStart = i === this.first;
        let capStart = fixedStart ? 0 : Math.max(0, at.trimStart - st.trimStart[k]);
        let capEnd = Math.max(0, at.trimEnd - st.trimEnd[k]);
        if (at.centred) capStart = capEnd = Math.min(capStart, capEnd);
        const cap = Math.min(capStart + capEnd, Math.max(0, at.size / 2 - st.trimStart[k] - st.trimEnd[k]));
        const tier = !at.solo && !this.lastResort ? 0 : at.mark === 'open' || at.mark === 'close' ? 2 : at.mark === 'pause' ? 3 : 5;
        if (cap > 0) {
          st.capStart[k] = capStart;
          st.capEnd[k] = capEnd;
          shrink += this.spring(k, cap, tier);
        }
      } else if (st.glue[k] > 0) {
        shrink += this.spring(k, st.glue[k] - em / 8, 4);
      }
    }
    // Trailing spaces after the last atom are not part of the line.
    st.natural = natural;
    st.shrink = shrink;
    return st;
  }

  private spring(k: number, cap: number, tier: number): number {
    this.state.cap[k] = cap;
    this.state.tier[k] = tier;
    return cap;
  }
}

const walk = new LineWalk();

/** The state of atoms [from, to) set as one line (spaces at either end left off). Valid until the next call. */
export function lineState(atoms: Atom[], from: number, to: number, em: number, ragged = false, lastResort = false): LineState {
  walk.reset(atoms, from, em, ragged, lastResort);
  for (let i = from; i < to; i++) walk.add(i);
  return walk.finish();
}

export interface PlacedLine {
  /** Where each atom's (possibly trimmed) box starts along the line. */
  starts: number[];
  /** Where each atom's first glyph's origin goes: its start minus the blank trimmed off its start. */
  origins: number[];
  /** The advance each atom takes on the line. */
  advances: number[];
  inlineSize: number;
  /** Justification that could not be spread over the line's gaps (nothing may widen), or that widened them beyond `looseGap`. */
  loose: boolean;
}

/**
 * Sets a line (no spaces at its ends) in `avail`: shrunk by the springs in
 * clreq's order when it is too long; when `justify`, the remainder spread
 * over word spaces (to ½ em), then Han–Latin gaps (to ⅓ em), then every gap
 * between characters alike — never inside a pair of marks or a word.
 */
export function placeLine(atoms: Atom[], avail: number, justify: boolean, em: number, looseGap = Infinity, lastResort = false): PlacedLine {
  const n = atoms.length;
  const st = lineState(atoms, 0, n, em, !justify, lastResort);
  let slack = avail - st.natural;
  const extra = st.extra;
  let loose = false;
  if (slack < -EPS) {
    for (let tier = 0; tier < TIERS && slack < -EPS; tier++) {
      let cap = 0;
      for (let i = 0; i < n; i++) if (st.tier[i] === tier && st.cap[i] > 0) cap += st.cap[i];
      if (cap <= 0) continue;
      const take = Math.min(cap, -slack);
      for (let i = 0; i < n; i++) if (st.tier[i] === tier && st.cap[i] > 0) give(atoms[i], st, i, (st.cap[i] / cap) * take);
      slack += take;
    }
  } else if (justify && slack > EPS && n > 1) {
    const spaces: number[] = [];
    const hanLatin: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = atoms[i];
      if (a.kind === 'space' && !a.hanLatin) spaces.push(i);
      if (a.hanLatin || st.glue[i] > 0) hanLatin.push(i);
    }
    slack = spread(spaces, (i) => Math.max(0, em / 2 - (atoms[i].advance - st.trimEnd[i])), extra, slack);
    slack = spread(hanLatin, (i) => Math.max(0, em / 3 - (st.glue[i] || atoms[i].advance)), extra, slack);
    if (slack > EPS) {
      // Every remaining gap alike; not inside a pair of marks or a word, nor beside
      // word spaces and Han–Latin gaps, which already had their share.
      const isGap = (i: number) => !solid(atoms[i], atoms[i + 1]) && !atoms[i + 1].glued && atoms[i].kind !== 'space' && atoms[i + 1].kind !== 'space' && !(st.glue[i] > 0);
      let gaps = 0;
      for (let i = 0; i + 1 < n; i++) if (isGap(i)) gaps++;
      if (gaps > 0) {
        const each = slack / gaps;
        for (let i = 0; i + 1 < n; i++) if (isGap(i)) extra[i] += each;
        loose = each > looseGap;
      } else loose = true;
      slack = 0;
    }
  }
  // A justified line left short (one atom, nothing between characters to widen) is loose too.
  if (justify && slack > EPS) loose = true;
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
  return { starts, origins, advances, inlineSize: pos, loose };
}

/** An atom's spring gives `x`: a space or a mark's blank narrows, a Han–Latin gap closes. */
function give(atom: Atom, st: LineState, i: number, x: number): void {
  if (atom.kind === 'space') st.trimEnd[i] += x;
  else if (atom.kind === 'punct' && (st.capStart[i] > 0 || st.capEnd[i] > 0)) {
    const fromStart = atom.centred ? x / 2 : Math.min(st.capStart[i], x * (st.capStart[i] / (st.capStart[i] + st.capEnd[i])));
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
