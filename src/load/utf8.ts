import { isUtf8 } from 'node:buffer';
import { fail } from '../diagnostics.ts';
import { conversionCommand, guessEncoding } from './guess-encoding.ts';

/**
 * A manuscript file's text. Bytes that are not UTF-8 (a GBK file saved by an
 * older editor) stop the build at the first line they break, with the
 * command that converts the file: read as UTF-8 anyway, they would become
 * U+FFFD in every edition, reported at best as a glyph no font has.
 * `what` names the file in the message ("chapter file", "book.yaml").
 */
export function decodeUtf8(bytes: Buffer, path: string, what: string, rule: string): string {
  if (!isUtf8(bytes)) {
    const encoding = guessEncoding(bytes);
    const hint = encoding ? `; it looks like ${encoding}. Convert it with: ${conversionCommand(encoding, path)}` : '';
    fail(rule, `${what} is not valid UTF-8${hint}`, { file: path, line: encoding?.startsWith('UTF-16') ? undefined : lineOfFirstInvalidByte(bytes) });
  }
  // An editor shows no byte-order mark: it is not a column of line 1.
  const text = bytes.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
  // A lone CR (old Mac) is a line end too, so that line numbers match what an editor shows.
  return text.replace(/\r\n?/g, '\n');
}

function lineOfFirstInvalidByte(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}
