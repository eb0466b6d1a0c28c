import type { EditionTag } from '../config/editions.ts';
import type { Diagnostic } from '../diagnostics.ts';

// The message of font:missing-glyph, and how the parallel build merges the
// editions' reports of it. Light on purpose: the parallel build imports it
// before its workers start.

export function missingGlyphMessage(cp: number, editions: readonly EditionTag[], allow: boolean): string {
  const ch = String.fromCodePoint(cp);
  const name = `'${ch}' U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const outcome = allow ? '; a placeholder is drawn' : '; name a font that has it under fonts: in book.yaml, or build with --allow-missing-glyphs to draw a placeholder';
  return `no font in the chain has ${name} (${editions.join(', ')})${outcome}`;
}

/**
 * The parallel build's editions each report their own; merged here as
 * reportMissingGlyphs merges them in one process, so a place is named once.
 */
export function mergeMissingGlyphs(items: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byPlace = new Map<string, { d: Diagnostic; cp: number; editions: EditionTag[]; allow: boolean }>();
  for (const d of items) {
    const m = d.rule === 'font:missing-glyph' ? /U\+([0-9A-F]+) \(([^)]+)\)(; a placeholder is drawn)?/u.exec(d.message) : null;
    if (!m) {
      out.push(d);
      continue;
    }
    const cp = parseInt(m[1], 16);
    const editions = m[2].split(', ') as EditionTag[];
    const key = JSON.stringify([cp, d.file, d.line, d.column]);
    const seen = byPlace.get(key);
    if (seen) {
      for (const e of editions) if (!seen.editions.includes(e)) seen.editions.push(e);
      seen.d.message = missingGlyphMessage(cp, seen.editions, seen.allow);
      continue;
    }
    const copy = { ...d };
    byPlace.set(key, { d: copy, cp, editions: [...editions], allow: Boolean(m[3]) });
    out.push(copy);
  }
  return out;
}
