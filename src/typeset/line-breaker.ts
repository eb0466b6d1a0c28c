import { CLOSING, NO_END, NO_START, OPENING, STOPS } from './kinsoku.ts';
import { makeAtom, type Atom } from './atoms.ts';

/**
 * The Chinese line composer (cjk-typesetting.md §1). Breaks a paragraph of
 * atoms into lines with clreq's rules: kinsoku from the full NO_START/NO_END
 * sets, —— and …… never split, Latin words broken only at spaces, push-in
 * before push-out; then justifies each line by spreading the remainder over
 * the gaps between characters in clreq's order (word spaces, Han–Latin
 * spacing, then every gap), never by widening spaces alone.
 */

/**
 * A line as set: its atoms and, index for index, where each sits. Arrays of
 * numbers rather than an object per atom: a long book places a million atoms,
 * and the glyph writer reads them back in order.
 */
export interface ComposedLine {
  atoms: Atom[];
  /** Left edge of each atom's (possibly trimmed) advance box, from the line start. */
  x: number[];
  /** Where each atom's first glyph's origin goes: x minus the blank trimmed off its left. */
  drawX: number[];
  /** The advance each atom occupies on the line. */
  advance: number[];
  /** Offset of the line's start from the text block's left edge (indent or centring). */
  offset: number;
  width: number;
  justified: boolean;
}

export type Align = 'justify' | 'left' | 'center';

export interface ParagraphSpec {
  atoms: Atom[];
  /** Line length in points. */
  measure: number;
  firstIndent: number;
  restIndent: number;
  align: Align;
  /** Font size in points that em-based spacing refers to. */
  em: number;
  onWarn?: (rule: string, message: string, line?: number) => void;
}

const EPS = 0.01;

export function composeParagraph(spec: ParagraphSpec): ComposedLine[] {
  const lines: ComposedLine[] = [];
  // A hard line break ends a line that is then set unjustified, like a paragraph's last line.
  let start = 0;
  let first = true;
  for (let i = 0; i <= spec.atoms.length; i++) {
    if (i === spec.atoms.length || spec.atoms[i].text === '\n') {
      const part = spec.atoms.slice(start, i);
      if (part.length || i < spec.atoms.length) lines.push(...composeRun(part, spec, first));
      first = false;
      start = i + 1;
    }
  }
  return lines;
}

function composeRun(atoms: Atom[], spec: ParagraphSpec, firstRun: boolean): ComposedLine[] {
  if (atoms.length === 0) return [{ atoms: [], x: [], drawX: [], advance: [], offset: firstRun ? spec.firstIndent : spec.restIndent, width: 0, justified: false }];
  markHanLatinSpaces(atoms, spec.em);
  const segments = breakableSegments(atoms);
  const lines = fillLines(atoms, segments, spec, firstRun);
  fixShortLastLine(atoms, segments, lines, spec, firstRun);
  return lines.map((l, k) => {
    const isFirst = firstRun && k === 0;
    const indent = isFirst ? spec.firstIndent : spec.restIndent;
    const last = k === lines.length - 1;
    const slice = trimSpaces(atoms.slice(segments[l.from].start, segments[l.to - 1].end));
    const avail = spec.measure - indent;
    const justify = spec.align === 'justify' && !last;
    const placed = placeLine(slice, avail, justify, spec.em);
    const width = placed.width;
    const offset = spec.align === 'center' ? indent + Math.max(0, (avail - width) / 2) : indent;
    return { atoms: slice, x: placed.x, drawX: placed.drawX, advance: placed.advance, offset, width, justified: justify };
  });
}

/** A space between Han and Latin is the ¼-em Han–Latin gap, not a word space. */
function markHanLatinSpaces(atoms: Atom[], em: number): void {
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i];
    if (a.kind !== 'space') continue;
    const prev = atoms[i - 1];
    const next = atoms[i + 1];
    if (prev && next && ((isIdeo(prev) && next.kind === 'latin') || (prev.kind === 'latin' && isIdeo(next)))) {
      a.width = em / 4;
      a.hanLatin = true;
    }
  }
}

interface Segment {
  start: number;
  end: number;
}

/** Runs of atoms between break opportunities. */
function breakableSegments(atoms: Atom[]): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (let i = 1; i < atoms.length; i++) {
    if (canBreakBefore(atoms, i)) {
      segments.push({ start, end: i });
      start = i;
    }
  }
  segments.push({ start, end: atoms.length });
  return segments;
}

