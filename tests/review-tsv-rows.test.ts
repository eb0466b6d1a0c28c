import { describe, expect, it } from 'vitest';
import type { EditionReview, ReviewRow } from '../src/review/collect.ts';
import { reviewTsvBytes, TSV_COLUMNS } from '../src/render/review/review-tsv.ts';
import { FILE_BLOCK } from '../src/render/review/utf8-bytes.ts';

/** A row as collect.ts makes one, its contexts read from `simplified`. */
function row(over: Partial<ReviewRow>): ReviewRow {
  const simplified = over.simplified ?? '他说头发白了。';
  return {
    file: '/book/03.md',
    line: 12,
    column: 345,
    source: '发',
    chosen: '髮',
    alternatives: ['發', '髮'],
    decidedBy: 'phrase',
    phrase: '头发',
    phraseOut: '頭髮',
    word: '头发',
    wordOut: '頭髮',
    wordOffset: 1,
    later: [],
    simplified,
    before: '',
    after: '',
    reading: () => '',
    index: 3,
    accepted: false,
    ...over,
  };
}

const review = (rows: ReviewRow[]): EditionReview => ({ edition: 'zh-Hant-TW', rows, manuscriptDir: '/book', readings: new Map(), acceptedFile: '', glossaryFile: '' });
const lines = (rows: ReviewRow[]) => new TextDecoder().decode(reviewTsvBytes(review(rows))).split('\n');

describe('the TSV row by row', () => {
  it('writes each field in its column, the contexts cut from the text', () => {
    const [header, first, second, end] = lines([row({}), row({ accepted: true, later: ['裏→裡', 'a→b'], decidedBy: 'character', phrase: '', phraseOut: '', line: 7, column: 0 })]);
    expect(header).toBe(TSV_COLUMNS.join('\t'));
    expect(first).toBe('03.md\t12\t345\t发\t髮\t發 髮\tphrase\t头发\t頭髮\t头发\t頭髮\t\t他说头\t白了。\tno');
    expect(second).toBe('03.md\t7\t0\t发\t髮\t發 髮\tcharacter\t\t\t头发\t頭髮\t裏→裡 a→b\t他说头\t白了。\tyes');
    expect(end).toBe('');
  });

  it('writes a row longer than a file block whole', () => {
    // A glossary term longer than a block could ever be (the rows are written a block at a time).
    const term = '发'.repeat(FILE_BLOCK);
    const text = `他${term}。`;
    const [, only] = lines([row({ simplified: text, index: 1, decidedBy: 'glossary', phrase: term, phraseOut: '髮'.repeat(FILE_BLOCK), word: term, wordOut: '髮'.repeat(FILE_BLOCK) })]);
    const fields = only.split('\t');
    expect(fields).toHaveLength(TSV_COLUMNS.length);
    expect(fields[7]).toBe(term);
    expect(fields[10]).toBe('髮'.repeat(FILE_BLOCK));
    expect(fields[12]).toBe('他');
    expect(fields[13]).toBe('发'.repeat(10));
  });

  it('takes contexts outside the BMP from the row, whole', () => {
    const [, only] = lines([row({ simplified: ['\u{20000}', '说', '头', '发'], before: '\u{20000}说头', after: '', index: 3 })]);
    expect(only.split('\t').slice(12)).toEqual(['\u{20000}说头', '', 'no']);
  });
});
