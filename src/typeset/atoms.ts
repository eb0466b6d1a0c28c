import type { FontRole } from '../fonts/sources.ts';
import type { Inline } from '../model/book.ts';
import { isHan, isWide, needsNoGlyph, UPRIGHT_DIGITS } from '../text/chars.ts';
import { CLOSING, isCompressible, MIDDLE, OPENING } from './kinsoku.ts';
import { REFERENCE_SCALE } from './footnote-call.ts';
import { columnGlyphVariant } from './shared-glyphs.ts';
import { SOFT_HYPHEN, type BreakAfter } from './latin-breaks.ts';
import { wordPlan } from './word-plan.ts';
import type { Axis } from './axis.ts';
import type { GlyphInfo, LayoutFace, LayoutFontSet } from './layout-face.ts';

/** How punctuation sits and compresses: the edition's house style (clreq §1.2). */
export type PunctuationStyle =
  /** Mainland: marks at their corner of the em box, line ends and lone marks compressed. */
  | 'sc'
  /** Hong Kong: stops centred (trimmed only equally at both sides), ？！ never compressed. */
  | 'hk'
  /** Taiwan: as Hong Kong, and a lone mark keeps its full width unless a line cannot be set otherwise. */
  | 'tw';

/** The punctuation style an edition's readers expect: marks centred in Taiwan, HK forms in Hong Kong. */
export function punctuationStyle(edition: string): PunctuationStyle {
  return edition === 'zh-Hant-TW' ? 'tw' : edition === 'zh-Hant-HK' ? 'hk' : 'sc';
}

export type AtomKind = 'han' | 'punct' | 'latin' | 'space' | 'wide';

/**
 * What a compressible mark is to the spacing rules: brackets and quotes
 * (`open`, `close`), pause marks ，、；, stops 。．：, and ？！ (`exclaim`);
 * empty for anything else.
 */
export type MarkKind = '' | 'open' | 'close' | 'pause' | 'stop' | 'exclaim';

export interface AtomStyle {
  emphasis?: boolean;
  link?: string;
  /** Drawn as a placeholder: no font has the character. */
  missing?: boolean;
  /** Copies out only by an ActualText of its own (the screen PDF's): 縱中橫 digits, which an extractor reads as a column apart. */
  ownText?: boolean;
  /** Drawn in a PDF through this variant of its face (LayoutFace.variant): a column glyph two marks share (shared-glyphs.ts). */
  faceVariant?: number;
  /** A footnote call: a Reference in the structure, not only a link. */
  reference?: boolean;
}

/** The unit the line composer places: one Han character or mark, a Latin word, a space, or an unbreakable pair (——, ……). */
export interface Atom {
  text: string;
  kind: AtomKind;
  face: LayoutFace;
  size: number;
  glyphs: GlyphInfo[];
  /** Natural advance along the line, in points. */
  advance: number;
  /**
   * Blank that compression may remove at the start and the end of the atom,
   * in points: a mark's blank half, or up to ¼ em at each side of a centred
   * mark; 0 for anything that is never compressed.
   */
  trimStart: number;
  trimEnd: number;
  mark: MarkKind;
  /** A centred mark: compressed only equally at both sides, never into its ink. */
  centred: boolean;
  /** A mark that may be compressed when it stands alone, not only beside another mark. */
  solo: boolean;
  /** Characters other than punctuation, for the last-line rule. */
  letters: number;
  style: AtomStyle;
  /** Source line, for warnings about this atom. */
  line?: number;
  /** True when no line break may come before this atom (a word split by font fallback). */
  glued?: boolean;
  /** A space between Han and Latin: the ¼-em gap, not a word space (set by the composer). */
  hanLatin?: boolean;
  /** A piece of a Latin word: whether a line may end after it (see BreakAfter). */
  breakAfter: BreakAfter;
  /** For a piece that ends at a hyphenation point: the hyphen drawn when the line breaks there. */
  hyphen?: Atom;
  /** Drawn but not in the text (a hyphen the composer added): it copies out as nothing. */
  added: boolean;
}

/** An atom with no spacing of its own (a word, a space), made without an intermediate object. */
function plainAtom(text: string, kind: AtomKind, face: LayoutFace, size: number, glyphs: GlyphInfo[], advance: number, letters: number, style: AtomStyle, line?: number): Atom {
  return { text, kind, face, size, glyphs, advance, trimStart: 0, trimEnd: 0, mark: '', centred: false, solo: false, letters, style, line, glued: false, hanLatin: false, breakAfter: 'none', hyphen: undefined, added: false };
}

