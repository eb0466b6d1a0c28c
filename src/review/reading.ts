/*
 * Where the explainer puts each segment's reading, so that the edition's
 * reading of any stretch of the input can be asked for afterwards (the
 * contexts, the word a glossary line names).
 */

/** Where the explainer puts each segment's reading. */
export interface ReadingSink {
  add(from: number, cps: number, reading: string): void;
}

/**
 * The reading as one string, while every piece keeps its length (in order,
 * as the walk goes). The pieces are joined once, into one flat string: a
 * string grown piece by piece is a tree of a node per piece, which a
 * paragraph's reading kept for the review (or handed to the conversion)
 * would carry through every garbage collection.
 */
export class FlatReading implements ReadingSink {
  private readonly pieces: string[] = [];
  aligned = true;

  add(_from: number, cps: number, reading: string): void {
    if (reading.length !== cps) this.aligned = false;
    this.pieces.push(reading);
  }

  get text(): string {
    return this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
  }
}

/** The reading of a string as the segments made it: where each piece starts, and what it reads. */
export class Pieces implements ReadingSink {
  private starts: number[] = [];
  private lengths: number[] = [];
  private readings: string[] = [];
  private sorted = true;

  add(from: number, cps: number, reading: string): void {
    if (this.starts.length && from < this.starts[this.starts.length - 1]) this.sorted = false;
    this.starts.push(from);
    this.lengths.push(cps);
    this.readings.push(reading);
  }

  /** Code points [from, to) as read: a piece whose reading keeps its length gives its code points one by one, any other piece reads whole. */
  reading(from: number, to: number): string {
    if (!this.sorted) this.sort();
    let out = '';
    let p = this.find(from);
    for (let cp = from; cp < to && p < this.starts.length; ) {
      const start = this.starts[p];
      const len = this.lengths[p];
      const r = this.readings[p];
      if (cp >= start + len) {
        p++;
        continue;
      }
      const end = Math.min(to, start + len);
      if (r.length === len) {
        // The usual piece: as many UTF-16 units as code points on both sides.
        out += r.slice(cp - start, end - start);
        cp = end;
      } else if (cpLength(r) === len) {
        out += Array.from(r).slice(cp - start, end - start).join('');
        cp = end;
      } else {
        out += r;
        cp = start + len;
      }
      p++;
    }
    return out;
  }

  /** The whole reading: the pieces cover the input from its start, one after another. */
  whole(): string {
    if (!this.sorted) this.sort();
    return this.readings.join('');
  }

  private find(cp: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= cp) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private sort(): void {
    const { starts, lengths, readings } = this;
    const order = inOrder(starts);
    this.starts = order.map((i) => starts[i]);
    this.lengths = order.map((i) => lengths[i]);
    this.readings = order.map((i) => readings[i]);
    this.sorted = true;
  }
}

/**
 * The indexes of `starts` in ascending order of start. The explainer places
 * a text's protected stretches first, then its segments, each in order: two
 * ascending runs, merged; anything else is sorted.
 */
function inOrder(starts: number[]): number[] {
  if (starts.length < 2) return starts.map((_, i) => i);
  let split = 1;
  while (split < starts.length && starts[split - 1] <= starts[split]) split++;
  let end = split + 1;
  while (end < starts.length && starts[end - 1] <= starts[end]) end++;
  if (end < starts.length) return starts.map((_, i) => i).sort((a, b) => starts[a] - starts[b]);
  const order: number[] = [];
  let a = 0;
  let b = split;
  while (a < split || b < starts.length) order.push(b >= starts.length || (a < split && starts[a] <= starts[b]) ? a++ : b++);
  return order;
}

/**
 * Whether `s` holds a surrogate code unit: a character outside the BMP, to be
 * read by code point. Without the u flag, which would read a valid pair as
 * one code point and miss it.
 */
export function hasSurrogate(s: string): boolean {
  return /[\uD800-\uDFFF]/.test(s);
}

export function cpLength(s: string): number {
  let n = s.length;
  for (let u = 0; u < s.length; u++) {
    const c = s.charCodeAt(u);
    if (c >= 0xd800 && c < 0xdc00) n--;
  }
  return n;
}
