import type { EditionTag } from '../config/editions.ts';
import type { Glossary } from '../transforms/glossary.ts';
import { maskProtected, openccConfig, PLACEHOLDER, protectedStretches, unmask } from '../transforms/opencc.ts';
import { chainTries, unmatchedLength, type ChainTries } from '../transforms/opencc-trie.ts';
import { editionAlternatives } from './alternatives.ts';
import { NONE, wordDecision, type Decision } from './decision.ts';
import { laterStage, NO_WORDS, type Cell, type Rewrite, type SegmentCells, type WordChange } from './later-stage.ts';
import { inputIndex, place, placeCells, type Walk } from './place.ts';
import { cpLength, FlatReading, hasSurrogate, Pieces, type ReadingSink } from './reading.ts';
import { RunReader } from './run-reader.ts';

/**
 * A string explained: the edition's reading segment by segment (the
 * converter's own pieces, kept as it made them), and every choice in it.
 */
export interface Explained {
  decisions: Decision[];
  /** The edition's reading of code points [from, to) of the input, in context. */
  reading(from: number, to: number): string;
  /** The whole reading, unless the input holds a glossary term (the conversion reports the terms it used). */
  whole?: string;
}

/**
 * Explains an edition's conversion, code point by code point: the same
 * glossary and Latin masking as editionConverter, the same tries and walk as
 * compileChain (opencc-trie.ts), with each decision kept. The outputs joined
 * are exactly what the converter returns (tests/review.test.ts holds it to that).
 */
export class Explainer {
  readonly alternatives: Map<string, readonly string[]>;
  private readonly tries: ChainTries;
  private readonly protect: RegExp;
  private readonly terms?: Glossary;
  /** Code points with a choice, for the test every segment gets: 1 at a BMP code unit that has one (all of OpenCC's do). */
  private readonly wanted = new Uint8Array(0x10000);
  private readonly wantedAstral = new Set<number>();
  /** A segment reads the same wherever it stands (the chain sees it alone): explained once per text. */
  private readonly segmentsSeen = new Map<string, SegmentCells>();
  /** Each character as the later stages read it alone. */
  private readonly laterChar: Array<string | undefined> = new Array(0x10000).fill(undefined);
  /** Per BMP code unit with a choice, its decision when a run reads it alone (the same everywhere, save for a placeholder's neighbours). */
  private readonly alone: Array<AloneDecision | undefined> = new Array(0x10000).fill(undefined);
  /** Per phrase of the dictionaries: whether it holds a choice, and then its explanation. */
  private readonly wordsSeen = new Map<object, SegmentCells>();
  /** Reads the runs between segmentation words character by character, where it can. */
  private readonly runs: RunReader;

  constructor(edition: EditionTag, glossary?: Glossary) {
    this.tries = chainTries(openccConfig(edition));
    this.runs = new RunReader(this.tries);
    this.alternatives = editionAlternatives(this.tries);
    for (const c of this.alternatives.keys()) {
      const cp = c.codePointAt(0)!;
      if (cp < 0x10000) this.wanted[cp] = 1;
      else this.wantedAstral.add(cp);
    }
    this.terms = glossary?.entries.length ? glossary : undefined;
    this.protect = protectedStretches(this.terms);
  }

  explain(text: string): Explained {
    const decisions: Decision[] = [];
    this.protect.lastIndex = 0;
    if (!this.protect.test(text)) {
      // The usual string: every segment reads as many code units as it has, so the reading is
      // one string, indexed as the input is. Else it is explained again, piece by piece.
      if (!hasSurrogate(text)) {
        const flat = new FlatReading();
        this.explainMasked(text, undefined, flat, decisions);
        if (flat.aligned) {
          const whole = flat.text;
          return { decisions, reading: (from, to) => whole.slice(Math.max(0, from), to), whole };
        }
        decisions.length = 0;
      }
      const pieces = new Pieces();
      this.explainMasked(text, undefined, pieces, decisions);
      return { decisions, reading: (from, to) => pieces.reading(from, to), whole: pieces.whole() };
    }
    const latin = this.explainLatin(text);
    if (latin) return latin;
    const pieces = new Pieces();
    // Masked as editionConverter masks; `at[k]` is the input index of masked code point k.
    let masked = '';
    const at: number[] = [];
    let cp = 0;
    let last = 0;
    let terms = false;
    this.protect.lastIndex = 0;
    for (const m of text.matchAll(this.protect)) {
      const before = text.slice(last, m.index);
      const n = cpLength(before);
      for (let k = 0; k < n; k++) at.push(cp + k);
      masked += before + PLACEHOLDER;
      cp += n;
      at.push(cp);
      const stretch = Array.from(m[0]);
      const term = m[1];
      if (term !== undefined) terms = true;
      const target = term !== undefined && this.terms ? this.terms.targetOf(term) : m[0];
      this.placeStretch(cp, stretch, target, term, pieces, decisions);
      cp += stretch.length;
      last = m.index + m[0].length;
    }
    const tail = text.slice(last);
    const n = cpLength(tail);
    for (let k = 0; k < n; k++) at.push(cp + k);
    masked += tail;
    this.explainMasked(masked, at, pieces, decisions);
    decisions.sort((a, b) => a.index - b.index);
    // A text with a glossary term is left to the conversion, which counts the terms it uses.
    return { decisions, reading: (from, to) => pieces.reading(from, to), whole: terms ? undefined : pieces.whole() };
  }

