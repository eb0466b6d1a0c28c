/**
 * Line and column (in code points, as an editor counts them) of UTF-16
 * offsets into a file's text, asked for in increasing order: each call walks
 * on from the last, so reporting every mark in a file reads it once.
 */
export function placeFinder(text: string): (at: number) => { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  return (at) => {
    for (let nl = text.indexOf('\n', lineStart); nl !== -1 && nl < at; nl = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = nl + 1;
    }
    return { line, column: [...text.slice(lineStart, at)].length + 1 };
  };
}
