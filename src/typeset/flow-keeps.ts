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

/**
 * A chapter opening's sink, in whole line pitches (the text after it stays
 * on the page's grid): `full`, unless the heading (`opening`, the sink box
 * first) and the first group kept after it (a section heading with a short
 * poem, say) would then not fit one page. It then gives up as many pitches
 * as that group needs, down to one: a title alone on a page mostly blank,
 * its text overleaf, is worse than a shallower sink. Where even one pitch
 * leaves too little room, the sink stays as it is.
 */
export function openingSink(full: number, pitch: number, opening: FlowBox[], text: FlowBox[], pageExtent: number): number {
  let extent = full * pitch;
  for (let k = 1; k < opening.length; k++) extent += opening[k].blockSize;
  for (const b of text) {
    extent += b.blockSize;
    // The first place a page may end once something of the text stands on it.
    if (!b.keepWithNext && !b.space) break;
  }
  const over = Math.ceil((extent - pageExtent - 0.01) / pitch);
  return over > 0 && full - over >= 1 ? full - over : full;
}

export function keep(box: FlowBox): FlowBox {
  return { ...box, keepWithNext: true };
}

export function space(blockSize: number): FlowBox {
  return { blockSize, ops: [], space: true };
}
