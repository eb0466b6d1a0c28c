import type { EditionTag } from '../config/editions.ts';
import type { Diagnostics } from '../diagnostics.ts';
import { chapterNavTitle, type Block, type Book, type Chapter, type Inline } from '../model/book.ts';
import { chapterBlocks, chapterUnits, inlineText, type TextUnit } from '../model/walk.ts';
import { needsNoGlyph } from '../text/chars.ts';
import { BACKLINK_MARKS, FONT_LICENSE_NOTE, uiStrings } from '../config/ui-strings.ts';
import { isOfl, oflBlocks } from './licence-text.ts';
import { isFileFace, openFace, type Face } from './registry.ts';
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

/** Where the plan met a character: a file and line of the manuscript. */
export type PlanLocation = Location;

interface Location {
  file: string;
  line: number;
  /** In code points of the raw line, where the report could find it there. */
  column?: number;
}

/** `furniture`: text a renderer sets beyond the model's, in the body face (the EPUB's copyright page). */
export function planFonts(book: Book, chainsSpec: Record<FontRole, FontSource[]>, diagnostics: Diagnostics, furniture = ''): FontPlan {
  const chains = Object.fromEntries(FONT_ROLES.map((r) => [r, chainsSpec[r].map(openFace)])) as Record<FontRole, Face[]>;
  const usage = Object.fromEntries(FONT_ROLES.map((r) => [r, new Map<Face, Set<number>>()])) as FontPlan['usage'];
  const blockFace = new Map<Block, number>();
  const missing = new Map<number, Location[]>();
  /** Per use key, the characters no face can set there. */
  const missingIn = new Map<UseKey, Set<number>>();
  const memo = Object.fromEntries(FONT_ROLES.map((r) => [r, new Map<number, Face | null>()])) as Record<FontRole, Map<number, Face | null>>;

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
  // A book repeats a few thousand characters a million times: each (use key, character) is decided once.
  // A byte per code point: two hundred chapters' character lists are looked up here on every build.
  const decided = new Map<UseKey, Uint8Array>();
  const placeAll = (key: UseKey, cps: Iterable<number>) => {
    let seen = decided.get(key);
    if (!seen) decided.set(key, (seen = new Uint8Array(0x110000)));
    const { role, faceIndex } = parseUseKey(key);
    for (const cp of cps) {
      if (seen[cp]) continue;
      seen[cp] = 1;
      place(key, role, faceIndex, cp);
    }
  };
  const place = (key: UseKey, role: FontRole, faceIndex: number | undefined, cp: number) => {
    const face = faceIndex !== undefined ? chains[role][faceIndex] : faceFor(role, cp);
    const body = faceFor('body', cp);
    // Every character also goes into the body face: the table of contents and a
    // reader's own fallback set text in it.
    if (body) use('body', body, cp);
    if (face && face.has(cp)) use(role, face, cp);
    else if (!body) {
      missing.set(cp, []);
      let set = missingIn.get(key);
      if (!set) missingIn.set(key, (set = new Set()));
      set.add(cp);
    }
  };

  const ui = uiStrings(book.edition);
  const bookText: Array<[FontRole, string]> = [
    ['heading', `${book.meta.title}${book.meta.subtitle ?? ''}${book.meta.author}${ui.contents}`],
    // A drawn cover's alt text says its edition line too (draw-cover.ts), shown where the image is not.
    ['body', book.cover ? '' : ui.coverEdition],
    ['body', `${book.meta.publisher ?? ''}${book.meta.rights ?? ''}${ui.partBreak}${ui.fontNoticeLead}0123456789${furniture}`],
    ['heading', ui.fontNotice],
    // The font notice names every face and licence that may be embedded.
    ['body', FONT_LICENSE_NOTE + FONT_ROLES.flatMap((r) => chains[r].map((f) => `${f.source.label} — ${f.source.license}`)).join(' ')],
  ];
  for (const [role, text] of bookText) placeAll(role, [...text].map((c) => c.codePointAt(0)!).filter((cp) => !needsNoGlyph(cp)));
  // The OFL's own text, which the font notice sets in full when a face is under it: kept where the body
  // faces have it, else left to the reader's fonts. An author's body face without '&' is no missing glyph.
  if (FONT_ROLES.some((r) => chains[r].some((f) => isOfl(f.source.license)))) {
    for (const ch of new Set(oflBlocks().flatMap((b) => [...b.text]))) {
      const cp = ch.codePointAt(0)!;
      const body = needsNoGlyph(cp) ? undefined : faceFor('body', cp);
      if (body) use('body', body, cp);
    }
  }

  const scans = book.chapters.map((ch) => chapterScan(ch, chains));
  scans.forEach((scan, i) => {
    for (const [key, cps] of scan.chars) placeAll(key, cps);
    for (const cp of scan.marks) {
      const body = faceFor('body', cp);
      if (body) use('body', body, cp);
    }
    for (const [key, marks] of scan.marksIn) {
      const { role, faceIndex } = parseUseKey(key);
      const face = chains[role][faceIndex ?? 0];
      // As a mark beside the body: kept where the face has it, else left to the reader's fonts, no missing character.
      for (const cp of marks) if (face?.has(cp)) use(role, face, cp);
    }
    for (const [block, index] of scan.blockFace) blockFace.set(block, index);
    for (const line of scan.poemFallbacks) {
      const index = scan.blockFace.get(line.block)!;
      diagnostics.info(
        'font:poem-fallback',
        `${chains.poem[0].source.label} lacks a character of this poem; the whole poem is set in ${chains.poem[index].source.label}`,
        { file: book.chapters[i].file, line: line.line },
      );
    }
  });
  // Rare, and an error unless allowed: only then walk the text again for where each missing character occurs.
  if (missing.size > 0) {
    book.chapters.forEach((ch, i) => {
      const scan = scans[i];
      visitChapterText(ch, (unit) => scan.blockFace.get(unit.block!) ?? 0, (key, text, at) => {
        const set = missingIn.get(key);
        if (!set || !at) return;
        for (const c of text) {
          const cp = c.codePointAt(0)!;
          const list = missing.get(cp);
          if (list && set.has(cp) && list.length < 20) list.push(at);
        }
      });
    });
  }
  return { edition: book.edition, chains, usage, blockFace, missing, faceFor };
}

