import { makeAtom, type Atom } from './atoms.ts';
import { CLOSING, isPause, NO_END, NO_START } from './kinsoku.ts';
import { leastCostBreaks } from './least-cost-breaks.ts';
import { markHanLatinSpaces } from './han-latin-spaces.ts';
import { lineState, LineMeasures, LineWalk, placeLine } from './springs.ts';

/**
 * The Chinese line composer (cjk-typesetting.md §1). Breaks a paragraph of
 * atoms into lines with clreq's rules: kinsoku from the full NO_START/NO_END
 * sets, —— and …… never split, Latin words broken only at spaces, push-in
 * before push-out; then sets each line by the spring model (springs.ts).
 * Positions run along the line from its start, whichever way the line runs.
 */

/**
 * A line as set: its atoms and, index for index, where each sits. Arrays of
 * numbers rather than an object per atom: a long book places a million atoms,
 * and the glyph writer reads them back in order.
 */
export interface ComposedLine {
  atoms: Atom[];
  /** Where each atom's (possibly trimmed) box starts, from the line's start. */
  starts: number[];
  /** Where each atom's first glyph's origin goes: its start minus the blank trimmed off its start. */
  origins: number[];
  /** The advance each atom takes on the line. */
  advances: number[];
  /** The line's start from the text block's start edge (indent or centring). */
  offset: number;
  inlineSize: number;
  justified: boolean;
  /** Justified with more than the loose limit between characters, or not at all for want of gaps (reported as layout:loose-line). */
  loose: boolean;
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
  /** Re-break a block of a few lines into lines of even length, at pauses where it can (as a centred block always is): a wrapped contents entry. */
  balance?: boolean;
  onWarn?: (rule: string, message: string, line?: number) => void;
  /** The source line of the atom at an index of `atoms`, where the atom carries none (a shared character). */
  lineOf?: (atom: number) => number | undefined;
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
      if (part.length || i < spec.atoms.length) lines.push(...composeRun(part, spec, first, start));
      first = false;
      start = i + 1;
    }
  }
  return lines;
}

/** `base`: where the run's atoms start in spec.atoms. */
function composeRun(atoms: Atom[], spec: ParagraphSpec, firstRun: boolean, base: number): ComposedLine[] {
  if (atoms.length === 0) return [{ atoms: [], starts: [], origins: [], advances: [], offset: firstRun ? spec.firstIndent : spec.restIndent, inlineSize: 0, justified: false, loose: false }];
  markHanLatinSpaces(atoms, spec.em);
  const segments = breakableSegments(atoms);
  const lines = fillLines(atoms, segments, spec, firstRun);
  fixShortLastLine(atoms, segments, lines, spec, firstRun);
  if (spec.align === 'justify') spreadLooseLines(atoms, segments, lines, spec, firstRun);
  if (spec.align === 'center' || spec.balance) balanceLines(atoms, segments, lines, spec, firstRun);
  return lines.map((l, k) => {
    const isFirst = firstRun && k === 0;
    const indent = isFirst ? spec.firstIndent : spec.restIndent;
    const last = k === lines.length - 1;
    let slice = trimSpaces(atoms.slice(segments[l.from].start, segments[l.to - 1].end), spec.align === 'center');
    // A line that ends at a hyphenation point ends with the hyphen drawn there.
    const end = slice[slice.length - 1];
    if (!last && end?.breakAfter === 'hyphen' && end.hyphen) slice = [...slice, end.hyphen];
    const avail = spec.measure - indent;
    const justify = spec.align === 'justify' && !last;
    const placed = placeLine(slice, avail, justify, spec.em, LOOSE_GAP * spec.em, l.lastResort);
    if (justify && placed.loose && !slice.some((a) => brokenPieces.has(a))) {
      const text = slice.map((a) => a.text).join('');
      spec.onWarn?.('layout:loose-line', `the line '${text.length > 24 ? `${text.slice(0, 24)}…` : text}' holds nothing that breaks closer, and is set with more than ${LOOSE_GAP} em between its characters${looseRemedy(atoms, segments, lines[k + 1])}`, spec.lineOf?.(base + segments[l.from].start) ?? slice.find((a) => a.line !== undefined)?.line);
    }
    const offset = spec.align === 'center' ? indent + Math.max(0, (avail - placed.inlineSize) / 2) : indent;
    return { atoms: slice, starts: placed.starts, origins: placed.origins, advances: placed.advances, offset, inlineSize: placed.inlineSize, justified: justify, loose: justify && placed.loose };
  });
}

