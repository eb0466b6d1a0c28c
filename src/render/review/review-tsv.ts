import { relative } from 'node:path';
import type { EditionReview, ReviewRow } from '../../review/collect.ts';

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
 * the same file. Encoded a few hundred rows at a time: a book's file runs
 * to megabytes, which as one string (and its rows' strings before it)
 * would outlive collections only to be copied into bytes.
 */
export function reviewTsvBytes(review: EditionReview): Uint8Array {
  const out = new Utf8Writer();
  const paths = new Map<string, string>();
  const pathOf = (file: string) => paths.get(file) ?? paths.set(file, file ? relative(review.manuscriptDir, file) : '').get(file)!;
  const rows = review.rows;
  let lines = [TSV_COLUMNS.join('\t')];
  for (let k = 0; k < rows.length; k++) {
    lines.push(tsvRow(rows[k], pathOf(rows[k].file)).join('\t'));
    if (lines.length === CHUNK) {
      // The first chunk tells how long the rest will be, near enough to size the buffer once.
      out.write(`${lines.join('\n')}\n`, (rows.length - k) / CHUNK);
      lines = [];
    }
  }
  if (lines.length) out.write(`${lines.join('\n')}\n`);
  return out.bytes();
}

const CHUNK = 512;

/** UTF-8 bytes written string by string into one growing buffer. */
class Utf8Writer {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;
  private readonly encoder = new TextEncoder();

  /** `times`: about how many strings like this one are to come, this one included. */
  write(s: string, times = 1): void {
    // A UTF-16 unit takes at most three bytes (a surrogate pair, four for two).
    if (this.length + s.length * 3 <= this.buffer.length) {
      this.length += this.encoder.encodeInto(s, this.buffer.subarray(this.length)).written;
      return;
    }
    // Encoded on its own, it tells how many bytes the strings to come take.
    const bytes = this.encoder.encode(s);
    const need = this.length + Math.ceil(bytes.length * Math.max(1, times) * 1.05);
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

function tsvRow(r: ReviewRow, path: string): string[] {
  return [
    path,
    String(r.line),
    String(r.column),
    r.source,
    r.chosen,
    r.alternatives.join(' '),
    r.decidedBy,
    field(r.phrase),
    field(r.phraseOut),
    field(r.word),
    field(r.wordOut),
    r.later.join(' '),
    field(r.before),
    field(r.after),
    r.accepted ? 'yes' : 'no',
  ];
}

const BREAKS = /[\t\r\n]/gu;

/** A tab or line end inside a field would break the row; the text keeps a space instead. */
function field(s: string): string {
  return s.includes('\t') || s.includes('\n') || s.includes('\r') ? s.replace(BREAKS, ' ') : s;
}
