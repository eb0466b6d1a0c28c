/* The later stages (Taiwan or Hong Kong phrases and variants) over a segment, cell by cell. */
import { unmatchedLength, type Trie } from '../transforms/opencc-trie.ts';
import { cpLength } from './reading.ts';

/** One output cell: what a source code point has become so far, and the steps that made it. */
export interface Cell {
  out: string;
  /** The whole word, when a later stage replaced the word this code point was part of. */
  word?: string;
  later?: string[];
}

/** A segment explained: its reading, each code point's form, and what the later stages rewrote. */
export interface SegmentCells {
  text: string;
  reading: string;
  cps: number;
  /** The segment's code points, and which of them have a choice. */
  source: string[];
  choices: number[];
  out: string[];
  /** What each code point contributes to the reading, in order (a rewritten word stands on its first); none for a phrase read whole. */
  parts?: string[];
  later?: string[][];
  /** The words a later stage rewrote (Taiwan's 人工智能 → 人工智慧), in order; none when undefined. */
  words?: WordChange[];
}

/** A word of a segment a later stage rewrote: cells [at, at + cps), from `key` (the plain Traditional) to `value`. */
export interface Rewrite {
  at: number;
  cps: number;
  key: string;
  value: string;
}

export interface WordChange extends Rewrite {
  /** The Simplified word, and what the book carries for it after every stage. */
  source: string;
  chosen: string;
}

export const NO_WORDS: readonly WordChange[] = Object.freeze([]);

/**
 * A later conversion group over a segment's cells: a one-to-one match
 * rewrites its cell, a longer one replaces the word. A match of two or more
 * characters that changes them is a regional word (`rewrites`).
 */
export function laterStage(cells: Cell[], t: Trie, rewrites: Rewrite[]): Cell[] {
  const text = cells.map((c) => c.out).join('');
  // Which cell each UTF-16 position of `text` belongs to.
  const owner: number[] = [];
  cells.forEach((c, k) => {
    for (let u = 0; u < c.out.length; u++) owner.push(k);
  });
  let i = 0;
  while (i < text.length) {
    const end = t.longest(text, i, false);
    if (end === 0) {
      i += unmatchedLength(text, i);
      continue;
    }
    const value = t.hit!.value!;
    const key = text.slice(i, end);
    const firstCell = owner[i];
    const lastCell = owner[end - 1];
    const step = `${key}→${value}`;
    if (value !== key && cpLength(key) > 1) rewrites.push({ at: firstCell, cps: lastCell - firstCell + 1, key, value });
    if (firstCell === lastCell && cells[firstCell].out === key) {
      cells[firstCell] = { out: value, later: [...(cells[firstCell].later ?? []), step] };
    } else {
      // A word replaced whole (TWPhrases 聯繫 → 聯絡): the reading sits on its first cell.
      const head = cells[firstCell].out.slice(0, i - owner.indexOf(firstCell));
      const lastStart = owner.indexOf(lastCell);
      const tail = cells[lastCell].out.slice(end - lastStart);
      for (let k = firstCell; k <= lastCell; k++) {
        cells[k] = { out: k === firstCell ? head + value + (firstCell === lastCell ? tail : '') : k === lastCell ? tail : '', word: value, later: [...(cells[k].later ?? []), step] };
      }
    }
    i = end;
  }
  return cells;
}
