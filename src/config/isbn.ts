/** ISBN arithmetic: validation, and the digits a barcode encodes. */

/**
 * The digits alone. `as13` moves an ISBN-10 into the 978 range, so that the
 * same book written both ways compares equal.
 */
export function isbnDigits(s: string, as13 = false): string {
  const d = s.replace(/^ISBN[-:\s]*/iu, '').replace(/[-\s]/gu, '').toUpperCase();
  return as13 && d.length === 10 ? isbn13Digits(d) : d;
}

/** ISBN-13 (weights 1, 3) or ISBN-10 (weights 10…1, X = 10): a typo is caught before the printer's is. */
export function isValidIsbn(s: string): boolean {
  const d = isbnDigits(s);
  if (/^97[89]\d{10}$/u.test(d)) {
    const sum = [...d].reduce((acc, c, i) => acc + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0;
  }
  if (/^\d{9}[\dX]$/u.test(d)) {
    const sum = [...d].reduce((acc, c, i) => acc + (c === 'X' ? 10 : Number(c)) * (10 - i), 0);
    return sum % 11 === 0;
  }
  return false;
}

/** The 13 digits an EAN-13 barcode encodes (an ISBN-10 is moved into the 978 range). */
export function isbn13Digits(isbn: string): string {
  const d = isbnDigits(isbn);
  if (d.length === 13) return d;
  const body = `978${d.slice(0, 9)}`;
  const sum = [...body].reduce((acc, c, i) => acc + Number(c) * (i % 2 === 0 ? 1 : 3), 0);
  return body + String((10 - (sum % 10)) % 10);
}
