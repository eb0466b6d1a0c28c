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

/** The review for tools: a header, then one row per occurrence in book order. Paths are relative to the manuscript folder, so two machines write the same file. */
export function reviewTsv(review: EditionReview): string {
  const lines = [TSV_COLUMNS.join('\t')];
  for (const r of review.rows) lines.push(tsvRow(r, review.manuscriptDir).join('\t'));
  return `${lines.join('\n')}\n`;
}

function tsvRow(r: ReviewRow, dir: string): string[] {
  return [
    r.file ? relative(dir, r.file) : '',
    String(r.line),
    String(r.column),
    r.source,
    r.chosen,
    r.alternatives.join(' '),
    r.decidedBy,
    r.phrase,
    r.phraseOut,
    r.word,
    r.wordOut,
    r.later.join(' '),
    r.before,
    r.after,
    r.accepted ? 'yes' : 'no',
  ].map(field);
}

/** A tab or line end inside a field would break the row; the text keeps a space instead. */
function field(s: string): string {
  return s.replace(/[\t\r\n]/gu, ' ');
}
