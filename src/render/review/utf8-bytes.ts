import type { BlockSink } from '../../output/atomic-write.ts';
import { unitAt } from '../../text/code-units.ts';
import { xmlEntity } from '../../text/escape-xml.ts';

/** Code units from which a string is encoded by TextEncoder rather than here. */
const LONG = 64;

/** Bytes a review file hands to its file at a time: a few dozen writes for a book, through one block reused. */
export const FILE_BLOCK = 1 << 18;

/** Bytes of the longest number String() writes (-1.7976931348623157e+308). */
export const NUMBER_BYTES = 24;

/** The smallest block: room for a pair's four bytes and more. */
const MIN_BLOCK = 16;

/**
 * UTF-8 written block by block, as TextEncoder writes it (a lone surrogate
 * as U+FFFD): short strings and slices code unit by code unit, long strings
 * through TextEncoder. The review's TSV runs to megabytes of short fields,
 * most of them cut from a longer text: written here straight from that
 * text, they are never made into strings, rows or chunks, which a book's
 * tens of thousands of rows would otherwise allocate and the collector copy.
 *
 * Characters are read through unitAt (text/code-units.ts): the fields are
 * strings of every kind (ASCII paths, Chinese slices, digits), and read as
 * `s.charCodeAt` the loop took a fifth longer over a book's rows.
 *
 * With a sink, one block is filled, handed over and filled again: a file
 * written so is never held whole, and touches no fresh memory as it grows
 * (on the machines we measure on, memory touched for the first time costs
 * about 2.4 ms a megabyte). Without one, the blocks are kept for `bytes()`.
 */
export class Utf8Bytes {
  private buffer: Uint8Array;
  /** Where the next byte goes in the block `reserve` returned; a caller writing there itself moves it on. */
  at = 0;
  private readonly encoder = new TextEncoder();
  private readonly kept: Uint8Array[] = [];
  private readonly sink: BlockSink;

  constructor(size = 1 << 16, sink?: BlockSink) {
    this.buffer = new Uint8Array(Math.max(size, MIN_BLOCK));
    this.sink = sink ?? ((block) => this.keep(block));
  }

  /** The collecting sink: the full block is kept and a fresh one filled. */
  private keep(block: Uint8Array): void {
    this.kept.push(block);
    this.buffer = new Uint8Array(this.buffer.length);
  }

  /** Hands the bytes written since the last flush to the sink. */
  flush(): void {
    if (this.at === 0) return;
    const block = this.buffer.subarray(0, this.at);
    this.at = 0;
    this.sink(block);
  }

  /** Room for `units` more UTF-16 code units, at three bytes each at most (a pair takes four for two); false when not even an empty block has it. */
  private room(units: number): boolean {
    if (this.at + units * 3 <= this.buffer.length) return true;
    this.flush();
    return units * 3 <= this.buffer.length;
  }

  /**
   * The block, with room for `bytes` more from `at`: a writer that knows a
   * bound for what it writes next (a TSV row) encodes it there itself
   * (encodeUnits) and moves `at` on. A bound larger than a block gets a
   * block of its own size.
   */
  reserve(bytes: number): Uint8Array {
    if (this.at + bytes > this.buffer.length) {
      this.flush();
      if (bytes > this.buffer.length) this.buffer = new Uint8Array(bytes);
    }
    return this.buffer;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.at++] = b;
  }

  /** Code units [from, to) of `s`; with `field`, a tab or line end is written as a space (it would break a TSV row). */
  units(s: string, from = 0, to = s.length, field = false): void {
    if (from < 0) from = 0;
    if (to > s.length) to = s.length;
    while (from < to) {
      let end = to;
      if (!this.room(to - from)) {
        // Longer than a block: as much as one holds, never cutting a pair.
        end = from + Math.floor(this.buffer.length / 3);
        const c = unitAt(s, end - 1);
        if (c >= 0xd800 && c < 0xdc00) end--;
      }
      this.encode(s, from, end, field);
      from = end;
    }
  }

  /** Code units [from, to) into the block, which has room for them. */
  private encode(s: string, from: number, to: number, field: boolean): void {
    this.at = encodeUnits(this.buffer, this.at, s, from, to, field);
  }

  /**
   * A whole string, as a field (see `units`) or as it is. A long one (a row
   * of the HTML, made of many pieces) goes through TextEncoder, which reads
   * a string of pieces without joining it first, and stops short of a pair
   * that the block has no room for.
   */
  string(s: string, field = false): void {
    if (field || s.length < LONG) return this.units(s, 0, s.length, field);
    let rest = s;
    for (;;) {
      this.room(rest.length);
      const { read, written } = this.encoder.encodeInto(rest, this.buffer.subarray(this.at));
      this.at += written;
      if (read === rest.length) return;
      this.flush();
      rest = rest.slice(read);
    }
  }

  /** Without a sink: every byte written, in one array. */
  bytes(): Uint8Array {
    this.flush();
    const kept = this.kept;
    if (kept.length === 1) return kept[0];
    const all = new Uint8Array(kept.reduce((n, k) => n + k.length, 0));
    let at = 0;
    for (const k of kept) {
      all.set(k, at);
      at += k.length;
    }
    return all;
  }
}

