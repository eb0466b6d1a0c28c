import { relative } from 'node:path';
import { CONTEXT, sourceLength, type EditionReview, type ReviewRow } from '../../review/collect.ts';
import type { BlockSink } from '../../output/atomic-write.ts';
import { encodeInteger, encodeString, encodeUnits, FILE_BLOCK, NUMBER_BYTES, Utf8Bytes } from './utf8-bytes.ts';

export const TSV_COLUMNS = [
  'file',
  'line',
  'column',
  'source',
  'chosen',
  'alternatives',
  'decided_by',
  'phrase',
  'phrase_reads',
  'word',
  'word_reads',
  'later',
  'before',
  'after',
  'accepted',
] as const;

/**
 * The review for tools: a header, then one row per occurrence in book
 * order. Paths are relative to the manuscript folder, so two machines write
 * the same file. Each field is encoded straight into the file's bytes, the
 * contexts from the text they are cut from (utf8-bytes.ts says why).
 */
export function writeReviewTsv(review: EditionReview, sink: BlockSink): void {
  const out = new Utf8Bytes(FILE_BLOCK, sink);
  writeRows(out, review);
  out.flush();
}

/** The TSV whole, as writeReviewTsv writes it (for tests). */
export function reviewTsvBytes(review: EditionReview): Uint8Array {
  const out = new Utf8Bytes(FILE_BLOCK);
  writeRows(out, review);
  return out.bytes();
}

function writeRows(out: Utf8Bytes, review: EditionReview): void {
  const rows = review.rows;
  const paths = new Map<string, string>();
  const pathOf = (file: string) => paths.get(file) ?? paths.set(file, file ? relative(review.manuscriptDir, file) : '').get(file)!;
  out.string(TSV_COLUMNS.join('\t'));
  out.byte(NEWLINE);
  for (let k = 0; k < rows.length; k++) writeRow(out, rows[k], pathOf(rows[k].file));
}

const TAB = 9;
const NEWLINE = 10;
const SPACE = 32;

/**
 * One row, encoded in place: its bound worked out from its fields' lengths,
 * room for it reserved once, then each field written by encodeUnits. Written
 * through Utf8Bytes's methods, a field at a time with a check for room each,
 * the TSV of the bench book took about twice as long (docs/review.md).
 */
function writeRow(out: Utf8Bytes, r: ReviewRow, path: string): void {
  const text = r.simplified;
  const flat = typeof text === 'string';
  const before = flat ? '' : r.before;
  const after = flat ? '' : r.after;
  const units =
    path.length +
    r.source.length +
    r.chosen.length +
    listUnits(r.alternatives) +
    r.decidedBy.length +
    r.phrase.length +
    r.phraseOut.length +
    r.word.length +
    r.wordOut.length +
    listUnits(r.later) +
    (flat ? 2 * CONTEXT : before.length + after.length);
  // Three bytes a unit at most; two numbers, fourteen tabs, 'yes' and the line end.
  const b = out.reserve(units * 3 + 2 * NUMBER_BYTES + 18);
  let at = out.at;
  at = cell(b, at, path, false);
  at = encodeInteger(b, at, r.line);
  b[at++] = TAB;
  at = encodeInteger(b, at, r.column);
  b[at++] = TAB;
  at = cell(b, at, r.source, false);
  at = cell(b, at, r.chosen, false);
  at = encodeList(b, at, r.alternatives);
  b[at++] = TAB;
  at = cell(b, at, r.decidedBy, false);
  at = cell(b, at, r.phrase, true);
  at = cell(b, at, r.phraseOut, true);
  at = cell(b, at, r.word, true);
  at = cell(b, at, r.wordOut, true);
  at = encodeList(b, at, r.later);
  b[at++] = TAB;
  if (flat) {
    // The usual text, all in the BMP: its code points are its code units.
    const end = r.index + sourceLength(r);
    at = encodeUnits(b, at, text, Math.max(0, r.index - CONTEXT), Math.min(r.index, text.length), true);
    b[at++] = TAB;
    at = encodeUnits(b, at, text, end, Math.min(end + CONTEXT, text.length), true);
    b[at++] = TAB;
  } else {
    at = cell(b, at, before, true);
    at = cell(b, at, after, true);
  }
  at = encodeString(b, at, r.accepted ? 'yes' : 'no');
  b[at++] = NEWLINE;
  out.at = at;
}

/** A field and the tab after it; with `text`, a tab or line end in it is written as a space. */
function cell(b: Uint8Array, at: number, s: string, text: boolean): number {
  at = encodeString(b, at, s, text);
  b[at] = TAB;
  return at + 1;
}

/** Code units of a list as encodeList writes it. */
function listUnits(items: readonly string[]): number {
  let n = items.length;
  for (let k = 0; k < items.length; k++) n += items[k].length;
  return n;
}

/** A list of forms or rewrites, separated by spaces. */
function encodeList(b: Uint8Array, at: number, items: readonly string[]): number {
  for (let k = 0; k < items.length; k++) {
    if (k > 0) b[at++] = SPACE;
    at = encodeString(b, at, items[k]);
  }
  return at;
}
