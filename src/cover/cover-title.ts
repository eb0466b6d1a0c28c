import { CLOSING, isPause, NO_END, NO_START } from '../typeset/kinsoku.ts';

/**
 * Where the drawn cover's title and subtitle go, and how large. Shrunk to
 * fit one line, a long title (a 回目-like one of twenty characters) came
 * out smaller than the subtitle under it; in two lines it stays the largest
 * thing on the cover. A subtitle is one line, shrunk to the frame, and so
 * is the author line (several names with their roles can outrun it, and
 * what outruns the image is lost). The print cover (cover-sheet.ts) splits
 * its title the same way.
 */

/** Room for the title across the dark band, and for the subtitle and the author line inside the frame, in the template's units. */
const TITLE_ROOM = 1200;
const SUBTITLE_ROOM = 1300;
const TITLE_MAX = 240;
/** Two lines fill the 560-unit band at this size, with their leading. */
const TWO_LINES_MAX = 200;
const SUBTITLE_MAX = 72;
const AUTHOR_MAX = 84;
/** Vertical centre of the dark band the title sits in. */
const BAND_MIDDLE = 900;
/** A title of more characters than this goes in two lines. */
const ONE_LINE = 10;
const LATIN = /[A-Za-z0-9]/u;

export interface CoverText {
  titleLines: string[];
  titleSize: number;
  /** Each title line's baseline, the block centred in the band. */
  titleBaselines: number[];
  subtitleSize: number;
  authorSize: number;
}

export function coverText(title: string, subtitle: string, author = ''): CoverText {
  const titleLines = coverTitleLines(title);
  const longest = Math.max(1, ...titleLines.map((l) => [...l].length));
  // A CJK character is about one em wide.
  const titleSize = Math.min(titleLines.length > 1 ? TWO_LINES_MAX : TITLE_MAX, Math.floor(TITLE_ROOM / longest));
  const pitch = Math.round(titleSize * 1.25);
  const first = BAND_MIDDLE - ((titleLines.length - 1) * pitch) / 2 + titleSize * 0.36;
  return {
    titleLines,
    titleSize,
    titleBaselines: titleLines.map((_, k) => Math.round(first + k * pitch)),
    subtitleSize: fitted(subtitle, SUBTITLE_MAX),
    authorSize: fitted(author, AUTHOR_MAX),
  };
}

/** A line inside the frame at `max`, or shrunk to the frame's room when that would outrun it. */
function fitted(text: string, max: number): number {
  return Math.min(max, Math.floor(SUBTITLE_ROOM / Math.max(1, [...text].length)));
}

/**
 * One line, or two of near one length: after a pause within three
 * characters of the middle when there is one, else at the middle, moved
 * past a Latin word and off a mark that may not start a line.
 */
export function coverTitleLines(title: string): string[] {
  const chars = [...title];
  if (chars.length <= ONE_LINE) return [title];
  const split = (at: number) => [chars.slice(0, at).join('').trim(), chars.slice(at).join('').trim()];
  const middle = Math.ceil(chars.length / 2);
  for (let d = 0; d <= 3; d++) {
    for (const at of [middle - d, middle + d]) if (at > 0 && at < chars.length && (isPause(chars[at - 1]) || CLOSING.has(chars[at - 1]))) return split(at);
  }
  let at = middle;
  const bad = (k: number) => (LATIN.test(chars[k - 1]) && LATIN.test(chars[k])) || NO_START.has(chars[k]) || NO_END.has(chars[k - 1]);
  while (at < chars.length - 1 && bad(at)) at++;
  return split(at);
}
