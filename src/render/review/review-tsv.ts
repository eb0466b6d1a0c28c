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
  const paths = new Map<string, string>();
  const pathOf = (file: string) => paths.get(file) ?? paths.set(file, file ? relative(review.manuscriptDir, file) : '').get(file)!;
  for (const r of review.rows) lines.push(tsvRow(r, pathOf(r.file)).join('\t'));
  return `${lines.join('\n')}\n`;
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
