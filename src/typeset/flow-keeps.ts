import type { Block } from '../model/book.ts';
import { inlineText } from '../model/walk.ts';
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

/**
 * Whether `prev` is a lead-in to `next`: a paragraph ending in a colon (如下：,
 * 他说：) before the list, quotation, poem, table or code it announces. Left
 * alone at a page's foot, with what it announces overleaf, it reads as cut off.
 */
export function leadsIn(prev: Block, next: Block): boolean {
  if (prev.kind !== 'paragraph' || !LED_IN.has(next.kind)) return false;
  return /[：:]\s*$/u.test(inlineText(prev.content));
}

const LED_IN = new Set<Block['kind']>(['list', 'quote', 'poem', 'table', 'codeBlock']);

/**
 * Box `k` of `boxes` (the last by default) kept softly with what follows: the
 * paginator breaks before it instead, unless that would end the page more
 * than three lines short.
 */
export function keepSoftly(boxes: FlowBox[], k = boxes.length - 1): void {
  if (k >= 0 && k < boxes.length) boxes[k] = { ...boxes[k], keepSoft: true };
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
 * poem, say), with the footnotes that group calls and the rule above them
 * (`noteRule`, its extent), would then not fit one page. It then gives up
 * as many pitches as that group needs, down to one: a title alone on a page
 * mostly blank, its text overleaf, is worse than a shallower sink. Where
 * even one pitch leaves too little room, the sink stays as it is.
 */
export function openingSink(full: number, pitch: number, opening: FlowBox[], text: FlowBox[], pageExtent: number, noteRule = 0): number {
  let extent = full * pitch;
  for (let k = 1; k < opening.length; k++) extent += opening[k].blockSize;
  let ruled = false;
  for (const b of text) {
    extent += b.blockSize;
    // A note stands at the foot of the page its call is on.
    for (const note of b.notes ?? []) {
      extent += note.blockSize + (ruled ? 0 : noteRule);
      ruled = true;
    }
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