/**
 * Text a renderer sets in the body face that the plan does not place (the
 * print edition's own: its copyright page's CIP record, price and printing,
 * its back cover's description): a character no face has is missing there as
 * much as in a chapter, and is reported with the rest, at its book.yaml line.
 * Not placed in the subsets: the EPUB never sets it.
 */
export function requireGlyphs(plan: FontPlan, text: string): void {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (needsNoGlyph(cp) || plan.faceFor('body', cp) || plan.missing.has(cp)) continue;
    plan.missing.set(cp, []);
  }
}

/** A role, or a role with the chain position a display block was given: `poem:1`. */
type UseKey = FontRole | `${FontRole}:${number}`;

function parseUseKey(key: UseKey): { role: FontRole; faceIndex?: number } {
  const colon = key.indexOf(':');
  return colon < 0 ? { role: key as FontRole } : { role: key.slice(0, colon) as FontRole, faceIndex: Number(key.slice(colon + 1)) };
}

/**
 * Marks a reader draws from the body font beside the text: the emphasis
 * dots (style.css's text-emphasis, ・); the bullets of nested lists (disc,
 * circle, square: Chromium draws • ◦ ■, other readers ▪) and the vertical
 * book's list numbers (vertical.css: full-width digits and 、). Kept in the
 * subset when the face has them; a face without one leaves it to the
 * reader's own fonts, which is no missing character. So are the words of a
 * note's backlinks to its later calls (BACKLINK_MARKS): an author's body
 * face without 处 stops no build for a link the pipeline adds.
 */
const EMPHASIS_DOT = '・';
const BULLETS = '\u2022\u25e6\u25a0\u25aa';
const UPRIGHT_NUMBERS = '０１２３４５６７８９、';

/** What one chapter asks of the fonts. */
interface ChapterScan {
  /** The distinct characters of each use. */
  chars: Map<UseKey, number[]>;
  /** Marks the style sheet draws for it (EMPHASIS_DOT, BULLETS, UPRIGHT_NUMBERS). */
  marks: Set<number>;
  /** The same marks drawn in another use's face too (an emphasis dot in bold text), by use. */
  marksIn: Map<UseKey, Set<number>>;
  /** The chain position each display block (poem, heading) is set in. */
  blockFace: Map<Block, number>;
  /** Poems set in a later face than the first. */
  poemFallbacks: Array<{ block: Block; line: number }>;
}

/**
 * Scans of frozen chapters, by chapter object and chains: a watch session
 * hands the same frozen chapter to every build until it is edited, so an
 * unchanged chapter is not read again. A chapter that can still change is
 * always scanned afresh.
 */
const scanned = new WeakMap<Chapter, { chains: Record<FontRole, Face[]>; scan: ChapterScan }>();

/**
 * For each code point, the stamp of the character list it was last added to:
 * every list gets a fresh stamp, so "already listed?" is one array read.
 */
const stamps = new Uint32Array(0x110000);
let lastStamp = 0;

function newStamp(): number {
  if (lastStamp === 0xffffffff) {
    stamps.fill(0);
    lastStamp = 0;
  }
  return ++lastStamp;
}

