import type { MarkdownIt } from 'markdown-it';
import { isCjkPunct, isHan } from '../../text/chars.ts';

/**
 * `**“感知机”**1947年`, `GPU**“算力”**`: bold around a quotation, with a
 * digit or a Latin letter on the other side. markdown-it-cjk-friendly lets
 * `**` open and close beside Chinese, but counts “” ‘’ … — · as Chinese only
 * when they carry the variation selector U+FE01 (their width is ambiguous:
 * wide in East Asian text, narrow in Western). In this manuscript they are
 * Chinese marks, and so are the straight quotes the punctuation
 * normalisation makes “” or ‘’, so next to `**` each of them counts as
 * Chinese, as cjk-friendly counts a Han character: the markers open and
 * close there. Without this the asterisks were printed,
 * with a parse:stray-emphasis warning.
 */
export function chineseQuoteEmphasisPlugin(md: MarkdownIt): void {
  const Base = md.inline.State;
  class State extends Base {
    override scanDelims(start: number, canSplitWord: boolean): ReturnType<InstanceType<typeof Base>['scanDelims']> {
      const scanned = super.scanDelims(start, canSplitWord);
      if (!canSplitWord || (scanned.can_open && scanned.can_close)) return scanned;
      const end = start + scanned.length;
      // The text's start or end (a link's label ends at posMax), or a space on either side, decides alone, as CommonMark has it.
      if (start === 0 || end >= this.posMax) return scanned;
      if (md.utils.isWhiteSpace(this.src.charCodeAt(start - 1)) || md.utils.isWhiteSpace(this.src.charCodeAt(end))) return scanned;
      const chinese = chineseMark(this.src, start - 1, -1, end) || chineseMark(this.src, end, 1, start - 1);
      return chinese ? { ...scanned, can_open: true, can_close: true } : scanned;
    }
  }
  md.inline.State = State;
}

/**
 * Whether src[at], next to the marker, is a mark of Chinese text (“” ‘’ … —
 * · among them) or a straight quote the punctuation normalisation makes one
 * (transforms/punctuation.ts): every " (so `**"GPU"**2025` is bold), and a '
 * unless it is an apostrophe, a letter other than Han on both sides in the
 * text: `beyond` it, and `across` the marker.
 */
function chineseMark(src: string, at: number, away: 1 | -1, across: number): boolean {
  const c = src[at];
  if (isCjkPunct(c) || c === '"') return true;
  if (c !== "'") return false;
  const beyond = away === 1 ? src.codePointAt(at + 1) : codePointBefore(src, at);
  const other = away === 1 ? codePointBefore(src, across + 1) : src.codePointAt(across);
  return !(isLatinLetter(beyond) && isLatinLetter(other));
}

function isLatinLetter(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  const ch = String.fromCodePoint(cp);
  return /\p{L}/u.test(ch) && !isHan(ch);
}

function codePointBefore(src: string, at: number): number | undefined {
  const last = src.charCodeAt(at - 1);
  if (last >= 0xdc00 && last <= 0xdfff && at >= 2) return src.codePointAt(at - 2);
  return Number.isNaN(last) ? undefined : last;
}