  /**
   * A string whose only protected stretches are Latin words, in the BMP (a
   * fifth of a book's paragraphs): explained masked, as one flat reading, the
   * words put back in order as editionConverter puts them back. A word reads
   * as itself, so the reading stays indexed as the input is; else (a segment
   * that reads longer or shorter) undefined, and the string is read piece by piece.
   */
  private explainLatin(text: string): Explained | undefined {
    if (this.terms || hasSurrogate(text)) return undefined;
    const { masked, saved } = maskProtected(text, this.protect);
    const flat = new FlatReading();
    const decisions: Decision[] = [];
    this.explainMasked(masked, undefined, flat, decisions);
    if (!flat.aligned) return undefined;
    const whole = unmask(flat.text, saved);
    if (whole === undefined || whole.length !== text.length) return undefined;
    // Masked index → input index: each placeholder stands for its word's length.
    const starts: number[] = [];
    const shifts: number[] = [];
    let shift = 0;
    let k = 0;
    for (let u = 0; u < masked.length; u++) {
      if (masked.charCodeAt(u) !== 0xe000) continue;
      shift += saved[k++].length - 1;
      starts.push(u);
      shifts.push(shift);
    }
    let w = 0;
    for (const d of decisions) {
      while (w < starts.length && starts[w] < d.index) w++;
      if (w > 0) d.index += shifts[w - 1];
    }
    return { decisions, reading: (from, to) => whole.slice(Math.max(0, from), to), whole };
  }

  /** A protected stretch reads as its target (a glossary term) or as itself (a Latin word). */
  private placeStretch(from: number, stretch: string[], target: string, term: string | undefined, pieces: ReadingSink, decisions: Decision[]): void {
    pieces.add(from, stretch.length, target);
    if (term === undefined) return;
    const targetCps = Array.from(target);
    const aligned = targetCps.length === stretch.length;
    for (let k = 0; k < stretch.length; k++) {
      const alternatives = this.alternatives.get(stretch[k]);
      if (!alternatives) continue;
      decisions.push({ index: from + k, source: stretch[k], chosen: aligned ? targetCps[k] : target, decidedBy: 'glossary', phrase: term, offset: k, phraseOut: target, later: NONE, alternatives });
    }
  }

  /**
   * Walks a masked string as the converter does (compileChain): the longest
   * segmentation word at each place, the text between read as runs. Its
   * steps are methods given the walk's state, not closures made per string:
   * made so, the walk over the bench book took about a fifth longer (docs/review.md).
   */
  private explainMasked(masked: string, at: number[] | undefined, pieces: ReadingSink, decisions: Decision[]): void {
    const { normalise, main, segments } = this.tries;
    let s = masked;
    for (const t of normalise) s = t.convert(s);
    const walk: Walk = { s, at, pieces, decisions };
    if (!segments) {
      this.run(walk, 0, s.length, 0);
      return;
    }
    let runStart = -1;
    let runCp = 0;
    let cp = 0;
    let i = 0;
    while (i < s.length) {
      const end = main.longest(s, i, true);
      if (end === 0) {
        if (runStart < 0) {
          runStart = i;
          runCp = cp;
        }
        const w = unmatchedLength(s, i);
        cp += w === 1 ? 1 : cpLength(s.slice(i, i + w));
        i += w;
        continue;
      }
      // Taken before the run is explained: that walks the same trie and moves `hit`.
      const node = main.hit!;
      if (runStart >= 0) {
        this.run(walk, runStart, i, runCp);
        runStart = -1;
      }
      cp = this.phrase(walk, i, end, cp, node);
      i = end;
    }
    if (runStart >= 0) this.run(walk, runStart, s.length, runCp);
  }

