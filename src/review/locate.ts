import { readFileSync } from 'node:fs';
import { normalise } from '../transforms/unicode.ts';
import { cpLength } from './reading.ts';

/**
 * Finds where text of the model stands in the raw manuscript: line and
 * column in code points, as an editor counts them. The model keeps only
 * the line of each text node, and the punctuation pass has since changed
 * lengths (... → ……), so the node's Han characters, which no source
 * transform changes but Unicode normalisation, are matched in order against
 * the raw line. Markup that holds text the node does not (HTML tags and
 * comments, link targets, code spans, footnote marks) is blanked first.
 */
export class SourceLocator {
  private readonly files = new Map<string, string[]>();
  /** Per file, each line with its markup blanked, made when first scanned. */
  private readonly blanked = new Map<string, Array<string | undefined>>();
  private file = '';
  /** The line the last node said it starts on; nodes that say the same go on from the cursor. */
  private asked = 0;
  private line = 0;
  /** UTF-16 index in the current line, and the code-point column it stands at (0-based). */
  private u = 0;
  private col = 0;

  /** `sources`: files as the build read them (SourceFile.raw), by path; any other file is read from disk. */
  constructor(private readonly sources?: ReadonlyMap<string, string>) {}

  /**
   * The 1-based column of each code point of `text` (a text node that
   * starts on `line`), 0 where it could not be told (punctuation, Latin).
   * Nodes of one line are asked for in reading order. With `wanted` (code
   * point indexes in ascending order, repeats allowed), one entry per wanted
   * index only: the cursor moves through the whole text either way, but a
   * book's million places are not kept for the tenth the review reports.
   */
  columns(file: string, line: number, text: string, wanted?: readonly number[]): { lines: number[]; columns: number[] } {
    // A table's cells all say the table's first line: each goes on from where the last stopped.
    if (file !== this.file || (line !== this.asked && line !== this.line)) this.moveTo(file, line);
    this.asked = line;
    // Plain arrays, not typed ones: a book asks for tens of thousands, most of them a paragraph
    // long, and a typed array that size is allocated outside the heap and freed by the collector.
    const lines: number[] = [];
    const columns: number[] = [];
    // The usual case, tried first: the node's next Han character is the raw line's next character.
    let raw = this.rawLine();
    // The code point being read, and the next wanted entry. Its place is kept inline, not by
    // a closure made per call: the loop runs for every code point of a book.
    let k = -1;
    let w = 0;
    const all = wanted === undefined;
    for (let i = 0; i < text.length; ) {
      const c = text.codePointAt(i)!;
      i += c > 0xffff ? 2 : 1;
      k++;
      let atLine = 0;
      let column = 0;
      if (isHan(c)) {
        if (c < 0x10000) {
          // Punctuation and spaces between (，, 「): skipped here, a code point each.
          let r = raw.charCodeAt(this.u);
          while (!isHan(r) && (r < 0xd800 || r > 0xdfff)) {
            this.u++;
            this.col++;
            r = raw.charCodeAt(this.u);
          }
        }
        if (c < 0x10000 && raw.charCodeAt(this.u) === c) {
          atLine = this.line;
          column = ++this.col;
          this.u++;
        } else if (this.find(c)) {
          atLine = this.line;
          column = this.col;
          this.advance();
          raw = this.rawLine();
        }
      }
      if (all) {
        lines.push(atLine);
        columns.push(column);
        continue;
      }
      for (; w < wanted.length && wanted[w] === k; w++) {
        lines.push(atLine);
        columns.push(column);
      }
    }
    return { lines, columns };
  }

  /** The current line, blanked; '' when the cursor is off the file. */
  private rawLine(): string {
    const lines = this.lines(this.file);
    return this.line >= 1 && this.line <= lines.length ? this.blank(this.line, lines) : '';
  }

