/**
 * Text for XHTML, SVG and XML: written as UTF-8 characters (not &#x…;
 * references) so that Sigil and a diff can read it; only & < > " are escaped.
 */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"]/gu, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
