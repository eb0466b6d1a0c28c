/**
 * A code block's tabs as the spaces they stand for, to the next multiple of
 * four columns. A tab's width is the reader's to choose otherwise: eight in
 * a browser, whatever an EPUB reader's `tab-size` support gives, and nothing
 * the PDF's composer knows. As spaces, every edition indents alike.
 */
export function expandTabs(text: string, stop = 4): string {
  if (!text.includes('\t')) return text;
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      let column = 0;
      for (const ch of line) {
        if (ch === '\t') {
          const n = stop - (column % stop);
          out += ' '.repeat(n);
          column += n;
        } else {
          out += ch;
          column++;
        }
      }
      return out;
    })
    .join('\n');
}
