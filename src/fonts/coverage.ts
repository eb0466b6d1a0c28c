import type { EditionTag } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';
import type { Block, Book, Inline } from '../model/book.ts';
import { chapterUnits, inlineText } from '../model/walk.ts';
import { FONT_LICENSE_NOTE, uiStrings } from '../text/ui-strings.ts';
import { openFace, type Face } from './registry.ts';
import { FONT_ROLES, type FontRole, type FontSource } from './sources.ts';

/**
 * Which face sets which character, decided once per edition after every
 * transform, so renderers and subsetters see the final text.
 * Body text falls back character by character; a poem or heading falls back
 * as a whole block, so a verse is never set in two faces.
 */
export interface FontPlan {
  edition: EditionTag;
  chains: Record<FontRole, Face[]>;
  /** Per role, the characters each face must carry. */
  usage: Record<FontRole, Map<Face, Set<number>>>;
  /** Face index in the role's chain chosen for a display block (poem, heading). */
  blockFace: Map<Block, number>;
  /** Characters no face covers, with where they occur. */
  missing: Map<number, Location[]>;
  faceFor(role: FontRole, cp: number): Face | undefined;
}

interface Location {
  file: string;
  line: number;
}

/** Not glyphs: line ends, our code-span boundary mark, joiners and variation selectors. */
const IGNORED_CPS = new Set([0x0a, 0x0d, 0x09, 0xfffc, 0x200b, 0x200c, 0x200d, 0x2060, 0xfe0e, 0xfe0f]);

export function planFonts(book: Book, chainsSpec: Record<FontRole, FontSource[]>, diagnostics: Diagnostics): FontPlan {
  const chains = Object.fromEntries(FONT_ROLES.map((r) => [r, chainsSpec[r].map(openFace)])) as Record<FontRole, Face[]>;
  const usage = Object.fromEntries(FONT_ROLES.map((r) => [r, new Map<Face, Set<number>>()])) as FontPlan['usage'];
  const blockFace = new Map<Block, number>();
  const missing = new Map<number, Location[]>();
  const memo = Object.fromEntries(FONT_ROLES.map((r) => [r, new Map<number, Face | null>()])) as Record<FontRole, Map<number, Face | null>>;
  // A book repeats a few thousand characters a million times: each (role, face choice, character) is decided once.
  const done = new Map<string, Set<number>>();

  const faceFor = (role: FontRole, cp: number): Face | undefined => {
    const m = memo[role];
    let f = m.get(cp);
    if (f === undefined) {
      f = chains[role].find((face) => face.has(cp)) ?? null;
      m.set(cp, f);
    }
    return f ?? undefined;
  };
  const use = (role: FontRole, face: Face, cp: number) => {
    let set = usage[role].get(face);
    if (!set) usage[role].set(face, (set = new Set()));
    set.add(cp);
  };
  const addChar = (role: FontRole, ch: string, at: Location | undefined, faceIndex?: number) => {
    const cp = ch.codePointAt(0)!;
    if (IGNORED_CPS.has(cp)) return;
    const doneKey = faceIndex === undefined ? role : `${role}:${faceIndex}`;
    let seen = done.get(doneKey);
    if (!seen) done.set(doneKey, (seen = new Set()));
    // A character already placed is only looked at again to record where a missing one occurs.
    if (seen.has(cp) && !missing.has(cp)) return;
    seen.add(cp);
    const face = faceIndex !== undefined ? chains[role][faceIndex] : faceFor(role, cp);
    const body = faceFor('body', cp);
    // Every character also goes into the body face: the table of contents and a
    // reader's own fallback set text in it.
    if (body) use('body', body, cp);
    if (face && face.has(cp)) use(role, face, cp);
    else if (!body) {
      const list = missing.get(cp) ?? [];
      if (at && list.length < 20) list.push(at);
      missing.set(cp, list);
    }
  };
  const addText = (role: FontRole, text: string, at?: Location, faceIndex?: number) => {
    for (const ch of text) addChar(role, ch, at, faceIndex);
  };
  const addInlines = (role: FontRole, inlines: Inline[], file: string, faceIndex?: number) => {
    for (const n of inlines) {
      if (n.kind === 'text' || n.kind === 'code') addText(role, n.text, { file, line: n.line }, faceIndex);
      else if (n.kind === 'strong') addInlines(role === 'body' ? 'bold' : role, n.children, file, faceIndex);
      else if (n.kind === 'emphasis' || n.kind === 'link') addInlines(role, n.children, file, faceIndex);
      else if (n.kind === 'footnoteRef') addText('body', n.label);
    }
  };
  /** The first face in the chain that has every character of the block. */
  const chooseBlockFace = (role: FontRole, text: string): number => {
    const cps = [...text].map((c) => c.codePointAt(0)!).filter((cp) => !IGNORED_CPS.has(cp));
    const i = chains[role].findIndex((face) => cps.every((cp) => face.has(cp)));
    return i < 0 ? 0 : i;
  };

  const ui = uiStrings(book.edition);
  addText('heading', `${book.meta.title}${book.meta.subtitle ?? ''}${book.meta.author}${ui.contents}`);
  addText('body', `${book.meta.publisher ?? ''}${ui.partBreak}${ui.fontNoticeLead}0123456789`);
  addText('heading', ui.fontNotice);
  // The font notice names every face and licence that may be embedded.
  addText('body', FONT_LICENSE_NOTE + FONT_ROLES.flatMap((r) => chains[r].map((f) => `${f.source.label} — ${f.source.license}`)).join(' '));
  for (const ch of book.chapters) {
    const at = { file: ch.file, line: ch.headingLine };
    addText('heading', `${ch.label ?? ''}${ch.title}`, at);
    for (const unit of chapterUnits(ch)) {
      // A run-in subheading is a bold line of the body, not a display heading.
      // The closing formula is set in the verse face too.
      const role: FontRole =
        unit.kind === 'poem' || unit.kind === 'closing'
          ? 'poem'
          : unit.block?.kind === 'heading'
            ? unit.block.role === 'runin'
              ? 'bold'
              : 'heading'
            : 'body';
      if (role === 'body') {
        // Table headers are bold in every reader's default style.
        unit.parts.forEach((p) => addInlines(unit.kind === 'headCell' ? 'bold' : 'body', p, ch.file));
        continue;
      }
      const faceIndex = chooseBlockFace(role, unit.parts.map(inlineText).join(''));
      if (unit.block) blockFace.set(unit.block, faceIndex);
      if (role === 'poem' && faceIndex > 0) {
        diagnostics.info(
          'font:poem-fallback',
          `${chains.poem[0].source.label} lacks a character of this poem; the whole poem is set in ${chains.poem[faceIndex].source.label}`,
          { file: ch.file, line: unit.line },
        );
      }
      unit.parts.forEach((p) => addInlines(role, p, ch.file, faceIndex));
    }
  }
  return { edition: book.edition, chains, usage, blockFace, missing, faceFor };
}

export function reportMissingGlyphs(plan: FontPlan, diagnostics: Diagnostics, allow: boolean): void {
  for (const [cp, where] of plan.missing) {
    const ch = String.fromCodePoint(cp);
    const name = `'${ch}' U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    const message = `no font in the chain has ${name} (${plan.edition})${allow ? '; a placeholder is drawn' : ''}`;
    const first = where[0];
    const add = allow ? diagnostics.warn.bind(diagnostics) : diagnostics.error.bind(diagnostics);
    if (!first) add('font:missing-glyph', message);
    for (const at of where) add('font:missing-glyph', message, at);
  }
}
