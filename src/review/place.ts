/* Placing each segment's reading as the explainer walks a string (explain.ts). */
import { PLACEHOLDER } from '../transforms/opencc.ts';
import type { Decision } from './decision.ts';
import type { SegmentCells } from './later-stage.ts';
import { cpLength, type ReadingSink } from './reading.ts';

/** One string's walk: the normalised masked string, where its code points stand in the input (`at`, for a string with glossary terms), and what the walk makes. */
export interface Walk {
  s: string;
  at: number[] | undefined;
  pieces: ReadingSink;
  decisions: Decision[];
}

/** Where code point `cp` of the walked string stands in the input: the same place, unless glossary terms were masked. */
export function inputIndex(walk: Walk, cp: number): number {
  return walk.at === undefined ? cp : walk.at[cp];
}

/** Places a segment's reading; a placeholder inside it stands for a stretch placed already. */
export function place(walk: Walk, text: string, cpFrom: number, cps: number, reading: string): void {
  const { at, pieces } = walk;
  if (at === undefined) return pieces.add(cpFrom, cps, reading);
  if (!text.includes(PLACEHOLDER)) return pieces.add(at[cpFrom], cps, reading);
  // Rare: a run holding a protected stretch. The reading keeps the placeholders, so the
  // stretches between them pair up; each is placed on its own code points.
  const parts = text.split(PLACEHOLDER);
  const read = reading.split(PLACEHOLDER);
  let k = cpFrom;
  parts.forEach((part, j) => {
    const n = cpLength(part);
    if (n > 0) {
      const outCps = Array.from(read[j] ?? '');
      for (let q = 0; q < n; q++) pieces.add(at[k + q], 1, outCps.length === n ? outCps[q] : q === 0 ? (read[j] ?? '') : '');
    }
    k += n + 1;
  });
}

/**
 * A segment whose reading changed length (显卡 → 顯示卡, 方便面 → 泡麵) is placed code point by
 * code point, so that a context around it reads ten characters, not the whole segment.
 */
export function placeCells(walk: Walk, cells: SegmentCells, cpFrom: number): void {
  if (cells.parts === undefined || cells.reading.length === cells.text.length) return place(walk, cells.text, cpFrom, cells.cps, cells.reading);
  const { at, pieces } = walk;
  for (let k = 0; k < cells.cps; k++) {
    if (at === undefined) pieces.add(cpFrom + k, 1, cells.parts[k]);
    // A placeholder's stretch is placed already, on its own code points (no dictionary word holds one).
    else if (cells.source[k] !== PLACEHOLDER) pieces.add(at[cpFrom + k], 1, cells.parts[k]);
  }
}
