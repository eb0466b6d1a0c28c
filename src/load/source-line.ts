import { readFileSync } from 'node:fs';

/**
 * A line of a chapter file as the author's editor shows it, read again from
 * disk: only the rare reports that name a column (a character no font has)
 * need it, so the parsed model does not carry every raw line.
 */
export function sourceLineReader(): (file: string, line: number) => string | undefined {
  const files = new Map<string, string[] | null>();
  return (file, line) => {
    let lines = files.get(file);
    if (lines === undefined) {
      try {
        lines = readFileSync(file, 'utf8').replace(/^\uFEFF/u, '').split(/\r?\n/u);
      } catch {
        lines = null;
      }
      files.set(file, lines);
    }
    return lines?.[line - 1];
  };
}
