/** Code units from which a string is encoded by TextEncoder rather than here. */
const LONG = 64;

/**
 * UTF-8 written into one growing buffer, as TextEncoder writes it (a lone
 * surrogate as U+FFFD): short strings and slices code unit by code unit,
 * long strings through TextEncoder. The review's TSV runs to megabytes of
 * short fields, most of them cut from a longer text: written here straight
 * from that text, they are never made into strings, rows or chunks, which a
 * book's tens of thousands of rows would otherwise allocate and the
 * collector copy.
 */
export class Utf8Bytes {
  private buffer: Uint8Array;
  private at = 0;
  private readonly encoder = new TextEncoder();

  constructor(size = 1 << 16) {
    this.buffer = new Uint8Array(size);
  }

  /** Room for `units` more UTF-16 code units, at three bytes each at most (a pair takes four for two). */
  private room(units: number): void {
    const need = this.at + units * 3;
    if (need <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(need, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.buffer[this.at++] = b;
  }

  /** Code units [from, to) of `s`; with `field`, a tab or line end is written as a space (it would break a TSV row). */
  units(s: string, from = 0, to = s.length, field = false): void {
    if (from < 0) from = 0;
    if (to > s.length) to = s.length;
    if (to <= from) return;
    this.room(to - from);
    const b = this.buffer;
    let at = this.at;
    for (let u = from; u < to; u++) {
      let c = s.charCodeAt(u);
      if (c < 0x80) {
        b[at++] = field && (c === 9 || c === 10 || c === 13) ? 32 : c;
      } else if (c < 0x800) {
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = u + 1 < s.length ? s.charCodeAt(u + 1) : 0;
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
    this.at = at;
  }

  /**
   * A whole string, as a field (see `units`) or as it is. A long one (a row
   * of the HTML, made of many pieces) goes through TextEncoder, which reads
   * a string of pieces without joining it first.
   */
  string(s: string, field = false): void {
    if (field || s.length < LONG) return this.units(s, 0, s.length, field);
    this.room(s.length);
    this.at += this.encoder.encodeInto(s, this.buffer.subarray(this.at)).written;
  }

  /** A non-negative integer in decimal. */
  integer(n: number): void {
    if (n < 10) return this.byte(0x30 + n);
    this.units(String(n));
  }

  /** The bytes written; copied only when the buffer is much larger than they are. */
  bytes(): Uint8Array {
    return this.at * 1.25 < this.buffer.length ? this.buffer.slice(0, this.at) : this.buffer.subarray(0, this.at);
  }
}
