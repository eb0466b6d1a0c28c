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
    fail(rule, `${what} is not valid UTF-8${hint}`, { file: path, ...(encoding?.startsWith('UTF-16') ? {} : placeOfFirstInvalidByte(bytes)) });
  }
  // An editor shows no byte-order mark: it is not a column of line 1.
  const text = bytes.toString('utf8', bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
  // A lone CR (old Mac) is a line end too, so that line numbers match what an editor shows.
  return text.replace(/\r\n?/g, '\n');
}

/** Where the first byte that is not UTF-8 stands: its line, and its column in the code points before it on that line. */
function placeOfFirstInvalidByte(bytes: Buffer): { line: number; column: number } {
  const bad = firstInvalidByte(bytes);
  let line = 1;
  let start = 0;
  for (let i = 0; i < bad; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: [...bytes.toString('utf8', start, bad)].length + 1 };
}

/** The index of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    // The second byte's range is narrower after E0, ED, F0 and F4.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n;
  }
  return bytes.length;
}
