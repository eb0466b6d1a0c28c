import { relative } from 'node:path';
import { CONTEXT, sourceLength, type EditionReview, type ReviewRow } from '../../review/collect.ts';
import type { BlockSink } from '../../output/atomic-write.ts';
import { FILE_BLOCK, Utf8Bytes } from './utf8-bytes.ts';

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

function writeRow(out: Utf8Bytes, r: ReviewRow, path: string): void {
  out.string(path);
  out.byte(TAB);
  out.integer(r.line);
  out.byte(TAB);
  out.integer(r.column);
  out.byte(TAB);
  out.string(r.source);
  out.byte(TAB);
  out.string(r.chosen);
  out.byte(TAB);
  list(out, r.alternatives);
  out.byte(TAB);
  out.string(r.decidedBy);
  out.byte(TAB);
  out.string(r.phrase, true);
  out.byte(TAB);
  out.string(r.phraseOut, true);
  out.byte(TAB);
  out.string(r.word, true);
  out.byte(TAB);
  out.string(r.wordOut, true);
  out.byte(TAB);
  list(out, r.later);
  out.byte(TAB);
  const text = r.simplified;
  const end = r.index + sourceLength(r);
  if (typeof text === 'string') {
    // The usual text, all in the BMP: its code points are its code units.
    out.units(text, r.index - CONTEXT, r.index, true);
    out.byte(TAB);
    out.units(text, end, end + CONTEXT, true);
  } else {
    out.string(r.before, true);
    out.byte(TAB);
    out.string(r.after, true);
  }
  out.byte(TAB);
  out.string(r.accepted ? 'yes' : 'no');
  out.byte(NEWLINE);
}

/** A list of forms or rewrites, separated by spaces. */
function list(out: Utf8Bytes, items: readonly string[]): void {
  for (let k = 0; k < items.length; k++) {
    if (k > 0) out.byte(SPACE);
    out.string(items[k]);
  }
}
