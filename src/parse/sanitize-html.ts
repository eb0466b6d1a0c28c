/**
 * Raw HTML in a manuscript is never passed through: `script` and `style`
 * elements are dropped whole, every other tag is removed and its text kept.
 * Nothing executable reaches an output.
 */
import { CONTROL_CHAR } from '../text/chars.ts';

const DROPPED_ELEMENT = /<(script|style)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/giu;
const TAG = /<\/?[A-Za-z][^>]*>|<!--[\s\S]*?-->|<![^>]*>|<\?[\s\S]*?\?>/gu;

export interface SanitizedHtml {
  text: string;
  /** Tag names met, for the warning. */
  tags: string[];
  droppedScript: boolean;
}

export function sanitizeHtml(html: string): SanitizedHtml {
  const tags: string[] = [];
  let droppedScript = false;
  let text = html.replace(DROPPED_ELEMENT, (_m, name: string) => {
    droppedScript = true;
    tags.push(name.toLowerCase());
    return '';
  });
  text = text.replace(TAG, (m) => {
    const name = /^<\/?([A-Za-z][\w-]*)/u.exec(m)?.[1]?.toLowerCase();
    if (name) tags.push(name);
    return name === 'br' ? '\n' : '';
  });
  return { text: decodeEntities(text), tags, droppedScript };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Surrogates and control characters cannot be written into XML: such a reference stays as typed.
      const ok = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) && !CONTROL_CHAR.test(String.fromCodePoint(cp));
      return ok ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

/** The opening or closing `script`/`style` tag of an inline HTML token, if it is one. */
export function scriptTag(html: string): { name: string; closing: boolean } | undefined {
  const m = /^<(\/?)(script|style)\b/iu.exec(html.trim());
  return m ? { name: m[2].toLowerCase(), closing: m[1] === '/' } : undefined;
}
