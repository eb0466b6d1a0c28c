import type { Inline } from '../model/book.ts';
import { alignOwners } from '../text/align.ts';
import { UnitText } from './rewriter.ts';

export type StringConverter = (s: string) => string;

/**
 * Runs a whole-string converter (OpenCC) over one text unit in place.
 * The converter sees each run of text between boundaries (code spans, notes,
 * line breaks) whole, so a phrase split by **bold** or *dots* is still one
 * phrase; the result is handed back to the text nodes it came from.
 */
export function convertUnit(parts: Inline[][], convert: StringConverter): void {
  // Most units are one plain text node: converted whole, with no per-character bookkeeping.
  const only = parts.length === 1 && parts[0].length === 1 ? parts[0][0] : undefined;
  if (only?.kind === 'text') {
    only.text = convert(only.text);
    return;
  }
  const text = new UnitText(parts);
  const chars: string[] = [];
  const owners: number[] = [];
  for (let i = 0; i < text.chars.length; ) {
    if (text.owners[i] < 0) {
      chars.push(text.chars[i]);
      owners.push(-1);
      i++;
      continue;
    }
    let j = i;
    while (j < text.chars.length && text.owners[j] >= 0) j++;
    const run = convertRun(text.chars.slice(i, j), text.owners.slice(i, j), convert);
    // A loop, not push(...): a long paragraph would overflow the argument limit.
    for (let k = 0; k < run.chars.length; k++) {
      chars.push(run.chars[k]);
      owners.push(run.owners[k]);
    }
    i = j;
  }
  text.chars = chars;
  text.owners = owners;
  text.apply();
}

function convertRun(chars: string[], owners: number[], convert: StringConverter): { chars: string[]; owners: number[] } {
  const whole = [...convert(chars.join(''))];
  const pieces = piecesOf(chars, owners);
  if (pieces.length === 1) return { chars: whole, owners: whole.map(() => owners[0]) };

  // Each node on its own: exact ownership. When that reads the same as the
  // whole run (no phrase crosses a node edge, the usual case), it is the answer.
  const split: string[] = [];
  const splitOwners: number[] = [];
  for (const p of pieces) {
    for (const c of convert(p.text)) {
      split.push(c);
      splitOwners.push(p.owner);
    }
  }
  if (split.join('') === whole.join('')) return { chars: split, owners: splitOwners };
  return { chars: whole, owners: alignOwners(split, splitOwners, whole) };
}

function piecesOf(chars: string[], owners: number[]): Array<{ text: string; owner: number }> {
  const pieces: Array<{ text: string; owner: number }> = [];
  chars.forEach((c, i) => {
    const last = pieces[pieces.length - 1];
    if (last && last.owner === owners[i]) last.text += c;
    else pieces.push({ text: c, owner: owners[i] });
  });
  return pieces;
}