/**
 * Every atom is made here, with every field in one order: the composer and
 * the glyph writer read a million of them, and objects of one shape are
 * what keeps those reads fast.
 */
export function makeAtom(a: Atom): Atom {
  return {
    text: a.text,
    kind: a.kind,
    face: a.face,
    size: a.size,
    glyphs: a.glyphs,
    advance: a.advance,
    trimStart: a.trimStart,
    trimEnd: a.trimEnd,
    mark: a.mark,
    centred: a.centred,
    solo: a.solo,
    letters: a.letters,
    style: a.style,
    line: a.line,
    glued: a.glued ?? false,
    hanLatin: a.hanLatin ?? false,
    breakAfter: a.breakAfter,
    hyphen: a.hyphen,
    added: a.added,
  };
}

/**
 * The fields every atom that is not a compressible mark or a piece of a word
 * has. Spread into an atom's fields only where atoms are made rarely: a
 * spread literal is slow to build, and Latin words and spaces are made by
 * the hundred thousand.
 */
export const PLAIN = { trimStart: 0, trimEnd: 0, mark: '' as MarkKind, centred: false, solo: false, breakAfter: 'none' as BreakAfter, added: false };

function markKind(ch: string): MarkKind {
  if (OPENING.has(ch)) return 'open';
  if (CLOSING.has(ch)) return 'close';
  if (ch === '！' || ch === '？') return 'exclaim';
  return '、，；'.includes(ch) ? 'pause' : 'stop';
}

export interface AtomContext {
  fonts: LayoutFontSet;
  /** The direction the line runs: which metrics each glyph is measured by. */
  axis: Axis;
  role: FontRole;
  size: number;
  style: PunctuationStyle;
  /** Forces one face for the whole block (a poem falls back as a whole). */
  face?: LayoutFace;
  /** Called once per character no face has. */
  onMissing?: (ch: string, line?: number) => void;
  /** Filled with where each text's atoms start and its source line. */
  lineStarts?: LineStarts;
}

/**
 * The source line of each text's atoms, by the index of its first atom: a
 * character's atom is shared by every occurrence (sharedByCodePoint), so it
 * carries no line of its own, and a warning about a line of Han characters
 * reads its line here.
 */
export interface LineStarts {
  atoms: number[];
  lines: number[];
}

/** The source line of the atom at `index`: the line of the text it came from. */
export function lineAt(starts: LineStarts, index: number): number | undefined {
  let k = starts.atoms.length - 1;
  while (k >= 0 && starts.atoms[k] > index) k--;
  return k >= 0 ? starts.lines[k] : undefined;
}

const UNBREAKABLE = /^(——|……|⸺|⋯⋯)/u;
const ONLY_SOFT_HYPHENS = /^\u00ad+$/u;
/** A Latin word: everything up to a space or a CJK character (sticky, matched from lastIndex). */
const LATIN_RUN = /[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2014\u2026\u2018\u2019\u201c\u201d\u00b7\u2027]+/uy;

export function inlineAtoms(inlines: Inline[], ctx: AtomContext, style: AtomStyle = {}, out: Atom[] = []): Atom[] {
  for (const n of inlines) {
    switch (n.kind) {
      case 'text':
      case 'code':
        ctx.lineStarts?.atoms.push(out.length);
        ctx.lineStarts?.lines.push(n.line);
        textAtoms(n.text, ctx, style, out, n.line, n.kind === 'code');
        break;
      case 'strong':
        inlineAtoms(n.children, { ...ctx, role: ctx.role === 'body' ? 'bold' : ctx.role, face: ctx.role === 'body' ? undefined : ctx.face }, style, out);
        break;
      case 'emphasis':
        inlineAtoms(n.children, ctx, { ...style, emphasis: true }, out);
        break;
      case 'link':
        inlineAtoms(n.children, ctx, { ...style, link: n.href }, out);
        break;
      case 'footnoteRef':
        // A superscript, set small after the text it annotates (linked, so never a shared atom).
        textAtoms(n.label, { ...ctx, size: ctx.size * REFERENCE_SCALE }, { ...style, link: `#${n.id}`, reference: true }, out);
        // No character of the text for the last-line rule: 人¹。 alone on a line is one character.
        if (out.length) out[out.length - 1] = makeAtom({ ...out[out.length - 1], glued: true, letters: 0 });
        break;
      case 'lineBreak':
        out.push(makeAtom({ ...spaceAtom(ctx, style), text: '\n' }));
        break;
    }
  }
  return out;
}

