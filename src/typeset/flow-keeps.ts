import type { FlowBox } from './flow.ts';

/*
 * The keeps and spaces a block's boxes are built with: the rules that say
 * where the paginator may not break.
 */

/** Keeps boxes together up to the `lines`-th line of text among them (rules and space before it count with it). */
export function keepFirstLines(boxes: FlowBox[], lines: number): void {
  let seen = 0;
  for (let k = 0; k + 1 < boxes.length; k++) {
    if (boxes[k].ops.some((op) => op.op === 'text')) seen++;
    if (seen >= lines) return;
    boxes[k].keepWithNext = true;
  }
}

/** The space at the end of `out` kept with what follows, and the last box before it kept softly. */
export function keepOrnamentWithWhatCloses(out: FlowBox[]): void {
  for (let k = out.length - 1; k >= 0; k--) {
    if (out[k].keepWithNext) return;
    if (!out[k].space) {
      out[k] = { ...out[k], keepSoft: true };
      return;
    }
    out[k] = keep(out[k]);
  }
}

export function keep(box: FlowBox): FlowBox {
  return { ...box, keepWithNext: true };
}

export function space(blockSize: number): FlowBox {
  return { blockSize, ops: [], space: true };
}