/** A word long enough to be worth breaking by hand. */
const LONG_WORD = /[A-Za-z0-9][\w.-]{5,}/u;

/**
 * What would mend a loose line, when it is loose because the word the next
 * line starts with may not break (HuggingFace: a capital inside): the soft
 * hyphen the README gives as the remedy, named with the word.
 */
function looseRemedy(atoms: Atom[], segments: Segment[], next: LineRange | undefined): string {
  if (!next) return '';
  const seg = segments[next.from];
  const word = LONG_WORD.exec(atoms.slice(seg.start, seg.end).map((a) => a.text).join(''))?.[0];
  return word ? `; a soft hyphen in '${word}' (&shy;) lets it break there` : '';
}

interface Segment {
  start: number;
  end: number;
  /** The break before it is inside a Latin word (after a compound's hyphen, in a URL, at a hyphenation point). */
  inWord: boolean;
}

/** Runs of atoms between break opportunities. */
function breakableSegments(atoms: Atom[]): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  let inWord = false;
  for (let i = 1; i < atoms.length; i++) {
    if (canBreakBefore(atoms, i)) {
      segments.push({ start, end: i, inWord });
      start = i;
      inWord = atoms[i - 1].kind === 'latin' && atoms[i].kind === 'latin';
    }
  }
  segments.push({ start, end: atoms.length, inWord });
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
  // A table read, not a Set (a million atoms ask); a lone one-em dash joins what it spans (1912—1954), the two-em —— may open a line.
  if (KINSOKU[b.text.charCodeAt(0)] & 1 || KINSOKU[a.text.charCodeAt(a.text.length - 1)] & 2 || b.text === '—') return false;
  // Inside a Latin word only where its pieces allow it (latin-breaks.ts).
  if (a.kind === 'latin' && b.kind === 'latin') return a.breakAfter !== 'none';
  return true;
}

interface LineRange {
  /** Segment indices [from, to). */
  from: number;
  to: number;
  /** Its marks give as lone ones may: the Taiwan style's last resort (LineWalk.lastResort). */
  lastResort?: boolean;
}

/**
 * Spacing that decides between breaks, per gap between characters: a line
 * widened by at most PREFER_OUT em is preferred to pushing a character in
 * (which compresses marks below their house widths); one widened by more
 * than LOOSE_GAP em is loose, and a break inside a Latin word is taken to
 * avoid it.
 */
const PREFER_OUT = 0.1;
const LOOSE_GAP = 0.2;

const fillWalk = new LineWalk();
const measures = new LineMeasures();

/**
 * Greedy line filling over the break opportunities. Where a line overflows,
 * the choice is, in order: push out to the last break between words when
 * that widens the line by no more than PREFER_OUT em a gap; push in (the
 * springs compress the line to take the next segment) when they can; push
 * out to the last break of any kind (inside a Latin word too) when that is
 * not loose; else the least loose of the two.
 */