export function textAtoms(text: string, ctx: AtomContext, style: AtomStyle, out: Atom[], line?: number, code = false): void {
  const known = style.emphasis === undefined && style.link === undefined ? sharedByCodePoint(ctx) : undefined;
  let i = 0;
  while (i < text.length) {
    const c0 = text.charCodeAt(i);
    // —— …… ⋯⋯ are one unbreakable two-em unit; ⸺ is one already.
    if ((c0 === 0x2014 || c0 === 0x2026 || c0 === 0x22ef) && text.charCodeAt(i + 1) === c0) {
      out.push(charAtom(text.slice(i, i + 2), ctx, style, line));
      i += 2;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    if (cp === 0x20 || cp === 0x09 || cp === 0xa0) {
      if (code || !spaceBesideUprightDigits(text, i, out, ctx)) out.push(spaceAtom(ctx, style));
      i += 1;
      continue;
    }
    if (setSolid(cp)) {
      let atom = known?.get(cp);
      if (!atom) {
        atom = charAtom(text.slice(i, i + len), ctx, style, line);
        // The shared atom (no line of its own) is what every later occurrence gets.
        if (known && atom.line === undefined && !atom.style.missing) known.set(cp, atom);
      }
      out.push(atom);
      i += len;
      continue;
    }
    LATIN_RUN.lastIndex = i;
    const word = LATIN_RUN.exec(text)?.[0] ?? text.slice(i, i + len);
    wordAtoms(word, ctx, style, out, line, code);
    i += word.length;
  }
}

/**
 * Characters set one by one on the em grid (Han, kana, CJK marks, emoji),
 * decided once per code point: asked a million times, so the Basic
 * Multilingual Plane's answers sit in a byte array (0 = not yet decided).
 */
const solidBmp = new Uint8Array(0x10000);
const solidAstral = new Map<number, boolean>();
function setSolid(cp: number): boolean {
  if (cp < 0x10000) {
    const v = solidBmp[cp];
    if (v !== 0) return v === 2;
  } else {
    const v = solidAstral.get(cp);
    if (v !== undefined) return v;
  }
  const ch = String.fromCodePoint(cp);
  const v = isWide(ch) || /\p{Extended_Pictographic}/u.test(ch);
  if (cp < 0x10000) solidBmp[cp] = v ? 2 : 1;
  else solidAstral.set(cp, v);
  return v;
}

/**
 * A space typed between a Han character and one or two digits that stand
 * upright in a column (2016 年 3 月): the horizontal habit of spacing Han
 * from Latin. 縱中橫 is set as an ideograph is, with no gap (jlreq), so the
 * space is left out, as it is when not typed.
 */
function spaceBesideUprightDigits(text: string, i: number, out: Atom[], ctx: AtomContext): boolean {
  if (ctx.axis.writingMode !== 'vertical-rl') return false;
  const prev = out[out.length - 1];
  if (prev === undefined) return false;
  const next = text.codePointAt(i + 1);
  if (next === undefined) return false;
  if (prev.kind === 'han') {
    LATIN_RUN.lastIndex = i + 1;
    return UPRIGHT_DIGITS.test(LATIN_RUN.exec(text)?.[0] ?? '');
  }
  return prev.kind === 'wide' && UPRIGHT_DIGITS.test(prev.text) && isHan(String.fromCodePoint(next));
}

function spaceAtom(ctx: AtomContext, style: AtomStyle): Atom {
  const face = ctx.face ?? ctx.fonts.faceFor(ctx.role, 0x20)!;
  const g = ctx.axis.glyph(face, 0x20);
  return plainAtom(' ', 'space', face, ctx.size, [], (g?.advance ?? 0.25) * ctx.size, 0, style);
}

/**
 * The shared atoms of single code points for one context, so that the
 * millionth 的 costs one lookup: no slice, no face choice, no key string.
 */
const byCodePoint = new WeakMap<LayoutFontSet, Map<LayoutFace | undefined, Map<string, Map<number, Atom>>>>();

function sharedByCodePoint(ctx: AtomContext): Map<number, Atom> {
  let byFace = byCodePoint.get(ctx.fonts);
  if (!byFace) byCodePoint.set(ctx.fonts, (byFace = new Map()));
  let byVariant = byFace.get(ctx.face);
  if (!byVariant) byFace.set(ctx.face, (byVariant = new Map()));
  const variant = `${ctx.role}|${ctx.size}|${ctx.style}|${ctx.axis.writingMode}`;
  let atoms = byVariant.get(variant);
  if (!atoms) byVariant.set(variant, (atoms = new Map()));
  return atoms;
}

/**
 * Plain characters recur by the million in a long book: one shared, never
 * mutated atom per face, character, size and punctuation style.
 */
const shared = new WeakMap<LayoutFace, Map<string, Map<string, Atom>>>();

function charAtom(text: string, ctx: AtomContext, style: AtomStyle, line?: number): Atom {
  const single = text.length === 1 || (text.length === 2 && text.codePointAt(0)! > 0xffff);
  const cps = single ? [text.codePointAt(0)!] : [...text].map((c) => c.codePointAt(0)!);
  const face = pickFace(cps, ctx);
  const plain = face !== undefined && style.emphasis === undefined && style.link === undefined;
  let bySize: Map<string, Atom> | undefined;
  if (plain) {
    let byStyle = shared.get(face);
    if (!byStyle) shared.set(face, (byStyle = new Map()));
    const variant = `${ctx.size}|${ctx.style}|${ctx.axis.writingMode}`;
    bySize = byStyle.get(variant);
    if (!bySize) byStyle.set(variant, (bySize = new Map()));
    const hit = bySize.get(text);
    if (hit) return hit;
  }
  const atom = makeCharAtom(text, cps, face, ctx, style, line);
  if (bySize && !atom.style.missing) bySize.set(text, makeAtom({ ...atom, line: undefined }));
  return atom;
}

function makeCharAtom(text: string, cps: number[], face: LayoutFace | undefined, ctx: AtomContext, style: AtomStyle, line?: number): Atom {
  let glyphs: Atom['glyphs'] = [];
  let missing = false;
  for (const cp of cps) {
    const g = face && ctx.axis.glyph(face, cp);
    if (g) glyphs.push(g);
    else missing = true;
  }
  if (face && !missing && (text === '——' || text === '—')) {
    // CJK fonts map U+2014 to a proportional Latin dash; fwid gives the Chinese two-em dash, and the one-em dash of 1912—1954.
    const full = ctx.axis.shape(face, text, ['fwid']);
    // Each glyph keeps the shaper's text, so that —— copies out whole from one glyph (Noto) or two (WenKai: one glyph twice, each U+2014).
    if (Math.abs(full.advance - text.length) < 0.05 && sameCodePoints(full.glyphs, cps)) glyphs = full.glyphs;
  }
  if (missing || !face) return placeholder(text, ctx, style, line);
  const advance = glyphs.reduce((s, g) => s + g.advance, 0) * ctx.size;
  const first = text[0];
  const kind: AtomKind = isHan(first) ? 'han' : isCompressible(first) || MIDDLE.has(first) || UNBREAKABLE.test(text) ? 'punct' : 'wide';
  const mark = kind === 'punct' && text.length === 1 && isCompressible(first) ? markKind(first) : '';
  let trimStart = 0;
  let trimEnd = 0;
  let centred = false;
  // ？！ are never compressed in horizontal Traditional text (clreq §3.2).
  if (mark && !(ctx.style !== 'sc' && mark === 'exclaim')) {
    const g = glyphs[0];
    const half = g.advance / 2;
    if (g.inkEnd <= half + 0.02) {
      trimEnd = half * ctx.size; // ink in the first half: ，。」 in SC, 」』） everywhere
    } else if (g.inkStart >= half - 0.02) {
      trimStart = half * ctx.size; // ink in the second half: “（「
    } else {
      // Ink in the middle (，。 in the Traditional faces): at most ¼ em from each side, never into the ink.
      centred = true;
      trimStart = trimEnd = Math.max(0, Math.min(half / 2, g.inkStart, g.advance - g.inkEnd)) * ctx.size;
    }
  }
  const letters = kind === 'han' || kind === 'wide' ? 1 : 0;
  const solo = mark !== '' && ctx.style !== 'tw';
  const drawnAs = kind === 'punct' && ctx.axis.writingMode === 'vertical-rl' && glyphs.length === 1 ? columnGlyphVariant(face, ctx.axis, glyphs[0].id, first.codePointAt(0)!) : 0;
  // Written out, not spread from PLAIN: a spread literal with fields overridden takes V8's slow path.
  return { text, kind, face, size: ctx.size, glyphs, advance, trimStart, trimEnd, mark, centred, solo, letters, style: drawnAs ? { ...style, faceVariant: drawnAs } : style, line, glued: false, hanLatin: false, breakAfter: 'none', hyphen: undefined, added: false };
}

function wordAtoms(word: string, ctx: AtomContext, style: AtomStyle, out: Atom[], line?: number, code = false): void {
  // Soft hyphens with no letters between them (beside a Han character) mark no break a line can take.
  if (ONLY_SOFT_HYPHENS.test(word)) return;
  const plan = wordPlan(word, ctx, code);
  if (plan) {
    const { face, pieces } = plan;
    if (pieces.length === 1) {
      const p = pieces[0];
      // One or two digits upright in a column (縱中橫) take an ideograph's em, and its spacing and breaks: no ¼-em gap each side, which would push the column off its grid.
      const kind = ctx.axis.writingMode === 'vertical-rl' && UPRIGHT_DIGITS.test(plan.text) ? 'wide' : 'latin';
      const pair = kind === 'wide' && p.glyphs.length > 1;
      out.push(plainAtom(plan.text, kind, face, ctx.size, p.glyphs, p.advance * ctx.size, p.letters, pair ? { ...style, ownText: true } : style, line));
      return;
    }
    const hyphen = plan.hyphenates ? hyphenAtom(face, ctx, style, line) : undefined;
    for (const piece of pieces) {
      const breakAfter = piece.breakAfter === 'hyphen' && !hyphen ? 'none' : piece.breakAfter;
      out.push(
        makeAtom({ ...PLAIN, text: piece.text, kind: 'latin', face, size: ctx.size, glyphs: piece.glyphs, advance: piece.advance * ctx.size, letters: piece.letters, style, line, breakAfter, hyphen: breakAfter === 'hyphen' ? hyphen : undefined }),
      );
    }
    return;
  }
  // No single face has the whole word: set it character by character, glued together (a variation selector or joiner is no glyph).
  [...word].filter((ch) => ch !== SOFT_HYPHEN && !needsNoGlyph(ch.codePointAt(0)!)).forEach((ch, k) => {
    out.push(makeAtom({ ...charAtom(ch, ctx, style, line), kind: 'latin', letters: 1, glued: k > 0 }));
  });
}

function pickFace(cps: number[], ctx: AtomContext): LayoutFace | undefined {
  const forced = ctx.face;
  if (forced && (cps.length === 1 ? forced.has(cps[0]) : cps.every((cp) => forced.has(cp)))) return forced;
  return ctx.fonts.faceFor(ctx.role, cps[0]);
}

/** U+3013 〓 (geta mark), the printer's sign for a missing character, in the body face. */
function placeholder(text: string, ctx: AtomContext, style: AtomStyle, line?: number): Atom {
  ctx.onMissing?.(text, line);
  const face = ctx.fonts.faceFor('body', 0x3013) ?? ctx.fonts.find('body', () => true)!;
  const g = ctx.axis.glyph(face, 0x3013) ?? ctx.axis.glyph(face, 0x25a1)!;
  return makeAtom({
    ...PLAIN,
    text,
    kind: 'han',
    face,
    size: ctx.size,
    // The glyph copies out as itself (U+3013): one glyph cannot map to every character it stands for. The screen PDF gives each placeholder an ActualText with the author's character.
    glyphs: [g],
    advance: g.advance * ctx.size,
    letters: 1,
    style: { ...style, missing: true },
    line,
  });
}

/** Hyphens drawn at hyphenation points, one per face and size for plain text. */
const hyphens = new WeakMap<LayoutFace, Map<string, Atom | null>>();

/** The hyphen drawn where a word is broken at a hyphenation point: in the word's face, and copied out as nothing. */
function hyphenAtom(face: LayoutFace, ctx: AtomContext, style: AtomStyle, line?: number): Atom | undefined {
  const plain = style.emphasis === undefined && style.link === undefined;
  let bySize = hyphens.get(face);
  if (!bySize) hyphens.set(face, (bySize = new Map()));
  const key = `${ctx.size}|${ctx.axis.writingMode}`;
  if (plain && bySize.has(key)) return bySize.get(key) ?? undefined;
  const g = ctx.axis.glyph(face, 0x2d) ?? ctx.axis.glyph(face, 0x2010);
  const atom = g ? makeAtom({ ...PLAIN, text: '-', kind: 'latin', face, size: ctx.size, glyphs: [{ ...g, codePoints: [] }], advance: g.advance * ctx.size, letters: 0, style, line, added: true }) : undefined;
  if (plain) bySize.set(key, atom ?? null);
  return atom;
}

/** Whether the glyphs, in order, stand for exactly these code points. */
function sameCodePoints(glyphs: readonly GlyphInfo[], cps: readonly number[]): boolean {
  let k = 0;
  for (const g of glyphs) for (const cp of g.codePoints) if (cps[k++] !== cp) return false;
  return k === cps.length;
}
