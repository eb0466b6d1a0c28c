/** Most text (a Chinese sentence) has nothing to escape: tested first, replaced only when needed. */
const SPECIAL = /[&<>"]/u;

/**
 * Text for XHTML, SVG and XML: written as UTF-8 characters (not &#x…;
 * references) so that Sigil and a diff can read it; only & < > " are escaped.
 */
export function escapeXml(s: string): string {
  return SPECIAL.test(s) ? s.replace(/[&<>"]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;')) : s;
}
