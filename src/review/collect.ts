import { join } from 'node:path';
import { isHan } from '../text/chars.ts';
import type { EditionTag } from '../config/editions.ts';
import { Diagnostics } from '../diagnostics.ts';
import type { Book, Chapter } from '../model/book.ts';
import { metaTexts } from '../model/strings.ts';
import { chapterUnits } from '../model/walk.ts';
import { glossaryFileName, loadGlossary, loadPairFile, type Glossary } from '../transforms/glossary.ts';
import { UnitText } from '../transforms/rewriter.ts';
import type { Decider, Decision } from './decision.ts';
import { Explainer, type Explained } from './explain.ts';
import { SourceLocator } from './locate.ts';
import { cpLength, hasSurrogate } from './reading.ts';

/** One occurrence of a character with a one-to-many choice, or of a word the regional stage rewrote. */
export interface ReviewRow {
  /** Absolute path; '' for text the pipeline made (an appendix's heading). */
  file: string;
  /** 1-based; 0 when not known. */
  line: number;
  column: number;
  source: string;
  chosen: string;
  alternatives: readonly string[];
  decidedBy: Decider;
  /** The OpenCC phrase or glossary term that decided, '' for the character alone. */
  phrase: string;
  phraseOut: string;
  /** The 2–4-character word around the character, for a glossary line, and its reading here. */
  word: string;
  wordOut: string;
  /** Where the character stands in the word. */
  wordOffset: number;
  /** What the Taiwan or Hong Kong stage rewrote (裏→裡). */
  later: readonly string[];
  /** The Simplified text the row stands in, by code point: a string when it is all in the BMP, else its code points. */
  simplified: string | readonly string[];
  /** Simplified context, about ten characters each side. */
  before: string;
  after: string;
  /** The edition's reading of the text the row stands in, by code point, and where the row's character stands there: the HTML reads the contexts it shows from it. */
  reading: (from: number, to: number) => string;
  index: number;
  /** Whether `review-accepted.<edition>.tsv` accepts the phrase as it reads now. */
  accepted: boolean;
  /** What the accepted file says, when it names the phrase with another reading. */
  acceptedAs?: string;
  /** For a rewritten word: the word with the Han characters beside it, and that stretch read with the word plain (a glossary line for this place only). */
  around?: { word: string; reads: string };
}

export interface EditionReview {
  edition: EditionTag;
  rows: ReviewRow[];
  /** Absolute manuscript folder, for relative paths in the outputs. */
  manuscriptDir: string;
  /** The edition's reading of each string explained whole (TransformContext.readings): the conversion need not work it out again. */
  readings: Map<string, string>;
  acceptedFile: string;
  /** The edition's glossary's file name, where the review's glossary lines go. */
  glossaryFile: string;
}

export function acceptedFileName(edition: EditionTag): string {
  return `review-accepted.${edition}.tsv`;
}

/** Characters of context each side. */
export const CONTEXT = 10;

/**
 * A row as collected. Its Simplified context is read from the text when
 * asked for (the TSV asks once): kept as strings, a book's tens of
 * thousands of contexts would be carried through every collection until
 * the files are written.
 */
class Occurrence implements ReviewRow {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly source: string;
  readonly chosen: string;
  readonly alternatives: readonly string[];
  readonly decidedBy: Decider;
  readonly phrase: string;
  readonly phraseOut: string;
  readonly later: readonly string[];
  readonly index: number;
  accepted = false;
  acceptedAs?: string = undefined;
  around?: { word: string; reads: string } = undefined;

  constructor(
    at: { file: string; line: number; column: number },
    d: Decision,
    readonly word: string,
    readonly wordOut: string,
    readonly wordOffset: number,
    readonly simplified: string | readonly string[],
    readonly reading: (from: number, to: number) => string,
  ) {
    this.file = at.file;
    this.line = at.line;
    this.column = at.column;
    this.source = d.source;
    this.chosen = d.chosen;
    this.alternatives = d.alternatives;
    this.decidedBy = d.decidedBy;
    this.phrase = d.phrase;
    this.phraseOut = d.phraseOut;
    this.later = d.later;
    this.index = d.index;
  }

  get before(): string {
    return this.text(this.index - CONTEXT, this.index);
  }

  get after(): string {
    const end = this.index + sourceLength(this);
    return this.text(end, end + CONTEXT);
  }

