/** Most text (a Chinese sentence) has nothing to escape: tested first, replaced only when needed. */
const SPECIAL = /[&<>"]/u;

/**
 * Text for XHTML, SVG and XML: written as UTF-8 characters (not &#x…;
 * references) so that Sigil and a diff can read it; only & < > " are escaped.
 */
export function escapeXml(s: string): string {
  return SPECIAL.test(s) ? s.replace(/[&<>"]/gu, (c) => xmlEntity(c.charCodeAt(0))!) : s;
}

/** The entity escapeXml writes for a UTF-16 code unit, or undefined when it is written as it is. */
export function xmlEntity(c: number): string | undefined {
  return c === 0x26 ? '&amp;' : c === 0x3c ? '&lt;' : c === 0x3e ? '&gt;' : c === 0x22 ? '&quot;' : undefined;
}