/** Kinsoku by UTF-16 code unit (every mark in the sets is in the BMP): 1 may not start a line, 2 may not end one. */
const KINSOKU = new Uint8Array(0x10000);
for (const ch of NO_START) KINSOKU[ch.charCodeAt(0)] |= 1;
for (const ch of NO_END) KINSOKU[ch.charCodeAt(0)] |= 2;

function canBreakBefore(atoms: Atom[], i: number): boolean {
  const a = atoms[i - 1];
  const b = atoms[i];
  if (b.glued || b.kind === 'space') return false;
  // A million atoms ask: a table read, not a one-character string hashed into a Set.
  if (KINSOKU[b.text.charCodeAt(0)] & 1 || KINSOKU[a.text.charCodeAt(a.text.length - 1)] & 2) return false;
  if (a.kind === 'latin' && b.kind === 'latin') return false;
  return true;
}

interface LineRange {
  /** Segment indices [from, to). */
  from: number;
  to: number;
}

function fillLines(atoms: Atom[], segments: Segment[], spec: ParagraphSpec, firstRun: boolean): LineRange[] {
  const lines: LineRange[] = [];
  let widths = naturalWidths(atoms, spec.em);
  let from = 0;
  for (let s = 0; s < segments.length; s++) {
    const avail = spec.measure - (firstRun && lines.length === 0 ? spec.firstIndent : spec.restIndent);
    const natural = widths(segments[from].start, segments[s].end);
    if (natural <= avail + EPS) continue;
    if (s === from) {
      // One segment wider than the line: the last resort is to break inside it.
      if (splitOverlong(atoms, segments, s, avail, spec)) {
        widths = naturalWidths(atoms, spec.em);
        s--;
        continue;
      }
      lines.push({ from, to: s + 1 });
      from = s + 1;
      continue;
    }
    // Push in first: compress the line's punctuation and spaces to take the segment.
    if (natural - shrinkOf(atoms, segments[from].start, segments[s].end, spec.em) <= avail + EPS) {
      lines.push({ from, to: s + 1 });
      from = s + 1;
      continue;
    }
    lines.push({ from, to: s });
    from = s;
    s--;
  }
  if (from < segments.length) lines.push({ from, to: segments.length });
  return lines;
}

/**
 * The prefix sums, reused from paragraph to paragraph: one paragraph's are in
 * use at a time (the filling loop's, then the last-line check's).
 */
let prefixWidth = new Float64Array(1024);
let prefixPair = new Float64Array(1024);

/**
 * Natural width of any run of atoms in O(1), from prefix sums of the widths
 * and of the adjustments between neighbours; the same arithmetic as
 * baseState, which the filling loop would otherwise repeat for every segment.
 */
function naturalWidths(atoms: Atom[], em: number): (from: number, to: number) => number {
  const n = atoms.length;
  if (prefixWidth.length < n + 1) {
    prefixWidth = new Float64Array(Math.max(n + 1, prefixWidth.length * 2));
    prefixPair = new Float64Array(prefixWidth.length);
  }
  // Overwritten from index 1 up; index 0 stays 0.
  const w = prefixWidth;
  const p = prefixPair;
  for (let i = 0; i < n; i++) w[i + 1] = w[i] + atoms[i].width;
  for (let i = 0; i + 1 < n; i++) p[i + 1] = p[i] + pairAdjustment(atoms[i], atoms[i + 1], em);
  return (a, b) => {
    while (a < b && atoms[a].kind === 'space') a++;
    while (b > a && atoms[b - 1].kind === 'space') b--;
    if (a >= b) return 0;
    return w[b] - w[a] + (p[b - 1] - p[a]) - atoms[b - 1].trimRight;
  };
}

/** Between two neighbours: minus the blank two adjacent marks give up, plus the Han–Latin gap. */
function pairAdjustment(a: Atom, b: Atom, em: number): number {
  if ((a.trimRight > 0 || b.trimLeft > 0) && a.kind === 'punct' && b.kind === 'punct') return -Math.min(a.size / 2, a.trimRight + b.trimLeft);
  return isHanLatin(a, b) ? em / 4 : 0;
}

/**
 * Breaks a segment that cannot fit on any line: a Latin word at a hyphen, or
 * anywhere as a last resort, with a warning; a run of atoms between them.
 * Rewrites `atoms` and `segments` in place and returns true when it split.
 */
