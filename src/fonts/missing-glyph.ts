import type { EditionTag } from '../config/editions.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { codePointName } from '../text/chars.ts';

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
  const name = `'${ch}' ${codePointName(ch)}`;
  const also = more > 0 ? `; also in ${more} more ${more === 1 ? 'place' : 'places'}` : '';
  return `no font in the chain has ${name} (${editions.join(', ')})${also}${wayOut(allow)}`;
}

/** The characters past CHARACTERS_NAMED, in one message: a font that covers little of the book. */
export function moreMissingMessage(cps: readonly number[], editions: readonly EditionTag[], allow: boolean): string {
  // A space of some width (the ideographic U+3000) is named by its code point: joined with spaces it would not show.
  const shown = cps
    .slice(0, 40)
    .map((cp) => String.fromCodePoint(cp))
    .map((ch) => (/[\s\p{Z}]/u.test(ch) ? codePointName(ch) : ch))
    .join(' ');
  const outcome = allow
    ? '; placeholders are drawn'
    : '; name fonts that have them under fonts: in book.yaml (do the ones named there cover Chinese text?), or build with --allow-missing-glyphs to draw placeholders';
  return `no font in the chain has ${cps.length} more characters (${editions.join(', ')}): ${shown}${cps.length > 40 ? ' …' : ''}${outcome}`;
}

function wayOut(allow: boolean): string {
  return allow ? '; a placeholder is drawn' : '; name a font that has it under fonts: in book.yaml, or build with --allow-missing-glyphs to draw a placeholder';
}

/** A font:missing-glyph report's character, editions and outcome, read back from its message. */
function parseMissing(d: Diagnostic): { cp: number; editions: EditionTag[]; allow: boolean } | undefined {
  const m = d.rule === 'font:missing-glyph' ? /U\+([0-9A-F]+) \(([^)]+)\)(?:; also in \d+ more places?)?(; a placeholder is drawn)?/u.exec(d.message) : null;
  return m ? { cp: parseInt(m[1], 16), editions: m[2].split(', ') as EditionTag[], allow: Boolean(m[3]) } : undefined;
}

/**
 * The parallel build's editions each report their own; merged here as
 * reportMissingGlyphs merges them in one process, so a place is named once.
 */
export function mergeMissingGlyphs(items: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byPlace = new Map<string, { d: Diagnostic; cp: number; editions: EditionTag[]; allow: boolean }>();
  for (const d of items) {
    const m = parseMissing(d);
    if (!m) {
      out.push(d);
      continue;
    }
    const key = JSON.stringify([m.cp, d.file, d.line, d.column]);
    const seen = byPlace.get(key);
    if (seen) {
      for (const e of m.editions) if (!seen.editions.includes(e)) seen.editions.push(e);
      seen.d.message = missingGlyphMessage(m.cp, seen.editions, seen.allow);
      continue;
    }
    const copy = { ...d };
    byPlace.set(key, { d: copy, ...m, editions: [...m.editions] });
    out.push(copy);
  }
  return out;
}

/**
 * Every place of every missing character, as an author reads them: a
 * character at its first PLACES_NAMED places, the last counting the rest;
 * past CHARACTERS_NAMED characters, the rest in one report at `settings`
 * (book.yaml): a font that lacks Chinese altogether (a Latin face under
 * fonts:) made one error per place of every character of the book. The
 * manuscript's characters come first: the pipeline's own text (a copyright
 * page's 臺灣版) has no place to fix. Applied once, after a parallel
 * build's editions are merged, so that build and check say the same.
 */
export function capMissingGlyphs(items: Diagnostic[], settings?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const missing: Array<{ d: Diagnostic; cp: number; editions: EditionTag[]; allow: boolean }> = [];
  // The capped reports stand where the first report stood among the others.
  let at = -1;
  for (const d of items) {
    const m = parseMissing(d);
    if (!m) out.push(d);
    else {
      if (at < 0) at = out.length;
      missing.push({ d, ...m });
    }
  }
  const byCharacter = new Map<number, typeof missing>();
  for (const p of [...missing.filter((p) => p.d.line !== undefined), ...missing.filter((p) => p.d.line === undefined)]) (byCharacter.get(p.cp) ?? byCharacter.set(p.cp, []).get(p.cp)!).push(p);
  const capped: Diagnostic[] = [];
  const unnamed: number[] = [];
  const unnamedIn = new Set<EditionTag>();
  let allow = false;
  let k = 0;
  for (const [cp, list] of byCharacter) {
    allow = list[0].allow;
    // Past the first characters they are named together, unless that would name only one.
    if (k++ >= CHARACTERS_NAMED && byCharacter.size > CHARACTERS_NAMED + 1) {
      unnamed.push(cp);
      for (const p of list) for (const e of p.editions) unnamedIn.add(e);
      continue;
    }
    list.slice(0, PLACES_NAMED).forEach((p, i) => capped.push({ ...p.d, message: missingGlyphMessage(cp, p.editions, p.allow, i === PLACES_NAMED - 1 ? list.length - PLACES_NAMED : 0) }));
  }
  if (unnamed.length) capped.push({ ...(settings ? { file: settings } : {}), severity: allow ? 'warning' : 'error', rule: 'font:missing-glyph', message: moreMissingMessage(unnamed, [...unnamedIn].sort(), allow) });
  if (at >= 0) out.splice(at, 0, ...capped);
  return out;
}