function fillLines(atoms: Atom[], segments: Segment[], spec: ParagraphSpec, firstRun: boolean): LineRange[] {
  const lines: LineRange[] = [];
  measures.ensure(segments.length);
  const em = spec.em;
  let from = 0;
  fillWalk.reset(atoms, segments[0].start, em);
  for (let s = 0; s < segments.length; s++) {
    for (let i = segments[s].start; i < segments[s].end; i++) fillWalk.add(i);
    fillWalk.measureInto(measures, s);
    const natural = measures.natural[s];
    const avail = spec.measure - (firstRun && lines.length === 0 ? spec.firstIndent : spec.restIndent);
    if (natural <= avail + EPS) continue;
    let end: number;
    let lastResort = false;
    if (s === from) {
      // One segment wider than the line: the last resort is to break inside it.
      if (splitOverlong(atoms, segments, s, avail, spec)) {
        fillWalk.reset(atoms, segments[from].start, em);
        s = from - 1;
        continue;
      }
      end = s;
    } else {
      const spread = (k: number) => widening(k, avail);
      let between = s - 1;
      while (between > from && segments[between + 1].inWord) between--;
      const clean = !segments[between + 1].inWord;
      if (clean && spread(between) <= PREFER_OUT * em) end = between;
      else if (natural - lineState(atoms, segments[from].start, segments[s].end, em).shrink <= avail + EPS) end = s;
      // Every way out loose, in justified text: the Taiwan style then lets a mark inside the line give too.
      else if (spec.align === 'justify' && Math.min(spread(s - 1), clean ? spread(between) : Infinity) > LOOSE_GAP * em && fitsAsLastResort(atoms, segments[from].start, segments[s].end, em, avail, natural)) {
        [end, lastResort] = [s, true];
      } else if (spread(s - 1) <= LOOSE_GAP * em || !clean || spread(s - 1) <= spread(between)) end = s - 1;
      else end = between;
    }
    lines.push({ from, to: end + 1, lastResort });
    from = end + 1;
    if (from < segments.length) fillWalk.reset(atoms, segments[from].start, em);
    s = end;
  }
  if (from < segments.length) lines.push({ from, to: segments.length });
  return lines;
}

/** Lines before a loose one that the rebalancing may re-break with it. */
const REBALANCE_LINES = 3;

/**
 * Filling line by line leaves a line loose where what follows cannot be
 * split and does not fit: a name such as HuggingFace or （BERT）, or a run of
 * marks in the Taiwan style, which compresses none inside a line. The slack
 * then falls on that one line, where a reader sees it. Re-breaking it with
 * the lines before it, into as many lines, moves a character or two down
 * from each. Any line widened by more than PREFER_OUT em a gap (at 0.15 em
 * it reads as letter-spaced) is re-broken, only where no new line is loose.
 * The page keeps its number of lines.
 */
function spreadLooseLines(atoms: Atom[], segments: Segment[], lines: LineRange[], spec: ParagraphSpec, firstRun: boolean): void {
  const avail = (k: number) => spec.measure - (firstRun && k === 0 ? spec.firstIndent : spec.restIndent);
  // The last line is ragged: never loose, and never re-broken here (fixShortLastLine set it).
  for (let k = 1; k < lines.length - 1; k++) {
    // A line that overflows even pushed in holds a piece broken as a last resort: nothing to share.
    const spread = lineSpread(atoms, segments, lines[k].from, lines[k].to, avail(k), spec.em);
    if (spread === undefined || spread <= PREFER_OUT * spec.em) continue;
    for (let back = 1; back <= Math.min(REBALANCE_LINES, k); back++) {
      const breaks = evenBreaks(atoms, segments, lines, k - back, k, avail, spec.em);
      if (!breaks) continue;
      for (let j = 0; j < back; j++) {
        lines[k - back + j].to = breaks[j];
        lines[k - back + j + 1].from = breaks[j];
      }
      break;
    }
  }
}

/**
 * The breaks that set lines[first..last] (their segments, as many lines)
 * with the least sum of squared spreads, none of them loose: each line's
 * end but the last one's, which stays. A break inside a Latin word is taken
 * only where the lines broke already. Undefined if no such breaks exist.
 */
function evenBreaks(atoms: Atom[], segments: Segment[], lines: LineRange[], first: number, last: number, avail: (k: number) => number, em: number): number[] | undefined {
  const existing = new Set(lines.slice(first, last).map((l) => l.to));
  const cost = (start: number, end: number, line: number) => {
    const spread = lineSpread(atoms, segments, start, end, avail(first + line), em);
    return spread === undefined ? undefined : spread > LOOSE_GAP * em ? Infinity : (spread / em) ** 2;
  };
  return leastCostBreaks(lines[first].from, lines[last].to, last - first + 1, cost, (t) => !segments[t].inWord || existing.has(t));
}