function splitOverlong(atoms: Atom[], segments: Segment[], s: number, avail: number, spec: ParagraphSpec): boolean {
  const seg = segments[s];
  if (seg.end - seg.start > 1) {
    // Several atoms bound by kinsoku: break between them (clreq allows this as a last resort).
    let w = 0;
    let cut = seg.start + 1;
    for (let i = seg.start; i < seg.end; i++) {
      w += atoms[i].width;
      if (w > avail && i > seg.start) {
        cut = i;
        break;
      }
    }
    segments.splice(s, 1, { start: seg.start, end: cut }, { start: cut, end: seg.end });
    return true;
  }
  const atom = atoms[seg.start];
  if (atom.kind !== 'latin' || atom.glyphs.length < 2) return false;
  let w = 0;
  let cut = 0;
  let hyphenCut = 0;
  for (let g = 0; g < atom.glyphs.length; g++) {
    w += atom.glyphs[g].advance * atom.size;
    if (w > avail) break;
    cut = g + 1;
    if (atom.glyphs[g].codePoints.includes(0x2d)) hyphenCut = g + 1;
  }
  const at = hyphenCut > 0 ? hyphenCut : Math.max(1, cut);
  spec.onWarn?.(
    'pdf:word-broken',
    hyphenCut > 0 ? `'${atom.text}' is wider than the line; broken at a hyphen` : `'${atom.text}' is wider than the line and has no hyphen; broken mid-word`,
    atom.line,
  );
  const left = splitAtom(atom, 0, at);
  const right = splitAtom(atom, at, atom.glyphs.length);
  atoms.splice(seg.start, 1, left, right);
  for (let k = s + 1; k < segments.length; k++) {
    segments[k].start++;
    segments[k].end++;
  }
  segments.splice(s, 1, { start: seg.start, end: seg.start + 1 }, { start: seg.start + 1, end: seg.end + 1 });
  return true;
}

function splitAtom(atom: Atom, from: number, to: number): Atom {
  const glyphs = atom.glyphs.slice(from, to);
  const text = glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
  return makeAtom({ ...atom, text, glyphs, width: glyphs.reduce((s, g) => s + g.advance, 0) * atom.size, letters: [...text].length, glued: false });
}

/** clreq §1.5: a paragraph's last line holds at least two characters other than punctuation. */
function fixShortLastLine(atoms: Atom[], segments: Segment[], lines: LineRange[], spec: ParagraphSpec, firstRun: boolean): void {
  for (let guard = 0; guard < 4 && lines.length > 1; guard++) {
    const last = lines[lines.length - 1];
    const letters = atoms.slice(segments[last.from].start, segments[last.to - 1].end).reduce((s, a) => s + a.letters, 0);
    if (letters >= 2) return;
    const prev = lines[lines.length - 2];
    if (prev.to - prev.from < 2) return;
    // Pull the previous line's last segment down; that line is re-spaced when justified.
    prev.to--;
    last.from--;
    const avail = spec.measure - (firstRun && lines.length === 2 ? spec.firstIndent : spec.restIndent);
    if (naturalWidths(atoms, spec.em)(segments[last.from].start, segments[last.to - 1].end) > avail + EPS) {
      prev.to++;
      last.from++;
      return;
    }
  }
}

function trimSpaces(atoms: Atom[]): Atom[] {
  let a = 0;
  let b = atoms.length;
  while (a < b && atoms[a].kind === 'space') a++;
  while (b > a && atoms[b - 1].kind === 'space') b--;
  return a === 0 && b === atoms.length ? atoms : atoms.slice(a, b);
}

const isIdeo = (a: Atom) => a.kind === 'han' || a.kind === 'wide';
const isHanLatin = (a: Atom, b: Atom) => (isIdeo(a) && b.kind === 'latin') || (a.kind === 'latin' && isIdeo(b));

interface LineState {
  /** Blank trimmed off each atom's left and right. */
  left: Float64Array;
  right: Float64Array;
  /** Glue after each atom (Han–Latin spacing). */
  glue: Float64Array;
  natural: number;
}

/**
 * The line state's arrays, reused from line to line: placeLine is the only
 * user and finishes with them before it returns.
 */
let scratch = { left: new Float64Array(256), right: new Float64Array(256), glue: new Float64Array(256), extra: new Float64Array(256) };

