/*
 * A run of text between two segmentation words, read through the chain's
 * stages character by character, as the review's explainer reads most of a
 * book (explain.ts).
 */
import type { ChainTries } from '../transforms/opencc-trie.ts';

export class RunReader {
  /**
   * A run's first stage, unit by unit, and the later stages' (laterA and
   * laterB, one stage into the other): a run is made a string once, at the
   * end, where a string grown by `+=` per converted character would be a
   * tree of a node each (most characters of a book convert), copied flat
   * again when the next stage read it.
   */
  units = new Uint16Array(1024);
  private laterA = new Uint16Array(1024);
  private laterB = new Uint16Array(1024);

  constructor(private readonly tries: ChainTries) {}

  /**
   * A run through the first group, as main.convert reads it, into `units`,
   * without its walk: no segmentation word starts inside a run, and every
   * key of the first group longer than a character is one (STPhrases; the
   * review's tests hold the dictionaries to that), so each character
   * converts alone. False for text the walk must read: surrogates,
   * description sequences, a character that converts to more than one unit.
   */
  first(text: string): boolean {
    const main = this.tries.main;
    this.room(text.length);
    const units = this.units;
    for (let u = 0; u < text.length; u++) {
      const c = text.charCodeAt(u);
      if (walkReads(c)) return false;
      const v = main.charValue(c);
      if (v === undefined) units[u] = c;
      else if (v.length === 1) units[u] = v.charCodeAt(0);
      else return false;
    }
    return true;
  }

  /**
   * The later stages over `units` [0, n) (as first left them), each character on
   * its own, as their walks would read it when no key longer than a
   * character starts anywhere in it: each stage's pair filter says so of
   * every two neighbours. Undefined when one may start (Taiwan's 鼠标 →
   * 滑鼠), or a character would not read as one BMP unit: then the stages'
   * own walks read the run. Most runs of a book are read here, without
   * building the first stage's string or walking the later tries.
   */
  later(n: number): string | undefined {
    let from = this.units;
    for (const t of this.tries.later) {
      for (let u = 0; u + 1 < n; u++) if (t.mayStartKey(from[u], from[u + 1])) return undefined;
      const to = from === this.laterA ? this.laterB : this.laterA;
      for (let u = 0; u < n; u++) {
        const c = from[u];
        if (walkReads(c)) return undefined;
        const v = t.charValue(c);
        if (v === undefined) to[u] = c;
        else if (v.length === 1 && !walkReads(v.charCodeAt(0))) to[u] = v.charCodeAt(0);
        else return undefined;
      }
      from = to;
    }
    return fromUnits(from, n);
  }

  /** The first stage's units [0, n) as a string. */
  firstString(n: number): string {
    return fromUnits(this.units, n);
  }

  /** `first` into `units`: the run's first stage, read by its walk. */
  readUnits(first: string): void {
    this.room(first.length);
    for (let u = 0; u < first.length; u++) this.units[u] = first.charCodeAt(u);
  }

  /** Room for `n` units in each of the runs' buffers. */
  private room(n: number): void {
    if (this.units.length >= n) return;
    const size = Math.max(n, this.units.length * 2);
    this.units = new Uint16Array(size);
    this.laterA = new Uint16Array(size);
    this.laterB = new Uint16Array(size);
  }
}

/** A code unit only the walks read as they should: half of a pair, or an ideographic description character (its sequence is never split). */
function walkReads(c: number): boolean {
  return (c >= 0xd800 && c <= 0xdfff) || (c >= 0x2ff0 && c <= 0x2fff);
}

/** UTF-16 units [0, n) as a string, a slice at a time: a call takes as many arguments as the engine allows. */
function fromUnits(units: Uint16Array, n: number): string {
  if (n <= 4096) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  let out = '';
  for (let k = 0; k < n; k += 4096) out += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 4096)) as unknown as number[]);
  return out;
}