  /** Code points [from, to) of the Simplified text. */
  private text(from: number, to: number): string {
    const cps = this.simplified;
    return typeof cps === 'string' ? cps.slice(Math.max(0, from), to) : cps.slice(Math.max(0, from), to).join('');
  }
}

/**
 * Every one-to-many choice an edition's conversion makes in the book: the
 * text units as convertUnit converts them (each run between code spans and
 * breaks whole), chapter labels and titles, chapter metadata and the book's
 * metadata as mapBookStrings converts them. `book` is the Simplified book
 * after the source transforms, before the edition's. The appendices' text
 * repeats the metadata and the headings, where it is listed already; only
 * their own headings are added. `sources`: the chapter files as the build
 * read them, by path (any other file is read again from disk for its columns).
 */
export function collectReview(book: Book, edition: EditionTag, manuscriptDir: string, diagnostics: Diagnostics, sources?: ReadonlyMap<string, string>): EditionReview {
  // The glossary's own problems are the conversion's to report.
  const glossary = loadGlossary(manuscriptDir, edition, new Diagnostics());
  const accepted = loadPairFile(manuscriptDir, acceptedFileName(edition), 'review', diagnostics);
  const explainer = new Explainer(edition, glossary);
  const locator = new SourceLocator(sources);
  const rows: ReviewRow[] = [];
  const readings = new Map<string, string>();
  // Written by each `where` and `wordAround` in turn, not made per row: a book has tens of thousands.
  const at: Place = { file: '', line: 0, column: 0 };
  const around: Word = { word: '', from: 0, to: 0, offset: 0 };
  const add = (explained: Explained, text: string, where: Where | Located) => {
    if (explained.whole !== undefined) readings.set(text, explained.whole);
    if (explained.decisions.length === 0) return;
    // Code points, when the text has any outside the BMP; else its UTF-16 units are its code points.
    // Any surrogate code unit: without the u flag, which would read a pair as one code point outside the range.
    const cps: string | string[] = hasSurrogate(text) ? Array.from(text) : text;
    const decisions = explained.decisions;
    for (let n = 0; n < decisions.length; n++) {
      const d = decisions[n];
      const i = d.index;
      // A glossary term or a regional word is the word a glossary line names, whatever its length.
      wordAround(around, cps, i, d.decidedBy === 'character' ? '' : d.phrase, d.offset, d.decidedBy === 'glossary' || d.decidedBy === 'vocabulary');
      const { word, from, to, offset } = around;
      const wordOut = word === d.phrase ? d.phraseOut : word ? explained.reading(from, to) : '';
      if (typeof where === 'function') where(i, at, n);
      else {
        const k = where.byDecision ? n : i;
        setPlace(at, where.file, where.lines[k] || where.line, where.columns[k]);
      }
      const row = new Occurrence(at, d, word, wordOut, offset, cps, explained.reading);
      if (d.decidedBy === 'vocabulary') row.around = plainAround(d, cps, explained, explainer);
      rows.push(row);
    }
  };
  const yaml = book.meta.textFile ?? '';
  for (const [key, value] of metaTexts(book.meta)) {
    const line = book.meta.textLines?.[key];
    // Not written in book.yaml (the default 佚名, a title taken from the first chapter): the
    // pipeline's own text, with no place; the chapter lists its title at its heading.
    if (line === undefined) {
      add(explainer.explain(value), value, (_, p) => setPlace(p, '', 0, 0));
      continue;
    }
    // Matched character by character from the value's first line on: a quoted value or a block scalar spanning lines is found too.
    const { lines, columns } = locator.columns(yaml, line, value);
    add(explainer.explain(value), value, { file: yaml, line, lines, columns, byDecision: false });
  }
  for (const chapter of book.chapters) {
    if (isAppendix(chapter)) {
      for (const value of [chapter.label, chapter.title]) if (value) add(explainer.explain(value), value, (_, p) => setPlace(p, '', 0, 0));
      continue;
    }
    collectChapter(chapter, explainer, locator, add);
  }
  markAccepted(rows, accepted);
  return { edition, rows, manuscriptDir, readings, acceptedFile: join(manuscriptDir, acceptedFileName(edition)), glossaryFile: glossaryFileName(edition) };
}

interface Place {
  file: string;
  line: number;
  column: number;
}

