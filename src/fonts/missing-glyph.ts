import type { EditionTag } from '../config/editions.ts';
import type { Diagnostic } from '../diagnostics.ts';

// The message of font:missing-glyph, and how the parallel build merges the
// editions' reports of it. Light on purpose: the parallel build imports it
// before its workers start.

/** The places a missing character is named at, one diagnostic each; the last counts the rest. */
export const PLACES_NAMED = 3;
/** Characters named one by one: past these (a font that lacks Chinese altogether), the rest are named together. */
export const CHARACTERS_NAMED = 20;

/** `more`: the places past the ones named, counted in this message. */
export function missingGlyphMessage(cp: number, editions: readonly EditionTag[], allow: boolean, more = 0): string {
  const ch = String.fromCodePoint(cp);
  const name = `'${ch}' U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const also = more > 0 ? `; also in ${more} more ${more === 1 ? 'place' : 'places'}` : '';
  return `no font in the chain has ${name} (${editions.join(', ')})${also}${wayOut(allow)}`;
}

/** The characters past CHARACTERS_NAMED, in one message: a font that covers little of the book. */
export function moreMissingMessage(cps: readonly number[], editions: readonly EditionTag[], allow: boolean): string {
  const shown = cps.slice(0, 40).map((cp) => String.fromCodePoint(cp)).join(' ');
  const outcome = allow
    ? '; placeholders are drawn'
    : '; name fonts that have them under fonts: in book.yaml (do the ones named there cover Chinese text?), or build with --allow-missing-glyphs to draw placeholders';
  return `no font in the chain has ${cps.length} more characters (${editions.join(', ')}): ${shown}${cps.length > 40 ? ' …' : ''}${outcome}`;
}

function wayOut(allow: boolean): string {
  return allow ? '; a placeholder is drawn' : '; name a font that has it under fonts: in book.yaml, or build with --allow-missing-glyphs to draw a placeholder';
}

/**
 * The parallel build's editions each report their own; merged here as
 * reportMissingGlyphs merges them in one process, so a place is named once.
 */
export function mergeMissingGlyphs(items: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byPlace = new Map<string, { d: Diagnostic; cp: number; editions: EditionTag[]; allow: boolean; more: number }>();
  for (const d of items) {
    const m = d.rule === 'font:missing-glyph' ? /U\+([0-9A-F]+) \(([^)]+)\)(?:; also in (\d+) more places?)?(; a placeholder is drawn)?/u.exec(d.message) : null;
    if (!m) {
      out.push(d);
      continue;
    }
    const cp = parseInt(m[1], 16);
    const editions = m[2].split(', ') as EditionTag[];
    const key = JSON.stringify([cp, d.file, d.line, d.column]);
    const more = Number(m[3] ?? 0);
    const seen = byPlace.get(key);
    if (seen) {
      for (const e of editions) if (!seen.editions.includes(e)) seen.editions.push(e);
      seen.more = Math.max(seen.more, more);
      seen.d.message = missingGlyphMessage(cp, seen.editions, seen.allow, seen.more);
      continue;
    }
    const copy = { ...d };
    byPlace.set(key, { d: copy, cp, editions: [...editions], allow: Boolean(m[4]), more });
    out.push(copy);
  }
  return out;
}