/** Blocks of up to this many lines are balanced: headings, a 回目 couplet, a caption, a contents entry. */
const BALANCE_LINES = 4;
/** What a break not at a pause costs, in em² of slack: it wins over one at a pause only when that is several ems less even. */
const MID_PHRASE = 25;

/**
 * Filled greedily, a heading too long for one line breaks wherever the first
 * line is full, often inside a word (…思考，感 / 知機殤…), leaving the next
 * short. A centred block of a few lines (or one asking `balance`) is re-broken
 * into as many even lines, at a pause (after ，、： or a closing bracket, or
 * at a space) unless that is much less even: a couplet breaks at its comma.
 */
function balanceLines(atoms: Atom[], segments: Segment[], lines: LineRange[], spec: ParagraphSpec, firstRun: boolean): void {
  if (lines.length < 2 || lines.length > BALANCE_LINES) return;
  const em = spec.em;
  const existing = new Set(lines.slice(0, -1).map((l) => l.to));
  // No line starts with a space (kinsoku keeps it on the line before).
  const atPause = (t: number) => {
    const before = atoms[segments[t].start - 1];
    const last = before.text.slice(-1);
    return before.kind === 'space' || isPause(last) || CLOSING.has(last);
  };
  const cost = (start: number, end: number, line: number) => {
    const avail = spec.measure - (firstRun && line === 0 ? spec.firstIndent : spec.restIndent);
    if (!measureLine(atoms, segments, start, end, avail, em)) return undefined;
    const slack = Math.max(0, avail - spreadMeasures.natural[0]) / em;
    return slack ** 2 + (end < segments.length && !atPause(end) ? MID_PHRASE : 0);
  };
  const breaks = leastCostBreaks(lines[0].from, lines[lines.length - 1].to, lines.length, cost, (t) => !segments[t].inWord || existing.has(t));
  breaks?.forEach((b, j) => {
    lines[j].to = b;
    lines[j + 1].from = b;
  });
}

const spreadWalk = new LineWalk();
const spreadMeasures = new LineMeasures();

/**
 * How much justification widens each gap of segments [from, to) set as one
 * line in `avail`: 0 if it fits as set or pushed in, Infinity if it has no
 * gap to widen, undefined if it does not fit even pushed in.
 */
function lineSpread(atoms: Atom[], segments: Segment[], from: number, to: number, avail: number, em: number): number | undefined {
  return measureLine(atoms, segments, from, to, avail, em) ? widening(0, avail, spreadMeasures) : undefined;
}

/** Measures segments [from, to) as one line into spreadMeasures (index 0); whether they fit `avail`, pushed in if need be. */
function measureLine(atoms: Atom[], segments: Segment[], from: number, to: number, avail: number, em: number): boolean {
  spreadWalk.reset(atoms, segments[from].start, em);
  for (let i = segments[from].start; i < segments[to - 1].end; i++) spreadWalk.add(i);
  spreadWalk.measureInto(spreadMeasures, 0);
  const natural = spreadMeasures.natural[0];
  return natural <= avail + EPS || natural - lineState(atoms, segments[from].start, segments[to - 1].end, em).shrink <= avail + EPS;
}

/** Whether atoms [from, to), measured `natural` long, fit `avail` with every mark giving as a lone one may (LineWalk.lastResort). */
function fitsAsLastResort(atoms: Atom[], from: number, to: number, em: number, avail: number, natural: number): boolean {
  const plain = lineState(atoms, from, to, em).natural;
  const st = lineState(atoms, from, to, em, false, true);
  return natural - (plain - st.natural) - st.shrink <= avail + EPS;
}

/** How much justification would widen each gap between characters of the line measured at `k`, set in `avail`. */
function widening(k: number, avail: number, m: LineMeasures = measures): number {
  const rest = avail - m.natural[k] - m.room[k];
  if (rest <= EPS) return 0;
  return m.gaps[k] > 0 ? rest / m.gaps[k] : Infinity;
}

