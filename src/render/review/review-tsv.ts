import { relative } from 'node:path';
import type { EditionReview, ReviewRow, ReviewSink } from '../../review/collect.ts';

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
 * the same file. Rows are taken as they are collected and encoded a few
 * hundred at a time: a book's file runs to megabytes, which as one string
 * (and its rows' strings before it) would outlive collections only to be
 * copied into bytes.
 */
export class TsvSink implements ReviewSink {
  private readonly out = new Utf8Writer();
  private readonly paths = new Map<string, string>();
  private readonly joined = new Map<readonly string[], string>();
  private lines = [TSV_COLUMNS.join('\t')];

  constructor(private readonly manuscriptDir: string) {}

  add(row: ReviewRow): void {
    let path = this.paths.get(row.file);
    if (path === undefined) this.paths.set(row.file, (path = row.file ? relative(this.manuscriptDir, row.file) : ''));
    this.lines.push(tsvLine(row, path, this.joined));
    if (this.lines.length === CHUNK) {
      this.out.write(`${this.lines.join('\n')}\n`);
      this.lines = [];
    }
  }

  bytes(): Uint8Array {
    if (this.lines.length) this.out.write(`${this.lines.join('\n')}\n`);
    this.lines = [];
    return this.out.bytes();
  }
}

/** The TSV of a review collected without sinks. */
export function reviewTsvBytes(review: EditionReview): Uint8Array {
  if (!review.rows) throw new TypeError('the review was collected into sinks: its rows are not kept');
  const sink = new TsvSink(review.manuscriptDir);
  for (const r of review.rows) sink.add(r);
  return sink.bytes();
}

/** The same, as text. */
export function reviewTsv(review: EditionReview): string {
  return new TextDecoder().decode(reviewTsvBytes(review));
}

const CHUNK = 512;

/** UTF-8 bytes written string by string into one growing buffer. */
class Utf8Writer {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  private readonly encoder = new TextEncoder();

  write(s: string): void {
    // A UTF-16 unit takes at most three bytes (a surrogate pair, four for two).
    if (this.length + s.length * 3 <= this.buffer.length) {
      this.length += this.encoder.encodeInto(s, this.buffer.subarray(this.length)).written;
      return;
    }
    const bytes = this.encoder.encode(s);
    const need = this.length + bytes.length;
    if (need > this.buffer.length) {
      const grown = new Uint8Array(Math.max(need, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** The bytes written; copied only when the buffer is much larger than they are. */
  bytes(): Uint8Array {
    return this.length * 1.25 < this.buffer.length ? this.buffer.slice(0, this.length) : this.buffer.subarray(0, this.length);
  }
}

/** One row's line. The alternatives and the later steps are a few shared lists: each is joined once. */
function tsvLine(r: ReviewRow, path: string, joined: Map<readonly string[], string>): string {
  let alternatives = joined.get(r.alternatives);
  if (alternatives === undefined) joined.set(r.alternatives, (alternatives = r.alternatives.join(' ')));
  let later = joined.get(r.later);
  if (later === undefined) joined.set(r.later, (later = r.later.join(' ')));
  return `${path}\t${r.line}\t${r.column}\t${r.source}\t${r.chosen}\t${alternatives}\t${r.decidedBy}\t${field(r.phrase)}\t${field(r.phraseOut)}\t${field(r.word)}\t${field(r.wordOut)}\t${later}\t${field(r.before)}\t${field(r.after)}\t${r.accepted ? 'yes' : 'no'}`;
}

const BREAKS = /[\t\r\n]/gu;

/** A tab or line end inside a field would break the row; the text keeps a space instead. */
function field(s: string): string {
  return s.includes('\t') || s.includes('\n') || s.includes('\r') ? s.replace(BREAKS, ' ') : s;
}
