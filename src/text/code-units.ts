/*
 * A string's code units and code points, read through String.prototype's
 * own functions rather than as `s.charCodeAt(i)`.
 *
 * Why: `s.charCodeAt` is a property load, and V8 keeps feedback on the maps
 * of the strings it has seen there (one-byte or two-byte, flat, sliced,
 * concatenated, internalised). A walk that meets several kinds before it is
 * optimised (a run of ASCII digits sliced out of a Chinese sentence is a
 * one-byte string) can be compiled with a generic lookup on every character,
 * and stays so for the rest of the process. OpenCC's walk over the bench
 * book's texts took 0.35 s instead of 0.2 s when its first text was the
 * subtitle 合成文本1000000字，种子1 (docs/performance.md, "String kinds").
 * Called through `call`, the function is known and the string's kind does
 * not matter.
 */
const charCodeAt = String.prototype.charCodeAt;
const codePointAtOf = String.prototype.codePointAt;

/** The UTF-16 code unit at `i` (NaN past the end), as `s.charCodeAt(i)`. */
export function unitAt(s: string, i: number): number {
  return charCodeAt.call(s, i);
}

/** The code point at `i` (undefined past the end), as `s.codePointAt(i)`. */
export function pointAt(s: string, i: number): number | undefined {
  return codePointAtOf.call(s, i);
}