/** Where code point `index` of a text, the text's `nth` decision, stands, written into `into`. */
type Where = (index: number, into: Place, nth: number) => void;

function setPlace(p: Place, file: string, line: number, column: number): void {
  p.file = file;
  p.line = line;
  p.column = column;
}

/**
 * Where a text's code points stand, as the locator found them: by code point,
 * or (`byDecision`) one entry per decision, in order; `line` where the
 * locator could not tell. A record, not a closure: most texts are placed so.
 */
interface Located {
  file: string;
  line: number;
  lines: number[];
  columns: number[];
  byDecision: boolean;
}

type Add = (explained: Explained, text: string, where: Where | Located) => void;

function collectChapter(chapter: Chapter, explainer: Explainer, locator: SourceLocator, add: Add): void {
  const file = chapter.file;
  for (const value of [chapter.label, chapter.title]) {
    if (!value) continue;
    const { lines, columns } = locator.columns(file, chapter.headingLine, value);
    add(explainer.explain(value), value, { file, line: chapter.headingLine, lines, columns, byDecision: false });
  }
  const meta = chapter.meta;
  if (meta) {
    for (const value of [meta.time, meta.place, ...meta.people, meta.event, meta.meaning]) {
      if (!value) continue;
      const at = locator.findText(file, meta.line, value);
      add(explainer.explain(value), value, (i, p) => setPlace(p, file, at?.line ?? meta.line, at ? at.column + i : 0));
    }
  }
  for (const unit of chapterUnits(chapter)) {
    // Most units are one text node: explained whole, as convertUnit converts them, with no per-character bookkeeping.
    const only = unit.parts.length === 1 && unit.parts[0].length === 1 ? unit.parts[0][0] : undefined;
    if (only?.kind === 'text') {
      const explained = explainer.explain(only.text);
      const wanted = decisionIndexes(explained);
      const { lines, columns } = locator.columns(file, only.line, only.text, wanted);
      add(explained, only.text, { file, line: only.line, lines, columns, byDecision: wanted !== undefined });
      continue;
    }
    const text = new UnitText(unit.parts);
    // Where each text node starts in the unit, and where its characters stand in the file.
    const starts: number[] = [];
    const located = text.nodes.map((node) => locator.columns(file, node.line, node.text));
    text.owners.forEach((o, i) => {
      if (o >= 0 && starts[o] === undefined) starts[o] = i;
    });
    for (let i = 0; i < text.chars.length; ) {
      if (text.owners[i] < 0) {
        i++;
        continue;
      }
      let j = i;
      while (j < text.chars.length && text.owners[j] >= 0) j++;
      const run = text.chars.slice(i, j).join('');
      const from = i;
      add(explainer.explain(run), run, (k, p) => {
        const owner = text.owners[from + k];
        const offset = from + k - starts[owner];
        setPlace(p, file, located[owner].lines[offset] || text.nodes[owner].line, located[owner].columns[offset]);
      });
      i = j;
    }
  }
}

/** The code points a text's decisions stand on, when in reading order (the locator keeps only those); else undefined. */
function decisionIndexes(explained: Explained): number[] | undefined {
  const decisions = explained.decisions;
  const indexes = new Array<number>(decisions.length);
  for (let n = 0; n < decisions.length; n++) {
    indexes[n] = decisions[n].index;
    if (n > 0 && indexes[n] < indexes[n - 1]) return undefined;
  }
  return indexes;
}

/**
 * The word a glossary line would name: the deciding phrase when it has 2–4
 * characters, four of a longer one, or for a character alone the Han
 * character before it (走了, 若干年后 → 年后), else the one after it. Two
 * characters, so that the same word reads as one decision wherever it
 * stands. Never the character by itself, which as a glossary entry would
 * override it everywhere; '' when no Han character is next to it.
 */
function wordAround(into: Word, cps: string | string[], i: number, phrase: string, inPhrase: number, isTerm: boolean): void {
  const n = phrase.length < 2 ? phrase.length : cpLength(phrase);
  if (isTerm || (n >= 2 && n <= 4)) return setWord(into, phrase, i, i, inPhrase);
  let from = i;
  let to = i + 1;
  if (n > 4) {
    // Four characters of the phrase, the character among them.
    from = i - Math.min(inPhrase, 2);
    to = Math.min(i - inPhrase + n, from + 4);
    from = Math.max(i - inPhrase, to - 4);
  } else if (hanAt(cps, i - 1)) from = i - 1;
  else if (hanAt(cps, i + 1)) to = i + 2;
  else return setWord(into, '', i, i, 0);
  setWord(into, typeof cps === 'string' ? cps.slice(from, to) : cps.slice(from, to).join(''), from, to, i - from);
}

