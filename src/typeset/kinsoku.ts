/**
 * Line-breaking and punctuation classes for Chinese text (clreq §3.1.7 and
 * its punctuation table, cjk-typesetting.md §1.1).
 */

/** May not start a line. */
export const NO_START = new Set([...'、，。．：；！？‼⁇”’」』）》〉】〗〕］｝·‧・–～']);
/** May not end a line. */
export const NO_END = new Set([...'“‘「『（《〈【〖〔［｛']);

/** Opening brackets and quotes: ink in the right half of the em box (SC). */
export const OPENING = new Set([...'“‘「『（《〈【〖〔［｛']);
/** Closing brackets and quotes. */
export const CLOSING = new Set([...'”’」』）》〉】〗〕］｝']);
/** Pause and stop marks. */
export const STOPS = new Set([...'、，。．：；！？']);
/**
 * Whether a line may end at a pause in the sense after this character: a
 * stop or pause mark, an ellipsis, dash or interpunct, or a space (an
 * ideographic one too). Where a title is best broken, and what a title cut
 * short drops before its …….
 */
export function isPause(ch: string): boolean {
  return STOPS.has(ch) || ch === '…' || ch === '—' || MIDDLE.has(ch) || /^\s$/u.test(ch);
}

/** Interpuncts: centred, never compressed below ½ em. */
export const MIDDLE = new Set([...'·‧・']);

/** Full-width marks whose advance may be trimmed to ½ em (push-in, adjacency, line end). */
export function isCompressible(ch: string): boolean {
  return OPENING.has(ch) || CLOSING.has(ch) || STOPS.has(ch);
}