  /** The text between two segmentation words, from code point `cpFrom`; returns the code point after it. */
  private run(walk: Walk, from: number, to: number, cpFrom: number): number {
    const text = walk.s.slice(from, to);
    // The usual run: every stage reads it character by character (RunReader). A placeholder in
    // it (a Latin word, a glossary term) reads as itself, so the reading stays aligned.
    const firstRead = this.tries.converts && this.runs.first(text);
    const each = firstRead ? this.runs.later(text.length) : undefined;
    if (each !== undefined) {
      place(walk, text, cpFrom, text.length, each);
      this.aloneDecisions(walk, text, each, cpFrom);
      return cpFrom + text.length;
    }
    const cps = cpLength(text);
    const first = !this.tries.converts ? text : firstRead ? this.runs.firstString(text.length) : this.tries.main.convert(text);
    let reading = first;
    for (const t of this.tries.later) reading = t.convert(reading);
    if (!this.hasChoice(text) && !this.rewritesWord(first, reading)) {
      place(walk, text, cpFrom, cps, reading);
      return cpFrom + cps;
    }
    // A later stage's word might have started, but none did: each character its first
    // candidate, rewritten later (if at all) on its own (裏 → 裡), all in the BMP.
    if (first.length === text.length && cps === text.length && (reading === first || this.laterReadsEach(first, reading))) {
      place(walk, text, cpFrom, cps, reading);
      if (!firstRead) this.runs.readUnits(first);
      this.aloneDecisions(walk, text, reading, cpFrom);
      return cpFrom + cps;
    }
    let cells = this.segmentsSeen.get(text);
    if (cells === undefined) this.segmentsSeen.set(text, (cells = this.segmentCells(text, undefined)));
    placeCells(walk, cells, cpFrom);
    this.decide(walk, cells, cpFrom, false);
    return cpFrom + cps;
  }

  /** A dictionary phrase: it holds no placeholder (U+E000 is in no dictionary), and reads the same wherever it stands. */
  private phrase(walk: Walk, from: number, to: number, cpFrom: number, node: TrieHit): number {
    let seen = this.wordsSeen.get(node);
    if (seen === undefined) {
      const text = walk.s.slice(from, to);
      const reading = (node.converted ??= this.readSegment(text));
      // A phrase with no one-to-many character is explained only when a later stage rewrote a word of it.
      seen =
        this.hasChoice(text) || this.rewritesWord(node.value ?? this.tries.main.convert(text), reading)
          ? this.segmentCells(text, node.value)
          : segment(text, reading, cpLength(text), [], [], [], undefined, undefined, undefined);
      this.wordsSeen.set(node, seen);
    }
    placeCells(walk, seen, cpFrom);
    if (seen.choices.length || seen.words) this.decide(walk, seen, cpFrom, true);
    return cpFrom + seen.cps;
  }

  /** Whether `text` holds a character with a choice. */
  private hasChoice(text: string): boolean {
    const wanted = this.wanted;
    for (let u = 0; u < text.length; u++) if (wanted[text.charCodeAt(u)] === 1) return true;
    return this.wantedAstral.size > 0 && hasSurrogate(text) && Array.from(text).some((c) => this.wantedAstral.has(c.codePointAt(0)!));
  }

  /**
   * The decisions of a run whose characters read alone, each its first
   * candidate (`units`, as RunReader leaves them) through the later stages
   * on its own.
   */
  private aloneDecisions(walk: Walk, text: string, reading: string, cpFrom: number): void {
    const { wanted, alone } = this;
    const units = this.runs.units;
    const { decisions } = walk;
    for (let u = 0; u < text.length; u++) {
      const c = text.charCodeAt(u);
      if (wanted[c] !== 1) continue;
      // A character read alone reads the same everywhere: its decision's strings are made once.
      let a = alone[c];
      if (a === undefined || a.chosen.charCodeAt(0) !== reading.charCodeAt(u) || a.first.charCodeAt(0) !== units[u]) {
        const source = text[u];
        const chosen = reading[u];
        const first = String.fromCharCode(units[u]);
        a = alone[c] = { source, first, chosen, later: chosen === first ? NONE : [`${first}→${chosen}`], alternatives: this.alternatives.get(source)! };
      }
      decisions.push({ index: inputIndex(walk, cpFrom + u), source: a.source, chosen: a.chosen, decidedBy: 'character', phrase: '', offset: 0, phraseOut: '', later: a.later, alternatives: a.alternatives });
    }
  }