/** The natural length of atoms [from, to) set as one line, a hyphen drawn at its end included. */
function naturalLength(atoms: Atom[], from: number, to: number, em: number): number {
  fillWalk.reset(atoms, from, em);
  for (let i = from; i < to; i++) fillWalk.add(i);
  return fillWalk.natural();
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
      w += atoms[i].advance;
      if (w > avail && i > seg.start) {
        cut = i;
        break;
      }
    }
    segments.splice(s, 1, { start: seg.start, end: cut, inWord: seg.inWord }, { start: cut, end: seg.end, inWord: false });
    return true;
  }
  const atom = atoms[seg.start];
  if (atom.kind !== 'latin' || atom.glyphs.length < 2) return false;
  // A hyphen drawn after the piece counts against the room.
  let w = atom.breakAfter === 'hyphen' && atom.hyphen ? atom.hyphen.advance : 0;
  let cut = 0;
  let hyphenCut = 0;
  for (let g = 0; g < atom.glyphs.length; g++) {
    w += atom.glyphs[g].advance * atom.size;
    if (w > avail) break;
    cut = g + 1;
    if (atom.glyphs[g].codePoints.includes(0x2d)) hyphenCut = g + 1;
  }
  const at = hyphenCut > 0 ? hyphenCut : Math.max(1, cut);
  // Nothing to cut off: the word stays whole, wider than the line.
  if (at >= atom.glyphs.length) return false;
  // Said once per word: a word many lines long is cut again and again, its rest each time.
  if (!brokenRests.has(atom)) {
    const word = [...atom.text].length > 40 ? `${[...atom.text].slice(0, 40).join('')}…` : atom.text;
    spec.onWarn?.('pdf:word-broken', hyphenCut > 0 ? `'${word}' is wider than the line; broken at a hyphen` : `'${word}' is wider than the line and has no hyphen; broken mid-word`, atom.line);
  }
  const left = splitAtom(atom, 0, at);
  const right = splitAtom(atom, at, atom.glyphs.length);
  brokenRests.add(right);
  brokenPieces.add(left);
  brokenPieces.add(right);
  atoms.splice(seg.start, 1, left, right);
  for (let k = s + 1; k < segments.length; k++) {
    segments[k].start++;
    segments[k].end++;
  }
  segments.splice(s, 1, { start: seg.start, end: seg.start + 1, inWord: seg.inWord }, { start: seg.start + 1, end: seg.end + 1, inWord: true });
  return true;
}

/** The rests of words splitOverlong has cut, which it has warned about already. */
const brokenRests = new WeakSet<Atom>();
/** Every piece it has cut: a line of one is loose for want of a break, which the word's warning has said. */
const brokenPieces = new WeakSet<Atom>();

function splitAtom(atom: Atom, from: number, to: number): Atom {
  const glyphs = atom.glyphs.slice(from, to);
  const text = glyphs.map((g) => String.fromCodePoint(...g.codePoints)).join('');
  // The left part ends where the line is forced to break, with no hyphen drawn; the right keeps the word's own break.
  const breakAfter = to === atom.glyphs.length ? atom.breakAfter : 'none';
  const hyphen = to === atom.glyphs.length ? atom.hyphen : undefined;
  return makeAtom({ ...atom, text, glyphs, advance: glyphs.reduce((s, g) => s + g.advance, 0) * atom.size, letters: [...text].length, glued: false, breakAfter, hyphen });
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
    if (naturalLength(atoms, segments[last.from].start, segments[last.to - 1].end, spec.em) > avail + EPS) {
      prev.to++;
      last.from++;
      return;
    }
  }
}

/** `ideographicAtEnd`: a centred line also drops the ideographic spaces it ends with (a couplet's halves are set apart by one), which would pull it off centre. */
function trimSpaces(atoms: Atom[], ideographicAtEnd = false): Atom[] {
  let a = 0;
  let b = atoms.length;
  while (a < b && atoms[a].kind === 'space') a++;
  while (b > a && (atoms[b - 1].kind === 'space' || (ideographicAtEnd && atoms[b - 1].text === '\u3000'))) b--;
  return a === 0 && b === atoms.length ? atoms : atoms.slice(a, b);
}


