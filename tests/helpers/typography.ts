import type { PdfChar, PdfLine } from './pdf.ts';

/*
 * Measures of how a PDF's body text is set, read glyph by glyph from MuPDF's
 * structured text (tests/helpers/pdf.ts): each returns the places that break
 * a rule, described for a failure message. Origins are the characters' x0;
 * a character's box runs to x1, its font advance.
 */

export const BODY = 10.5;
const PITCH = BODY * 1.75;
const LINES = 25;
const MARGIN_TOP = 62;
const PAGE_W = (148 * 72) / 25.4;
export const LEFT = (PAGE_W - 30 * BODY) / 2;
export const RIGHT = LEFT + 30 * BODY;

const HAN = /^\p{Script=Han}$/u;
const LIST_MARKER = /^\s*(\d+\.|・|▪)/u;
const LATIN = /^[A-Za-z0-9]$/u;
export const OPENING = new Set([...'“‘「『（《〈【〖〔［｛']);
export const CLOSING = new Set([...'”’」』）》〉】〗〕］｝']);
const BRACKETS = new Set([...OPENING, ...CLOSING]);
const MARKS = new Set([...'、，。．：；！？', ...BRACKETS]);
/** Marks whose blank half is at their end in every style (closing brackets), and in SC the stops too. */
const END_BLANK_ALL = new Set([...CLOSING]);
const END_BLANK_SC = new Set([...'、，。．：；！？', ...CLOSING]);
/** Marks the Traditional faces centre in the em box. */
export const CENTRED = new Set([...'，。、：；！？']);

export type Style = 'sc' | 'hk' | 'tw';
const em = (c: PdfChar) => c.size;
const isBody = (l: PdfLine) => l.chars.length > 0 && l.chars.every((c) => Math.abs(c.size - BODY) < 0.01);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Body lines whose Han characters stand, by their median gap, more than 0.2 em apart. */
export function looseLines(lines: PdfLine[], reported: string[]): string[] {
  const out: string[] = [];
  for (const l of lines.filter(isBody)) {
    const gaps: number[] = [];
    for (let i = 0; i + 1 < l.chars.length; i++) {
      const [a, b] = [l.chars[i], l.chars[i + 1]];
      if (HAN.test(a.c) && HAN.test(b.c)) gaps.push((b.x0 - a.x1) / em(a));
    }
    if (gaps.length && median(gaps) > 0.2 && !reported.some((r) => l.text.replace(/\s/gu, '').startsWith(r))) out.push(`${median(gaps).toFixed(2)} em: ${l.text}`);
  }
  return out;
}

/** zh-Hant: a centred mark followed, closer than 0.75 em, by a glyph that is not an opening bracket. */
export function crowdedCentredMarks(lines: PdfLine[]): string[] {
  const out: string[] = [];
  for (const l of lines.filter(isBody)) {
    for (let i = 0; i + 1 < l.chars.length; i++) {
      const [a, b] = [l.chars[i], l.chars[i + 1]];
      if (!CENTRED.has(a.c) || OPENING.has(b.c) || b.c === ' ') continue;
      const d = (b.x0 - a.x0) / em(a);
      if (d < 0.75 - 0.01) out.push(`${a.c}${b.c} ${d.toFixed(2)} em apart: ${l.text}`);
    }
  }
  return out;
}

/**
 * zh-Hant: a centred mark ending a paragraph's last line (a body line at the
 * margin whose next line is indented: a new paragraph) drawn closer than a
 * full em after the Han character before it. The line has room to spare;
 * trimmed, the mark only huddles against its character (這一局。).
 */
export function pulledRaggedEndMarks(lines: PdfLine[]): { checked: number; pulled: string[] } {
  let checked = 0;
  const pulled: string[] = [];
  const body = lines.filter(isBody);
  const near = (x: number, to: number) => Math.abs(x - to) < 0.05;
  for (let k = 0; k + 1 < body.length; k++) {
    const [l, next] = [body[k], body[k + 1]];
    // At the margin: not a first line, whose indent a block quote's lines share.
    if (!near(l.x0, LEFT) || !near(next.x0, LEFT + 2 * BODY)) continue;
    const cs = l.chars.filter((c) => c.c !== ' ');
    const [a, b] = [cs[cs.length - 2], cs[cs.length - 1]];
    if (!a || !CENTRED.has(b.c) || !HAN.test(a.c) || b.x1 > RIGHT - em(b)) continue;
    checked++;
    const d = (b.x0 - a.x0) / em(a);
    if (d < 1 - 0.01) pulled.push(`${a.c}${b.c} ${d.toFixed(2)} em apart: ${l.text}`);
  }
  return { checked, pulled };
}