  /** The decisions of a segment's cells: a phrase's (`word`), or a run's whose later stages rewrote a word. */
  private decide(walk: Walk, cells: SegmentCells, cpFrom: number, word: boolean): void {
    const { decisions } = walk;
    const words = cells.words ?? NO_WORDS;
    let w = 0;
    for (const k of cells.choices) {
      // A rewritten word comes before the characters from its first one on: rows stay in reading order.
      for (; w < words.length && words[w].at <= k; w++) decisions.push(wordDecision(words[w], inputIndex(walk, cpFrom + words[w].at)));
      const source = cells.source[k];
      decisions.push({
        index: inputIndex(walk, cpFrom + k),
        source,
        chosen: cells.out[k],
        decidedBy: word ? 'phrase' : 'character',
        phrase: word ? cells.text : '',
        offset: word ? k : 0,
        phraseOut: word ? cells.reading : '',
        later: cells.later?.[k] ?? NONE,
        alternatives: this.alternatives.get(source)!,
      });
    }
    for (; w < words.length; w++) decisions.push(wordDecision(words[w], inputIndex(walk, cpFrom + words[w].at)));
  }

  /** A segment as the chain reads it on its own (a character: its first candidate, through the later stages' variants). */
  readSegment(segment: string): string {
    const { main, converts, later } = this.tries;
    let r = converts ? main.convert(segment) : segment;
    for (const t of later) r = t.convert(r);
    return r;
  }

  /**
   * Whether the later stages rewrote a word of `first` (their reading of it
   * is not each character's own): the usual text reads the same or only
   * changes variants (裏 → 裡), and is told apart at the cost of a comparison.
   */
  private rewritesWord(first: string, reading: string): boolean {
    return reading !== first && !this.laterReadsEach(first, reading);
  }

  /** Whether `reading` is a BMP string `first` with each character through the later stages on its own, one for one. */
  private laterReadsEach(first: string, reading: string): boolean {
    if (reading.length !== first.length) return false;
    for (let u = 0; u < first.length; u++) {
      const c = first.charCodeAt(u);
      let r = this.laterChar[c];
      if (r === undefined) this.laterChar[c] = r = this.tries.later.reduce((x, t) => t.convert(x), first[u]);
      if (r.length !== 1 || r.charCodeAt(0) !== reading.charCodeAt(u)) return false;
    }
    return true;
  }

  private segmentCells(seg: string, wordValue: string | undefined): SegmentCells {
    const { main, later } = this.tries;
    const first = wordValue ?? main.convert(seg);
    let reading = first;
    for (const t of later) reading = t.convert(reading);
    const source = Array.from(seg);
    const choices: number[] = [];
    source.forEach((c, k) => {
      const cp = c.codePointAt(0)!;
      if (cp < 0x10000 ? this.wanted[cp] === 1 : this.wantedAstral.has(cp)) choices.push(k);
    });
    const firstCps = Array.from(first);
    // STPhrases and STCharacters keep lengths; were one not to, the segment is one cell.
    const aligned = firstCps.length === source.length;
    // Most segments no later stage touches.
    if (reading === first) {
      const out = aligned ? firstCps : source.map((_, k) => (k === 0 ? first : ''));
      return segment(seg, reading, source.length, source, choices, out, out, undefined, undefined);
    }
    let cells: Cell[] = aligned ? firstCps.map((c) => ({ out: c })) : source.map((_, k) => ({ out: k === 0 ? first : '' }));
    const rewrites: Rewrite[] = [];
    for (const t of later) cells = laterStage(cells, t, rewrites);
    const words = rewrites.map((r): WordChange => ({ ...r, source: source.slice(r.at, r.at + r.cps).join(''), chosen: cells.slice(r.at, r.at + r.cps).map((c) => c.out).join('') }));
    const out = cells.map((c) => c.word ?? c.out);
    return segment(seg, reading, source.length, source, choices, out, cells.map((c) => c.out), cells.map((c) => c.later ?? []), words.length ? words : undefined);
  }
}

/** A character's decision when it is read alone. */
interface AloneDecision {
  source: string;
  first: string;
  chosen: string;
  later: readonly string[];
  alternatives: readonly string[];
}

/** A node of the main trie, as the explainer reads it. */
interface TrieHit {
  value: string | undefined;
  converted: string | undefined;
}

/**
 * A segment explained, every field present and in one order: a book reads a
 * phrase's cells hundreds of thousands of times, and objects of one shape
 * are read at one place in the engine's caches rather than looked up by shape.
 */
function segment(
  text: string,
  reading: string,
  cps: number,
  source: string[],
  choices: number[],
  out: string[],
  parts: string[] | undefined,
  later: string[][] | undefined,
  words: WordChange[] | undefined,
): SegmentCells {
  return { text, reading, cps, source, choices, out, parts, later, words };
}