function chapterScan(chapter: Chapter, chains: Record<FontRole, Face[]>): ChapterScan {
  const known = scanned.get(chapter);
  if (known && FONT_ROLES.every((r) => known.chains[r].length === chains[r].length && known.chains[r].every((f, i) => f === chains[r][i]))) return known.scan;
  const scan: ChapterScan = { chars: new Map(), marks: new Set(), marksIn: new Map(), blockFace: new Map(), poemFallbacks: [] };
  const stampOf = new Map<UseKey, number>();
  visitChapterText(
    chapter,
    (unit, role) => {
      const index = chooseBlockFace(chains[role], unit.parts.map(inlineText).join(''));
      if (unit.block) scan.blockFace.set(unit.block, index);
      if (role === 'poem' && index > 0 && unit.block) scan.poemFallbacks.push({ block: unit.block, line: unit.line });
      return index;
    },
    (key, text) => {
      let list = scan.chars.get(key);
      if (!list) scan.chars.set(key, (list = []));
      let stamp = stampOf.get(key);
      if (stamp === undefined) stampOf.set(key, (stamp = newStamp()));
      // A million characters: one array read each, no Set, no string per character.
      for (let i = 0; i < text.length; i++) {
        const cp = text.codePointAt(i)!;
        if (cp > 0xffff) i++;
        if (stamps[cp] === stamp || needsNoGlyph(cp)) continue;
        stamps[cp] = stamp;
        list.push(cp);
      }
    },
    (marks, key) => {
      const cps = [...marks].map((c) => c.codePointAt(0)!);
      for (const cp of cps) scan.marks.add(cp);
      if (key === undefined || key === 'body') return;
      let inKey = scan.marksIn.get(key);
      if (!inKey) scan.marksIn.set(key, (inKey = new Set()));
      for (const cp of cps) inKey.add(cp);
    },
  );
  if (Object.isFrozen(chapter)) scanned.set(chapter, { chains, scan });
  return scan;
}

/** The first face in the chain that has every character of the block. */
function chooseBlockFace(chain: Face[], text: string): number {
  const cps = [...text].map((c) => c.codePointAt(0)!).filter((cp) => !needsNoGlyph(cp));
  const i = chain.findIndex((face) => cps.every((cp) => face.has(cp)));
  return i < 0 ? 0 : i;
}

/**
 * Every piece of a chapter's text with the use it is set in, in reading order.
 * `displayFace` gives a display block's chain position.
 */
function visitChapterText(
  chapter: Chapter,
  displayFace: (unit: TextUnit, role: FontRole) => number,
  visit: (key: UseKey, text: string, at: Location | undefined) => void,
  mark?: (text: string, key?: UseKey) => void,
): void {
  const file = chapter.file;
  const keyOf = (role: FontRole, faceIndex?: number): UseKey => (faceIndex === undefined ? role : `${role}:${faceIndex}`);
  const called = new Set<string>();
  const inlines = (role: FontRole, nodes: Inline[], faceIndex?: number) => {
    for (const n of nodes) {
      if (n.kind === 'text' || n.kind === 'code') visit(keyOf(role, faceIndex), n.text, { file, line: n.line });
      else if (n.kind === 'strong') inlines(role === 'body' ? 'bold' : role, n.children, faceIndex);
      else if (n.kind === 'emphasis' || n.kind === 'link') inlines(role, n.children, faceIndex);
      else if (n.kind === 'footnoteRef') {
        visit('body', n.label, undefined);
        // A note called again links back to each later call with ↑第2处 (xhtml.ts): marks the EPUB adds, as the bullets are.
        if (called.has(n.id)) mark?.(BACKLINK_MARKS);
        called.add(n.id);
      }
      // The emphasis dots are drawn from the font (style.css: text-emphasis: "・"): the text's own, bold or a
      // heading's too, as a reader looks only in the face of the text's weight before its own fonts.
      if (n.kind === 'emphasis') mark?.(EMPHASIS_DOT, keyOf(role, faceIndex));
    }
  };
  // As the contents and the heading's text write it, with the ideographic space between label and title.
  visit('heading', chapterNavTitle(chapter), { file, line: chapter.headingLine });
  for (const unit of chapterUnits(chapter)) {
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
      for (const p of unit.parts) inlines(unit.kind === 'headCell' ? 'bold' : 'body', p);
      continue;
    }
    const faceIndex = displayFace(unit, role);
    for (const p of unit.parts) inlines(role, p, faceIndex);
  }
  for (const b of chapterBlocks(chapter)) {
    // A code block is no text unit (nothing converts it), but its characters are set in the body face.
    if (b.kind === 'codeBlock') visit('body', b.text, { file, line: b.line });
    else if (b.kind === 'list') mark?.(b.ordered ? UPRIGHT_NUMBERS : BULLETS);
  }
}

/**
 * Reads on the thread pool the whole files of the faces a PDF of the plan
 * sets text in (each role's first face, and every face the plan gives
 * characters), which fontkit lays out and subsets from: a CJK face is some
 * 15 MB, read while the build does other work rather than when the PDF
 * first asks for a glyph.
 */
export async function readPlanFacesAhead(plan: FontPlan): Promise<void> {
  const faces = new Set<Face>();
  for (const role of FONT_ROLES) {
    const first = plan.chains[role][0];
    if (first) faces.add(first);
    for (const [face, cps] of plan.usage[role]) if (cps.size > 0) faces.add(face);
  }
  await Promise.all([...faces].filter(isFileFace).map((f) => f.readAhead()));
}
