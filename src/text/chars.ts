/** Character classes shared by the parser, the transforms and the composers. */

const HAN = /\p{Script=Han}/u;

export function isHan(ch: string): boolean {
  // Most characters are in the main CJK block: no regular expression for them.
  return (ch.length === 1 && ch >= '\u4e00' && ch <= '\u9fff') || HAN.test(ch);
}

/** CJK punctuation and full-width forms, including the quotes used in Chinese text. */
export function isCjkPunct(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0xfe10 && c <= 0xfe4f) ||
    c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d ||
    c === 0x2026 || c === 0x2014 || c === 0x00b7 || c === 0x2027 || c === 0x2e3a
  );
}

/** Han, kana, hangul, bopomofo and CJK punctuation: text set on the ideographic em grid. */
export function isWide(ch: string): boolean {
  return isHan(ch) || isCjkPunct(ch) || /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u.test(ch);
}

export function isLatinOrDigit(ch: string): boolean {
  return /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]/u.test(ch);
}

/**
 * Characters no book may contain: XML 1.0 forbids the C0 controls other than
 * tab, LF and CR, and U+FFFE/U+FFFF, so one of them makes the EPUB unreadable;
 * DEL and the C1 controls are allowed there but invisible and in no font. So
 * are the direction marks and overrides (U+200E, U+200F, U+202A–U+202E,
 * U+2066–U+2069), which a paste from a web page brings and which reorder the
 * text around them in a reader, and a byte-order mark inside the text (U+FEFF).
 */
export const CONTROL_CHAR = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/u;

/** `U+0001`, as diagnostics name a code point. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A number of one or two digits stands upright in a column, side by side
 * (縱中橫), in the PDF and the EPUB alike; longer ones turn with the Latin.
 */
export const UPRIGHT_DIGITS = /^[0-9]{1,2}$/;

/**
 * Not glyphs: line ends, our code-span boundary mark, joiners and every
 * variation selector (an ideographic variation sequence, 葛󠄀, chooses a form
 * of the character before it; a face without it sets the usual form).
 */
const NO_GLYPH = new Set([0x0a, 0x0d, 0x09, 0xfffc, 0x200b, 0x200c, 0x200d, 0x2060, 0x180b, 0x180c, 0x180d, 0x180f]);
for (let cp = 0xfe00; cp <= 0xfe0f; cp++) NO_GLYPH.add(cp);
for (let cp = 0xe0100; cp <= 0xe01ef; cp++) NO_GLYPH.add(cp);
export const needsNoGlyph = (cp: number) => NO_GLYPH.has(cp);