/**
 * A rewritten word with the Han character on each side, and how that
 * stretch reads with the word plain: each neighbour as the book reads it,
 * so long as that is one of its own forms (not a cell of another rewritten
 * word, as 鼠 is of 鼠标 → 滑鼠); undefined when no neighbour qualifies.
 */
function plainAround(d: Decision, cps: string | string[], explained: Explained, explainer: Explainer): { word: string; reads: string } | undefined {
  const plain = d.alternatives.find((f) => f !== d.chosen);
  if (plain === undefined) return undefined;
  const end = d.index + cpLength(d.source);
  const side = (k: number): [string, string] => {
    const ch = k >= 0 && k < cps.length ? cps[k] : '';
    if (!ch || !isHan(ch)) return ['', ''];
    const reads = explained.reading(k, k + 1);
    return reads === explainer.readSegment(ch) || explainer.alternatives.get(ch)?.includes(reads) ? [ch, reads] : ['', ''];
  };
  const [left, leftReads] = side(d.index - 1);
  const [right, rightReads] = side(end);
  if (!left && !right) return undefined;
  return { word: left + d.source + right, reads: leftReads + plain + rightReads };
}

/**
 * Whether code point `k` of a text is a Han character. Read as a number
 * where the text is a string: a character read alone (most of a book's
 * rows) asks for its neighbours, and a one-character string made for each
 * would be garbage a book's rows over.
 */
function hanAt(cps: string | string[], k: number): boolean {
  if (k < 0 || k >= cps.length) return false;
  if (typeof cps !== 'string') return isHan(cps[k]);
  const c = cps.charCodeAt(k);
  // The main CJK block; below U+2E80 (the first code point of the Han script) nothing is Han.
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x2e80 && isHan(cps[k]));
}

interface Word {
  word: string;
  from: number;
  to: number;
  offset: number;
}

function setWord(w: Word, word: string, from: number, to: number, offset: number): void {
  w.word = word;
  w.from = from;
  w.to = to;
  w.offset = offset;
}

function markAccepted(rows: ReviewRow[], accepted: Glossary | undefined): void {
  if (!accepted) return;
  const bySource = new Map(accepted.entries.map((e) => [e.source, e]));
  for (const row of rows) {
    const key = row.phrase || row.word;
    const entry = bySource.get(key);
    if (!entry) continue;
    const reads = row.phrase ? row.phraseOut : row.wordOut;
    if (entry.target === reads) row.accepted = true;
    else row.acceptedAs = entry.target;
  }
}

/** `check`'s one note per converted edition: how much there is to review, and how much is left. */
export function notePending(review: EditionReview, diagnostics: Diagnostics): void {
  const pending = review.rows.filter((r) => !r.accepted).length;
  const words = review.rows.filter((r) => r.decidedBy === 'vocabulary').length;
  const characters = review.rows.length - words;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const rewritten = words ? ` and ${plural(words, 'word', 'words')} ${regionOf(review.edition)} writes otherwise` : '';
  diagnostics.info(
    'review:pending',
    `${review.edition}: ${plural(characters, 'one-to-many Simplified-to-Traditional occurrence', 'one-to-many Simplified-to-Traditional occurrences')}${rewritten}, ${pending} not yet accepted in ${acceptedFileName(review.edition)} (build --format review to see them)`,
  );
}

/** How the review names the edition's region: its later stage is that region's usage. */
export function regionOf(edition: EditionTag): string {
  return edition === 'zh-Hant-HK' ? 'Hong Kong' : edition === 'zh-Hant-TW' ? 'Taiwan' : edition;
}

/** Code points the row's source takes in its text: one, or a rewritten word's length. */
export function sourceLength(row: Pick<ReviewRow, 'source' | 'decidedBy'>): number {
  return row.decidedBy === 'vocabulary' ? cpLength(row.source) : 1;
}


/** Contexts the HTML shows per decision: the decision is one, a few contexts are enough to judge it. */
export const SHOWN = 3;

const isAppendix = (ch: Chapter) => /^a\d+$/u.test(ch.id);