/** Zeroed arrays of length n at least, from the scratch set. */
function scratchFor(n: number): typeof scratch {
  if (scratch.left.length < n) {
    const size = Math.max(n, scratch.left.length * 2);
    scratch = { left: new Float64Array(size), right: new Float64Array(size), glue: new Float64Array(size), extra: new Float64Array(size) };
  } else {
    scratch.left.fill(0, 0, n);
    scratch.right.fill(0, 0, n);
    scratch.glue.fill(0, 0, n);
    scratch.extra.fill(0, 0, n);
  }
  return scratch;
}

/** Natural width with adjacency and line-end compression applied. */
function baseState(atoms: Atom[], em: number): LineState {
  const n = atoms.length;
  const { left, right, glue } = scratchFor(n);
  for (let i = 0; i + 1 < n; i++) {
    const a = atoms[i];
    const b = atoms[i + 1];
    if ((a.trimRight > 0 || b.trimLeft > 0) && a.kind === 'punct' && b.kind === 'punct') {
      // Two adjacent marks take 1.5 em: one half-em blank goes.
      const t = Math.min(a.size / 2, a.trimRight + b.trimLeft);
      const r = Math.min(a.trimRight, t);
      right[i] = r;
      left[i + 1] = t - r;
    } else if (isHanLatin(a, b)) {
      glue[i] = em / 4;
    }
  }
  if (n > 0) right[n - 1] = Math.max(right[n - 1], atoms[n - 1].trimRight);
  let natural = 0;
  for (let i = 0; i < n; i++) natural += atoms[i].width - left[i] - right[i] + glue[i];
  return { left, right, glue, natural };
}

/**
 * shrinkOf re-derives, for speed, what shrinkSprings offers over baseState;
 * the two must never drift apart. For the test that holds them equal: both
 * answers for every run of whole segments a paragraph could be set as one
 * line, as the filling loop asks (spaces marked as composeParagraph marks them).
 */
export function pushInAnswersForTests(paragraph: Atom[], em: number): Array<{ from: number; to: number; fast: number; bySprings: number }> {
  const atoms = paragraph.map((a) => makeAtom(a));
  markHanLatinSpaces(atoms, em);
  const segments = breakableSegments(atoms);
  const out: Array<{ from: number; to: number; fast: number; bySprings: number }> = [];
  for (let f = 0; f < segments.length; f++) {
    for (let t = f; t < segments.length; t++) {
      const from = segments[f].start;
      const to = segments[t].end;
      const line = trimSpaces(atoms.slice(from, to));
      const bySprings = shrinkSprings(line, baseState(line, em), em).reduce((sum, spring) => sum + spring.cap, 0);
      out.push({ from, to, fast: shrinkOf(atoms, from, to, em), bySprings });
    }
  }
  return out;
}

/**
 * How much compression could take off atoms [from, to) set as one line
 * (spaces at either end left off), for push-in: what shrinkSprings would
 * offer over baseState, summed in the same order, without building either.
 * The filling loop asks this at every line end of the book.
 */
function shrinkOf(atoms: Atom[], from: number, to: number, em: number): number {
  let a = from;
  let b = to;
  while (a < b && atoms[a].kind === 'space') a++;
  while (b > a && atoms[b - 1].kind === 'space') b--;
  let shrink = 0;
  // The blank the pair (i-1, i) took off atom i's left: carried from one step to the next.
  let left = 0;
  for (let i = a; i < b; i++) {
    const at = atoms[i];
    let right = 0;
    let nextLeft = 0;
    let glue = 0;
    if (i + 1 < b) {
      const next = atoms[i + 1];
      if ((at.trimRight > 0 || next.trimLeft > 0) && at.kind === 'punct' && next.kind === 'punct') {
        const t = Math.min(at.size / 2, at.trimRight + next.trimLeft);
        right = Math.min(at.trimRight, t);
        nextLeft = t - right;
      } else if (isHanLatin(at, next)) glue = em / 4;
    } else right = Math.max(0, at.trimRight);
    if (at.kind === 'space') {
      const cap = Math.max(0, at.width - right - (at.hanLatin ? em / 8 : em / 4));
      if (cap > 0) shrink += cap;
    } else {
      if (at.kind === 'punct' && (at.trimLeft > 0 || at.trimRight > 0)) {
        const capL = i === a ? 0 : Math.max(0, at.trimLeft - left);
        const capR = Math.max(0, at.trimRight - right);
        const cap = Math.min(capL + capR, Math.max(0, at.size / 2 - left - right));
        if (cap > 0) shrink += cap;
      }
      if (glue > 0) shrink += glue - em / 8;
    }
    left = nextLeft;
  }
  return shrink;
}

