/**
 * Columns for what markdown-it reports only by line. An inline token (an
 * image, a link, a footnote reference, raw HTML) keeps no source position,
 * so its column is found by looking for its markup as written on its line.
 * Two alike on one line are found in turn: each search starts after the last
 * one found there.
 */
export class SourceColumns {
  private lines: string[] | undefined;
  /** Per line and needle: the UTF-16 index just past the last one found. */
  private readonly searched = new Map<string, number>();

  constructor(private readonly source: string) {}

  /**
   * The 1-based column, in code points of the line, of the next of
   * `needles` (the first that the line holds as written) on 1-based `line`;
   * undefined when none stands there (an escape, or markup broken over lines).
   */
  column(line: number, ...needles: string[]): number | undefined {
    this.lines ??= this.source.split(/\r?\n/u);
    const text = this.lines[line - 1];
    if (text === undefined) return undefined;
    for (const needle of needles) {
      if (!needle) continue;
      const key = `${line}\u0000${needle}`;
      const at = text.indexOf(needle, this.searched.get(key) ?? 0);
      if (at < 0) continue;
      this.searched.set(key, at + needle.length);
      return [...text.slice(0, at)].length + 1;
    }
    return undefined;
  }
}

/** A location with the column when one is found. */
export function locatedAt(file: string, line: number, column: number | undefined): { file: string; line: number; column?: number } {
  return column === undefined ? { file, line } : { file, line, column };
}