/**
 * Footnote calls (a digit at 0.6 of the body size right after a Han
 * character): wrong when a gap stands between them, or when the call's top
 * is more than 0.2 em below the character's (MuPDF's boxes: a third of an
 * em raised, 0.13 em; on the baseline, 0.46 em).
 */
export function footnoteCalls(lines: PdfLine[]): { checked: number; wrong: string[] } {
  let checked = 0;
  const wrong: string[] = [];
  // Read in order across lines: a reader that takes a raised call for a line of its own still finds it.
  const chars = lines.flatMap((l) => l.chars);
  for (let i = 1; i < chars.length; i++) {
    const [a, b] = [chars[i - 1], chars[i]];
    if (!HAN.test(a.c) || Math.abs(a.size - BODY) > 0.01 || !/^[0-9]$/u.test(b.c) || Math.abs(b.size - 0.6 * BODY) > 0.01) continue;
    checked++;
    const gap = (b.x0 - a.x1) / BODY;
    const drop = (b.y0 - a.y0) / BODY;
    if (Math.abs(gap) > 0.02 || Math.abs(drop) > 0.2) wrong.push(`${a.c}${b.c} ${gap.toFixed(2)} em after, top ${drop.toFixed(2)} em lower`);
  }
  return { checked, wrong };
}

/**
 * Adjacent marks with a bracket among them: set in 1.5 em or less, with no
 * justification inside the pair. The second mark starts ½ or 1 em after the
 * first; at 1 em, its own blank half after it is gone.
 */
export function widePairs(lines: PdfLine[]): { checked: number; wide: string[] } {
  let checked = 0;
  const wide: string[] = [];
  for (const l of lines.filter(isBody)) {
    const cs = l.chars.filter((c) => c.c !== ' ');
    // A table's row reads as one line, its cells a column's gap apart: not text set on one line.
    if (cs.some((c, i) => i > 0 && c.x0 - cs[i - 1].x1 > 1.5 * BODY)) continue;
    for (let i = 0; i + 1 < cs.length; i++) {
      const [a, b] = [cs[i], cs[i + 1]];
      if (!MARKS.has(a.c) || !MARKS.has(b.c) || !(BRACKETS.has(a.c) || BRACKETS.has(b.c))) continue;
      checked++;
      const d = (b.x0 - a.x0) / em(a);
      if (Math.abs(d - 0.5) > 0.01 && Math.abs(d - 1) > 0.01) wide.push(`${a.c}${b.c}: ${d.toFixed(2)} em between their origins: ${l.text}`);
      // At a line's end nothing follows to show the second mark's extent: the flush test measures it there.
      if (!cs[i + 2] || Math.abs(d - 1) > 0.01) continue;
      const after = (cs[i + 2].x0 - b.x0) / em(b);
      if (after > 0.5 + 0.2 + 0.01) wide.push(`${a.c}${b.c}: ${(d + Math.min(after, 1)).toFixed(2)} em: ${l.text}`);
    }
  }
  return { checked, wide };
}

/** Gaps between a Han character and a Latin letter or digit outside ⅛–⅓ em. */
export function hanLatinGaps(lines: PdfLine[]): { checked: number; wrong: string[] } {
  let checked = 0;
  const wrong: string[] = [];
  for (const l of lines.filter(isBody)) {
    const cs = l.chars.filter((c) => c.c !== ' ');
    // A table's row reads as one line, its cells a column's gap apart: not text set on one line.
    if (cs.some((c, i) => i > 0 && c.x0 - cs[i - 1].x1 > 1.5 * BODY)) continue;
    for (let i = 0; i + 1 < cs.length; i++) {
      const [a, b] = [cs[i], cs[i + 1]];
      if (!((HAN.test(a.c) && LATIN.test(b.c)) || (LATIN.test(a.c) && HAN.test(b.c)))) continue;
      checked++;
      const gap = (b.x0 - a.x1) / BODY;
      if (gap < 0.125 - 0.01 || gap > 1 / 3 + 0.01) wrong.push(`${gap.toFixed(3)} em: ${a.c}${b.c} in ${l.text}`);
    }
  }
  return { checked, wrong };
}