  /** The first line at or after `from` holding `value` as written, with the column where it starts. */
  findText(file: string, from: number, value: string, within = 40): { line: number; column: number } | undefined {
    const lines = this.lines(file);
    for (let l = Math.max(1, from); l <= Math.min(lines.length, from + within); l++) {
      const at = lines[l - 1].indexOf(value);
      if (at >= 0) return { line: l, column: Array.from(lines[l - 1].slice(0, at)).length + 1 };
    }
    return undefined;
  }

  private moveTo(file: string, line: number): void {
    this.file = file;
    this.line = line;
    this.u = 0;
    this.col = 0;
  }

  /**
   * Moves to the next occurrence of code point `ch`, on this line or, for a
   * node that spans lines, the next ones up to a blank line. Compared as
   * numbers: a book's every Han character comes through here.
   */
  private find(ch: number): boolean {
    const lines = this.lines(this.file);
    let line = this.line;
    let u = this.u;
    let col = this.col;
    while (line >= 1 && line <= lines.length) {
      const raw = this.blank(line, lines);
      while (u < raw.length) {
        const c = raw.codePointAt(u)!;
        const w = c > 0xffff ? 2 : 1;
        if (c === ch || (needsNormalising(c) && normalise(String.fromCodePoint(c)).codePointAt(0) === ch)) {
          this.line = line;
          this.u = u;
          this.col = col + 1;
          return true;
        }
        u += w;
        col++;
      }
      line++;
      u = 0;
      col = 0;
      if (line > lines.length || lines[line - 1].trim() === '' || line > this.line + 20) return false;
    }
    return false;
  }

  private advance(): void {
    this.u += this.rawLine().codePointAt(this.u)! > 0xffff ? 2 : 1;
  }

  private lines(file: string): string[] {
    let lines = this.files.get(file);
    if (!lines) {
      // Given as the loader decoded it, the file has lost its byte-order mark already: a second
      // one (a mark written twice) is a character an editor shows, and counts as a column.
      let text = this.sources?.get(file);
      if (text === undefined) {
        try {
          text = readFileSync(file, 'utf8').replace(/^\uFEFF/u, '');
        } catch {
          // A file gone since it was read: its occurrences stay without a column.
          text = '';
        }
      }
      lines = text.split(/\r\n|\r|\n/u);
      this.files.set(file, lines);
    }
    return lines;
  }

  /**
   * The line with markup that carries no node text replaced by spaces, and
   * each character reference to a Han character (`&#x53F0;`, which
   * markdown-it reads as 台) by that character and spaces: found where it is
   * written, it no longer sends the search on to the same character further
   * along the line. Each replacement keeps the line's code points, which the
   * columns count, but not always its UTF-16 units: the cursor reads this
   * line, never the raw one.
   */
  private blank(line: number, lines: string[]): string {
    let file = this.blanked.get(this.file);
    if (!file) this.blanked.set(this.file, (file = []));
    let b = file[line - 1];
    if (b === undefined) {
      const raw = lines[line - 1];
      b = /[<`\]]/u.test(raw) ? raw.replace(/<!--.*?-->|<[^>\n]*>|\]\([^)]*\)|`[^`]*`|\[\^[^\]]*\]/gu, (m) => ' '.repeat(cpLength(m))) : raw;
      if (b.includes('&#')) b = b.replace(REFERENCE, referencedHan);
      file[line - 1] = b;
    }
    return b;
  }
}

/** A numeric character reference; after an odd number of backslashes its `&` is escaped, and it is text as written. */
const REFERENCE = /(?<=(?:^|[^\\])(?:\\\\)*)&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));/gu;

/** A reference to a Han character as that character, padded to the reference's code points. */
function referencedHan(reference: string, hex: string | undefined, decimal: string | undefined): string {
  const cp = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
  return isHan(cp) ? String.fromCodePoint(cp) + ' '.repeat(reference.length - 1) : reference;
}

function isHan(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f00 && c <= 0x2fd5) || (c >= 0x20000 && c <= 0x3134f);
}

function needsNormalising(c: number): boolean {
  return (c >= 0xf900 && c <= 0xfaff) || (c >= 0x2f00 && c <= 0x2fd5);
}