/**
 * Code units [from, to) of `s` as UTF-8 into `b` from `at`, which has room
 * for three bytes a unit; returns where the next byte goes. With `field`, a
 * tab or line end is written as a space (it would break a TSV row).
 */
export function encodeUnits(b: Uint8Array, at: number, s: string, from: number, to: number, field: boolean): number {
  for (let u = from; u < to; u++) {
    let c = unitAt(s, u);
    if (c < 0x80) {
      b[at++] = field && (c === 9 || c === 10 || c === 13) ? 32 : c;
    } else if (c < 0x800) {
      b[at++] = 0xc0 | (c >> 6);
      b[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = u + 1 < s.length ? unitAt(s, u + 1) : 0;
        // A pair is one code point, even when the slice would cut it (a slice cuts by code unit, as here).
        if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff && u + 1 < to) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          b[at++] = 0xf0 | (cp >> 18);
          b[at++] = 0x80 | ((cp >> 12) & 0x3f);
          b[at++] = 0x80 | ((cp >> 6) & 0x3f);
          b[at++] = 0x80 | (cp & 0x3f);
          u++;
          continue;
        }
        c = 0xfffd;
      }
      b[at++] = 0xe0 | (c >> 12);
      b[at++] = 0x80 | ((c >> 6) & 0x3f);
      b[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}

/** All of `s`, as encodeUnits writes it. */
export function encodeString(b: Uint8Array, at: number, s: string, field = false): number {
  return encodeUnits(b, at, s, 0, s.length, field);
}

/**
 * A non-negative integer in decimal into `b` from `at`, which has room for
 * NUMBER_BYTES; returns where the next byte goes. Anything else (never a
 * line or column the review makes) is written as String() writes it, as
 * before: a digit loop would write it as a wrong number.
 */
export function encodeInteger(b: Uint8Array, at: number, n: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    const s = String(n);
    return encodeString(b, at, s);
  }
  if (n < 10) {
    b[at++] = 0x30 + n;
    return at;
  }
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  let v = n;
  for (let k = at + digits - 1; k >= at; k--) {
    b[k] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/** Bytes a code unit can take escaped: `&quot;` is six. */
export const ESCAPED_BYTES = 6;

/**
 * `s` as escapeXml (text/escape-xml.ts) escapes it, encoded into `b` from
 * `at`, which has room for ESCAPED_BYTES a unit; returns where the next byte goes.
 */
export function encodeEscaped(b: Uint8Array, at: number, s: string): number {
  let from = 0;
  for (let u = 0; u < s.length; u++) {
    const c = unitAt(s, u);
    const entity = xmlEntity(c);
    if (entity === undefined) continue;
    at = encodeUnits(b, at, s, from, u, false);
    at = encodeString(b, at, entity);
    from = u + 1;
  }
  return encodeUnits(b, at, s, from, s.length, false);
}