/**
 * Where a line's last character ends, a mark counted by what of it the line
 * set. A word broken at a hyphenation point ends with a hyphen that copies
 * out as nothing (ActualText), so MuPDF's text does not show it: the
 * hyphen's advance (about a third of an em) comes after the last letter.
 */
function rightEdges(line: PdfLine, style: Style, next?: PdfLine): number[] {
  const last = line.chars[line.chars.length - 1];
  const edges = [last.x1];
  if (/[A-Za-z]/u.test(last.c) && next && /^[a-z]/u.test(next.text)) for (let h = 0.2; h <= 0.5; h += 0.001) edges.push(last.x1 + h * em(last));
  if ((style === 'sc' ? END_BLANK_SC : END_BLANK_ALL).has(last.c)) edges.push(last.x0 + em(last) / 2);
  if (style !== 'sc' && CENTRED.has(last.c)) edges.push(last.x0 + 0.75 * em(last));
  return edges;
}

/**
 * Body lines that continue their paragraph (the next line starts at the
 * margin, not indented) and do not reach the right edge within 0.01 em.
 */
export function raggedLines(lines: PdfLine[], style: Style, reported: string[]): { checked: number; ragged: string[] } {
  let checked = 0;
  const ragged: string[] = [];
  const body = lines.filter(isBody);
  for (let k = 0; k + 1 < body.length; k++) {
    const [l, next] = [body[k], body[k + 1]];
    const atMargin = (x: number) => Math.abs(x - LEFT) < 0.05;
    if (!(atMargin(l.x0) || Math.abs(l.x0 - LEFT - 2 * BODY) < 0.05) || !atMargin(next.x0)) continue;
    // A list item's marker sits at the margin too: an item's line is not the paragraph's continuation.
    if (LIST_MARKER.test(next.text) || LIST_MARKER.test(l.text)) continue;
    if (reported.some((r) => l.text.replace(/\s/gu, '').startsWith(r))) continue;
    checked++;
    const edges = rightEdges(l, style, next);
    if (!edges.some((x) => Math.abs(x - RIGHT) <= 0.01 * BODY)) ragged.push(`${(edges[0] - RIGHT).toFixed(2)} pt: ${l.text}`);
  }
  return { checked, ragged };
}

/**
 * Pages of the body that end more than three lines short of the text
 * block, when the next page continues the same chapter with ordinary text.
 */
export function shortPages(lines: PdfLine[], firstBodyPage: number): string[] {
  const baselineOf = (n: number) => MARGIN_TOP + PITCH / 2 + 0.38 * BODY + n * PITCH;
  const bottom = baselineOf(LINES - 1);
  const byPage = new Map<number, PdfLine[]>();
  for (const l of lines) if (l.page >= firstBodyPage) byPage.set(l.page, [...(byPage.get(l.page) ?? []), l]);
  const out: string[] = [];
  for (const [page, ls] of byPage) {
    const next = byPage.get(page + 1);
    if (!next) continue;
    // A page of the next chapter opens with no running head (furniture set small, above the text block).
    const continues = next.some((l) => l.baseline < MARGIN_TOP && l.chars[0].size < 9);
    const text = ls.filter((l) => l.baseline >= MARGIN_TOP && l.baseline <= bottom + 1);
    const nextText = next.filter((l) => l.baseline >= MARGIN_TOP && l.baseline <= bottom + 1);
    // What cannot be split (verse, set in the Kai face) may leave a page short.
    if (!continues || !text.length || !nextText.length || /WenKai|LXGW/iu.test(nextText[0].chars[0].font)) continue;
    const last = Math.max(...text.map((l) => l.baseline));
    const short = (bottom - last) / PITCH;
    if (short > 3 + 0.01) out.push(`page ${page + 1} ends ${short.toFixed(1)} lines short: ${text[text.length - 1].text}`);
  }
  return out;
}