/**
 * One thing on a line that may give up width, and how much. Plain data
 * with no closure: a line makes several, and a long book has fifty
 * thousand lines.
 */
interface Spring {
  tier: number;
  cap: number;
  /** Which of the line state's arrays gives: the space after atom `i`, its glue, or a mark's two blanks. */
  kind: 'right' | 'glue' | 'mark';
  i: number;
  /** For a mark: the most its left blank may give, and the left's share of what it gives. */
  capL: number;
  share: number;
}

function applySpring(s: Spring, st: LineState, x: number): void {
  switch (s.kind) {
    case 'right':
      st.right[s.i] += x;
      break;
    case 'glue':
      st.glue[s.i] -= x;
      break;
    case 'mark': {
      const l = Math.min(s.capL, x * s.share);
      st.left[s.i] += l;
      st.right[s.i] += x - l;
      break;
    }
  }
}

/** What may shrink, in clreq's order of reduction (§3.2.x: spaces, brackets, commas, Han–Latin, stops). */
function shrinkSprings(atoms: Atom[], st: LineState, em: number): Spring[] {
  const springs: Spring[] = [];
  for (let i = 0; i < atoms.length; i++) {
    const a = atoms[i];
    if (a.kind === 'space' && !a.hanLatin) {
      const cap = Math.max(0, a.width - st.right[i] - em / 4);
      if (cap > 0) springs.push({ tier: 1, cap, kind: 'right', i, capL: 0, share: 0 });
      continue;
    }
    if (a.kind === 'space') {
      const cap = Math.max(0, a.width - st.right[i] - em / 8);
      if (cap > 0) springs.push({ tier: 4, cap, kind: 'right', i, capL: 0, share: 0 });
      continue;
    }
    if (a.kind === 'punct' && (a.trimLeft > 0 || a.trimRight > 0)) {
      const ch = a.text[0];
      const tier = OPENING.has(ch) || CLOSING.has(ch) ? 2 : '，、；'.includes(ch) ? 3 : STOPS.has(ch) ? 5 : 3;
      // The first mark's left blank stays: the line's start (and a paragraph's indent) is fixed.
      const capL = i === 0 ? 0 : Math.max(0, a.trimLeft - st.left[i]);
      const capR = Math.max(0, a.trimRight - st.right[i]);
      // A mark gives up at most half its width in all.
      const room = Math.max(0, a.size / 2 - st.left[i] - st.right[i]);
      const cap = Math.min(capL + capR, room);
      if (cap > 0) springs.push({ tier, cap, kind: 'mark', i, capL, share: capL / (capL + capR) });
    }
    if (st.glue[i] > 0) springs.push({ tier: 4, cap: st.glue[i] - em / 8, kind: 'glue', i, capL: 0, share: 0 });
  }
  return springs;
}

function placeLine(atoms: Atom[], avail: number, justify: boolean, em: number): { x: number[]; drawX: number[]; advance: number[]; width: number } {
  const st = baseState(atoms, em);
  let slack = avail - st.natural;
  const n = atoms.length;
  const extra = scratch.extra;
  if (slack < -EPS) {
    const springs = shrinkSprings(atoms, st, em).sort((a, b) => a.tier - b.tier);
    for (let tier = 1; tier <= 5 && slack < -EPS; tier++) {
      const group = springs.filter((s) => s.tier === tier);
      const cap = group.reduce((s, g) => s + g.cap, 0);
      if (cap <= 0) continue;
      const take = Math.min(cap, -slack);
      for (const g of group) applySpring(g, st, (g.cap / cap) * take);
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
    slack = spread(spaces, (i) => Math.max(0, em / 2 - (atoms[i].width - st.right[i])), extra, slack);
    slack = spread(hanLatin, (i) => Math.max(0, em / 2 - (st.glue[i] || atoms[i].width)), extra, slack);
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
  const xs: number[] = [];
  const drawXs: number[] = [];
  const advances: number[] = [];
  let x = 0;
  for (let i = 0; i < n; i++) {
    const advance = atoms[i].width - st.left[i] - st.right[i];
    xs.push(x);
    drawXs.push(x - st.left[i]);
    advances.push(advance);
    x += advance + (i < n - 1 ? st.glue[i] + extra[i] : 0);
  }
  return { x: xs, drawX: drawXs, advance: advances, width: x };
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
